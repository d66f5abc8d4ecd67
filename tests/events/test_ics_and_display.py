"""Calendar files and how times read."""

import datetime as dt

import icalendar
import pytest

from events import services
from events.ics import booking_ics
from events.models import Booking
from events.selectors import time_range_display

from .conftest import BEFORE, LONDON

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2018, 5, 14, 10), (2018, 5, 14, 12), "10am to 12pm, Monday 14 May 2018"),
        ((2018, 5, 16, 13), (2018, 5, 16, 15), "1pm to 3pm, Wednesday 16 May 2018"),
        ((2018, 5, 18, 14), (2018, 5, 18, 16), "2pm to 4pm, Friday 18 May 2018"),
        ((2018, 12, 3, 9, 30), (2018, 12, 3, 11), "9:30am to 11am, Monday 3 December 2018"),
    ],
)
def test_times_read_as_people_say_them_in_london_time(start, end, expected):
    as_utc = dt.datetime(*start, tzinfo=LONDON).astimezone(dt.UTC)
    assert time_range_display(as_utc, dt.datetime(*end, tzinfo=LONDON)) == expected


def parsed(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    """A calendar file read back by the icalendar package, and its one event."""
    calendar = icalendar.Calendar.from_ical(text)
    (event,) = calendar.events
    return calendar, event


def london(value) -> dt.datetime:
    return value.astimezone(LONDON)


def test_calendar_file_has_the_london_times_the_place_and_a_stable_uid(book, textiles):
    textiles.room = "Room 2.05"
    textiles.venue_address = "The Gateway\nLeicester\nLE1 9BH"
    textiles.save()
    booking = book().booking
    calendar, event = parsed(booking_ics(booking, now=dt.datetime(2018, 5, 1, tzinfo=dt.UTC)))
    _, again = parsed(booking_ics(Booking.objects.get(pk=booking.pk)))
    assert calendar["METHOD"] == "PUBLISH"
    assert london(event.start) == dt.datetime(2018, 5, 14, 10, tzinfo=LONDON)
    assert london(event.end) == dt.datetime(2018, 5, 14, 12, tzinfo=LONDON)
    assert str(event["LOCATION"]) == (
        "De Montfort University, Room 2.05, The Gateway, Leicester, LE1 9BH"
    )
    assert str(event["UID"]) == f"booking-{booking.reference.lower()}@llep-consultation"
    assert event["UID"] == again["UID"]
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"


def test_calendar_description_holds_the_agenda_and_the_cancel_link(book, textiles):
    textiles.agenda = "10am: welcome\n10:15am: the textiles sector's challenges"
    textiles.save()
    _, event = parsed(booking_ics(book().booking))
    description = str(event["DESCRIPTION"])
    assert "Agenda:\n10am: welcome\n10:15am: the textiles sector's challenges" in description
    assert "/round-tables/cancel/" in description or "/cancel/" in description


def test_calendar_file_for_the_waiting_list_is_tentative(book, textiles):
    textiles.capacity = 0
    textiles.save()
    _, event = parsed(booking_ics(book().booking))
    assert event["STATUS"] == "TENTATIVE"


def test_calendar_file_keeps_punctuation_and_accents_and_folds_long_lines(book, textiles):
    textiles.venue = "Hall; Room 1, Floor 2 " + "é" * 80
    textiles.save()
    text = booking_ics(book().booking)
    assert str(parsed(text)[1]["LOCATION"]) == textiles.venue
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_changed_round_table_updates_the_same_event_with_a_higher_sequence(book, textiles):
    booking = book().booking
    _, before = parsed(booking_ics(booking))
    textiles.starts_at += dt.timedelta(hours=1)
    textiles.ends_at += dt.timedelta(hours=1)
    textiles.save()
    services.round_table_change_record(round_table_id=textiles.pk)
    calendar, after = parsed(booking_ics(Booking.objects.get(pk=booking.pk)))
    assert calendar["METHOD"] == "PUBLISH"
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert london(after.start) == dt.datetime(2018, 5, 14, 11, tzinfo=LONDON)


def test_cancellation_file_cancels_the_same_event_with_a_higher_sequence(book):
    booking = book().booking
    _, held = parsed(booking_ics(booking))
    cancelled, _ = services.booking_cancel(booking_id=booking.pk, now=BEFORE)
    calendar, event = parsed(booking_ics(cancelled, cancelled=True))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == held["UID"]
    assert event["SEQUENCE"] > held["SEQUENCE"]
    assert london(event.start) == dt.datetime(2018, 5, 14, 10, tzinfo=LONDON)


def test_promotion_raises_the_sequence_so_the_tentative_event_becomes_confirmed(book, small):
    first, _second, waiting = book(), book(), book()
    _, tentative = parsed(booking_ics(waiting.booking))
    services.booking_cancel(booking_id=first.booking.pk, now=BEFORE)
    _, confirmed = parsed(booking_ics(Booking.objects.get(pk=waiting.booking.pk)))
    assert confirmed["STATUS"] == "CONFIRMED"
    assert confirmed["SEQUENCE"] > tentative["SEQUENCE"]
