"""Process helpers for the proof tests: gunicorn, Celery worker and beat, an SMTP sink, a private
redis-server and a private PostgreSQL cluster, each started on a free port and stopped for sure.

Nothing here touches the machine's shared PostgreSQL or Redis beyond creating and dropping a
database of its own (with a unique name) and using its own Redis queue and key prefix. Every wait
is bounded; a timeout raises with the tail of the process's log.
"""

from __future__ import annotations

import atexit
import contextlib
import email
import email.policy
import glob
import html
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PYTHON = sys.executable


class HarnessError(RuntimeError):
    pass


def need(reason: str | None) -> None:
    """Skip with the reason where something a test needs is missing, or fail the test when
    REQUIRE_SERVICES=1 (CI), where nothing may be skipped."""
    import pytest

    if reason is None:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), 0.5):
            return True
    except OSError:
        return False


def wait_for(
    predicate: Callable[[], object],
    *,
    timeout: float,
    what: str,
    interval: float = 0.2,
    on_timeout: Callable[[], str] | None = None,
):
    """Call predicate until it returns something truthy (returned) or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # the thing waited for is not up yet
            last_error = exc
        if time.monotonic() >= deadline:
            detail = on_timeout() if on_timeout else ""
            raise HarnessError(
                f"Timed out after {timeout:.0f} s waiting for {what}"
                + (f" (last error: {last_error!r})" if last_error else "")
                + (f"\n{detail}" if detail else "")
            )
        time.sleep(interval)


class Proc:
    """A child process in its own process group, logging to a file."""

    def __init__(self, name: str, argv: list[str], *, env: dict, log_dir: Path, cwd: Path = ROOT):
        self.name = name
        self.argv = argv
        self.env = env
        self.cwd = cwd
        self.log_path = Path(log_dir) / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> Proc:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child owns it while it runs
        log.write(f"\n=== start {' '.join(self.argv)}\n".encode())
        log.flush()
        self.popen = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM the group, then SIGKILL it if it is still there after timeout seconds."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        # Children (gunicorn workers, Celery pool processes) may outlive their parent.
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)

    def kill(self) -> None:
        """SIGKILL the whole group at once: the crash a power cut or the OOM killer makes."""
        self.signal_group(signal.SIGKILL)
        if self.popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(5)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return f"--- {self.name} log ({self.log_path}) ---\n" + "\n".join(
            text.splitlines()[-lines:]
        )


# --- Redis ---------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of our own on a free port, which a test may stop and start at will."""

    def __init__(self, workdir: Path):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise HarnessError("redis-server is not installed")
        self.port = free_port()
        self.dir = Path(workdir) / "redis"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc = Proc(
            "redis",
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            env=dict(os.environ),
            log_dir=workdir,
        )

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.proc.start()
        wait_for(
            lambda: port_open(self.port),
            timeout=10,
            what="the private redis-server",
            on_timeout=self.proc.log_tail,
        )

    def stop(self) -> None:
        self.proc.stop(timeout=5)
        wait_for(lambda: not port_open(self.port), timeout=5, what="redis-server to stop")


# --- PostgreSQL -------------------------------------------------------------------------------------


def _pg_bin(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    return shutil.which(name)


def private_postgres_available() -> str | None:
    """Why a private cluster cannot be made here, or None when it can."""
    if not _pg_bin("initdb") or not _pg_bin("pg_ctl"):
        return "needs PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/*/bin)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root needs runuser to run initdb as the postgres user"
    return None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary directory on a free port, trusting local
    connections. initdb refuses to run as root, so as root it runs as the postgres user."""

    def __init__(self, workdir: Path):
        reason = private_postgres_available()
        if reason:
            raise HarnessError(reason)
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="llep-pg-"))
        self.data = self.base / "data"
        self.log = Path(workdir) / "postgres.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")
            os.chmod(self.base, 0o700)
            # The server log lives in the cluster's directory; we copy it out on stop.
            self.server_log = self.base / "server.log"
        else:
            self.server_log = self.log

    def _run(self, argv: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd="/")
        if result.returncode != 0:
            raise HarnessError(
                f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def init(self) -> None:
        self._run(
            [
                _pg_bin("initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
            timeout=120,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        self._run(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.server_log),
                "-w",
                "-t",
                "30",
                "start",
            ],
            timeout=45,
        )

    def stop(self, mode: str = "fast") -> None:
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], timeout=45)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def destroy(self) -> None:
        try:
            if self.data.exists():
                self._run(
                    [_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                    timeout=30,
                )
        except HarnessError:
            pass  # not running
        if self.server_log != self.log and self.server_log.exists():
            shutil.copyfile(self.server_log, self.log)
        shutil.rmtree(self.base, ignore_errors=True)


def database_create(server_url: str, name: str, *, template: str | None = None) -> str:
    """Create database `name` on the server of server_url (a copy of `template` when given);
    returns its URL."""
    import psycopg

    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(_with_db(server_url, "postgres"), autocommit=True, connect_timeout=5) as c:
        c.execute(f'CREATE DATABASE "{name}"{copy}')
    return _with_db(server_url, name)


def database_drop(server_url: str, name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(
            _with_db(server_url, "postgres"), autocommit=True, connect_timeout=5
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass  # the server has gone; its cluster is being destroyed anyway


def _with_db(url: str, dbname: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{dbname}"))


# --- SMTP -----------------------------------------------------------------------------------------


class SmtpSink:
    """A local SMTP server (aiosmtpd) in this process that keeps every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self.port = free_port()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with sink._lock:
                    sink.messages.append(message)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for_mail(self, address: str, *, count: int = 1, timeout: float = 30):
        return wait_for(
            lambda: (found := self.to(address)) and len(found) >= count and found,
            timeout=timeout,
            what=f"{count} email(s) to {address} at the SMTP server",
        )


def attachments_of(message: email.message.EmailMessage) -> dict[str, bytes]:
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.iter_attachments()
        if part.get_filename()
    }


# --- The portal's processes -------------------------------------------------------------------------


@dataclass
class Stack:
    """The portal as production runs it: gunicorn, a Celery worker and beat, on the given
    PostgreSQL database and Redis, mailing through the given SMTP port."""

    workdir: Path
    database_url: str
    redis_url: str
    smtp_port: int
    web_workers: int = 2
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.workdir = Path(self.workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.procs: dict[str, Proc] = {}
        self.passwords: dict[str, str] = {}

    @property
    def env(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "DJANGO_", "CELERY_", "EMAIL_", "TEST_DB"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings",
                "DEBUG": "true",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                # Our own queue and cache keys: this run never takes another run's tasks.
                "CELERY_TASK_DEFAULT_QUEUE": f"proof-{self.run_id}",
                "CACHE_KEY_PREFIX": f"proof-{self.run_id}",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.smtp_port),
                "EMAIL_RETRY_SECONDS": "2",
                "SITE_URL": self.base_url,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "MEDIA_ROOT": str(self.workdir / "media"),
                "PRIVATE_STORAGE_ROOT": str(self.workdir / "private"),
                "CONN_MAX_AGE": "60",
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
            }
        )
        env.update(self.extra_env)
        return env

    def manage(self, *args: str, timeout: float = 180) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise HarnessError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def prepare(self, *seed_args: str) -> None:
        """migrate, then seed_llep --demo with fresh demo passwords (kept in self.passwords)."""
        self.manage("migrate", "--no-input", "--verbosity", "0")
        out = self.manage("seed_llep", "--demo", "--reset-demo-passwords", *seed_args)
        for username, password in re.findall(r"Demo account (\w+) \(.*?\) password: (\S+)", out):
            self.passwords[username] = password

    def start_web(self) -> Proc:
        proc = Proc(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.web_workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-",
            ],
            env=self.env,
            log_dir=self.workdir,
        ).start()
        self.procs["web"] = proc
        wait_for(
            lambda: _http_status(self.base_url, "/healthz") in (200, 503),
            timeout=30,
            what="gunicorn to answer",
            on_timeout=proc.log_tail,
        )
        return proc

    def start_worker(self, name: str = "worker", queue: str = "") -> Proc:
        """The mail worker by default; `start_worker("themes", queue)` the theme suggester's,
        as production runs them (README, decision 0950)."""
        proc = Proc(
            name,
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"proof-{self.run_id}-{uuid.uuid4().hex[:4]}@%h",
                *(["-Q", queue] if queue else []),
            ],
            env=self.env,
            log_dir=self.workdir,
        ).start()
        self.procs[name] = proc
        wait_for(
            lambda: "ready." in proc.log_path.read_text(errors="replace").split("=== start")[-1],
            timeout=30,
            what="the Celery worker to be ready",
            on_timeout=proc.log_tail,
        )
        return proc

    def start_beat(self) -> Proc:
        proc = Proc(
            "beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.workdir / "celerybeat-schedule"),
                "--max-interval",
                "1",
            ],
            env=self.env,
            log_dir=self.workdir,
        ).start()
        self.procs["beat"] = proc
        return proc

    def start(self) -> Stack:
        self.start_web()
        self.start_worker()
        self.start_worker("themes", queue=f"proof-{self.run_id}-themes")
        self.start_beat()
        return self

    def stop(self) -> None:
        # All asked at once, then waited for: their shutdowns overlap instead of adding up.
        for proc in self.procs.values():
            if proc.running():
                proc.signal_group(signal.SIGTERM)
        for proc in self.procs.values():
            proc.stop(timeout=8)

    def logs(self) -> str:
        return "\n".join(proc.log_tail() for proc in self.procs.values())

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Read the stack's database directly, as the test's own view of what was stored."""
        import psycopg

        with psycopg.connect(self.database_url, connect_timeout=5) as conn:
            return conn.execute(query, params).fetchall()


def _http_status(base_url: str, path: str) -> int | None:
    try:
        return Client(base_url).get(path, timeout=3).status
    except OSError:
        return None


@dataclass
class Reply:
    status: int
    headers: dict
    text: str
    url: str
    body: bytes = b""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """A small HTTP client over urllib (no extra dependency) that behaves as a browser does for
    forms: it keeps cookies and sends the CSRF token from the page's form. 4xx and 5xx replies are
    returned, not raised; redirects are followed unless follow=False."""

    TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        cookie_handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self._follow = urllib.request.build_opener(cookie_handler)
        self._stay = urllib.request.build_opener(cookie_handler, _NoRedirect)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        headers: dict | None = None,
        follow: bool = True,
        timeout: float = 15,
    ) -> Reply:
        url = path if path.startswith("http") else self.base_url + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        opener = self._follow if follow else self._stay
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        raw = response.read()
        return Reply(
            status=response.status if hasattr(response, "status") else response.code,
            headers={k.lower(): v for k, v in response.headers.items()},
            text=raw.decode("utf-8", errors="replace"),
            url=response.geturl(),
            body=raw,
        )

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict, *, page: Reply | None = None, **kwargs) -> Reply:
        """POST data to path with the CSRF token of page (fetched from path when not given)."""
        if page is None:
            page = self.get(path)
        match = self.TOKEN.search(page.text)
        if not match:
            raise HarnessError(f"No CSRF token in the page at {path} (status {page.status})")
        payload = {"csrfmiddlewaretoken": html.unescape(match.group(1)), **data}
        referer = path if path.startswith("http") else self.base_url + path
        headers = {"Referer": referer, **kwargs.pop("headers", {})}
        return self.request("POST", path, data=payload, headers=headers, **kwargs)

    def admin_login(self, username: str, password: str) -> Reply:
        reply = self.post_form(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        if not self.cookie("sessionid"):
            raise HarnessError(f"Could not sign in as {username}: {reply.status}")
        return reply


def service_urls() -> tuple[str | None, str | None]:
    """The machine's PostgreSQL and Redis as the environment names them."""
    return os.environ.get("DATABASE_URL") or None, os.environ.get("REDIS_URL") or None


def unique_name(prefix: str = "llep_proof") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def redis_forget(redis_url: str, run_id: str) -> None:
    """Delete this run's queue, bindings and cache keys from a shared Redis."""
    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
        keys = list(client.scan_iter(match=f"*proof-{run_id}*", count=500))
        if keys:
            client.delete(*keys)
        # A task whose worker was killed stays in kombu's shared "unacked" hash; drop ours.
        for tag, payload in client.hscan_iter("unacked"):
            if f"proof-{run_id}".encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    except redis.RedisError:
        pass  # a private server that is already gone


_TEMPLATES: dict[tuple[str, tuple[str, ...]], tuple[str, dict]] = {}


def database_template(
    *, workdir: Path, server_url: str, redis_url: str, seed_args: tuple[str, ...]
) -> tuple[str, dict]:
    """The name of a migrated, seeded template database on server_url, and its demo passwords."""
    key = (server_url, tuple(seed_args))
    if key not in _TEMPLATES:
        name = unique_name("llep_proof_tpl")
        database_url = database_create(server_url, name)
        atexit.register(database_drop, server_url, name)
        preparer = Stack(
            workdir=workdir / "template",
            database_url=database_url,
            redis_url=redis_url,
            smtp_port=0,
        )
        preparer.prepare(*seed_args)
        _TEMPLATES[key] = (name, dict(preparer.passwords))
    return _TEMPLATES[key]


@contextlib.contextmanager
def portal_stack(
    *,
    workdir: Path,
    server_url: str,
    redis_url: str,
    smtp_port: int,
    seed_args: tuple[str, ...] = ("--responses", "40"),
    start: bool = True,
    **stack_options,
):
    """A Stack on a new database (unique name, created on server_url and dropped afterwards),
    migrated and seeded with the demo consultation, its processes started unless start=False.

    The first stack of a test run on a server migrates and seeds a template database; later ones
    on the same server with the same seed are copies of it (CREATE DATABASE ... TEMPLATE), which
    takes a fraction of the time. Templates are dropped when the test process exits."""
    name = unique_name()
    template, passwords = database_template(
        workdir=Path(workdir), server_url=server_url, redis_url=redis_url, seed_args=seed_args
    )
    database_url = database_create(server_url, name, template=template)
    stack = Stack(
        workdir=workdir,
        database_url=database_url,
        redis_url=redis_url,
        smtp_port=smtp_port,
        **stack_options,
    )
    stack.passwords = dict(passwords)
    try:
        if start:
            stack.start()
        yield stack
    finally:
        stack.stop()
        database_drop(server_url, name)
        redis_forget(redis_url, stack.run_id)


# --- Journeys over HTTP ------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields of the forms on a page: [(tag, type, name, value)], checked state ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str, str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            self.fields.append(
                ("input", (attrs.get("type") or "text").lower(), name, attrs.get("value") or "")
            )
        elif tag == "textarea" and name:
            self.fields.append(("textarea", "textarea", name, ""))
        elif tag == "select" and name:
            self.fields.append(("select", "select", name, ""))
        elif tag == "option" and self.fields and self.fields[-1][0] == "select":
            tag_, type_, name_, value = self.fields[-1]
            if not value and attrs.get("value"):
                self.fields[-1] = (tag_, type_, name_, attrs["value"])


def form_answers(page_html: str, *, email: str, text: str, honeypots=("website",)) -> dict:
    """Answers a person might give to every field of the page's form: the first option of each
    radio group, checkbox group and select, `text` in text boxes, `email` in email boxes. Hidden
    fields keep their values; honeypot fields stay empty; buttons are left to the caller."""
    parser = _FormFields()
    parser.feed(page_html)
    answers: dict[str, object] = {}
    for _tag, type_, name, value in parser.fields:
        if name in honeypots or name == "csrfmiddlewaretoken" or name in answers:
            continue
        if type_ in ("submit", "button", "image", "reset"):
            continue
        if type_ in ("radio", "checkbox", "select", "hidden"):
            answers[name] = value if type_ != "checkbox" or value else "on"
        elif type_ == "email" or "email" in name:
            answers[name] = email
        else:
            answers[name] = text
    return answers


def page_summary(reply: Reply) -> str:
    """A short account of a page for an error message: status, title, and Django's exception
    and where it was raised when it is a debug page."""
    title = re.search(r"<title>\s*(.*?)\s*</title>", reply.text, re.S)
    parts = [f"{reply.status} {reply.url}", title.group(1) if title else ""]
    value = re.search(r'<pre class="exception_value">(.*?)</pre>', reply.text, re.S)
    if value:
        parts.append(html.unescape(value.group(1)))
        where = re.findall(r'<code class="fname">(.*?)</code>, line (\d+)', reply.text)
        parts += [f"{name}:{line}" for name, line in where if "site-packages" not in name][-3:]
    errors = re.findall(r'class="govuk-error-message">(.*?)</', reply.text, re.S)
    parts += [" ".join(html.unescape(e).split()) for e in errors[:5]]
    return " | ".join(p for p in parts if p)


def survey_submit(client: Client, *, email: str, text: str, max_sections: int = 20) -> Reply:
    """Fill in the survey section by section as a person does, check the answers and send them.
    Returns the confirmation page."""
    start = client.get("/survey/")
    page = client.post_form("/survey/begin/", {}, page=start)
    for _ in range(max_sections):
        if "/survey/check-your-answers/" in page.url:
            break
        if "/survey/section/" not in page.url:
            raise HarnessError(f"Expected a survey section, got {page.url} ({page.status})")
        path = urllib.parse.urlparse(page.url).path
        answers = form_answers(page.text, email=email, text=text)
        page = client.post_form(path, {**answers, "action": "Continue"}, page=page)
        if page.status != 200 or urllib.parse.urlparse(page.url).path == path:
            raise HarnessError(f"The survey refused section {path}: {page_summary(page)}")
    else:
        raise HarnessError("The survey never reached check your answers")
    done = client.post_form(
        "/survey/check-your-answers/",
        {"receipt_email": email, "submit": "Send my response"},
        page=page,
    )
    if "/survey/confirmation/" not in done.url:
        raise HarnessError(f"Sending the survey did not confirm: {done.status} {done.url}")
    return done


def round_table_book(client: Client, slug: str, *, name: str, email: str, organisation: str):
    """Book a place at a round table through its page, as a person does. Returns the page the
    portal answers with ("Check your email" on success)."""
    path = f"/round-tables/{slug}/"
    page = client.get(path)
    if page.status != 200:
        raise HarnessError(f"The round table page {path} answered {page.status}")
    return client.post_form(
        path,
        {
            "full_name": name,
            "email": email,
            "organisation": organisation,
            "job_title": "",
            "access_needs": "",
            "dietary_needs": "",
            "privacy_agreed": "on",
            "submit": "Book a place",
        },
        page=page,
    )
