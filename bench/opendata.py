"""Open data: streaming the published responses as CSV (results.opendata) at 1,000, 10,000 and
100,000 synthetic responses, beside the survey's own CSV export of the same rows (the floor),
measured in the same run.

    .venv/bin/python bench/opendata.py                    # 1,000, 10,000 and 100,000 responses
    .venv/bin/python bench/opendata.py --sizes 1000 5000  # quicker while developing

It makes its own PostgreSQL database (llep_opendata, dropped at the end unless --keep-db), runs
migrate and the LLEP seed, and grows the synthetic responses to each size in turn, clearing for
publication every one that may be published (approved, consent to be quoted). At each size
fresh processes take turns, so that each peak memory (ru_maxrss) is its own:

- opendata: the rows of results.opendata.csv_stream, as the download streams them;
- export: survey.services.responses_csv_rows over exactly the published responses (the staff
  export, which also streams in primary-key chunks).

Each writes its CSV to a null sink and prints rows, seconds, bytes and peak memory over the
process's memory before the first row. Target (issue 15): memory flat from 1,000 to 100,000,
time within a small multiple of the export. The machine is shared, so times are pessimistic.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import PG_URL, PYTHON, ROOT, database_create, database_drop, manage, run  # noqa: E402

DB_NAME = os.environ.get("BENCH_DB_NAME", "llep_opendata")
ROUNDS = 2


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "true",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    return env


CHILD = """
import csv, json, resource, sys, time
import django
django.setup()
from portal.selectors import consultation_current
from results import opendata
from results.selectors import published_responses
from survey.models import Survey
from survey.services import responses_csv_rows

class Null:
    def write(self, value):
        return len(value)

mode = sys.argv[1]
consultation = consultation_current()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
rows = size = 0
if mode == "opendata":
    fields = opendata.response_fields(consultation=consultation)
    for line in opendata.csv_stream(fields, opendata.response_rows(consultation=consultation)):
        size += len(line)
        rows += 1
else:
    writer = csv.writer(Null())
    responses = published_responses(consultation=consultation)
    for row in responses_csv_rows(survey=Survey.objects.get(), responses=responses):
        size += writer.writerow(row)
        rows += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows - 1, "seconds": time.perf_counter() - started, "bytes": size,
                  "base_mb": base / 1024, "peak_mb": peak / 1024,
                  "growth_mb": (peak - base) / 1024}))
"""


def _grow(target: int) -> None:
    code = f"""
from django.db import connection
from survey.models import Response
from survey.selectors import survey_current
from survey.synthetic import responses_generate
from portal.selectors import consultation_current
have = Response.objects.count()
responses_generate(survey=survey_current(consultation=consultation_current()),
                   count={target} - have, seed=2018 + have)
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO results_clearance (response_id, cleared_at) SELECT id, now() "
                   "FROM survey_response WHERE status = 'approved' AND quote_ok "
                   "ON CONFLICT DO NOTHING")
"""
    manage(_env(), "shell", "-v", "0", "-c", code, capture=False)


def _child(mode: str) -> dict:
    return json.loads(run([PYTHON, "-c", CHILD, mode], _env()).strip().splitlines()[-1])


def _best(runs: list[dict]) -> dict:
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["growth_mb"] = max(r["growth_mb"] for r in runs)
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    url = f"{PG_URL}/{DB_NAME}"
    database_create(url)
    try:
        manage(_env(), "migrate", "--no-input", "-v", "0")
        manage(_env(), "seed_llep", "-v", "0")
        results = {}
        for size in args.sizes:
            _grow(size)
            runs = {"opendata": [], "export": []}
            for _ in range(ROUNDS):
                for mode in runs:
                    runs[mode].append(_child(mode))
            results[size] = {mode: _best(r) for mode, r in runs.items()}
            o, e = results[size]["opendata"], results[size]["export"]
            print(
                f"{size:>7} responses, {o['rows']:>6} published: open data {o['seconds']:.2f} s, "
                f"+{o['growth_mb']:.1f} MB (peak {o['peak_mb']:.0f} MB, {o['bytes'] / 1e6:.1f} MB "
                f"CSV) | export {e['seconds']:.2f} s, +{e['growth_mb']:.1f} MB (peak "
                f"{e['peak_mb']:.0f} MB) | time ratio {o['seconds'] / e['seconds']:.2f}",
                flush=True,
            )
        print(json.dumps(results, indent=2))
    finally:
        if not args.keep_db:
            database_drop(url)


if __name__ == "__main__":
    main()
