"""iCalendar (.ics) files for a booking: one event, UTC times, a UID that never changes."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from events.models import Booking

PRODID = "-//Leicester and Leicestershire Enterprise Partnership//Consultation portal//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    if len(encoded) == len(line):  # ASCII: one octet a character, so plain slices
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
    parts, current, limit = [], b"", 75
    for char in line:
        char_bytes = char.encode("utf-8")
        if len(current) + len(char_bytes) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += char_bytes
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.reference.lower()}@llep-consultation"


def booking_ics(booking: Booking, *, now: dt.datetime | None = None) -> str:
    """The round table as a calendar event. Times are UTC, which every calendar converts
    correctly to Europe/London (BST in May) without a VTIMEZONE block to get wrong."""
    now = now or timezone.now()
    round_table = booking.round_table
    location = round_table.venue
    if round_table.venue_address:
        location += ", " + ", ".join(
            line.strip() for line in round_table.venue_address.splitlines() if line.strip()
        )
    waiting = booking.status == Booking.Status.WAITLISTED
    summary = round_table.title + (" (waiting list)" if waiting else "")
    description = (
        f"{round_table.title}, {round_table.when_display}, {round_table.venue}.\n"
        f"Booking reference {booking.reference}."
    )
    if waiting:
        description += "\nYou are on the waiting list; we will email you if a place comes up."
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking_uid(booking)}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(round_table.starts_at)}",
        f"DTEND:{_utc(round_table.ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{settings.SITE_URL}{round_table.get_absolute_url()}",
        f"STATUS:{'TENTATIVE' if waiting else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def booking_ics_filename(booking: Booking) -> str:
    return f"{booking.round_table.slug}-{booking.reference.lower()}.ics"
