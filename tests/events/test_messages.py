"""Organisers' messages to attendees (one outbox row per person, never sent twice) and the
reminders they control (when, or none, and an extra paragraph)."""

import datetime as dt
import math
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.models import AttendeeMessage, Booking
from portal.models import OutboundEmail
from portal.roles import EVENT_ORGANISERS, MODERATORS
from portal.services import email_drain
from tests.events.conftest import LONDON
from tests.events.factories import BookingFactory

pytestmark = pytest.mark.django_db


def _send(round_table, audience="confirmed", key=None, **extra):
    return services.attendee_message_send(
        round_table_id=round_table.pk,
        audience=audience,
        subject=extra.get("subject", "Joining instructions"),
        body=extra.get("body", "Please come to reception on the ground floor."),
        idempotency_key=key or uuid.uuid4(),
        sent_by_id=None,
    )


@pytest.fixture
def booked(small, book):
    """Two confirmed and one waiting on a round table with room for two."""
    return [book("ada@example.com"), book("bo@example.com"), book("wait@example.com")]


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("confirmed", ["ada@example.com", "bo@example.com"]),
        ("waitlisted", ["wait@example.com"]),
        ("both", ["ada@example.com", "bo@example.com", "wait@example.com"]),
    ],
)
def test_a_message_goes_to_the_chosen_people_one_copy_each(
    booked, small, audience, expected, django_capture_on_commit_callbacks, mailoutbox
):
    email_drain()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = _send(small, audience)
    assert outcome.created and outcome.message.recipient_count == len(expected)
    assert sorted(m.to[0] for m in mailoutbox) == expected
    first = mailoutbox[0]
    assert first.subject == "Joining instructions: Textiles Round Table"
    assert first.body.startswith("Dear Person")
    assert "Please come to reception on the ground floor." in first.body
    assert "/cancel/" in first.body


def test_the_same_form_sent_twice_sends_one_message_once_per_person(
    booked, small, django_capture_on_commit_callbacks, mailoutbox
):
    email_drain()
    mailoutbox.clear()
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(small, "both", key=key)
        again = _send(small, "both", key=key)
    assert first.created and not again.created
    assert again.message.pk == first.message.pk
    assert AttendeeMessage.objects.count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ada@example.com",
        "bo@example.com",
        "wait@example.com",
    ]
    email_drain()
    assert len(mailoutbox) == 3


def test_someone_who_cancels_before_the_worker_sends_gets_no_copy(
    booked, small, django_capture_on_commit_callbacks, mailoutbox
):
    email_drain()
    mailoutbox.clear()
    _send(small, "confirmed")  # recorded; the drain is not run yet
    services.booking_cancel(booking_id=booked[0].booking.pk, notify=False)
    email_drain()
    assert "ada@example.com" not in [m.to[0] for m in mailoutbox]


def test_recording_a_message_takes_the_same_queries_for_ten_or_a_thousand_people(small):
    def queries_for(people: int) -> int:
        BookingFactory.create_batch(people, round_table=small)
        with CaptureQueriesContext(connection) as captured:
            _send(small, "confirmed")
        Booking.objects.all().delete()
        return len(captured)

    # One INSERT for the outbox rows on PostgreSQL; SQLite caps the rows a statement may carry.
    fields = OutboundEmail._meta.concrete_fields
    per_insert = min(1000, connection.ops.bulk_batch_size(fields, [None] * 1000))
    few, many = queries_for(10), queries_for(1000)
    assert many <= few + math.ceil(1000 / per_insert)
    if connection.vendor == "postgresql":
        assert many == few
    assert OutboundEmail.objects.filter(write_with__contains="attendee_message").count() == 1010


# --- The admin ---------------------------------------------------------------------------------


def _staff(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def org_client(client, llep_demo):
    client.force_login(_staff("organiser", EVENT_ORGANISERS))
    return client


def test_organiser_previews_the_message_as_it_will_arrive_then_sends_it_once(
    org_client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    BookingFactory(round_table=demo_round_table, full_name="Ann Lee", email="ann@example.com")
    url = reverse("admin:events_roundtable_message", args=[demo_round_table.pk])
    page = org_client.get(url)
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {
        "audience": "confirmed",
        "subject": "Room change",
        "body": "We have moved to room 2.01.",
        "idempotency_key": str(key),
    }
    preview = org_client.post(url, {**data, "preview": "Preview"})
    text = preview.content.decode()
    assert "Room change: Textiles Round Table" in text
    assert "Dear Ann Lee," in text and "We have moved to room 2.01." in text
    assert "Send to 1 person" in text
    assert AttendeeMessage.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        sent = org_client.post(url, {**data, "send": "Send"}, follow=True)
        again = org_client.post(url, {**data, "send": "Send"}, follow=True)
    assert "on its way to 1 person" in sent.content.decode()
    assert "already been sent, so it was not sent again" in again.content.decode()
    assert [m.to for m in mailoutbox] == [["ann@example.com"]]
    listing = again.content.decode()
    assert "Room change" in listing and "organiser" in listing


def test_a_message_with_no_subject_is_refused_with_a_clear_message(org_client, demo_round_table):
    url = reverse("admin:events_roundtable_message", args=[demo_round_table.pk])
    page = org_client.post(
        url,
        {"audience": "confirmed", "subject": "", "body": "x", "idempotency_key": "junk"},
    )
    assert page.status_code == 200
    assert "Enter a subject" in page.content.decode()
    assert AttendeeMessage.objects.count() == 0


def test_a_moderator_cannot_write_to_attendees(client, llep_demo, demo_round_table):
    client.force_login(_staff("moderator", MODERATORS))
    url = reverse("admin:events_roundtable_message", args=[demo_round_table.pk])
    assert client.get(url).status_code == 403


# --- Reminders ---------------------------------------------------------------------------------

# Textiles starts at 10am on Monday 14 May 2018.
TWO_DAYS_BEFORE_9AM = dt.datetime(2018, 5, 12, 9, 0, tzinfo=LONDON)


def test_a_reminder_set_for_two_days_before_at_9am_goes_then_with_the_extra_paragraph(
    small, book, django_capture_on_commit_callbacks, mailoutbox
):
    small.reminder_days_before = 2
    small.reminder_text = "Parking is free in the Vijay Patel car park."
    small.save()
    book("ada@example.com")
    email_drain()
    mailoutbox.clear()
    assert services.booking_reminders_send(now=TWO_DAYS_BEFORE_9AM - dt.timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send(now=TWO_DAYS_BEFORE_9AM) == 1
    [reminder] = mailoutbox
    assert reminder.subject.startswith("Reminder: Textiles Round Table")
    assert "is on Monday 14 May 2018" in reminder.body
    assert "Parking is free in the Vijay Patel car park." in reminder.body


def test_a_round_table_with_no_reminder_sends_none(small, book):
    small.reminder_days_before = None
    small.save()
    book("ada@example.com")
    the_day_before = dt.datetime(2018, 5, 13, 18, 0, tzinfo=LONDON)
    assert services.booking_reminders_send(now=the_day_before) == 0


def test_the_default_reminder_is_the_day_before_at_9am(textiles):
    assert textiles.reminder_days_before == 1
    assert services.reminder_due_at(textiles) == dt.datetime(2018, 5, 13, 9, 0, tzinfo=LONDON)
