"""Reads of round tables and bookings that views, admin and the prospectus share."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Booking, RoundTable
from portal.selectors import date_display as portal_date_display
from portal.selectors import time_range_display as portal_time_range_display

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


def date_display(value: dt.datetime) -> str:
    return portal_date_display(value.astimezone(LONDON).date())


def time_range_display(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "10am to 12pm, Monday 14 May 2018", in Europe/London whatever the server's zone, in the
    page's language."""
    start = starts_at.astimezone(LONDON)
    end = ends_at.astimezone(LONDON)
    text = _("%(times)s, %(date)s") % {
        "times": portal_time_range_display(start, end),
        "date": date_display(start),
    }
    if end.date() != start.date():
        text += _(" (ends %(date)s)") % {"date": date_display(end)}
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


def cancelled_with(round_table: RoundTable) -> QuerySet[Booking]:
    """The bookings the organisers' cancellation of this round table cancelled (they carry its
    cancellation's own time), not those people cancelled themselves; none once it is back on."""
    if round_table.cancelled_at is None:
        return Booking.objects.none()
    return Booking.objects.filter(
        round_table=round_table,
        status=Booking.Status.CANCELLED,
        cancelled_at=round_table.cancelled_at,
    )


def with_waiting_position(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    """Bookings annotated with waiting_position (1 for the first waiting; None when not waiting),
    by the same rule as waiting_position, in the list's own one query: a correlated count that
    PostgreSQL answers from the waiting-list index, unaffected by the list's filters or search."""
    ahead = (
        Booking.objects.filter(
            round_table_id=OuterRef("round_table_id"), status=Booking.Status.WAITLISTED
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("round_table_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    position = Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
    return qs.annotate(
        waiting_position=Case(When(status=Booking.Status.WAITLISTED, then=position), default=None)
    )


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


@dataclass(frozen=True)
class Need:
    text: str  # as the first person to write it wrote it
    names: list[str]


@dataclass(frozen=True)
class NeedsSummary:
    """What the venue and the caterer need to know: each need as written, with who gave it."""

    attendees: int
    access: list[Need]
    dietary: list[Need]

    @property
    def access_count(self) -> int:
        return sum(len(need.names) for need in self.access)

    @property
    def dietary_count(self) -> int:
        return sum(len(need.names) for need in self.dietary)


def _grouped(pairs: list[tuple[str, str]]) -> list[Need]:
    # The same words in another case or spacing ("Vegan", "vegan ") are one need, counted
    # together; anything worded differently stays as written, since only a person can tell
    # whether "no nuts" and "nut allergy" are the same.
    groups: dict[str, Need] = {}
    for name, text in pairs:
        text = " ".join(text.split())
        if text:
            groups.setdefault(text.casefold(), Need(text=text, names=[])).names.append(name)
    return sorted(groups.values(), key=lambda need: (-len(need.names), need.text.casefold()))


def needs_summary(attendees: list[Booking]) -> NeedsSummary:
    """The access and dietary needs of the confirmed attendees, for the sign-in sheet: names and
    needs only, never an email address."""
    return NeedsSummary(
        attendees=len(attendees),
        access=_grouped([(b.full_name, b.access_needs) for b in attendees]),
        dietary=_grouped([(b.full_name, b.dietary_needs) for b in attendees]),
    )
