"""The evidence behind each ambition: the approved responses and round-table notes that speak to
its themes in its sectors, by theme, and the quotes moderators featured for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from events.models import RoundTableNote
from portal.models import Sector, Theme
from prospectus.evidence.common import APPROVED, query_string, responses_of
from prospectus.evidence.types import Cell, Quote, SectorRow
from prospectus.models import Ambition, Prospectus
from survey.models import Response


@dataclass
class AmbitionEvidence:
    ambition: Ambition
    sectors: list[Sector]
    themes: list[Theme]
    responses: int  # approved responses from its sectors carrying at least one of its themes
    notes: int  # round-table notes of its sectors carrying at least one of its themes
    by_theme: list[Cell]  # each of its themes, counted over its sectors
    quotes: list[Quote]
    query: str  # the board lists behind the two totals

    @property
    def has_evidence(self) -> bool:
        return bool(self.responses or self.notes)


def ambition_responses(ambition: Ambition) -> QuerySet[Response]:
    """The approved responses that speak to the ambition: from one of its sectors, tagged with
    one of its themes. The board's list (?ambition=N) and the count share this."""
    tagged = Response.themes.through.objects.filter(
        response_id=OuterRef("pk"), theme_id__in=[t.pk for t in ambition.themes.all()]
    )
    return (
        responses_of(ambition.prospectus.consultation)
        .filter(status=APPROVED, sector_id__in=[s.pk for s in ambition.sectors.all()])
        .filter(Exists(tagged))
    )


def ambition_notes(ambition: Ambition) -> QuerySet[RoundTableNote]:
    tagged = RoundTableNote.themes.through.objects.filter(
        roundtablenote_id=OuterRef("pk"), theme_id__in=[t.pk for t in ambition.themes.all()]
    )
    return RoundTableNote.objects.filter(
        round_table__consultation=ambition.prospectus.consultation,
        round_table__sector_id__in=[s.pk for s in ambition.sectors.all()],
    ).filter(Exists(tagged))


def _by_theme(
    ambition_sectors: set[int], themes: list[Theme], rows: list[SectorRow], order: int
) -> list[Cell]:
    """Each theme's responses and notes summed over the ambition's sectors."""
    cells: dict[int, Cell] = {}
    for row in rows:
        if row.sector is None or row.sector.pk not in ambition_sectors:
            continue
        for cell in row.foundations + row.grand_challenges:
            total = cells.setdefault(
                cell.theme.pk,
                Cell(
                    theme=cell.theme,
                    response_query=query_string(ambition=order, theme=cell.theme.slug),
                    note_query=query_string(ambition=order, theme=cell.theme.slug),
                ),
            )
            total.responses += cell.responses
            total.notes += cell.notes
    return [cells.get(t.pk) or Cell(theme=t) for t in themes]


def ambitions_evidence(
    *, prospectus: Prospectus, rows: list[SectorRow], featured: list[Quote]
) -> list[AmbitionEvidence]:
    """Each ambition in order with its evidence: one query for the ambitions, two counts each
    (four or five ambitions), the by-theme figures from the sector rows already counted."""
    ambitions = (
        Ambition.objects.filter(prospectus=prospectus)
        .select_related("prospectus__consultation")
        .order_by("order")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("order")),
            Prefetch("themes", queryset=Theme.objects.order_by("kind", "order")),
        )
    )
    out = []
    for ambition in ambitions:
        sectors = list(ambition.sectors.all())
        themes = list(ambition.themes.all())
        out.append(
            AmbitionEvidence(
                ambition=ambition,
                sectors=sectors,
                themes=themes,
                responses=ambition_responses(ambition).count() if themes else 0,
                notes=ambition_notes(ambition).count() if themes else 0,
                by_theme=_by_theme({s.pk for s in sectors}, themes, rows, ambition.order),
                quotes=[q for q in featured if q.ambition_id == ambition.pk],
                query=query_string(ambition=ambition.order),
            )
        )
    return out
