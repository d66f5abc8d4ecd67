"""Calendar files and how times read."""

import datetime as dt

import pytest

from events.ics import _fold, booking_ics
from events.models import Booking
from events.selectors import time_range_display

from .conftest import LONDON

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


def test_ics_has_utc_times_the_venue_and_a_stable_uid(book, textiles):
    booking = book().booking
    first = booking_ics(booking, now=dt.datetime(2018, 5, 1, tzinfo=dt.UTC))
    again = booking_ics(Booking.objects.get(pk=booking.pk))
    assert first.startswith("BEGIN:VCALENDAR\r\n")
    assert "METHOD:PUBLISH\r\n" in first
    # 10am British Summer Time is 9am UTC.
    assert "DTSTART:20180514T090000Z\r\n" in first
    assert "DTEND:20180514T110000Z\r\n" in first
    assert "LOCATION:De Montfort University\r\n" in first
    uid = f"UID:booking-{booking.reference.lower()}@llep-consultation\r\n"
    assert uid in first and uid in again
    assert "STATUS:CONFIRMED" in first


def test_ics_for_the_waiting_list_is_tentative(book, textiles):
    textiles.capacity = 0
    textiles.save()
    assert "STATUS:TENTATIVE" in booking_ics(book().booking)


def test_ics_escapes_text_and_folds_long_lines(book, textiles):
    textiles.venue = "Hall; Room 1, Floor 2 " + "é" * 80
    textiles.save()
    text = booking_ics(book().booking)
    assert "Hall\\; Room 1\\, Floor 2" in text
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert _fold("x" * 200).replace("\r\n ", "") == "x" * 200


def test_ics_folds_ascii_and_non_ascii_lines_at_75_octets():
    for line in ("x" * 200, "é" * 100, "ab" * 38, "x" * 75, "x" * 76 + "é" * 30):
        folded = _fold(line)
        assert folded.replace("\r\n ", "") == line
        assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
        assert all(part.startswith(" ") for part in folded.split("\r\n")[1:])
    assert _fold("x" * 75) == "x" * 75
