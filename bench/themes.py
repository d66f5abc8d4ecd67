"""Benchmark of the learned theme suggester: training time and peak memory at 10,000 and 100,000
synthetic responses, and the time to suggest for one response, beside a floor measured in the
same run (a single word TF-IDF and one logistic regression, no cross-validation; and the keyword
suggester alone for one response).

    .venv/bin/python bench/themes.py [--sizes 10000,100000] [--rounds 3] [--latency 500]

Each size trains in a fresh process, so its peak resident memory is its own, in --rounds rounds
of the portal and the floor in turn; the medians are reported. The suggestions are timed in a
process set up as a web process is (portal/wsgi.py), --rounds passes over --latency answers.

Sentence vectors (survey/theming/sentences.py) are worked out for an answer once, by the first
training or scoring that meets it, and kept in the cache: a training of 100,000 confirmed answers
finds them there, every one having been met by the trainings and scorings before it (decision
0873). So each training here starts with them in the cache: the first WORKED_OUT answers' worked
out by the model and timed (reported per answer), the rest made up (random unit vectors), since
working out 100,000 would take about three hours on two cores and measures nothing more. The
themes' keyword phrases are in the cache too, as the beat puts them there within five minutes
of an edit (survey.theming.services.sentences_recent); working them out is timed apart and
reported."""

import argparse
import contextlib
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

WORKED_OUT = 1000  # answers whose sentence vectors the model works out in each training run

# Made-up phrases, a few per theme: the benchmark measures cost, not quality. Each theme has one
# its keywords miss, as real answers do ("living well for longer"), so that its model does better
# than its keywords and is kept: a training fits every theme's model on all the answers, as it
# would on a real consultation (without them, four themes' keywords were perfect and those four
# final fits were never timed).
PHRASES = {
    "ideas": [
        "research with the universities",
        "new products from the lab",
        "patents and prototypes",
        "innovation vouchers",
        "new ways of making things",
    ],
    "people": [
        "young people leave for better pay",
        "apprentices and training",
        "skills gaps in engineering",
        "jobs that pay a living wage",
    ],
    "infrastructure": [
        "the A46 is gridlocked",
        "broadband in the villages",
        "more housing near work",
        "rail links to Birmingham",
    ],
    "business-environment": [
        "finance to grow",
        "exporting is hard",
        "business rates",
        "support for start-ups",
        "the bank would not lend to us",
    ],
    "place": [
        "the city centre is empty",
        "market towns need help",
        "deprived estates",
        "pride in Leicester",
    ],
    "ai-data-economy": [
        "robots in warehouses",
        "data skills",
        "cyber security",
        "software firms",
        "machines that learn from records",
    ],
    "future-of-mobility": [
        "electric buses",
        "lorries on the M1",
        "freight by rail",
        "driverless vans",
    ],
    "clean-growth": [
        "solar panels on factories",
        "climate change",
        "cutting emissions",
        "recycling textiles",
        "cleaner air for our children",
    ],
    "ageing-society": [
        "care homes short of staff",
        "older workers",
        "health technology",
        "living well for longer",
    ],
}
FILLER = [
    "we",
    "think",
    "the",
    "partnership",
    "should",
    "listen",
    "more",
    "and",
    "act",
    "faster",
    "on",
    "what",
    "matters",
    "here",
]


def synthetic(count: int, *, seed: int = 1):
    from survey.theming.learn import Example

    rng = random.Random(seed)
    slugs = list(PHRASES)
    rare = [f"w{n}" for n in range(20000)]  # a long tail of words, as real answers have
    examples = []
    for _ in range(count):
        themes = rng.sample(slugs, rng.choice([1, 1, 2, 3]))
        parts = [rng.choice(PHRASES[s]) for s in themes for _ in range(rng.randint(1, 2))]
        parts += [" ".join(rng.sample(FILLER, 6)), " ".join(rng.choices(rare, k=8))]
        rng.shuffle(parts)
        examples.append(Example(text=". ".join(parts), themes=frozenset(themes)))
    return examples


def vectors_warm(examples, worked_out: int = WORKED_OUT) -> tuple[float, float]:
    """Put every example's sentence vector and every keyword phrase's in the cache, as the portal
    would have them; returns the seconds the model took for one answer (over the first
    worked_out) and for all the keyword phrases."""
    import numpy as np

    from survey.theming.learn import keyword_phrases
    from survey.theming.sentences import DIMENSIONS, sentence_vectors, sentence_vectors_keep

    texts = [e.text for e in examples]
    start = time.perf_counter()
    sentence_vectors(texts[:worked_out])
    each = (time.perf_counter() - start) / max(min(worked_out, len(texts)), 1)
    made_up = np.random.default_rng(0).normal(size=(len(texts) - worked_out, DIMENSIONS))
    sentence_vectors_keep(texts[worked_out:], made_up / np.linalg.norm(made_up, axis=1)[:, None])
    start = time.perf_counter()
    sentence_vectors([p for listed in keywords().values() for p in keyword_phrases(listed)])
    return each, time.perf_counter() - start


def keywords():
    from portal.seed import FOUNDATIONS, GRAND_CHALLENGES

    return {slug: kw.split("\n") for slug, _, _, kw in FOUNDATIONS + GRAND_CHALLENGES}


def train(count: int, floor: bool, worked_out: int) -> dict:
    import django

    django.setup()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from survey.theming.learn import ThemeLearner

    examples = synthetic(count)
    each, phrases = (0.0, 0.0) if floor else vectors_warm(examples, worked_out)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    if floor:
        X = TfidfVectorizer().fit_transform([e.text for e in examples])
        LogisticRegression(solver="liblinear").fit(X, ["people" in e.themes for e in examples])
    else:
        ThemeLearner(slugs=list(PHRASES), keywords=keywords()).fit(examples)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(peak / 1024),
        "data_mb": round(base / 1024),
        "vector_ms": round(each * 1000, 1),
        "keyword_vectors_s": round(phrases, 1),
    }


def latency(count: int, passes: int) -> dict:
    """One suggestion's time, in a process set up as a web process is (portal/wsgi.py imports
    every view and freezes what start-up made, decision 0105): passes over count answers, each
    suggestion followed by the floor's. The garbage collections during the passes are recorded,
    and a full one's cost in this process is timed at the end."""
    import portal.wsgi  # noqa: F401 - the web process's set-up
    from survey.theming.learn import ThemeLearner
    from survey.theming.sentences import sentence_vectors

    trained = synthetic(5000)
    vectors_warm(trained)
    stored = ThemeLearner(slugs=list(PHRASES), keywords=keywords()).fit(trained).dumps()
    del trained
    gc.collect()  # what training left, which a web process never has
    learner = ThemeLearner.loads(stored)  # as the portal has it: read back from storage
    samples = synthetic(count, seed=2)
    cold = [_timed(learner.score_one, example) for example in samples[: count // 5]]
    sentence_vectors([e.text for e in samples])  # kept by then, as the scoring after training does
    with _collections() as collections:
        timed = [_suggest_and_floor(learner, ex) for _ in range(passes) for ex in samples]
    full_ms = _timed(gc.collect) * 1000
    inside = [c for c in collections if any(a <= c[1] <= b for (a, b), _ in timed)]
    timings = sorted(b - a for (a, b), _ in timed)
    return {
        "suggestions": len(timings),
        "p50_ms": _ms(timings, 0.5),
        "p95_ms": _ms(timings, 0.95),
        "max_ms": _ms(timings, 1.0),
        "first_p50_ms": _ms(sorted(cold), 0.5),
        "floor_keywords_p50_ms": _ms(sorted(f for _, f in timed), 0.5),
        "stored_kb": round(len(stored) / 1024),
        "collections": len(collections),
        "collections_in_suggestions": len(inside),
        "longest_collection_ms": round(max((c[2] for c in collections), default=0.0), 2),
        "full_collection_ms": round(full_ms, 2),
    }


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def _suggest_and_floor(learner, example) -> tuple[tuple[float, float], float]:
    """When one suggestion began and ended, and the floor's time: keywords alone, every theme."""
    from survey.theming.keywords import keywords_matched

    start = time.perf_counter()
    learner.score_one(example)
    span = (start, time.perf_counter())
    floor = _timed(
        lambda: [
            keywords_matched(text=example.text, keywords=words)
            for words in learner.keywords.values()
        ]
    )
    return span, floor


@contextlib.contextmanager
def _collections():
    """Each garbage collection inside the block: its generation, when it began and its ms."""
    found, begun = [], [0.0]

    def record(phase, info):
        if phase == "start":
            begun[0] = time.perf_counter()
        else:
            found.append((info["generation"], begun[0], (time.perf_counter() - begun[0]) * 1000))

    gc.callbacks.append(record)
    try:
        yield found
    finally:
        gc.callbacks.remove(record)


def _ms(values, q):
    return round(values[int(q * (len(values) - 1))] * 1000, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="of the portal and floor, in turn; passes of the suggestions",
    )
    parser.add_argument("--latency", type=int, default=500)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-floor", action="store_true", help="skip the training floors")
    args = parser.parse_args()
    if args.child:
        kind, count, worked_out = (args.child.split(":") + ["0"])[:3]
        if kind == "latency":
            result = latency(int(count), args.rounds)
        else:
            result = train(int(count), kind == "floor", int(worked_out))
        print(json.dumps(result))
        return
    for size in [int(s) for s in args.sizes.split(",")]:
        _train_rounds(size, args.rounds, args.no_floor)
    result = _child(f"latency:{args.latency}", "--rounds", str(args.rounds))
    print(f"suggesting for one response ({args.latency} responses, {args.rounds} passes, a model "
          f"of 5,000, in a process set up as a web process is): p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms; "
          f"an answer met for the first time p50 {result['first_p50_ms']} ms; "
          f"floor (keywords alone) p50 {result['floor_keywords_p50_ms']} ms; "
          f"stored model {result['stored_kb']} KB; garbage collections during the passes "
          f"{result['collections']} ({result['collections_in_suggestions']} inside a suggestion, "
          f"longest {result['longest_collection_ms']} ms); a full collection in that process "
          f"{result['full_collection_ms']} ms")  # fmt: skip


def _child(spec: str, *more: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", spec, *more],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _train_rounds(size: int, rounds: int, no_floor: bool) -> None:
    """The portal's training and the floor's in turn, each in a fresh process; medians. Only the
    first round's model works out WORKED_OUT answers' sentence vectors (timed and reported): the
    training reads them all from the cache alike, and each would add minutes."""
    portal, floor = [], []
    for n in range(rounds):
        portal.append(_child(f"train:{size}:{WORKED_OUT if n == 0 else 0}"))
        floor.append(portal[-1] if no_floor else _child(f"floor:{size}"))
    first = portal[0]

    def median(runs, key):
        return round(statistics.median(run[key] for run in runs), 2)

    seconds, floor_seconds = median(portal, "seconds"), median(floor, "seconds")
    print(f"training on {size:,}, median of {rounds} rounds: {seconds} s (rounds "
          f"{', '.join(str(run['seconds']) for run in portal)}; {median(portal, 'cpu_seconds')} s "
          f"of CPU), peak {max(run['peak_mb'] for run in portal)} MB (synthetic data "
          f"{first['data_mb']} MB); floor {floor_seconds} s (rounds "
          f"{', '.join(str(run['seconds']) for run in floor)}), peak "
          f"{max(run['peak_mb'] for run in floor)} MB; ratio {seconds / max(floor_seconds, 1e-9):.1f}; "
          f"sentence vector {first['vector_ms']} ms an answer, worked out before (once an answer); "
          f"the keyword phrases' vectors {first['keyword_vectors_s']} s, worked out before (once "
          "after an edit)")  # fmt: skip


if __name__ == "__main__":
    main()
