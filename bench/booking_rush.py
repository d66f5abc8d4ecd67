"""Booking rush: N stakeholders book one round table of capacity 30 at once, through gunicorn on
PostgreSQL, beside a bare floor (lock a row, count, insert) measured in the same run.

    .venv/bin/python bench/booking_rush.py            # N=500, 64 at once, capacity 30, 3 rounds
    .venv/bin/python bench/booking_rush.py -n 100 --rounds 1   # quicker while developing

It makes its own database (llep_events_bench, dropped at the end unless --keep-db), runs migrate,
collectstatic and the demo seed, and starts three gunicorns: the portal and two floors (a Django
view and a bare WSGI app, defined below, never part of the portal's URLs). Each round sends N
people through the real flow (GET the form and its CSRF cookie, POST the booking) at the portal,
then at each floor, one after the other; the portal books a round table of its own each round.
A machine's speed drifts from minute to minute, so the ratio is taken within each round and the
median round's is the result. It prints the figures and stops everything it started. The load
generator shares the machine's cores with the servers, so figures are pessimistic.
"""

import argparse
import html
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import (  # noqa: E402
    PG_URL,
    cpu_seconds_by_process,
    database_create,
    database_drop,
    database_settle,
    django_floor_attribute,
    floor_form,
    floor_wsgi,
    gunicorn,
    manage,
    percentile,
    server_env,
    stop,
    wait_for,
)

DB_NAME = os.environ.get("BENCH_DB_NAME", "llep_events_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
# The round tables the portal's rounds book, one each (each set to the capacity, open, like the
# first), and the one every worker is warmed at.
SLUGS = ["textiles", "space-data-digital", "advanced-logistics", "manufacturing-engineering"]
RUN_ID = secrets.token_hex(3)
WARM_SLUG = "life-sciences"

# ----------------------------------------------------------------------------------------------
# The floor: the least a booking can cost over HTTP. GET sets a CSRF-like cookie and returns a
# small form; POST, in one transaction, locks the round table row, counts the confirmed places
# and inserts a row. Loaded by gunicorn as bench.booking_rush:floor_app.

FLOOR_FORM = floor_form("Book")


def _floor_book(conn, form: dict) -> None:
    round_table_id = int(os.environ["FLOOR_ROUND_TABLE_ID"])
    with conn.transaction():
        capacity = conn.execute(
            "SELECT capacity FROM events_roundtable WHERE id = %s FOR UPDATE", [round_table_id]
        ).fetchone()[0]
        confirmed = conn.execute(
            "SELECT count(*) FROM bench_floor_booking WHERE round_table_id = %s "
            "AND status = 'confirmed'",
            [round_table_id],
        ).fetchone()[0]
        status = "confirmed" if confirmed < capacity else "waitlisted"
        conn.execute(
            "INSERT INTO bench_floor_booking (round_table_id, email, status) VALUES (%s, %s, %s)",
            [round_table_id, form.get("email", [""])[0], status],
        )


floor_app = floor_wsgi(FLOOR_FORM, _floor_book)


# The Django floor: the same settings, middleware (CSRF, security headers, sessions) and
# database connection handling as the portal, with a minimal view that does only the lock, the
# count and the insert. Loaded by gunicorn as bench.booking_rush:floor_django; its URLs are these
# below, never the portal's.


def _floor_view(request):
    from django.db import connection, transaction
    from django.http import HttpResponse, HttpResponseRedirect
    from django.middleware.csrf import get_token

    if request.method == "GET":
        return HttpResponse(FLOOR_FORM % get_token(request).encode())
    round_table_id = int(os.environ["FLOOR_ROUND_TABLE_ID"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT capacity FROM events_roundtable WHERE id = %s FOR UPDATE", [round_table_id]
        )
        capacity = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM bench_floor_booking WHERE round_table_id = %s "
            "AND status = 'confirmed'",
            [round_table_id],
        )
        status = "confirmed" if cursor.fetchone()[0] < capacity else "waitlisted"
        cursor.execute(
            "INSERT INTO bench_floor_booking (round_table_id, email, status) VALUES (%s, %s, %s)",
            [round_table_id, request.POST.get("email", ""), status],
        )
    return HttpResponseRedirect("/done/")


def __getattr__(name):
    return django_floor_attribute(name, module=__name__, view=_floor_view)


# ----------------------------------------------------------------------------------------------
# Set-up and tear-down.


# ----------------------------------------------------------------------------------------------
# The load: one stakeholder = GET the form (CSRF cookie and token), POST the booking.

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _stakeholder(port: int, path: str, n: int) -> dict:
    started = time.perf_counter()
    result = {"status": None, "error": None, "flow": 0.0, "post": 0.0}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        cookies = [
            value.split(";", 1)[0]
            for key, value in response.getheaders()
            if key.lower() == "set-cookie"
        ]
        conn.close()
        match = CSRF_INPUT.search(body)
        if response.status != 200 or not match:
            result["status"] = response.status
            result["error"] = f"GET {response.status}"
            return result
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": html.unescape(match.group(1)),
                "full_name": f"Stakeholder {n}",
                "email": f"stakeholder{n}-{RUN_ID}@example.com",
                "organisation": f"Organisation {n % 37}",
                "job_title": "Director",
                "access_needs": "",
                "dietary_needs": "",
                "privacy_agreed": "on",
            }
        )
        post_started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            path,
            body=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(cookies),
                "Referer": f"http://127.0.0.1:{port}{path}",
            },
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        result["post"] = time.perf_counter() - post_started
        result["status"] = response.status
        if response.status != 302:
            result["error"] = f"POST {response.status}"
    except OSError as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        result["flow"] = time.perf_counter() - started
    return result


def _cpu_seconds(master_pid: int) -> float:
    return sum(cpu_seconds_by_process(master_pid).values())


def _rush(
    port: int,
    path: str,
    n: int,
    concurrency: int,
    master_pid: int,
    warm_path: str,
    after_warm=None,
    round_no: int = 0,
) -> dict:
    # Warm every worker (imports, templates, database and broker connections) outside the
    # measurement, through the whole flow at another round table so the counts stay clean.
    warm_first = 100000 * (round_no + 1)
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: _stakeholder(port, warm_path, warm_first + i), range(concurrency)))
    if after_warm:
        after_warm()
    cpu_before = _cpu_seconds(master_pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda i: _stakeholder(port, path, i), range(n)))
    wall = time.perf_counter() - started
    cpu = _cpu_seconds(master_pid) - cpu_before
    ok = [r for r in results if r["error"] is None]
    return {
        "results": results,
        "wall": wall,
        "server_errors": sum(1 for r in results if (r["status"] or 0) >= 500),
        "other_errors": sum(
            1 for r in results if r["error"] is not None and (r["status"] or 0) < 500
        ),
        "flow": [r["flow"] for r in ok],
        "post": [r["post"] for r in ok],
        "rate": len(ok) / wall if wall else 0.0,
        "cpu_ms": cpu * 1000 / n,
    }


def _counts(dsn: str, table: str, round_table_id: int) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(dsn) as conn:
        rows = dict(
            conn.execute(
                f"SELECT status, count(*) FROM {table} WHERE round_table_id = %s GROUP BY status",
                [round_table_id],
            ).fetchall()
        )
    return rows.get("confirmed", 0), rows.get("waitlisted", 0)


def _report(name: str, runs: list[dict], capacity: int) -> None:
    """One server's figures over every round: counts per round, latency over all of them, and
    the rate and CPU of each round."""
    ms = 1000
    post = [value for run in runs for value in run["post"]]
    flow = [value for run in runs for value in run["flow"]]
    print(f"\n{name}")
    counts = ", ".join(f"{run['counts'][0]} / {run['counts'][1]}" for run in runs)
    print(f"  confirmed / waitlisted, each round  {counts}")
    print(f"  oversold    {max(run['counts'][0] - capacity for run in runs)} (the worst round)")
    print(
        f"  server errors {sum(run['server_errors'] for run in runs)}   "
        f"other failures {sum(run['other_errors'] for run in runs)}"
    )
    for label, values in (("booking POST", post), ("GET+POST flow", flow)):
        print(
            f"  {label:<13} p50 {percentile(values, 50) * ms:7.1f} ms   "
            f"p95 {percentile(values, 95) * ms:7.1f} ms   p99 {percentile(values, 99) * ms:7.1f} ms"
        )
    print("  bookings/s  " + ", ".join(f"{run['rate']:.1f}" for run in runs) + " (each round)")
    print(
        "  server CPU  "
        + ", ".join(f"{run['cpu_ms']:.1f}" for run in runs)
        + " ms per stakeholder (GET + POST, each round)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="stakeholders (default 500)")
    parser.add_argument("-c", "--concurrency", type=int, default=64, help="at once (default 64)")
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument(
        "--rounds", type=int, default=3, choices=range(1, len(SLUGS) + 1), metavar="1-4",
        help="rounds, portal then floors in each (default 3)",
    )  # fmt: skip
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    args = parser.parse_args()

    dsn = f"{PG_URL}/{DB_NAME}"
    queue = f"events-bench-{os.getpid()}"
    env = server_env(
        dsn,
        REDIS_URL,
        CACHE_KEY_PREFIX="events-bench",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        # Every simulated stakeholder comes from 127.0.0.1; the per-address limit is tested
        # elsewhere (tests/events/test_abuse.py).
        BOOKING_RATE_LIMIT="100000000",
    )
    print(f"Setting up {DB_NAME} (migrate, collectstatic, demo seed)…", flush=True)
    database_create(dsn)
    procs: list[subprocess.Popen] = []
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "seed_llep", "--demo")
        import psycopg

        slugs = SLUGS[: args.rounds]
        with psycopg.connect(dsn) as conn:
            # Each round's round table: the capacity, and open with the times of the first.
            round_table_ids = dict(
                conn.execute(
                    "UPDATE events_roundtable AS rt SET capacity = %s, starts_at = first.starts_at, "
                    "ends_at = first.ends_at, booking_closes_at = first.booking_closes_at "
                    "FROM events_roundtable AS first WHERE first.slug = %s "
                    "AND rt.consultation_id = first.consultation_id AND rt.slug = ANY(%s) "
                    "RETURNING rt.slug, rt.id",
                    [args.capacity, slugs[0], slugs],
                ).fetchall()
            )
            conn.execute(
                "CREATE TABLE bench_floor_booking (id bigserial PRIMARY KEY, round_table_id "
                "bigint NOT NULL, email varchar(254) NOT NULL, status varchar(20) NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now())"
            )
            conn.execute("CREATE INDEX ON bench_floor_booking (round_table_id, status, created_at)")
        floor_round_table_id = round_table_ids[slugs[0]]
        database_settle(dsn)

        print(
            f"{args.n} stakeholders, {args.concurrency} at once, capacity {args.capacity}, "
            f"{args.workers} gunicorn workers each, {args.rounds} rounds, {os.cpu_count()} cores",
            flush=True,
        )
        floor_env = {
            **env,
            "FLOOR_DSN": dsn,
            "FLOOR_ROUND_TABLE_ID": str(floor_round_table_id),
        }
        servers = {}
        for label, app, server_env_, probe in (
            ("Portal (Django booking service)", "portal.wsgi:application", env,
             f"/round-tables/{slugs[0]}/"),
            ("Django floor (same stack, a view that locks, counts, inserts)",
             "bench.booking_rush:floor_django", floor_env, "/floor/"),
            ("WSGI floor (bare WSGI and psycopg: lock, count, insert)",
             "bench.booking_rush:floor_app", floor_env, "/floor/"),
        ):  # fmt: skip
            proc, port = gunicorn(app, server_env_, args.workers, timeout=60)
            procs.append(proc)
            wait_for(port, probe, proc)
            servers[label] = (proc, port)

        runs: dict[str, list[dict]] = {label: [] for label in servers}
        portal_label, floor_label, raw_label = servers
        for round_no, slug in enumerate(slugs):
            # The portal books this round's own round table; the floors start from an empty table.
            proc, port = servers[portal_label]
            run = _rush(
                port, f"/round-tables/{slug}/", args.n, args.concurrency, proc.pid,
                f"/round-tables/{WARM_SLUG}/", round_no=round_no,
            )  # fmt: skip
            run["counts"] = _counts(dsn, "events_booking", round_table_ids[slug])
            runs[portal_label].append(run)
            for label in (floor_label, raw_label):
                proc, port = servers[label]
                run = _rush(
                    port, "/floor/", args.n, args.concurrency, proc.pid, "/floor/",
                    after_warm=lambda: _truncate_floor(dsn), round_no=round_no,
                )  # fmt: skip
                run["counts"] = _counts(dsn, "bench_floor_booking", floor_round_table_id)
                runs[label].append(run)
            portal_rate = runs[portal_label][-1]["rate"]
            print(
                f"Round {round_no + 1}: bookings/s portal {portal_rate:.1f}, Django floor "
                f"{runs[floor_label][-1]['rate']:.1f}, WSGI floor {runs[raw_label][-1]['rate']:.1f}",
                flush=True,
            )
        logs = {label: stop(proc) for label, (proc, _) in servers.items()}
        procs.clear()
        errors_log = logs[portal_label]

        for label, label_runs in runs.items():
            _report(label, label_runs, args.capacity)

        def ratios(to: str) -> list[float]:
            return [
                p["rate"] / f["rate"] if f["rate"] else float("nan")
                for p, f in zip(runs[portal_label], runs[to], strict=True)
            ]

        ratio = statistics.median(ratios(floor_label))
        raw_ratio = statistics.median(ratios(raw_label))
        each = ", ".join(f"{r:.2f}" for r in ratios(floor_label))
        print(
            f"\nRatio portal/floor bookings per second: {ratio:.2f}, the median round's "
            f"(rounds: {each}; to the bare WSGI floor: {raw_ratio:.2f})"
        )
        cpu = {label: statistics.median(r["cpu_ms"] for r in label_runs)
               for label, label_runs in runs.items()}  # fmt: skip
        print(
            f"Server CPU per stakeholder, portal / Django floor / WSGI floor (median round): "
            f"{cpu[portal_label]:.1f} / {cpu[floor_label]:.1f} / {cpu[raw_label]:.1f} ms; load "
            f"average now {os.getloadavg()[0]:.1f} (other work on the machine slows both)"
        )
        p99 = percentile([v for run in runs[portal_label] for v in run["post"]], 99)
        oversold = max(max(0, run["counts"][0] - args.capacity) for run in runs[portal_label])
        server_errors = sum(run["server_errors"] for run in runs[portal_label])
        ok = oversold == 0 and server_errors == 0
        print(
            f"Targets: oversold 0 [{'ok' if oversold == 0 else 'FAIL'}], server errors 0 "
            f"[{'ok' if server_errors == 0 else 'FAIL'}], booking p99 < 1 s "
            f"[{'ok' if p99 < 1 else 'missed'}], at least half the floor "
            f"[{'ok' if ratio >= 0.5 else 'missed'}]"
        )
        if server_errors and errors_log.strip():
            print("\ngunicorn said:\n" + errors_log[-3000:])
        return 0 if ok else 1
    finally:
        for proc in procs:
            stop(proc)
        _cleanup_queue(queue)
        if not args.keep_db:
            database_drop(dsn)


def _truncate_floor(dsn: str) -> None:
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute("TRUNCATE bench_floor_booking")


def _cleanup_queue(queue: str) -> None:
    """The confirmation emails were queued for a worker that never runs: remove them."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, *client.keys(f"_kombu.binding*.{queue}"))
    except Exception as exc:  # noqa: BLE001 - tidying only
        print(f"Could not remove the bench's Celery queue {queue}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
