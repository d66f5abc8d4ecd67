"""Sector by theme: how many approved responses and round-table notes speak to each theme."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from events.models import RoundTableNote
from portal.models import Consultation, Sector, Theme
from prospectus.evidence.common import APPROVED, query_string
from prospectus.evidence.types import Cell, SectorRow
from survey.models import Response

# Counts keyed by (sector id or None, theme id).
Cells = dict[tuple[int | None, int], int]
# Stands for "every sector" when summing the matrix.
ALL = object()


def theme_counts(*, consultation: Consultation) -> tuple[Cells, Cells]:
    """Staff themes of approved responses, and themes of round-table notes, by sector: two
    grouped queries."""
    responses = (
        Response.themes.through.objects.filter(
            response__survey__consultation=consultation, response__status=APPROVED
        )
        .values_list("response__sector_id", "theme_id")
        # A response carries a theme once (the through table is unique), so no DISTINCT; COUNT(*)
        # lets PostgreSQL read the through table's unique index alone.
        .annotate(n=Count("*"))
        .order_by()
    )
    notes = (
        RoundTableNote.themes.through.objects.filter(
            roundtablenote__round_table__consultation=consultation
        )
        .values_list("roundtablenote__round_table__sector_id", "theme_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return (
        {(sector, theme): n for sector, theme, n in responses},
        {(sector, theme): n for sector, theme, n in notes},
    )


def _cells(themes: list[Theme], counts: tuple[Cells, Cells], sector_key, sector_slug) -> list[Cell]:
    def total(cells: Cells, theme: Theme) -> int:
        return sum(
            n
            for (s, t), n in cells.items()
            if t == theme.pk and (sector_key is ALL or s == sector_key)
        )

    query = query_string
    return [
        Cell(
            theme=theme,
            responses=total(counts[0], theme),
            notes=total(counts[1], theme),
            response_query=query(sector=sector_slug, theme=theme.slug),
            note_query=query(sector=sector_slug, theme=theme.slug),
        )
        for theme in themes
    ]


def sector_rows(
    *,
    sectors: list[Sector],
    foundations: list[Theme],
    grand_challenges: list[Theme],
    counts: tuple[Cells, Cells],
    responses_by_sector: dict[int | None, int],
    notes_by_sector: dict[int, int],
) -> tuple[list[SectorRow], SectorRow]:
    """A row per sector (and "No sector given" when some responses gave none), and the total."""
    rows = [
        SectorRow(
            sector=sector,
            label=sector.short_name or sector.name,
            foundations=_cells(foundations, counts, sector.pk, sector.slug),
            grand_challenges=_cells(grand_challenges, counts, sector.pk, sector.slug),
            responses=responses_by_sector.get(sector.pk, 0),
            notes=notes_by_sector.get(sector.pk, 0),
            response_query=query_string(sector=sector.slug),
            note_query=query_string(sector=sector.slug),
        )
        for sector in sectors
    ]
    if responses_by_sector.get(None):
        rows.append(
            SectorRow(
                sector=None,
                label=_("No sector given"),
                foundations=_cells(foundations, counts, None, "none"),
                grand_challenges=_cells(grand_challenges, counts, None, "none"),
                responses=responses_by_sector[None],
                response_query=query_string(sector="none"),
            )
        )
    overall = SectorRow(
        sector=None,
        label=_("All"),
        foundations=_cells(foundations, counts, ALL, ""),
        grand_challenges=_cells(grand_challenges, counts, ALL, ""),
        responses=sum(responses_by_sector.values()),
        notes=sum(notes_by_sector.values()),
    )
    return rows, overall
