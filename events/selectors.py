"""Reads of round tables and bookings that views, admin and the prospectus share."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from events.models import Booking, RoundTable
from portal.models import Consultation
from portal.prepared import PreparedQuery

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


def bookings_counted(status: str) -> Subquery:
    # A correlated count, not a join and GROUP BY: PostgreSQL answers it from an index on the
    # bookings (the confirmed ones have their own) and plans it in a fraction of the time.
    return Subquery(
        Booking.objects.filter(round_table=OuterRef("pk"), status=status)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n"),
        output_field=IntegerField(),
    )


def round_tables_with_places(qs: QuerySet[RoundTable]) -> QuerySet[RoundTable]:
    """Round tables annotated with confirmed_count and places_left."""
    return qs.annotate(confirmed_count=bookings_counted(Booking.Status.CONFIRMED)).annotate(
        places_left=Greatest(F("capacity") - F("confirmed_count"), Value(0))
    )


def round_tables_with_counts(qs: QuerySet[RoundTable] | None = None) -> QuerySet[RoundTable]:
    """Round tables annotated with confirmed_count, waiting_count and places_left: one query,
    whatever the number of bookings."""
    qs = RoundTable.objects.all() if qs is None else qs
    return round_tables_with_places(
        qs.annotate(waiting_count=bookings_counted(Booking.Status.WAITLISTED))
    )


def round_tables_listed(*, consultation: Consultation) -> QuerySet[RoundTable]:
    return round_tables_with_counts(
        RoundTable.objects.filter(consultation=consultation).select_related("sector")
    ).order_by("starts_at", "pk")


# The booking page reads this at every request: its SQL is built once per process.
# It does not count the waiting list, which the page does not show and which can be long.
_CURRENT = PreparedQuery(
    lambda slug: round_tables_with_places(
        RoundTable.objects.filter(consultation__is_current=True, slug=slug)
    ).order_by("pk")[:1],
    slug=str,
)


# A booking page asks for its round table at every request: hundreds of times a second in a
# rush, each time a query and the connection's health check. Each process keeps what it read for
# ROUND_TABLE_LOCAL_SECONDS, so a page shows the round table and its places left as they were at
# most that long ago. Booking decides under the lock on what the database holds, so a page a
# second old can never oversell or book a closed round table; it can show "3 places left" when
# two have just gone, as any page can by the time it is read. Nothing may change the objects it
# returns. (docs/decisions/0106-one-index-per-booking-question.md)
ROUND_TABLE_LOCAL_SECONDS = 1.0
_current_local: dict[str, tuple[float, RoundTable]] = {}


def round_table_current(*, slug: str) -> RoundTable | None:
    """A round table of the current consultation with confirmed_count and places_left: one query,
    or none when this process read it in the last ROUND_TABLE_LOCAL_SECONDS."""
    now = time.monotonic()
    local = _current_local.get(slug)
    if local is not None and local[0] > now:
        return local[1]
    found = _CURRENT.objects(slug=slug)
    if not found:
        return None  # not kept: made-up addresses must not fill the process's memory
    _current_local[slug] = (now + ROUND_TABLE_LOCAL_SECONDS, found[0])
    return found[0]


def round_tables_forget_local() -> None:
    """Forget this process's copies (tests, which change a round table between two pages)."""
    _current_local.clear()


def round_table_places_left(round_table: RoundTable) -> int:
    if hasattr(round_table, "places_left"):
        return round_table.places_left
    confirmed = round_table.bookings.filter(status=Booking.Status.CONFIRMED).count()
    return max(round_table.capacity - confirmed, 0)


def round_table_state(round_table: RoundTable, *, now: dt.datetime | None = None) -> str:
    """past (it has ended), closed (booking closed: by the organisers, or because it has
    started), full (waiting list) or open."""
    now = now or timezone.now()
    if now >= round_table.ends_at:
        return "past"
    if now >= round_table.closes_at:
        return "closed"
    if round_table_places_left(round_table) <= 0:
        return "full"
    return "open"


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
