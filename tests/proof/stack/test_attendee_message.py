"""A message to attendees on the portal as production runs it: an organiser signs in, previews
and sends it (pressing Send twice), and the real Celery worker delivers it through the outbox to
the SMTP server, once per person."""

import re
import time
import uuid

import pytest

from tests.proof.harness import Client, page_summary, round_table_book, wait_for

pytestmark = [pytest.mark.stack, pytest.mark.slow]

SUBJECT = "Joining instructions"


def _copies(smtp, address: str) -> list:
    return [m for m in smtp.to(address) if str(m["Subject"]).startswith(SUBJECT)]


def test_a_message_sent_twice_from_the_admin_reaches_each_attendee_once_by_the_worker(stack, smtp):
    # The latest round table: the other stack tests book the first.
    [(round_table_id, slug)] = stack.sql(
        "SELECT id, slug FROM events_roundtable ORDER BY starts_at DESC LIMIT 1"
    )
    addresses = [f"attendee{n}-{uuid.uuid4().hex[:8]}@example.com" for n in range(3)]
    for n, address in enumerate(addresses):
        page = round_table_book(
            Client(stack.base_url), slug, name=f"Attendee {n}", email=address, organisation="Acme"
        )
        assert page.status == 200 and "/booking-sent/" in page.url, page_summary(page)
    for address in addresses:
        smtp.wait_for_mail(address, timeout=30)  # the confirmation
    [(confirmed,)] = stack.sql(
        "SELECT count(*) FROM events_booking WHERE round_table_id = %s AND status = 'confirmed'",
        (round_table_id,),
    )

    organiser = Client(stack.base_url)
    organiser.admin_login("organiser", stack.passwords["organiser"])
    url = f"/admin/events/roundtable/{round_table_id}/message/"
    form = organiser.get(url)
    assert form.status == 200, page_summary(form)
    [key] = re.findall(r'name="idempotency_key" value="([^"]+)"', form.text)
    data = {
        "audience": "confirmed",
        "subject": SUBJECT,
        "body": "Please come to reception on the ground floor.",
        "idempotency_key": key,
    }
    preview = organiser.post_form(url, {**data, "preview": "Preview"}, page=form)
    assert preview.status == 200 and f"Send to {confirmed} " in preview.text, page_summary(preview)
    sent = organiser.post_form(url, {**data, "send": "Send"}, page=preview)
    again = organiser.post_form(url, {**data, "send": "Send"}, page=preview)
    assert sent.status == 200 and "on its way" in sent.text, page_summary(sent)
    assert "not sent again" in again.text, page_summary(again)

    for address in addresses:
        wait_for(
            lambda a=address: _copies(smtp, a),
            timeout=30,
            what=f"the message to {address}",
            on_timeout=stack.logs,
        )
    time.sleep(3)  # long enough for a second copy to arrive, were one queued
    for address in addresses:
        [copy] = _copies(smtp, address)
        body = copy.get_body(preferencelist=("plain",)).get_content()
        assert "Please come to reception on the ground floor." in body
    # One message, one outbox row per confirmed person, each sent by the worker.
    assert stack.sql("SELECT count(*) FROM events_attendeemessage WHERE round_table_id = %s",
                     (round_table_id,)) == [(1,)]  # fmt: skip
    rows = stack.sql(
        "SELECT count(*), count(sent_at) FROM portal_outboundemail "
        "WHERE write_with = 'events.emails.attendee_message_write'"
    )
    assert rows == [(confirmed, confirmed)]
    assert "portal.tasks.email_drain" in stack.procs["worker"].log_path.read_text()
