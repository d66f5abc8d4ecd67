"""Prospectus: from N synthetic responses to a finished PDF, beside WeasyPrint alone rendering the
same HTML (the floor), measured in the same run.

    .venv/bin/python bench/prospectus.py                    # 1,000, 10,000 and 100,000 responses
    .venv/bin/python bench/prospectus.py --sizes 1000 5000  # quicker while developing

It makes its own PostgreSQL database (llep_prospectus, dropped at the end unless --keep-db), runs
migrate and the LLEP seed, adds round-table notes and grows the synthetic responses
(survey.synthetic.responses_generate) to each size in turn. At each size two fresh processes run
one after the other, so that each peak memory (ru_maxrss) is its own:

- portal: Django on PostgreSQL computes the evidence (prospectus.evidence.evidence_for), renders
  the template and renders the PDF through portal.pdf.render_pdf (static-only fetcher, PDF/UA-1);
- floor: WeasyPrint alone, without Django, renders the HTML the portal produced to PDF/UA-1.

Portal and floor take turns, two fresh processes each, and the best times are kept, because
other work on the shared machine can double a single render's time. It prints evidence time,
render time, total, peak memory, PDF size and pages for both, the ratio of the portal's total to
the floor, and the board page's time. Targets (issue 5): 100,000 responses to a PDF in under
10 s, peak memory under 400 MB, size and pages flat, total within 1.5 times the floor. The machine
is shared by other work, so figures are pessimistic.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import (  # noqa: E402
    PG_URL,
    PYTHON,
    ROOT,
    database_create,
    database_drop,
    manage,
    run,
)

DB_NAME = os.environ.get("BENCH_DB_NAME", "llep_prospectus")
NOTES_PER_KIND = 8  # per round table: challenges, priorities and interventions


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "DEBUG": "true",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django():
    os.environ.update(_env())
    import django

    django.setup()


# ----- the child processes -----------------------------------------------------------------


REPEAT = 2  # each child renders this many times and keeps its best (warm) figures
ROUNDS = 2  # fresh portal and floor processes, alternating, at each size


def child_portal(html_out: str) -> dict:
    _django()
    from django.template.loader import render_to_string

    from portal.pdf import render_pdf
    from portal.selectors import consultation_current
    from prospectus.selectors import prospectus_for
    from prospectus.services import prospectus_context

    prospectus = prospectus_for(consultation=consultation_current())
    runs = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        context = prospectus_context(prospectus=prospectus)
        evidence_s = time.perf_counter() - started
        started = time.perf_counter()
        html = render_to_string("prospectus/pdf/prospectus.html", context)
        template_s = time.perf_counter() - started
        started = time.perf_counter()
        result = render_pdf(html)
        render_s = time.perf_counter() - started
        runs.append((evidence_s + template_s + render_s, evidence_s, template_s, render_s))
    first_s = runs[0][0]
    pages = _board_pages()
    total_s, evidence_s, template_s, render_s = min(runs)
    Path(html_out).write_text(html, encoding="utf-8")
    return {
        "evidence_s": evidence_s,
        "template_s": template_s,
        "render_s": render_s,
        "total_s": total_s,
        "first_s": first_s,
        "peak_mb": _peak_mb(),
        "bytes": len(result.pdf),
        "pages": result.page_count,
        "responses": context["evidence"].evidence_responses,
        "refused": len(result.refused),
        **pages,
    }


def _board_pages() -> dict:
    """The board page and the list behind one of its counts, through Django's test client (no
    HTTP server: the figure is the view's own time), best of REPEAT."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from portal.roles import BOARD

    user, _ = User.objects.get_or_create(username="bench-board", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=BOARD))
    client = Client()
    client.force_login(user)
    timings = {}
    for key, url in (
        ("board_s", "/board/"),
        ("list_s", "/board/evidence/responses/?sector=textiles&theme=people&page=3"),
    ):
        best = None
        for _ in range(REPEAT):
            started = time.perf_counter()
            reply = client.get(url)
            took = time.perf_counter() - started
            assert reply.status_code == 200, (url, reply.status_code)
            best = took if best is None else min(best, took)
        timings[key] = best
    return timings


def child_floor(html_in: str) -> dict:
    """WeasyPrint alone: the same HTML, the same PDF variant, a fetcher that reads the one static
    file from disk, and nothing of Django."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static = ROOT / "static" / "build"

    class DiskFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static / url.split("/static/", 1)[1]
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": "image/svg+xml"}
            )

    html = Path(html_in).read_text(encoding="utf-8")
    runs = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        document = HTML(
            string=html, base_url="https://portal.invalid/", url_fetcher=DiskFetcher()
        ).render()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
        runs.append(time.perf_counter() - started)
    return {
        "render_s": min(runs),
        "total_s": min(runs),
        "first_s": runs[0],
        "peak_mb": _peak_mb(),
        "bytes": len(pdf),
        "pages": len(document.pages),
    }


# ----- the parent: database, data, and the table ---------------------------------------------


def _grow(target: int) -> float:
    """Bring the synthetic responses up to target; returns the seconds it took."""
    code = f"""
from survey.models import Response
from survey.selectors import survey_current
from survey.synthetic import responses_generate
from portal.selectors import consultation_current
have = Response.objects.count()
survey = survey_current(consultation=consultation_current())
responses_generate(survey=survey, count={target} - have, seed=2018 + have)
"""
    started = time.perf_counter()
    manage(_env(), "shell", "-v", "0", "-c", code, capture=False)
    return time.perf_counter() - started


def _notes() -> None:
    code = f"""
import random
from events.models import RoundTable, RoundTableNote
from portal.models import Theme
rng = random.Random(2018)
themes = list(Theme.objects.all())
for rt in RoundTable.objects.all():
    for kind, label in RoundTableNote.Kind.choices:
        for i in range({NOTES_PER_KIND}):
            note = RoundTableNote.objects.create(
                round_table=rt, kind=kind,
                text=f"{{label}} {{i + 1}} raised at the {{rt.title}}: skills, premises and "
                     "transport links along the M1 and A6 need attention.")
            note.themes.set(rng.sample(themes, 2))
"""
    manage(_env(), "shell", "-v", "0", "-c", code, capture=False)


def _analyze() -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/{DB_NAME}", autocommit=True) as conn:
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # the evidence queries read their covering index alone.
        conn.execute("VACUUM (ANALYZE)")


def _best(runs: list[dict]) -> dict:
    """The fastest run's figures, with the highest peak memory of all runs."""
    best = dict(min(runs, key=lambda r: r["total_s"]))
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    best["first_s"] = min(r["first_s"] for r in runs)
    return best


def _child(kind: str, path: str) -> dict:
    out = run([PYTHON, __file__, f"--child-{kind}", path], _env())
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--child-portal")
    parser.add_argument("--child-floor")
    args = parser.parse_args()
    if args.child_portal:
        print(json.dumps(child_portal(args.child_portal)))
        return
    if args.child_floor:
        print(json.dumps(child_floor(args.child_floor)))
        return

    print(f"Database {DB_NAME}: creating, migrating, seeding.", flush=True)
    database_create(f"{PG_URL}/{DB_NAME}")
    rows = []
    try:
        manage(_env(), "migrate", "-v", "0", capture=False)
        manage(_env(), "seed_llep", "-v", "0", capture=False)
        _notes()
        with tempfile.TemporaryDirectory() as tmp:
            for size in sorted(args.sizes):
                grow_s = _grow(size)
                # What autovacuum would do after a bulk load: without fresh statistics the
                # planner takes 55,000 approved responses for 40 and sorts on disk.
                _analyze()
                print(f"{size:,} responses generated ({grow_s:.0f} s); measuring.", flush=True)
                html_path = str(Path(tmp) / f"prospectus-{size}.html")
                # Portal and floor take turns, ROUNDS times each, so that a burst of other work
                # on the shared machine does not land on one side only; the best of each is kept.
                portals, floors = [], []
                for _ in range(ROUNDS):
                    portals.append(_child("portal", html_path))
                    floors.append(_child("floor", html_path))
                rows.append((size, _best(portals), _best(floors)))
    finally:
        if not args.keep_db:
            database_drop(f"{PG_URL}/{DB_NAME}")

    print()
    header = (
        f"{'responses':>10} {'approved':>9} | {'evidence s':>10} {'template s':>10} "
        f"{'render s':>9} {'total s':>8} {'peak MB':>8} {'KB':>6} {'pages':>5} | "
        f"{'floor s':>8} {'floor MB':>8} {'floor KB':>8} | {'ratio':>5} | {'cold':>5} {'floor cold':>10}"
    )
    print(header)
    print("-" * len(header))
    for size, p, f in rows:
        print(
            f"{size:>10,} {p['responses']:>9,} | {p['evidence_s']:>10.2f} {p['template_s']:>10.2f} "
            f"{p['render_s']:>9.2f} {p['total_s']:>8.2f} {p['peak_mb']:>8.0f} "
            f"{p['bytes'] / 1024:>6.0f} {p['pages']:>5} | {f['total_s']:>8.2f} "
            f"{f['peak_mb']:>8.0f} {f['bytes'] / 1024:>8.0f} | {p['total_s'] / f['total_s']:>5.2f} | "
            f"{p['first_s']:>5.2f} {f['first_s']:>10.2f}"
        )
    print()
    print("Board pages (Django test client, no HTTP server):")
    for size, p, _ in rows:
        print(
            f"{size:>10,} responses: board page {p['board_s']:.2f} s, "
            f"a list behind one count {p['list_s']:.2f} s"
        )
    print()
    print(
        "Times are the best of 2 runs in each of 2 fresh processes, portal and floor taking turns "
        "(a warm worker); cold = the best first run of a fresh process, fonts loading included."
        "\nratio = portal total (evidence + template + PDF through the static-only fetcher) / WeasyPrint alone on the same HTML. Load average: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
