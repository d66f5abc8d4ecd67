"""Reads of round tables and bookings that views, admin and the prospectus share."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from events.models import Booking, RoundTable

LONDON = ZoneInfo("Europe/London")

# Salts keep a token made for one purpose from being accepted for another.
TOKEN_SALTS = {
    "page": "events.booking.page",
    "cancel": "events.booking.cancel",
}


class BookingTokenInvalid(Exception):
    """The link was altered, or was made for something else."""


class BookingTokenExpired(Exception):
    """The link was genuine, but the round table has ended (or the booking is gone)."""


def _hour_display(value: dt.datetime) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def date_display(value: dt.datetime) -> str:
    local = value.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y}"


def time_range_display(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "10am to 12pm, Monday 14 May 2018", in Europe/London whatever the server's zone."""
    start = starts_at.astimezone(LONDON)
    end = ends_at.astimezone(LONDON)
    text = f"{_hour_display(start)} to {_hour_display(end)}, {date_display(start)}"
    if end.date() != start.date():
        text += f" (ends {date_display(end)})"
    return text


def waiting_position(booking: Booking) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if booking.status != Booking.Status.WAITLISTED:
        return None
    ahead = Booking.objects.filter(
        round_table_id=booking.round_table_id, status=Booking.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=booking.created_at) | Q(created_at=booking.created_at, pk__lt=booking.pk)
    )
    return ahead.count() + 1


def waiting_list(*, round_table: RoundTable) -> QuerySet[Booking]:
    """First come, first served."""
    return Booking.objects.filter(
        round_table=round_table, status=Booking.Status.WAITLISTED
    ).order_by("created_at", "pk")


def attendees_for(*, round_table: RoundTable) -> QuerySet[Booking]:
    return Booking.objects.filter(
        round_table=round_table, status=Booking.Status.CONFIRMED
    ).order_by("full_name", "pk")


def booking_token(booking: Booking, *, purpose: str) -> str:
    return signing.dumps(
        {"b": booking.pk, "r": booking.reference}, salt=TOKEN_SALTS[purpose], compress=True
    )


def booking_from_token(token: str, *, purpose: str, now: dt.datetime | None = None) -> Booking:
    """The booking a signed link names. Raises BookingTokenInvalid for a tampered or foreign
    token and BookingTokenExpired once its round table has ended."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=TOKEN_SALTS[purpose])
        booking_id, reference = int(data["b"]), str(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BookingTokenInvalid from exc
    booking = (
        Booking.objects.select_related("round_table")
        .filter(pk=booking_id, reference=reference)
        .first()
    )
    if booking is None:
        raise BookingTokenExpired
    if now >= booking.round_table.ends_at:
        raise BookingTokenExpired
    return booking
