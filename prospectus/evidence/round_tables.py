"""What the round tables contributed: notes by sector and kind, and who booked and attended."""

from __future__ import annotations

from django.db.models import Count, Q

from events.models import Booking, RoundTable, RoundTableNote
from portal.models import Consultation
from prospectus.evidence.common import query_string
from prospectus.evidence.types import Attendance

# Notes counted by (sector id, kind).
NoteCounts = dict[tuple[int, str], int]


def note_counts(*, consultation: Consultation) -> NoteCounts:
    """Round-table notes by sector and kind: one grouped query."""
    return {
        (sector_id, kind): n
        for sector_id, kind, n in RoundTableNote.objects.filter(
            round_table__consultation=consultation
        )
        .values_list("round_table__sector_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    }


def notes_by_sector(counts: NoteCounts) -> dict[int, int]:
    totals: dict[int, int] = {}
    for (sector_id, _kind), n in counts.items():
        totals[sector_id] = totals.get(sector_id, 0) + n
    return totals


def attendance_for(*, consultation: Consultation, counts: NoteCounts) -> list[Attendance]:
    """Each round table's confirmed, waiting and attended places (cancelled ones never count),
    and its notes: one query."""
    round_tables = (
        RoundTable.objects.filter(consultation=consultation)
        .select_related("sector")
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
            waitlisted=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
            attended_count=Count(
                "bookings",
                filter=Q(bookings__attended=True) & ~Q(bookings__status=Booking.Status.CANCELLED),
            ),
        )
        .order_by("starts_at")
    )
    by_sector = notes_by_sector(counts)
    return [
        Attendance(
            round_table=rt,
            confirmed=rt.confirmed,
            waitlisted=rt.waitlisted,
            attended=rt.attended_count,
            notes=by_sector.get(rt.sector_id, 0),
            note_query=query_string(round_table=rt.slug),
        )
        for rt in round_tables
    ]
