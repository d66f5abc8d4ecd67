"""Survey load: 100,000 responses seeded, then sends through the real form, the admin changelist
and the CSV export, each beside a floor measured in the same run, through gunicorn on PostgreSQL.

    .venv/bin/python bench/survey_load.py                       # 100,000 responses, 300 sends
    .venv/bin/python bench/survey_load.py --responses 10000 -n 60   # quicker while developing

It makes its own database (llep_survey_bench, dropped at the end unless --keep-db), runs migrate,
collectstatic and `seed_llep --demo --responses N` (timed), starts gunicorn for the portal and,
beside it, for the floors (a Django view and a bare WSGI app, both defined below, never part of
the portal's URLs), and measures:

1. Sends, in rounds (default 5): in each, n people fill in the four sections (not timed), then
   all press "Send my response" at once, 10% of them twice (a double click); then each floor
   takes n inserts. Sends per second beside two floors' inserts per second, each a POST that
   inserts the same response and answer rows in one transaction: a Django floor (the portal's
   settings and middleware, a bare view; the ratio the target speaks of, as in
   bench/booking_rush.py) and a bare WSGI one. The ratio is the median round's. Then it checks
   that no response was lost or doubled. The whole journey (8 requests) is timed too.
2. The admin changelist, unfiltered and filtered, as a signed-in superuser (target: under
   300 ms), beside the floor's bare HTTP round trip and the page's own SQL run alone.
3. The CSV export: peak memory of a fresh process streaming 10,000 and then all responses
   (target: flat), beside the same process merely iterating those rows; and the time to
   download the whole export over HTTP.

The load generator shares the machine's cores with the server, so figures are pessimistic.
"""

import argparse
import http.client
import os
import secrets
import statistics
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import (  # noqa: E402
    PG_URL,
    PYTHON,
    ROOT,
    database_create,
    database_drop,
    database_settle,
    django_floor_attribute,
    floor_form,
    floor_wsgi,
    gunicorn,
    manage,
    percentile,
    run,
    server_env,
    stop,
    wait_for,
    warm_every_worker,
)

DB_NAME = os.environ.get("BENCH_DB_NAME", "llep_survey_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
ADMIN_PASSWORD = secrets.token_urlsafe(16)

# ----------------------------------------------------------------------------------------------
# The floor: the least a send can cost over HTTP. GET returns a tiny form and a CSRF-like cookie;
# POST checks the token and inserts one response and its answer rows in one transaction, the
# same rows a real send writes. Loaded by gunicorn as bench.survey_load:floor_app.


def _floor_answers() -> list[list]:
    return [
        [int(q), int(c) if c else None, t, int(s) if s else None]
        for q, c, t, s in (row.split("|") for row in os.environ["FLOOR_ANSWERS"].split(";"))
    ]


def _floor_send_write(conn, form: dict) -> None:
    survey_id = int(os.environ["FLOOR_SURVEY_ID"])
    answers = _floor_answers()
    with conn.transaction():
        response_id = conn.execute(
            "INSERT INTO survey_response (survey_id, reference, channel, status, is_late, "
            "is_synthetic, submitted_at, respondent_type, place, organisation, name, email, "
            "quote_ok, contact_ok) VALUES (%s, %s, 'online', 'pending', false, false, now(), "
            "'business', 'leicester', 'Acme', '', '', true, false) RETURNING id",
            [survey_id, "FLOOR-" + secrets.token_hex(6)],
        ).fetchone()[0]
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO survey_answer (response_id, question_id, choice_id, text, score) "
                "VALUES (%s, %s, %s, %s, %s)",
                [[response_id, *row] for row in answers],
            )


floor_app = floor_wsgi(floor_form("Send"), _floor_send_write)


# The Django floor: the portal's own settings, middleware (sessions, CSRF, security headers) and
# connection handling, with a view that inserts the same rows through Django's connection and
# does nothing else. Loaded by gunicorn as bench.survey_load:floor_django; its URLs are these
# below, never the portal's. As in bench/booking_rush.py, the ratio the target speaks of is to
# this floor: it measures what the portal adds to Django's own cost of a request.


def _floor_view(request):
    from django.db import connection, transaction
    from django.http import HttpResponse, HttpResponseRedirect
    from django.middleware.csrf import get_token

    if request.method == "GET":
        return HttpResponse(floor_form("Send") % get_token(request).encode())
    survey_id = int(os.environ["FLOOR_SURVEY_ID"])
    answers = _floor_answers()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO survey_response (survey_id, reference, channel, status, is_late, "
            "is_synthetic, submitted_at, respondent_type, place, organisation, name, email, "
            "quote_ok, contact_ok) VALUES (%s, %s, 'online', 'pending', false, false, now(), "
            "'business', 'leicester', 'Acme', '', '', true, false) RETURNING id",
            [survey_id, "FLOOR-" + secrets.token_hex(6)],
        )
        response_id = cursor.fetchone()[0]
        # One multi-row INSERT, as the portal's bulk_create sends.
        cursor.execute(
            "INSERT INTO survey_answer (response_id, question_id, choice_id, text, score) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s)"] * len(answers)),
            [value for row in answers for value in (response_id, *row)],
        )
    return HttpResponseRedirect("/done/")


def __getattr__(name):
    return django_floor_attribute(name, module=__name__, view=_floor_view)


# ----------------------------------------------------------------------------------------------
# A tiny HTTP client with a cookie jar, one per simulated person.


class Browser:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def _request(self, method: str, path: str, data: dict | list | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content

    def get(self, path: str):
        return self._request("GET", path)

    def post(self, path: str, data):
        token = self.cookies.get("csrftoken", "")
        if isinstance(data, dict):
            data = {**data, "csrfmiddlewaretoken": token}
        return self._request("POST", path, data)


SECTIONS = {
    1: {"respondent_type": "business", "organisation": "Bench Ltd", "sector": "textiles",
        "place": "leicester"},
    2: {"challenges": "Skills shortages and slow broadband.", "foundations__ideas": "4",
        "foundations__people": "5", "foundations__infrastructure": "3",
        "foundations__business-environment": "4", "foundations__place": "2"},
    3: {"grand_challenges": ["clean-growth", "ai-data-economy"],
        "priorities": "Apprenticeships.", "interventions": "A low carbon fund.",
        "anything_else": ""},
    4: {"quote_ok": "yes", "contact_ok": "no", "name": "", "email": ""},
}  # fmt: skip


# The survey's addresses in the language asked for (--language gu: /gu/survey/...), so that
# sends in a translated survey can be set beside English ones (issue 17: within 0.8).
PREFIX = ""


def _fill_in(port: int, n: int, who: str = "Bench organisation") -> Browser | None:
    person = Browser(port)
    person.get(PREFIX + "/survey/")
    status, location, _ = person.post(PREFIX + "/survey/begin/", {})
    if status != 302:
        return None
    for number in range(1, 5):
        data = {**SECTIONS[number], "action": "Continue"}
        if number == 1:
            data["organisation"] = f"{who} {n}"
        status, _, _ = person.post(f"{PREFIX}/survey/section/{number}/", data)
        if status != 302:
            return None
    person.get(PREFIX + "/survey/check-your-answers/")
    return person


def _send(person: Browser, twice: bool) -> dict:
    started = time.perf_counter()
    status, location, _ = person.post(PREFIX + "/survey/check-your-answers/", {"receipt_email": ""})
    took = time.perf_counter() - started
    if twice:  # a double click: the same form sent again
        person.post(PREFIX + "/survey/check-your-answers/", {"receipt_email": ""})
    return {"status": status, "ok": status == 302 and location.endswith("/confirmation/"),
            "post": took}  # fmt: skip


def _journey(port: int, n: int) -> dict:
    started = time.perf_counter()
    person = _fill_in(port, n, "Journey organisation")
    result = _send(person, False) if person else {"ok": False, "status": None, "post": 0}
    if person:
        person.get(PREFIX + "/survey/confirmation/")
    result["flow"] = time.perf_counter() - started
    return result


def _floor_send(port: int) -> dict:
    person = Browser(port)
    person.get("/floor/")
    started = time.perf_counter()
    status, _, _ = person.post("/floor/", {})
    return {"status": status, "ok": status == 302, "post": time.perf_counter() - started}


def _ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50) * 1000:7.1f} ms   p95 {percentile(values, 95) * 1000:7.1f} ms   "
        f"max {max(values or [float('nan')]) * 1000:7.1f} ms"
    )


# ----------------------------------------------------------------------------------------------
# Phases.


def _answers_of(dsn: str, organisation: str) -> tuple[int, str]:
    """The survey and the answer rows of one real send, for the floors to insert the same shape."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        survey_id = conn.execute("SELECT id FROM survey_survey LIMIT 1").fetchone()[0]
        rows = conn.execute(
            "SELECT question_id, choice_id, text, score FROM survey_answer WHERE response_id = "
            "(SELECT id FROM survey_response WHERE organisation = %s)",
            [organisation],
        ).fetchall()
    answers = ";".join(
        f"{q}|{c or ''}|{(t or '').replace('|', ' ').replace(';', ',')}|{s or ''}"
        for q, c, t, s in rows
    )
    return survey_id, answers


def _timed(sends: list[dict], wall: float) -> dict:
    """One server's sends in one round: how many went, per second, and each POST's time."""
    ok = [s for s in sends if s["ok"]]
    return {"ok": len(ok), "rate": len(ok) / wall if wall else 0.0, "post": [s["post"] for s in ok]}


def phase_sends(env, dsn, args) -> dict:
    """Rounds of sends, the portal and both floors running side by side: in each round n people
    fill in the survey (not timed) and send it at the portal, then each floor takes as many
    sends. The ratio is taken within each round (a machine's speed drifts from minute to minute,
    as bench/booking_rush.py found). Then the whole journey at the portal, and the bare floor's
    HTTP round trip for the admin comparison."""
    import psycopg

    procs = []
    try:
        portal, port = gunicorn("portal.wsgi:application", env, args.workers, timeout=300)
        procs.append(portal)
        wait_for(port, "/survey/", portal)
        # One person first, not timed: a real send's rows, which the floors insert the same of.
        shape = _fill_in(port, 0, "Shape organisation")
        if shape is None or not _send(shape, False)["ok"]:
            raise SystemExit("The survey could not be sent once: see the portal's log")
        survey_id, answers = _answers_of(dsn, "Shape organisation 0")
        floor_env = {**env, "FLOOR_DSN": dsn, "FLOOR_SURVEY_ID": str(survey_id),
                     "FLOOR_ANSWERS": answers}  # fmt: skip
        floors = {}
        for name, app in (("django", "floor_django"), ("wsgi", "floor_app")):
            floor, floor_port = gunicorn(
                f"bench.survey_load:{app}", floor_env, args.workers, timeout=300
            )
            procs.append(floor)
            wait_for(floor_port, "/floor/", floor)
            with ThreadPoolExecutor(args.concurrency) as pool:  # warm every worker
                list(pool.map(_floor_send, [floor_port] * (2 * args.workers)))
            floors[name] = floor_port

        rounds = []
        for round_no in range(args.rounds):
            first = round_no * args.n
            with ThreadPoolExecutor(args.concurrency) as pool:
                people = list(pool.map(_fill_in, [port] * args.n, range(first, first + args.n)))
            ready = [p for p in people if p is not None]
            twice = {i for i in range(len(ready)) if i % 10 == 0}
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                sends = list(pool.map(_send, ready, [i in twice for i in range(len(ready))]))
            entry = {"portal": _timed(sends, time.perf_counter() - started),
                     "ready": len(ready),
                     "server_errors": sum(1 for s in sends if (s["status"] or 0) >= 500)}  # fmt: skip
            for name, floor_port in floors.items():
                started = time.perf_counter()
                with ThreadPoolExecutor(args.concurrency) as pool:
                    floor_sends = list(pool.map(_floor_send, [floor_port] * args.n))
                entry[name] = _timed(floor_sends, time.perf_counter() - started)
            rounds.append(entry)
            print(
                f"Round {round_no + 1}: sends/s portal {entry['portal']['rate']:.1f}, Django floor "
                f"{entry['django']['rate']:.1f}, WSGI floor {entry['wsgi']['rate']:.1f}",
                flush=True,
            )

        journey_n = max(10, args.n // 5)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            journeys = list(pool.map(lambda i: _journey(port, i), range(journey_n)))
        journey_wall = time.perf_counter() - started
        rtts = []
        person = Browser(floors["wsgi"])
        for _ in range(args.repeat):
            t = time.perf_counter()
            person.get("/floor/")
            rtts.append(time.perf_counter() - t)
        errors = stop(portal)
    finally:
        for proc in procs:
            stop(proc)
    with psycopg.connect(dsn) as conn:
        stored = conn.execute(
            "SELECT count(*), count(DISTINCT submission_key), count(DISTINCT organisation) "
            "FROM survey_response WHERE organisation LIKE 'Bench organisation %%'"
        ).fetchone()
        conn.execute(
            "DELETE FROM survey_answer WHERE response_id IN "
            "(SELECT id FROM survey_response WHERE reference LIKE 'FLOOR-%%')"
        )
        conn.execute("DELETE FROM survey_response WHERE reference LIKE 'FLOOR-%%'")
    ok_journeys = sum(1 for j in journeys if j["ok"])
    return {
        "rounds": rounds,
        "answer_rows": answers.count(";") + 1 if answers else 0,
        "ready": sum(r["ready"] for r in rounds),
        "ok": sum(r["portal"]["ok"] for r in rounds),
        "server_errors": sum(r["server_errors"] for r in rounds)
        + sum(1 for j in journeys if (j["status"] or 0) >= 500),
        "stored": stored,
        "journey_rate": ok_journeys / journey_wall if journey_wall else 0.0,
        "journey_ok": ok_journeys,
        "journey_n": journey_n,
        "flow": [j["flow"] for j in journeys if j["ok"]],
        "rtt": rtts,
        "errors_log": errors,
    }


def phase_admin(env, dsn, args) -> dict:
    import psycopg

    with psycopg.connect(dsn) as conn:
        theme_id = conn.execute("SELECT id FROM portal_theme WHERE slug = 'people'").fetchone()[0]
        sector_id = conn.execute("SELECT id FROM portal_sector WHERE slug = 'textiles'").fetchone()[
            0
        ]
        sql_times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            conn.execute(
                "SELECT r.*, s.* FROM survey_response r LEFT JOIN portal_sector s "
                "ON s.id = r.sector_id ORDER BY r.submitted_at DESC, r.id DESC LIMIT 50"
            ).fetchall()
            sql_times.append(time.perf_counter() - t)
    portal, port = gunicorn("portal.wsgi:application", env, args.workers, timeout=300)
    pages = {
        "changelist": "/admin/survey/response/",
        "filtered (approved, Textiles, People)": "/admin/survey/response/?status__exact=approved"
        f"&sector__id__exact={sector_id}&theme={theme_id}",
        "filtered (pending, late)": "/admin/survey/response/?status__exact=pending&is_late__exact=1",
        "search inside answers": "/admin/survey/response/?q=zeppelin",
    }
    timings: dict[str, list[float]] = {}
    try:
        wait_for(port, "/admin/login/", portal)
        staff = Browser(port)
        staff.get("/admin/login/")
        status, _, _ = staff.post(
            "/admin/login/?next=/admin/",
            {"username": "bench", "password": ADMIN_PASSWORD, "next": "/admin/"},
        )
        if status != 302:
            sys.exit(f"Could not sign in to admin (status {status})")
        for label, path in pages.items():
            times = []
            repeat = args.repeat if not label.startswith("search") else max(3, args.repeat // 5)

            def fetch(path=path):
                status, _, _ = staff.get(path)
                if status != 200:
                    sys.exit(f"{path} answered {status}")

            # gunicorn's sync workers close each connection, so requests spread over every
            # worker: warm them all (imports, templates, connections) before timing.
            warm_every_worker(portal.pid, fetch, cpu=0.03)
            for _ in range(repeat):
                t = time.perf_counter()
                fetch()
                times.append(time.perf_counter() - t)
            timings[label] = times
        export_seconds, export_rows, export_bytes = _download(port, staff.cookies)
        worker_rss = _worker_peak_rss(portal.pid)
    finally:
        stop(portal)
    return {"pages": timings, "sql": sql_times, "export_seconds": export_seconds,
            "export_rows": export_rows, "export_bytes": export_bytes, "worker_rss": worker_rss}  # fmt: skip


def _download(port: int, cookies: dict) -> tuple[float, int, int]:
    """Download the whole export, counting lines as they stream in rather than holding it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request(
        "GET",
        "/admin/survey/response/export/",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )
    response = conn.getresponse()
    if response.status != 200:
        sys.exit(f"The export answered {response.status}")
    lines = size = 0
    while chunk := response.read(1 << 16):
        lines += chunk.count(b"\n")
        size += len(chunk)
    conn.close()
    return time.perf_counter() - started, lines - 1, size


def _worker_peak_rss(master_pid: int) -> int:
    """The largest peak resident size (VmHWM, kB) among gunicorn's workers."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{master_pid}\n" not in status:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


EXPORT_CODE = """
import csv, os, resource, sys, time
import django
django.setup()
from survey.models import Response, Survey
from survey.services import responses_csv_rows

class Null:
    def write(self, value):
        return len(value)

mode, size = sys.argv[1], int(sys.argv[2])
pks = Response.objects.order_by("pk").values_list("pk", flat=True)
cut = pks[min(size, pks.count()) - 1]
responses = Response.objects.filter(pk__lte=cut)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
rows = 0
if mode == "export":
    writer = csv.writer(Null())
    for row in responses_csv_rows(survey=Survey.objects.get(), responses=responses):
        writer.writerow(row)
        rows += 1
    rows -= 1
else:
    for row in responses.values_list("reference", "organisation", "submitted_at").iterator(
        chunk_size=500
    ):
        rows += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(rows, base, peak, time.perf_counter() - started)
"""


def phase_export_memory(env, sizes=(10_000, 100_000)) -> dict:
    """Peak resident memory of a fresh process streaming the export of the first N responses,
    beside the same process merely iterating those rows (the floor)."""
    results = {}
    for size in sizes:
        figures = {}
        for mode in ("export", "floor"):
            out = run([PYTHON, "-c", EXPORT_CODE, mode, str(size)], {
                **env, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(ROOT)})  # fmt: skip
            rows, base, peak, seconds = out.split()
            figures[mode] = {"rows": int(rows), "base": int(base), "peak": int(peak),
                             "seconds": float(seconds)}  # fmt: skip
        results[figures["export"]["rows"]] = figures
    return results


# ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("-n", type=int, default=300, help="people sending (default 300)")
    parser.add_argument("-c", "--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=20, help="requests per admin page")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of sends (default 5)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    parser.add_argument("--language", default="", help="send the survey in gu, pa, ur or pl")
    args = parser.parse_args()
    global PREFIX
    PREFIX = f"/{args.language}" if args.language else ""

    dsn = f"{PG_URL}/{DB_NAME}"
    env = server_env(
        dsn,
        REDIS_URL,
        CACHE_KEY_PREFIX=f"survey-bench-{os.getpid()}",
        CELERY_TASK_DEFAULT_QUEUE=f"survey-bench-{os.getpid()}",
        # Every simulated person comes from 127.0.0.1; the per-address limit is tested elsewhere.
        SURVEY_RATE_LIMIT="100000000",
        SURVEY_DRAFT_RATE_LIMIT="100000000",
        LOGIN_FAILURE_LIMIT="1000",
    )
    print(f"Setting up {DB_NAME} (migrate, collectstatic)…", flush=True)
    database_create(dsn)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        t = time.perf_counter()
        manage(env, "seed_llep", "--demo", "--responses", str(args.responses))
        seed_seconds = time.perf_counter() - t
        manage(
            env, "shell", "-c",
            "from django.contrib.auth import get_user_model as g; "
            f"g().objects.create_superuser('bench', 'bench@example.invalid', '{ADMIN_PASSWORD}')",
        )  # fmt: skip
        manage(env, "shell", "-c",
               "from django.db import connection as c; c.cursor().execute('VACUUM ANALYZE')")  # fmt: skip
        database_settle(dsn)
        load = os.getloadavg()[0]
        print(
            f"Seeded {args.responses:,} synthetic responses in {seed_seconds:.1f} s. "
            f"{args.n} people sending, {args.concurrency} at once, {args.workers} gunicorn "
            f"workers, {os.cpu_count()} cores, load average {load:.1f}",
            flush=True,
        )
        sends = phase_sends(env, dsn, args)
        admin = phase_admin(env, dsn, args)
        memory = phase_export_memory(env, sizes=(min(10_000, args.responses // 10), args.responses))
    finally:
        if not args.keep_db:
            database_drop(dsn)

    print("\n1. Sending a response (POST of the real 'Check your answers' form)")
    rounds = sends["rounds"]

    def each(name: str) -> str:
        return ", ".join(f"{r[name]['rate']:.1f}" for r in rounds)

    def posts(name: str) -> list[float]:
        return [v for r in rounds for v in r[name]["post"]]

    def ratios(to: str) -> list[float]:
        return [r["portal"]["rate"] / r[to]["rate"] if r[to]["rate"] else float("nan")
                for r in rounds]  # fmt: skip

    print(f"  portal        {_ms(posts('portal'))}   sends/s {each('portal')} (each round)")
    print(f"  Django floor  {_ms(posts('django'))}   inserts/s {each('django')}"
          f"   (same settings and middleware, a view that inserts the same "
          f"{sends['answer_rows'] + 1} rows)")  # fmt: skip
    print(f"  WSGI floor    {_ms(posts('wsgi'))}   inserts/s {each('wsgi')}"
          "   (bare WSGI and psycopg, the same rows)")  # fmt: skip
    ratio = statistics.median(ratios("django"))
    raw_ratio = statistics.median(ratios("wsgi"))
    count, keys, people = sends["stored"]
    print(f"  ratio portal/floor {ratio:.2f}, the median round's (rounds: "
          f"{', '.join(f'{r:.2f}' for r in ratios('django'))}; to the bare WSGI floor: "
          f"{raw_ratio:.2f})")  # fmt: skip
    print(f"  sent OK {sends['ok']} of {sends['ready']}; stored {count} responses for {people} "
          f"people ({keys} distinct submission keys; 10% sent twice); server errors "
          f"{sends['server_errors']}")  # fmt: skip
    print(f"  whole journey (start, 4 sections, check, send, confirmation: 8 requests): "
          f"{sends['journey_rate']:.1f} people/s, {_ms(sends['flow'])}")  # fmt: skip

    print(f"\n2. Admin changelist (signed in, {args.responses:,} responses)")
    print(f"  floor HTTP round trip        {_ms(sends['rtt'])}")
    print(f"  floor page SQL alone         {_ms(admin['sql'])}")
    floor_rtt = statistics.median(sends["rtt"]) if sends["rtt"] else float("nan")
    worst = 0.0
    for label, times in admin["pages"].items():
        median = statistics.median(times)
        if not label.startswith("search"):
            worst = max(worst, percentile(times, 95))
        print(f"  {label:<38} {_ms(times)}   ratio to floor RTT {median / floor_rtt:.0f}")

    print("\n3. CSV export (peak RSS of a fresh process; after Django's start-up)")
    sizes = sorted(memory)
    for size in sizes:
        export, bare = memory[size]["export"], memory[size]["floor"]
        print(f"  {size:>7,} responses: export peak {export['peak'] / 1024:6.1f} MB "
              f"(+{(export['peak'] - export['base']) / 1024:.1f} MB) in {export['seconds']:.1f} s "
              f"({size / export['seconds']:.0f} rows/s); floor (bare iteration) peak "
              f"{bare['peak'] / 1024:.1f} MB (+{(bare['peak'] - bare['base']) / 1024:.1f} MB)")  # fmt: skip
    first, last = memory[sizes[0]]["export"], memory[sizes[-1]]["export"]
    growth = (last["peak"] - last["base"]) / max(1, first["peak"] - first["base"])
    print(f"  growth of peak above start-up, {sizes[-1]:,} / {sizes[0]:,}: {growth:.2f}x")
    print(f"  over HTTP: {admin['export_rows']:,} rows, {admin['export_bytes'] / 1e6:.1f} MB in "
          f"{admin['export_seconds']:.1f} s; largest gunicorn worker peak RSS "
          f"{admin['worker_rss'] / 1024:.0f} MB")  # fmt: skip

    print(
        "\nTargets: sends at least half the floor "
        f"[{'ok' if ratio >= 0.5 else 'missed'}], none lost or doubled "
        f"[{'ok' if keys == count and people == sends['ready'] and sends['ok'] == sends['ready'] else 'FAIL'}], "
        f"changelist p95 under 300 ms [{'ok' if worst < 0.3 else 'missed'}], export memory flat "
        f"[{'ok' if growth < 1.5 else 'missed'}]; load average now {os.getloadavg()[0]:.1f}"
    )  # fmt: skip
    if sends["server_errors"] and sends["errors_log"].strip():
        print("\ngunicorn said:\n" + sends["errors_log"][-3000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
