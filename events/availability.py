"""Whether a round table has a place, and what state it is in: the one owner of availability,
as pretix's QuotaAvailability is (docs/decisions/0107-availability.md).

The booking service (under its lock), the round-table list, each round table's page, the admin
and the prospectus all ask here; no other code counts bookings or decides a round table's state.
`state_of` is the one rule, a pure function of a round table's row, its confirmed places and the
time. The counts come from one query. Pages read a copy each process keeps for
LOCAL_SECONDS in Django's process-local cache: a page a second old can say "1 place left" when it
has just gone, and booking, which decides under the lock on what the database holds, then puts
the person on the waiting list, as with two people booking a second apart.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.core.cache import caches
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Booking, RoundTable
from portal.models import Consultation
from portal.prepared import PreparedQuery


class State(StrEnum):
    OPEN = "open"
    FULL = "full"  # booking goes on the waiting list
    CLOSED = "closed"  # booking closed: by the organisers, or because it has started
    PAST = "past"  # it has taken place
    CANCELLED = "cancelled"  # the organisers cancelled it
    UNKNOWN = "unknown"  # no such round table, or not of the current consultation

    @property
    def bookable(self) -> bool:
        return self in (State.OPEN, State.FULL)


# Why a booking is refused, by state; the booking service and the pages say the same words.
REFUSALS = {
    State.UNKNOWN: _("There is no such round table."),
    State.CLOSED: _("Booking for this round table has closed."),
    State.PAST: _("This round table has taken place, so it can no longer be booked."),
    State.CANCELLED: _("This round table has been cancelled, so it can no longer be booked."),
}

LOCAL_SECONDS = 1.0
_local = caches["local"]
LIVE = [Booking.Status.CONFIRMED, Booking.Status.WAITLISTED]


def state_of(round_table: RoundTable, *, confirmed: int, now: dt.datetime) -> State:
    """The rule: cancelled once the organisers cancel it, whatever its date; taken place once it
    has ended, closed once booking has closed (never later than the start), full when the
    confirmed places reach the capacity, otherwise open."""
    if round_table.cancelled_at is not None:
        return State.CANCELLED
    if now >= round_table.ends_at:
        return State.PAST
    if now >= round_table.closes_at:
        return State.CLOSED
    if not place_free(round_table, confirmed=confirmed):
        return State.FULL
    return State.OPEN


def place_free(round_table: RoundTable, *, confirmed: int) -> bool:
    """Whether a confirmed place is left, whatever the time: the one comparison of the places
    taken with the capacity (a walk-in on the day asks it after booking has closed)."""
    return confirmed < round_table.capacity


@dataclass(frozen=True)
class Availability:
    """A round table with its places as counted, and its state when counted."""

    round_table: RoundTable
    confirmed: int
    waiting: int
    state: State

    @property
    def places_left(self) -> int:
        return max(self.round_table.capacity - self.confirmed, 0)

    @property
    def version(self) -> str:
        """Changes whenever what a page shows of the round table changes: its row, its state or
        its places left. A key for the page fragments each process keeps (events/detail.html)."""
        row = tuple(getattr(self.round_table, f.attname) for f in RoundTable._meta.concrete_fields)
        return f"{self.state}:{self.places_left}:{hash(row)}"


def _counted(status: str) -> Subquery:
    # A correlated count, not a join and GROUP BY: PostgreSQL answers it from the partial index
    # of each status (events migration 0003) and plans it in a fraction of the time.
    return Subquery(
        Booking.objects.filter(round_table=OuterRef("pk"), status=status)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n"),
        output_field=IntegerField(),
    )


def with_counts(qs: QuerySet[RoundTable]) -> QuerySet[RoundTable]:
    """Round tables annotated with confirmed_count, waiting_count and places_left, in the same
    one query (the admin sorts by them)."""
    return qs.annotate(
        confirmed_count=_counted(Booking.Status.CONFIRMED),
        waiting_count=_counted(Booking.Status.WAITLISTED),
    ).annotate(places_left=Greatest(F("capacity") - F("confirmed_count"), Value(0)))


def of(round_table: RoundTable, *, now: dt.datetime | None = None) -> Availability:
    """The availability of a round table read through with_counts (no query), or counted now."""
    if not hasattr(round_table, "confirmed_count"):
        round_table = with_counts(RoundTable.objects.filter(pk=round_table.pk)).get()
    return Availability(
        round_table=round_table,
        confirmed=round_table.confirmed_count,
        waiting=round_table.waiting_count,
        state=state_of(
            round_table, confirmed=round_table.confirmed_count, now=now or timezone.now()
        ),
    )


def listed(*, consultation: Consultation) -> list[Availability]:
    """Every round table of the consultation in date order, as this process counted them at most
    LOCAL_SECONDS ago: one query, or none."""
    key = f"availability:list:{consultation.pk}"
    round_tables = _local.get(key)
    if round_tables is None:
        round_tables = list(
            with_counts(
                RoundTable.objects.filter(consultation=consultation).select_related("sector")
            ).order_by("starts_at", "pk")
        )
        _local.set(key, round_tables, LOCAL_SECONDS)
    now = timezone.now()
    return [of(round_table, now=now) for round_table in round_tables]


def version_of(listed: list[Availability]) -> str:
    """Changes whenever any of the listed round tables' versions changes."""
    return "|".join(item.version for item in listed)


# A round table's page reads this at every request of a rush: its SQL is built once per process.
_CURRENT = PreparedQuery(
    lambda slug: with_counts(
        RoundTable.objects.filter(consultation__is_current=True, slug=slug)
    ).order_by("pk")[:1],
    slug=str,
)


def current(*, slug: str) -> Availability | None:
    """A round table of the current consultation, as this process counted it at most
    LOCAL_SECONDS ago: one query, or none. An unknown slug is never kept, so made-up addresses
    cannot fill the process's memory."""
    key = f"availability:current:{slug}"
    round_table = _local.get(key)
    if round_table is None:
        found = _CURRENT.objects(slug=slug)
        if not found:
            return None
        round_table = found[0]
        _local.set(key, round_table, LOCAL_SECONDS)
    return of(round_table)


# Read under the booking lock, in a statement of its own (a statement that waited for the lock
# still sees the bookings as they were when it began): the places taken, and this email's live
# booking through the one_live_booking_per_email index, in one statement so that the lock is
# held for as few as possible.
_LOCKED_COUNTS = PreparedQuery(
    lambda round_table_id, email: (
        RoundTable.objects.filter(pk=round_table_id)
        .order_by()
        .annotate(
            confirmed=_counted(Booking.Status.CONFIRMED),
            existing=Subquery(
                Booking.objects.filter(round_table=OuterRef("pk"), status__in=LIVE)
                .order_by()
                .annotate(email_lower=Lower("email"))
                .filter(email_lower=Lower(Value(email)))
                .values("pk")[:1]
            ),
        )
        .values_list("confirmed", "existing")
    ),
    round_table_id=int,
    email=str,
)


def counted_for_booking(*, round_table_id: int, email: str) -> tuple[int, int | None]:
    """Under the booking lock: the confirmed places, and the id of this email's live booking."""
    return _LOCKED_COUNTS.row(round_table_id=round_table_id, email=email)


def confirmed_count(*, round_table: RoundTable) -> int:
    """The confirmed places, counted now (under the lock, when promoting the waiting list)."""
    return Booking.objects.filter(round_table=round_table, status=Booking.Status.CONFIRMED).count()


def with_no_shows(qs: QuerySet[RoundTable]) -> QuerySet[RoundTable]:
    """Round tables annotated with no_show_count (confirmed places not marked as attended) and
    attendance_count (confirmed places marked either way), in the list's one query. A list shows
    no-shows only once a round table has taken place (state PAST) and only when attendance was
    recorded: with nobody marked, every place would look like a no-show."""
    confirmed = Booking.objects.filter(
        round_table=OuterRef("pk"), status=Booking.Status.CONFIRMED
    ).order_by()

    def count(bookings) -> Subquery:
        return Subquery(
            bookings.annotate(n=Func(F("pk"), function="COUNT")).values("n"),
            output_field=IntegerField(),
        )

    return qs.annotate(
        no_show_count=count(confirmed.exclude(attended=True)),
        attendance_count=count(confirmed.filter(attended__isnull=False)),
    )
