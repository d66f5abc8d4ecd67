"""Booking rush: N stakeholders book one round table of capacity 30 at once, through gunicorn on
PostgreSQL, beside a bare floor (lock a row, count, insert) measured in the same run.

    .venv/bin/python bench/booking_rush.py            # N=500, 64 at once, capacity 30
    .venv/bin/python bench/booking_rush.py -n 100     # quicker while developing

It makes its own database (llep_events_bench, dropped at the end unless --keep-db), runs migrate,
collectstatic and the demo seed, starts gunicorn twice (the portal, then the floor: a tiny WSGI app
defined below, never part of the portal's URLs), sends each person through the real flow (GET the
form and its CSRF cookie, POST the booking), prints the figures and stops everything it started.
The load generator shares the machine's cores with the server, so figures are pessimistic.
"""

import argparse
import html
import http.client
import os
import re
import secrets
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
SLUG = "textiles"
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
) -> dict:
    # Warm every worker (imports, templates, database and broker connections) outside the
    # measurement, through the whole flow at another round table so the counts stay clean.
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: _stakeholder(port, warm_path, 100000 + i), range(concurrency)))
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


def _report(name: str, run: dict, confirmed: int, waitlisted: int, capacity: int) -> None:
    ms = 1000
    print(f"\n{name}")
    print(f"  confirmed   {confirmed}")
    print(f"  waitlisted  {waitlisted}")
    print(f"  oversold    {max(0, confirmed - capacity)}")
    print(f"  server errors {run['server_errors']}   other failures {run['other_errors']}")
    for label, values in (("booking POST", run["post"]), ("GET+POST flow", run["flow"])):
        print(
            f"  {label:<13} p50 {percentile(values, 50) * ms:7.1f} ms   "
            f"p95 {percentile(values, 95) * ms:7.1f} ms   p99 {percentile(values, 99) * ms:7.1f} ms"
        )
    print(f"  bookings/s  {run['rate']:.1f}   (wall {run['wall']:.2f} s)")
    print(f"  server CPU  {run['cpu_ms']:.1f} ms per stakeholder (GET + POST)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="stakeholders (default 500)")
    parser.add_argument("-c", "--concurrency", type=int, default=64, help="at once (default 64)")
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    args = parser.parse_args()

    dsn = f"{PG_URL}/{DB_NAME}"
    queue = f"events-bench-{os.getpid()}"
    env = server_env(
        dsn, REDIS_URL, CACHE_KEY_PREFIX="events-bench", CELERY_TASK_DEFAULT_QUEUE=queue
    )
    print(f"Setting up {DB_NAME} (migrate, collectstatic, demo seed)…", flush=True)
    database_create(dsn)
    procs: list[subprocess.Popen] = []
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "seed_llep", "--demo")
        import psycopg

        with psycopg.connect(dsn) as conn:
            round_table_id = conn.execute(
                "UPDATE events_roundtable SET capacity = %s WHERE slug = %s RETURNING id",
                [args.capacity, SLUG],
            ).fetchone()[0]
            conn.execute(
                "CREATE TABLE bench_floor_booking (id bigserial PRIMARY KEY, round_table_id "
                "bigint NOT NULL, email varchar(254) NOT NULL, status varchar(20) NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now())"
            )
            conn.execute("CREATE INDEX ON bench_floor_booking (round_table_id, status, created_at)")

        print(
            f"{args.n} stakeholders, {args.concurrency} at once, capacity {args.capacity}, "
            f"{args.workers} gunicorn workers, {os.cpu_count()} cores",
            flush=True,
        )
        portal, port = gunicorn("portal.wsgi:application", env, args.workers, timeout=60)
        procs.append(portal)
        path = f"/round-tables/{SLUG}/"
        wait_for(port, path, portal)
        portal_run = _rush(
            port, path, args.n, args.concurrency, portal.pid, f"/round-tables/{WARM_SLUG}/"
        )
        errors_log = stop(portal)
        procs.remove(portal)
        portal_counts = _counts(dsn, "events_booking", round_table_id)

        floor_env = {
            **env,
            "FLOOR_DSN": dsn,
            "FLOOR_ROUND_TABLE_ID": str(round_table_id),
        }
        floors = {}
        for label, app in (
            ("Django floor (same stack, a view that locks, counts, inserts)", "floor_django"),
            ("WSGI floor (bare WSGI and psycopg: lock, count, insert)", "floor_app"),
        ):
            floor, floor_port = gunicorn(
                f"bench.booking_rush:{app}", floor_env, args.workers, timeout=60
            )
            procs.append(floor)
            wait_for(floor_port, "/floor/", floor)
            floors[label] = _rush(
                floor_port,
                "/floor/",
                args.n,
                args.concurrency,
                floor.pid,
                "/floor/",
                after_warm=lambda: _truncate_floor(dsn),
            )
            stop(floor)
            procs.remove(floor)
            floors[label]["counts"] = _counts(dsn, "bench_floor_booking", round_table_id)
            _truncate_floor(dsn)

        _report("Portal (Django booking service)", portal_run, *portal_counts, args.capacity)
        for label, run in floors.items():
            _report(label, run, *run["counts"], args.capacity)
        floor_run = next(iter(floors.values()))
        raw_run = list(floors.values())[1]
        ratio = portal_run["rate"] / floor_run["rate"] if floor_run["rate"] else float("nan")
        p99 = percentile(portal_run["post"], 99)
        raw_ratio = portal_run["rate"] / raw_run["rate"] if raw_run["rate"] else float("nan")
        print(
            f"\nRatio portal/floor bookings per second: {ratio:.2f} (to the bare WSGI floor: {raw_ratio:.2f})"
        )
        print(
            f"Server CPU per stakeholder, portal / Django floor / WSGI floor: "
            f"{portal_run['cpu_ms']:.1f} / {floor_run['cpu_ms']:.1f} / {raw_run['cpu_ms']:.1f} ms; "
            f"load average now "
            f"{os.getloadavg()[0]:.1f} (other work on the machine slows both)"
        )
        oversold = max(0, portal_counts[0] - args.capacity)
        ok = oversold == 0 and portal_run["server_errors"] == 0
        print(
            f"Targets: oversold 0 [{'ok' if oversold == 0 else 'FAIL'}], server errors 0 "
            f"[{'ok' if portal_run['server_errors'] == 0 else 'FAIL'}], booking p99 < 1 s "
            f"[{'ok' if p99 < 1 else 'missed'}], at least half the floor "
            f"[{'ok' if ratio >= 0.5 else 'missed'}]"
        )
        if portal_run["server_errors"] and errors_log.strip():
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
