"""The booking service: capacity, the waiting list, duplicates, cancelling, capacity changes,
reminders and mail after commit."""

import datetime as dt
from unittest import mock

import icalendar
import pytest

from events import services
from events.models import Booking
from events.selectors import waiting_position
from portal.models import OutboundEmail
from portal.services import email_drain

from .conftest import LONDON

pytestmark = pytest.mark.django_db


def test_booking_confirms_while_places_are_left(book, textiles):
    outcome = book()
    assert outcome.created
    assert outcome.booking.status == Booking.Status.CONFIRMED
    assert outcome.position is None
    assert outcome.booking.reference.startswith("LLEP-")


def test_full_round_table_waitlists_the_next_booking_with_its_position(book, small):
    book(), book()
    third, fourth = book(), book()
    assert third.booking.status == Booking.Status.WAITLISTED
    assert (third.position, fourth.position) == (1, 2)
    assert small.bookings.filter(status=Booking.Status.CONFIRMED).count() == 2


def test_same_email_twice_returns_the_existing_place_and_resends_the_confirmation(
    book, textiles, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = book("Ada@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        again = book("ada@example.COM ")
    assert not again.created
    assert again.booking.pk == first.booking.pk
    assert Booking.objects.count() == 1
    assert len(mailoutbox) == 2
    assert "book again" in mailoutbox[1].body


def test_confirmation_is_resent_at_most_once_an_hour_per_booking(
    book, django_capture_on_commit_callbacks, mailoutbox, before
):
    with django_capture_on_commit_callbacks(execute=True):
        book("ada@example.com")
        for minutes in (1, 20, 59):
            book("ada@example.com", now=before + dt.timedelta(minutes=minutes))
        book("ada@example.com", now=before + dt.timedelta(minutes=61))
    assert len(mailoutbox) == 3  # the confirmation, one resend in the first hour, one after
    assert Booking.objects.count() == 1


def test_same_email_on_the_waiting_list_is_told_its_position(book, small):
    book(), book()
    waiting = book("wait@example.com")
    again = book("wait@example.com")
    assert not again.created
    assert again.position == 1 == waiting.position


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (dt.datetime(2018, 5, 14, 10, 0, tzinfo=LONDON), "closed"),
        (dt.datetime(2018, 5, 14, 12, 0, tzinfo=LONDON), "past"),
        (dt.datetime(2018, 6, 1, 10, 0, tzinfo=LONDON), "past"),
    ],
)
def test_booking_a_started_or_ended_round_table_is_refused_and_writes_nothing(book, moment, reason):
    with pytest.raises(services.BookingRefused) as exc:
        book(now=moment)
    assert exc.value.reason == reason
    assert not Booking.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_booking_after_the_organisers_close_it_is_refused(book, textiles, before):
    textiles.booking_closes_at = before - dt.timedelta(hours=1)
    textiles.save()
    with pytest.raises(services.BookingRefused) as exc:
        book()
    assert exc.value.reason == "closed"
    assert not Booking.objects.exists()


def test_booking_an_unknown_round_table_is_refused(llep, before):
    with pytest.raises(services.BookingRefused) as exc:
        services.booking_create(
            round_table_id=999999,
            full_name="A",
            email="a@example.com",
            organisation="B",
            privacy_agreed=True,
            now=before,
        )
    assert exc.value.reason == "unknown"


def test_booking_without_consent_is_refused(book):
    with pytest.raises(services.BookingRefused) as exc:
        book(privacy_agreed=False)
    assert exc.value.reason == "consent"
    assert not Booking.objects.exists()


def test_confirmation_email_goes_after_commit_with_the_calendar_file(
    book, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = book("ada@example.com")
    (message,) = mailoutbox
    assert message.to == ["ada@example.com"]
    assert outcome.booking.reference in message.subject
    assert "/round-tables/booking/" in message.body
    assert "/cancel/" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    # 10am British Summer Time, as the calendar reads it back.
    (event,) = icalendar.Calendar.from_ical(content).events
    assert event.start == dt.datetime(2018, 5, 14, 9, tzinfo=dt.UTC)


def test_waiting_list_email_gives_the_position(
    book, small, django_capture_on_commit_callbacks, mailoutbox
):
    book(), book()
    with django_capture_on_commit_callbacks(execute=True):
        book("third@example.com")
    (message,) = [m for m in mailoutbox if m.to == ["third@example.com"]]
    assert "waiting list" in message.subject
    assert "number 1" in message.body


def test_confirmation_is_recorded_in_the_booking_transaction_and_written_when_sent(
    book, small, django_capture_on_commit_callbacks, mailoutbox
):
    book(), book()
    with mock.patch("portal.tasks.email_drain_task.delay"):  # the worker has not run yet
        first = book("first@example.com")
        second = book("second@example.com")
    recorded = OutboundEmail.objects.get(to="second@example.com")
    assert recorded.sent_at is None and recorded.body == ""
    assert recorded.write_args == {"booking_id": second.booking.pk, "again": False}
    services.booking_cancel(booking_id=first.booking.pk, now=first.booking.created_at)
    from portal.services import email_send

    assert email_send(email_id=recorded.pk)
    (message,) = [m for m in mailoutbox if m.to == ["second@example.com"]]
    # Written as the booking stands when sent: the first on the list has left, so number 1.
    assert "waiting list, number 1." in message.body
    recorded.refresh_from_db()
    assert recorded.body == message.body and recorded.subject == message.subject


def test_confirmation_of_a_booking_cancelled_before_it_went_is_dropped_not_sent(
    book, before, mailoutbox
):
    from portal.services import email_retry_unsent, email_send

    with mock.patch("portal.tasks.email_drain_task.delay"):
        outcome = book("ada@example.com")
    services.booking_cancel(booking_id=outcome.booking.pk, now=before, notify=False)
    recorded = OutboundEmail.objects.get()
    assert email_send(email_id=recorded.pk) is False
    recorded.refresh_from_db()
    assert recorded.dropped_at is not None and recorded.sent_at is None
    assert mailoutbox == []
    assert email_retry_unsent(older_than_seconds=0) == 0  # never picked up again


def test_booking_succeeds_with_the_broker_down_and_the_retry_sends_the_mail(
    book, django_capture_on_commit_callbacks, mailoutbox
):
    from portal.services import email_retry_unsent

    with (
        mock.patch("portal.tasks.email_drain_task.delay", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = book("ada@example.com")
    assert outcome.booking.status == Booking.Status.CONFIRMED
    assert mailoutbox == []
    assert OutboundEmail.objects.get().sent_at is None
    assert email_retry_unsent(older_than_seconds=0) == 1
    assert len(mailoutbox) == 1


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list_and_emails_them(
    book, small, before, django_capture_on_commit_callbacks, mailoutbox
):
    first, _ = book(), book()
    waiting1, waiting2 = book("w1@example.com"), book("w2@example.com")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking, cancelled = services.booking_cancel(booking_id=first.booking.pk, now=before)
    assert cancelled and booking.status == Booking.Status.CANCELLED
    waiting1.booking.refresh_from_db()
    waiting2.booking.refresh_from_db()
    assert waiting1.booking.status == Booking.Status.CONFIRMED
    assert waiting1.booking.promoted_at == before
    assert waiting_position(waiting2.booking) == 1
    subjects = sorted(m.subject for m in mailoutbox)
    assert any("place has come up" in s for s in subjects)
    assert any(s.startswith("Cancelled") for s in subjects)
    promoted_mail = next(m for m in mailoutbox if "place has come up" in m.subject)
    assert promoted_mail.to == ["w1@example.com"]


def test_leaving_the_waiting_list_promotes_nobody(book, small, before):
    book(), book()
    w1, w2 = book(), book()
    services.booking_cancel(booking_id=w1.booking.pk, now=before)
    w2.booking.refresh_from_db()
    assert w2.booking.status == Booking.Status.WAITLISTED
    assert waiting_position(w2.booking) == 1


def test_cancelling_twice_changes_nothing_the_second_time(book, before):
    outcome = book()
    services.booking_cancel(booking_id=outcome.booking.pk, now=before)
    _, cancelled = services.booking_cancel(booking_id=outcome.booking.pk, now=before)
    assert not cancelled


def test_a_cancelled_person_can_book_again(book, before):
    outcome = book("ada@example.com")
    services.booking_cancel(booking_id=outcome.booking.pk, now=before)
    again = book("ada@example.com")
    assert again.created and again.booking.status == Booking.Status.CONFIRMED


def test_no_promotion_once_the_round_table_has_started(book, small):
    first, _ = book(), book()
    waiting = book()
    started = dt.datetime(2018, 5, 14, 10, 30, tzinfo=LONDON)
    services.booking_cancel(booking_id=first.booking.pk, now=started)
    waiting.booking.refresh_from_db()
    assert waiting.booking.status == Booking.Status.WAITLISTED


def test_raising_capacity_promotes_the_waiting_list_in_order(book, small, before):
    book(), book()
    waiting = [book() for _ in range(3)]
    promoted = services.round_table_capacity_change(round_table_id=small.pk, capacity=4, now=before)
    assert [b.pk for b in promoted] == [waiting[0].booking.pk, waiting[1].booking.pk]
    statuses = [Booking.objects.get(pk=w.booking.pk).status for w in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_lowering_capacity_keeps_confirmed_places_and_waitlists_newcomers(book, small, before):
    book(), book()
    services.round_table_capacity_change(round_table_id=small.pk, capacity=1, now=before)
    assert small.bookings.filter(status="confirmed").count() == 2
    assert book().booking.status == Booking.Status.WAITLISTED


def test_attendance_is_marked_on_confirmed_places_only(book, small):
    confirmed = book()
    book()
    waiting = book()
    count = services.booking_attendance_mark(
        booking_ids=[confirmed.booking.pk, waiting.booking.pk], attended=True
    )
    assert count == 1
    waiting.booking.refresh_from_db()
    assert waiting.booking.attended is None


DAY_BEFORE = dt.datetime(2018, 5, 13, 9, 0, tzinfo=LONDON)


def test_reminders_go_the_day_before_to_confirmed_attendees_only_once(
    book, small, django_capture_on_commit_callbacks, mailoutbox
):
    confirmed = book("ada@example.com")
    cancelled = book("gone@example.com")
    waiting = book("wait@example.com")
    services.booking_cancel(booking_id=cancelled.booking.pk, now=DAY_BEFORE)
    waiting.booking.refresh_from_db()  # promoted into the freed place
    email_drain()  # the worker has sent the booking mail
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send(now=DAY_BEFORE) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "wait@example.com"]
    assert all("Tomorrow" in m.subject for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send(now=DAY_BEFORE + dt.timedelta(minutes=15)) == 0
    assert len(mailoutbox) == 2
    confirmed.booking.refresh_from_db()
    assert confirmed.booking.reminder_sent_at == DAY_BEFORE


def test_reminders_wait_for_the_day_before(book):
    book()
    two_days_before = dt.datetime(2018, 5, 12, 12, 0, tzinfo=LONDON)
    assert services.booking_reminders_send(now=two_days_before) == 0
    assert services.booking_reminders_send(now=DAY_BEFORE - dt.timedelta(hours=2)) == 0


def test_reminder_is_not_sent_twice_even_if_the_mark_was_lost(book):
    outcome = book()
    assert services.booking_reminders_send(now=DAY_BEFORE) == 1
    Booking.objects.filter(pk=outcome.booking.pk).update(reminder_sent_at=None)
    assert services.booking_reminders_send(now=DAY_BEFORE) == 0


def test_reminder_task_has_the_name_beat_calls(llep):
    from django.conf import settings

    from events.tasks import booking_reminders_send

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert booking_reminders_send.name == "events.tasks.booking_reminders_send" in names


def test_booking_by_slug_finds_the_current_consultations_round_table(llep, before):
    outcome = services.booking_create(
        round_table_slug="textiles",
        full_name="A",
        email="a@example.com",
        organisation="B",
        privacy_agreed=True,
        now=before,
    )
    assert outcome.booking.round_table.slug == "textiles"
    with pytest.raises(services.BookingRefused) as exc:
        services.booking_create(
            round_table_slug="no-such-table",
            full_name="A",
            email="a@example.com",
            organisation="B",
            privacy_agreed=True,
            now=before,
        )
    assert exc.value.reason == "unknown"
