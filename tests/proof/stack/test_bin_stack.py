"""`make stack` (bin/stack) starts what production runs for a person: gunicorn, a Celery worker
and beat, and a local SMTP server that prints the mail; and Ctrl-C (SIGTERM) stops them all."""

import signal
import subprocess
import uuid

import pytest

from tests.proof.harness import (
    ROOT,
    Client,
    Stack,
    database_create,
    database_drop,
    database_template,
    free_port,
    port_open,
    redis_forget,
    round_table_book,
    service_urls,
    unique_name,
    wait_for,
)

pytestmark = [pytest.mark.stack, pytest.mark.slow]


def test_bin_stack_serves_books_mails_and_stops_cleanly(tmp_path):
    server_url, redis_url = service_urls()
    template, _ = database_template(
        workdir=tmp_path,
        server_url=server_url,
        redis_url=redis_url,
        seed_args=("--responses", "40"),
    )
    name = unique_name()
    database_url = database_create(server_url, name, template=template)
    web_port, smtp_port, run_id = free_port(), free_port(), uuid.uuid4().hex[:10]
    env = Stack(
        workdir=tmp_path, database_url=database_url, redis_url=redis_url, smtp_port=smtp_port
    ).env
    for key in ("EMAIL_HOST", "EMAIL_PORT", "SITE_URL"):
        env.pop(key)  # bin/stack starts its own SMTP server when no mail server is named
    env.update(
        {
            "BIND": f"127.0.0.1:{web_port}",
            "SMTP_PORT": str(smtp_port),
            "WEB_CONCURRENCY": "1",
            "CELERY_CONCURRENCY": "1",
            "CELERY_TASK_DEFAULT_QUEUE": f"proof-{run_id}",
            "CACHE_KEY_PREFIX": f"proof-{run_id}",
            "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
        }
    )
    log = tmp_path / "bin-stack.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "bin" / "stack")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{web_port}"
    try:
        wait_for(
            lambda: Client(base_url).get("/healthz", timeout=3).status == 200,
            timeout=90,
            what="bin/stack to serve /healthz",
            on_timeout=lambda: log.read_text(errors="replace")[-3000:],
        )
        slug = Stack(
            workdir=tmp_path, database_url=database_url, redis_url=redis_url, smtp_port=0
        ).sql("SELECT slug FROM events_roundtable ORDER BY starts_at LIMIT 1")[0][0]
        address = f"bin-stack-{run_id}@example.com"
        booked = round_table_book(
            Client(base_url), slug, name="Stack Person", email=address, organisation="Oadby Co"
        )
        assert booked.status == 200 and "/booking-sent/" in booked.url
        # The worker sent it to bin/stack's SMTP server, which printed it.
        wait_for(
            lambda: (
                address in log.read_text(errors="replace")
                and "BEGIN:VCALENDAR" in log.read_text(errors="replace")
            ),
            timeout=30,
            what="the booking email in bin/stack's output",
            on_timeout=lambda: log.read_text(errors="replace")[-3000:],
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            subprocess.run(["kill", "-KILL", f"-{process.pid}"], check=False)
            pytest.fail("bin/stack did not stop within 30 s of SIGTERM")
        finally:
            database_drop(server_url, name)
            redis_forget(redis_url, run_id)
    wait_for(
        lambda: not port_open(web_port) and not port_open(smtp_port),
        timeout=15,
        what="gunicorn and the SMTP server to be gone",
    )
    leftover = subprocess.run(
        ["pgrep", "-f", f"proof-{run_id}|{web_port}"], capture_output=True, text=True
    ).stdout.split()
    assert leftover == [], f"processes left running: {leftover}"
