"""Benchmark of the public pages: gunicorn on PostgreSQL under production settings, each page's
requests per second and p50/p99 latency beside a bare floor measured in the same run.

The floor is a Django view doing one query and rendering a small template, served by the same
gunicorn with the same settings and middleware (bench/pages_urls.py). Each page's throughput is
printed as a ratio to the floor's; the target on the 2-core machine is at least 0.5. It also checks
that static files come back compressed (brotli, gzip) with far-future Cache-Control headers.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 4] [--workers 2]

Needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL). It creates its own database,
migrates and seeds it with seed_llep, starts gunicorn on a free port and stops it at the end, then
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per page")
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
        manage(env, "seed_llep", "--verbosity", "0", capture=False)
        manage(env, "collectstatic", "--no-input", "--verbosity", "0", capture=False)

        server, port = gunicorn("portal.wsgi:application", env, options.workers, stderr=None)
        wait_for(port, FLOOR, server, timeout=30)

        print("\nStatic files (DEBUG=false, collectstatic into a temporary STATIC_ROOT):")
        static_failures = _check_static(port)

        context = multiprocessing.get_context("fork")
        with context.Pool(options.concurrency) as pool:
            # The floor before and after the pages, so drift on a shared machine shows.
            floor_before = _measure(pool, port, FLOOR, options.requests, options.concurrency)
            results = [
                (name, path, _measure(pool, port, path, options.requests, options.concurrency))
                for name, path in PAGES
            ]
            floor_after = _measure(pool, port, FLOOR, options.requests, options.concurrency)
        floor_rps = (floor_before["rps"] + floor_after["rps"]) / 2

        print(
            f"\n{options.requests} requests a page, {options.concurrency} connections, "
            f"{os.cpu_count()} cores shared with the client\n"
        )
        print(f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}")
        for label, figures in (("floor (before)", floor_before), ("floor (after)", floor_after)):
            print(
                f"{label:<22}{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p99']:>9.1f}"
                f"{figures['rps'] / floor_rps:>8.2f}"
            )
        below = []
        for name, _path, figures in results:
            ratio = figures["rps"] / floor_rps
            if ratio < 0.5:
                below.append(name)
            print(
                f"{name:<22}{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p99']:>9.1f}"
                f"{ratio:>8.2f}"
            )
        print(
            f"\nTarget: every page at least 0.5 of the floor's throughput: "
            f"{'met' if not below else 'NOT met by ' + ', '.join(below)}."
        )
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
