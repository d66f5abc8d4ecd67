"""The portal as production runs it: gunicorn (2 workers), a Celery worker and beat, PostgreSQL,
Redis and an SMTP server, driven over HTTP as people use it."""

import re
import uuid

import pytest

from tests.proof.harness import (
    Client,
    attachments_of,
    page_summary,
    round_table_book,
    survey_submit,
    wait_for,
)

pytestmark = [pytest.mark.stack, pytest.mark.slow]


def _address(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}@example.com"


def test_health_check_reports_database_cache_and_broker_up(stack):
    reply = Client(stack.base_url).get("/healthz")
    assert reply.status == 200, reply.text
    assert '"status": "ok"' in reply.text
    assert '"backend": "broker"' in reply.text, "tasks must go to a real broker, not inline"
    # Beat is up and handing the periodic outbox retry to the broker.
    wait_for(
        lambda: "email-retry-unsent" in stack.procs["beat"].log_path.read_text(),
        timeout=20,
        what="beat to send the periodic email retry",
        on_timeout=stack.logs,
    )


def test_a_booking_made_over_http_arrives_as_an_email_with_its_calendar_file(stack, smtp):
    slug = stack.sql("SELECT slug FROM events_roundtable ORDER BY starts_at LIMIT 1")[0][0]
    address = _address("stakeholder")

    page = round_table_book(
        Client(stack.base_url),
        slug,
        name="Priya Stakeholder",
        email=address,
        organisation="Hinckley Logistics",
    )

    assert page.status == 200 and "/booking-sent/" in page.url, page_summary(page)
    [message] = smtp.wait_for_mail(address, timeout=30)
    files = attachments_of(message)
    [ics_name] = [name for name in files if name.endswith(".ics")]
    assert b"BEGIN:VCALENDAR" in files[ics_name]
    assert b"BEGIN:VEVENT" in files[ics_name]
    # Sent by the worker through the outbox, not by the web process.
    assert stack.sql(
        'SELECT count(*) FROM portal_outboundemail WHERE lower("to") = %s AND sent_at IS NOT NULL',
        (address,),
    ) == [(1,)]
    assert "portal.tasks.email_drain" in stack.procs["worker"].log_path.read_text()

    # The emailed cancel link works: the place is given up and the cancellation is mailed too.
    body = message.get_body(preferencelist=("plain",)).get_content()
    [cancel_link] = re.findall(r"https?://\S+/cancel/", body)
    assert cancel_link.startswith(stack.base_url)
    person = Client(stack.base_url)
    confirm = person.get(cancel_link)
    assert confirm.status == 200, page_summary(confirm)
    cancelled = person.post_form(cancel_link, {"submit": "Cancel my place"}, page=confirm)
    assert cancelled.status == 200, page_summary(cancelled)
    assert stack.sql("SELECT status FROM events_booking WHERE lower(email) = %s", (address,)) == [
        ("cancelled",)
    ]
    smtp.wait_for_mail(address, count=2, timeout=30)


def test_a_survey_response_sent_over_http_is_stored_and_its_receipt_mailed(stack, smtp):
    address = _address("resident")
    marker = uuid.uuid4().hex

    survey_submit(
        Client(stack.base_url),
        email=address,
        text=f"Better rail links to Leicester and more apprenticeships ({marker}).",
    )

    assert stack.sql(
        "SELECT count(*) FROM survey_response r WHERE EXISTS ("
        " SELECT 1 FROM survey_answer a WHERE a.response_id = r.id AND a.text LIKE %s)",
        (f"%{marker}%",),
    ) == [(1,)]
    smtp.wait_for_mail(address, timeout=30)


def test_the_prospectus_is_generated_by_the_worker_and_downloads_as_a_pdf(stack):
    board = Client(stack.base_url)
    board.admin_login("board", stack.passwords["board"])
    page = board.get("/board/")
    assert page.status == 200

    reply = board.post_form(
        "/board/exports/", {"generate": "Generate the prospectus PDF"}, page=page
    )

    assert reply.status == 200
    [(export_id,)] = stack.sql("SELECT id FROM prospectus_export ORDER BY id DESC LIMIT 1")
    status = wait_for(
        lambda: (
            (
                row := stack.sql(
                    "SELECT status, error FROM prospectus_export WHERE id = %s", (export_id,)
                )
            )
            and row[0][0] in ("done", "failed")
            and row[0]
        ),
        timeout=60,
        what="the export to finish",
        on_timeout=stack.logs,
    )
    assert status == ("done", ""), status
    worker_log = stack.procs["worker"].log_path.read_text()
    assert "prospectus.tasks.export_render" in worker_log, "the worker, not gunicorn, renders"
    download = board.get(f"/board/exports/{export_id}/download/")
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body.startswith(b"%PDF")
