"""Benchmark of the public pages: gunicorn on PostgreSQL under production settings, each page's
requests per second and p50/p99 latency beside a bare floor measured in the same run.

The same pages in Gujarati and Urdu are measured in the same rounds, each against its English
page (target 0.8, issue 17).

The floor is a Django view doing one query and rendering a small template, served by the same
gunicorn with the same settings and middleware (bench/pages_urls.py). Every public page is
measured, the round-table list, a round table's own page and the survey's start included, in
interleaved rounds (default 3): in each round the floor, then every page, then the floor again,
and a page's ratio in that round is its throughput over the mean of the round's two floors. The
ratio printed is the median round's; the target on the 2-core machine is at least 0.5. A single
page's run lasts about a second and this machine's speed drifts within a minute, so one pass of
the floor against pages measured minutes later measured the drift as much as the page. It also
checks that static files come back compressed (brotli, gzip) with far-future Cache-Control
headers.

    .venv/bin/python bench/pages.py [--requests 300] [--rounds 3] [--concurrency 4] [--workers 2]

Needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL). It creates its own database,
migrates and seeds it with seed_llep --demo, starts gunicorn on a free port and stops it at the end, then
drops the database (unless --keep-db).
Figures taken while other work runs on the machine are pessimistic.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import (  # noqa: E402
    ROOT,
    database_create,
    database_drop,
    gunicorn,
    manage,
    stop,
    wait_for,
)

PAGES = [
    ("home", "/"),
    ("industrial_strategy", "/industrial-strategy/"),
    ("local_strategies", "/local-industrial-strategies/"),
    ("leicester", "/leicester-and-leicestershire/"),
    ("get_involved", "/get-involved/"),
    ("downloads", "/downloads/"),
    ("privacy", "/privacy/"),
    ("accessibility", "/accessibility/"),
    ("round_tables", "/round-tables/"),
    ("round_table", "/round-tables/textiles/"),
    ("survey", "/survey/"),
]
# The same pages in two of the other languages (one written right to left), measured in the same
# rounds: each should keep at least 0.8 of its English page's throughput (issue 17).
TRANSLATED = [
    (f"{name} {code}", f"/{code}{path}", name)
    for code in ("gu", "ur")
    for name, path in PAGES
    if name in {"home", "get_involved", "round_tables", "round_table", "survey"}
]
FLOOR = "/bench-floor/"
YEAR = 60 * 60 * 24 * 365


def _get(port: int, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def _client(args):
    """One client connection: its share of requests one after another, timing each."""
    port, path, count, start_at = args
    while time.monotonic() < start_at:  # every client starts together
        time.sleep(0.0005)
    latencies = []
    began = time.monotonic()
    for _ in range(count):
        t0 = time.perf_counter()
        status, _headers, _body = _get(port, path)
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return began, time.monotonic(), latencies


def _measure(pool, port: int, path: str, requests: int, concurrency: int) -> dict:
    for _ in range(max(10, requests // 10)):  # warm up: imports, templates, connections
        _get(port, path)
    share = [requests // concurrency + (i < requests % concurrency) for i in range(concurrency)]
    start_at = time.monotonic() + 0.2
    results = pool.map(_client, [(port, path, n, start_at) for n in share])
    began = min(r[0] for r in results)
    ended = max(r[1] for r in results)
    latencies = sorted(x for r in results for x in r[2])
    return {
        "rps": len(latencies) / (ended - began),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000,
    }


def _check_static(port: int) -> list[str]:
    """Static files under production settings: compressed and cacheable for a year."""
    failures = []
    _status, _headers, body = _get(port, "/")
    html = body.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    if not assets:
        return ["no stylesheet or script found on the home page"]
    for asset in assets:
        for encoding in ("br", "gzip"):
            status, headers, body = _get(port, asset, {"Accept-Encoding": encoding})
            got = headers.get("Content-Encoding", "")
            cache = headers.get("Cache-Control", "")
            max_age = re.search(r"max-age=(\d+)", cache)
            ok = status == 200 and got == encoding and bool(max_age) and int(max_age[1]) >= YEAR
            print(
                f"  {'ok  ' if ok else 'FAIL'} {asset} [{encoding}] -> {status} "
                f"Content-Encoding={got or '-'} Cache-Control={cache or '-'} ({len(body)} bytes)"
            )
            if not ok:
                failures.append(f"{asset} [{encoding}]")
    return failures


def _round(pool, port: int, requests: int, concurrency: int) -> dict:
    """The floor, every page, the floor again: each page's figures and its ratio to the round's
    floor (the mean of the two, so drift within the round is shared out)."""
    before = _measure(pool, port, FLOOR, requests, concurrency)
    pages = {
        name: _measure(pool, port, path, requests, concurrency)
        for name, path, *_english in [*PAGES, *TRANSLATED]
    }
    after = _measure(pool, port, FLOOR, requests, concurrency)
    floor_rps = (before["rps"] + after["rps"]) / 2
    for figures in pages.values():
        figures["ratio"] = figures["rps"] / floor_rps
    return {"floor": (before, after), "pages": pages}


def _report(rounds: list[dict], options) -> list[str]:
    """Prints each page's median figures and its ratio in each round; returns the pages below."""
    print(
        f"\n{options.requests} requests a page a round, {len(rounds)} rounds, "
        f"{options.concurrency} connections, {os.cpu_count()} cores shared with the client\n"
    )
    print(f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}   rounds")
    floors = [f for r in rounds for f in r["floor"]]
    print(
        f"{'floor':<22}{statistics.median(f['rps'] for f in floors):>9.0f}"
        f"{statistics.median(f['p50'] for f in floors):>9.1f}"
        f"{statistics.median(f['p99'] for f in floors):>9.1f}{1:>8.2f}   "
        + ", ".join(f"{f['rps']:.0f}" for f in floors)
    )
    below = []
    for name, _path in PAGES:
        each = [r["pages"][name] for r in rounds]
        ratio = statistics.median(f["ratio"] for f in each)
        if ratio < 0.5:
            below.append(name)
        print(
            f"{name:<22}{statistics.median(f['rps'] for f in each):>9.0f}"
            f"{statistics.median(f['p50'] for f in each):>9.1f}"
            f"{statistics.median(f['p99'] for f in each):>9.1f}{ratio:>8.2f}   "
            + ", ".join(f"{f['ratio']:.2f}" for f in each)
        )
    print(
        "\nTarget: every page at least 0.5 of the floor's throughput (the median round's): "
        f"{'met' if not below else 'NOT met by ' + ', '.join(below)}."
    )
    print(f"\n{'translated page':<22}{'req/s':>9}{'/English':>9}   rounds")
    slower = []
    for name, _path, english in TRANSLATED:
        each = [r["pages"][name]["rps"] / r["pages"][english]["rps"] for r in rounds]
        ratio = statistics.median(each)
        if ratio < 0.8:
            slower.append(name)
        rps = statistics.median(r["pages"][name]["rps"] for r in rounds)
        print(f"{name:<22}{rps:>9.0f}{ratio:>9.2f}   " + ", ".join(f"{x:.2f}" for x in each))
    print(
        "Target: each translated page at least 0.8 of its English page's throughput: "
        f"{'met' if not slower else 'NOT met by ' + ', '.join(slower)}."
    )
    return below + slower


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page a round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    options = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/llep_bench_pages"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    static_root = tempfile.mkdtemp(prefix="llep-bench-static-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "bench-pages",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        # No TLS proxy in front of this gunicorn; production keeps the redirect on.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
        "BENCH_STATIC_ROOT": static_root,
        "PYTHONPATH": str(ROOT),
    }
    print(f"Database {database_url}, Redis {redis_url}, gunicorn with {options.workers} workers")
    database_create(database_url)
    server = None
    try:
        manage(env, "migrate", "--no-input", "--verbosity", "0", capture=False)
        # Re-dated to be live, as people see the pages during the consultation: booking open,
        # the survey open.
        manage(env, "seed_llep", "--demo", "--verbosity", "0", capture=False)
        manage(env, "collectstatic", "--no-input", "--verbosity", "0", capture=False)

        server, port = gunicorn("portal.wsgi:application", env, options.workers, stderr=None)
        wait_for(port, FLOOR, server, timeout=30)

        print("\nStatic files (DEBUG=false, collectstatic into a temporary STATIC_ROOT):")
        static_failures = _check_static(port)

        context = multiprocessing.get_context("fork")
        with context.Pool(options.concurrency) as pool:
            rounds = [
                _round(pool, port, options.requests, options.concurrency)
                for _ in range(options.rounds)
            ]
        below = _report(rounds, options)
        print(
            "Static files compressed with far-future caching: "
            f"{'yes' if not static_failures else 'NO: ' + ', '.join(static_failures)}."
        )
        return 0 if not below and not static_failures else 1
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(static_root, ignore_errors=True)
        if not options.keep_db:
            database_drop(database_url)


if __name__ == "__main__":
    sys.exit(main())
