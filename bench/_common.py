"""Plumbing shared by the benchmarks: commands, databases, gunicorn, percentiles, the WSGI floor."""

import gc
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
if not Path(PYTHON).exists():
    PYTHON, GUNICORN = sys.executable, shutil.which("gunicorn") or "gunicorn"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")


# ----- commands ---------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, *, capture: bool = True) -> str:
    """Run a command in the project root; stop the benchmark if it fails. With capture, its
    output is returned (and shown only on failure); without, it goes to the terminal."""
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=capture, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (exit {result.returncode}):\n{result.stdout or ''}\n"
                 f"{result.stderr or ''}")  # fmt: skip
    return result.stdout or ""


def manage(env: dict, *args: str, capture: bool = True) -> str:
    return run([PYTHON, "manage.py", *args], env, capture=capture)


def server_env(database_url: str, redis_url: str, **extra: str) -> dict:
    """The environment for the portal under production settings, behind no TLS proxy, on the
    benchmark's own database and Redis; extra adds to it or overrides it."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1",
        **extra,
    }
    env.pop("TEST_DB_NAME", None)
    return env


# ----- the benchmark's own PostgreSQL database ----------------------------------------------------


def _admin_sql(database_url: str, *statements: str) -> str:
    """Run statements on the server's postgres database; returns the benchmark database's name."""
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(f"Refusing an unusual database name: {name!r}")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql.format(name=name))
    return name


def database_create(database_url: str) -> None:
    """A fresh, empty database at database_url, dropping any left by an earlier run."""
    _admin_sql(
        database_url,
        'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        'CREATE DATABASE "{name}"',
    )


def database_drop(database_url: str) -> None:
    _admin_sql(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ----- gunicorn -----------------------------------------------------------------------------------


def database_settle(database_url: str) -> None:
    """After set-up, before measuring: write every changed page out now (CHECKPOINT), so that no
    checkpoint started by the set-up's writes runs during the measurement and makes the first
    change to each page after it log the whole page, slowing whichever server is being timed."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(
    app: str, env: dict, workers: int, *, timeout: int = 30, stderr=subprocess.PIPE
) -> tuple[subprocess.Popen, int]:
    """Start gunicorn on a free port in its own process group, run from the project root (so
    `bench.<script>:<app>` imports), and return it with the port. stderr is kept for stop()."""
    port = free_port()
    proc = subprocess.Popen(
        [GUNICORN, app, "--chdir", str(ROOT), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--backlog", "2048", "--timeout", str(timeout),
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        start_new_session=True,
    )  # fmt: skip
    return proc, port


def wait_for(port: int, path: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until gunicorn answers path with 200; stop the benchmark if it exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited early with code {proc.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer on port {port}")


def stop(proc: subprocess.Popen) -> str:
    """Stop gunicorn's whole process group (master and workers); returns what it wrote to stderr."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    return err or ""


# ----- figures ------------------------------------------------------------------------------------


def cpu_seconds_by_process(master_pid: int) -> dict[int, float]:
    """CPU time (user + system) used so far by gunicorn's master and each worker, from /proc: a
    figure that other load on the machine does not inflate the way it inflates latency."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def warm_every_worker(master_pid: int, request: Callable[[], None], *, cpu: float) -> int:
    """Call request() until every gunicorn worker has spent at least cpu seconds on it, so that
    no timed request is a worker's first (templates, imports, connections). Requests go to
    whichever worker accepts first, so a fixed number of them may leave one cold. Returns how
    many requests it took (at most 50 a worker)."""
    before = cpu_seconds_by_process(master_pid)
    workers = [pid for pid in before if pid != master_pid]
    for count in range(1, 50 * len(workers) + 1):
        request()
        now = cpu_seconds_by_process(master_pid)
        if all(now.get(pid, 0) - before[pid] >= cpu for pid in workers):
            return count
    return count


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


# ----- the bare WSGI floor --------------------------------------------------------------------------

_floor_local = threading.local()


def floor_form(button: str) -> bytes:
    """The floor's form: a CSRF-like hidden token (%s) and a button."""
    return (
        b'<!DOCTYPE html><html lang="en"><title>Floor</title><form method="post">'
        b'<input type="hidden" name="csrfmiddlewaretoken" value="%s"><button>'
        + button.encode()
        + b"</button></form>"
    )


def floor_connection():
    """One psycopg connection per gunicorn worker thread, opened on first use (FLOOR_DSN)."""
    import psycopg

    conn = getattr(_floor_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg.connect(os.environ["FLOOR_DSN"])
        _floor_local.conn = conn
    return conn


def floor_wsgi(form: bytes, write: Callable[[object, dict], None]):
    """The least a form send can cost over HTTP, as a bare WSGI app: GET sets a CSRF-like cookie
    and returns `form`; POST checks token and cookie, calls write(connection, parsed form) and
    redirects. write does its own transaction."""

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "GET":
            token = secrets.token_urlsafe(32).encode()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Set-Cookie", f"csrftoken={token.decode()}; Path=/; SameSite=Lax"),
                ],
            )
            return [form % token]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = urllib.parse.parse_qs(environ["wsgi.input"].read(length).decode())
        if not data.get("csrfmiddlewaretoken") or "csrftoken=" not in environ.get(
            "HTTP_COOKIE", ""
        ):
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"CSRF"]
        write(floor_connection(), data)
        start_response("302 Found", [("Location", "/done/"), ("Content-Length", "0")])
        return [b""]

    return app


# ----- the Django floor -----------------------------------------------------------------------------


def django_floor_attribute(name: str, *, module: str, view):
    """A benchmark module's __getattr__ for its Django floor: `floor_django` is a WSGI app with the
    portal's settings and middleware whose only URL is /floor/ (module's urlpatterns), served by
    view. Built only when gunicorn asks for it, so the script itself does not set Django up."""
    if name == "floor_django":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        settings.ROOT_URLCONF = module
        application = get_wsgi_application()
        gc.freeze()  # as portal/wsgi.py does, so that both pay the same for garbage collection
        return application
    if name == "urlpatterns":
        from django.urls import path

        return [path("floor/", view)]
    raise AttributeError(name)
