"""What the round tables contributed: notes by sector and kind, and who booked and attended."""

from __future__ import annotations

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery

from events import availability
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
    # The places come from the owner of availability; who attended is this figure's own count.
    attended = (
        Booking.objects.filter(round_table=OuterRef("pk"), attended=True)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    round_tables = (
        availability.with_counts(RoundTable.objects.filter(consultation=consultation))
        .select_related("sector")
        .annotate(attended_count=Subquery(attended, output_field=IntegerField()))
        .order_by("starts_at")
    )
    by_sector = notes_by_sector(counts)
    return [
        Attendance(
            round_table=rt,
            confirmed=rt.confirmed_count,
            waitlisted=rt.waiting_count,
            attended=rt.attended_count,
            notes=by_sector.get(rt.sector_id, 0),
            note_query=query_string(round_table=rt.slug),
        )
        for rt in round_tables
    ]
