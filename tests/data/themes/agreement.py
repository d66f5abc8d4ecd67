"""Agreement between the two independent coding passes, and the settled labelled set.

Run from the repository root:  python tests/data/themes/agreement.py

Reads texts.jsonl (the answers), pass_a.jsonl and pass_b.jsonl (two coders, each alone with
docs/themes-codebook.md) and settled.jsonl (one line per answer the passes disagreed on: the
themes agreed after discussion against the codebook, and why). Writes labelled.jsonl (what
`manage.py themes_evaluate --labelled` reads) and agreement.md (per theme: how often each pass
coded it, raw agreement and Cohen's kappa). It refuses to write if a disagreement is unsettled.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
THEMES = [
    "ideas",
    "people",
    "infrastructure",
    "business-environment",
    "place",
    "ai-data-economy",
    "future-of-mobility",
    "clean-growth",
    "ageing-society",
]


def read(name):
    with open(HERE / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement_table(ids, pass_a, pass_b, labelled) -> str:
    rows = [
        "| Theme | Pass A | Pass B | Both | Agreement | Cohen's kappa | Settled set |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for theme in THEMES:
        a = [theme in pass_a[i] for i in ids]
        b = [theme in pass_b[i] for i in ids]
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(ids)
        both = sum(x and y for x, y in zip(a, b, strict=True))
        final = sum(theme in labelled[i] for i in ids)
        rows.append(
            f"| {theme} | {sum(a)} | {sum(b)} | {both} | {agree:.1%} | {kappa(a, b):.2f} | {final} |"
        )
    exact = sum(pass_a[i] == pass_b[i] for i in ids)
    rows.append("")
    rows.append(f"Answers coded identically by both passes: {exact} of {len(ids)}.")
    return "\n".join(rows)


def main() -> int:
    texts = read("texts.jsonl")
    ids = [row["id"] for row in texts]
    pass_a = {row["id"]: frozenset(row["themes"]) for row in read("pass_a.jsonl")}
    pass_b = {row["id"]: frozenset(row["themes"]) for row in read("pass_b.jsonl")}
    settled = {row["id"]: frozenset(row["themes"]) for row in read("settled.jsonl")}
    for coded in (pass_a, pass_b, settled):
        unknown = {t for themes in coded.values() for t in themes} - set(THEMES)
        assert not unknown, f"unknown theme slugs: {unknown}"
    unsettled = [i for i in ids if pass_a[i] != pass_b[i] and i not in settled]
    if unsettled:
        print(f"{len(unsettled)} disagreements not settled: {unsettled[:20]}", file=sys.stderr)
        return 1
    labelled = {i: settled.get(i, pass_a[i]) for i in ids}
    with open(HERE / "labelled.jsonl", "w", encoding="utf-8") as f:
        for row in texts:
            themes = sorted(labelled[row["id"]], key=THEMES.index)
            f.write(json.dumps({"id": row["id"], "text": row["text"], "themes": themes}) + "\n")
    sections = ["# Agreement between the two coding passes", ROUNDS_NOTE]
    for title, chosen in (
        ("All answers", ids),
        ("First round (t001-t390)", [i for i in ids if i.startswith("t")]),
        ("Second round (w1-w4)", [i for i in ids if i.split("-")[0] in ("w1", "w2", "w3", "w4")]),
        ("Third round (w5-w6)", [i for i in ids if i.split("-")[0] in ("w5", "w6")]),
        ("Fourth round (w7-w8)", [i for i in ids if i.split("-")[0] in ("w7", "w8")]),
        ("Fifth round (w9-w10)", [i for i in ids if i.split("-")[0] in ("w9", "w10")]),
        ("Sixth round (w11-w12)", [i for i in ids if i.split("-")[0] in ("w11", "w12")]),
    ):
        sections += [f"## {title}", agreement_table(chosen, pass_a, pass_b, labelled)]
    report = "\n\n".join(sections) + "\n"
    (HERE / "agreement.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


ROUNDS_NOTE = """Written by agreement.py; see docs/themes-codebook.md.

Six rounds, each written by one person and coded by two others working apart with the codebook:
390 answers (t001-t390), then 1,200 more (w1-w4, four writers with different voices, 40 of them
in Gujarati, Punjabi, Urdu and Polish), then 600 more (w5, the county's towns, villages and small
firms; w6, the city's neighbourhoods, firms and communities; 16 in the four languages), asked to
make about half their points about infrastructure, the business environment and place, the
themes the suggester found hardest; then 600 more across all nine themes (w7, working people and
the young; w8, organisations and professionals; 16 in the four languages); then 600 more across
all nine themes (w9, residents of the city and county; w10, people answering for a business; 16
in the four languages); then 600 more across all nine themes (w11, public services and the
voluntary, community and faith sector; w12, short answers as typed on a phone, many in lower
case or with typos; 16 in the four languages). The settlement rules S1-S12 came from the first
round's disagreements, S13-S22 from the second's, S23-S33 from the third's, S34-S42 from the
fourth's, S43-S47 from the fifth's, S48 on from the sixth's."""


if __name__ == "__main__":
    sys.exit(main())
