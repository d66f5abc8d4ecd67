"""The evidence behind the board page and the PDF: one module per figure, assembled here.

Every figure is an aggregate (COUNT ... GROUP BY) or a capped, windowed pick of quotes, so the
number of queries and the size of what comes back do not grow with the number of responses.
"""

from __future__ import annotations

from events.models import RoundTableNote
from portal.models import Consultation, Sector, Theme
from prospectus.evidence.common import PERSONAL_KEYS, query_string
from prospectus.evidence.matrix import sector_rows, theme_counts
from prospectus.evidence.profile import profile_for
from prospectus.evidence.quotes import (
    NOTES_PER_SECTOR_KIND,
    QUOTES_PER_SECTOR_QUESTION,
    clip,
    featured_quotes,
    note_reference,
    notes_quoted,
    response_quotes,
)
from prospectus.evidence.ratings import grand_challenge_choices_for, ratings_for, theme_tags
from prospectus.evidence.round_tables import attendance_for, note_counts, notes_by_sector
from prospectus.evidence.types import (
    Attendance,
    Cell,
    Evidence,
    Quote,
    Rating,
    SectorChapter,
    SectorRow,
    Tally,
)
from survey.models import Survey

__all__ = [
    "NOTES_PER_SECTOR_KIND",
    "PERSONAL_KEYS",
    "QUOTES_PER_SECTOR_QUESTION",
    "Attendance",
    "Cell",
    "Evidence",
    "Quote",
    "Rating",
    "SectorChapter",
    "SectorRow",
    "Tally",
    "clip",
    "evidence_for",
    "note_reference",
    "query_string",
]

# How each kind of note is headed in a sector's chapter.
NOTE_KIND_HEADINGS = {
    "challenge": "Challenges",
    "priority": "Priorities",
    "intervention": "Interventions",
}


def _chapters(rows, attendance, counts, quotes, note_quotes) -> list[SectorChapter]:
    """A chapter for each sector: its row of the matrix, its round table, its notes and quotes."""
    by_sector = {a.round_table.sector_id: a for a in attendance}
    return [
        SectorChapter(
            row=row,
            attendance=by_sector.get(row.sector.pk),
            notes_by_kind=[
                (
                    NOTE_KIND_HEADINGS.get(kind, label),
                    counts.get((row.sector.pk, kind), 0),
                    query_string(sector=row.sector.slug, kind=kind),
                    [q for q in note_quotes if q.sector_id == row.sector.pk and q.kind == kind],
                )
                for kind, label in RoundTableNote.Kind.choices
            ],
            quotes=[q for q in quotes if q.sector_id == row.sector.pk],
        )
        for row in rows
        if row.sector is not None
    ]


def evidence_for(*, consultation: Consultation) -> Evidence:
    """Everything the board page and the PDF show, in a fixed number of queries."""
    sectors = list(Sector.objects.filter(consultation=consultation).order_by("order"))
    themes = list(Theme.objects.order_by("kind", "order"))
    foundations = [t for t in themes if t.kind == Theme.Kind.FOUNDATION]
    grand_challenges = [t for t in themes if t.kind == Theme.Kind.GRAND_CHALLENGE]
    profile = profile_for(consultation=consultation)
    notes = note_counts(consultation=consultation)
    rows, overall = sector_rows(
        sectors=sectors,
        foundations=foundations,
        grand_challenges=grand_challenges,
        counts=theme_counts(consultation=consultation),
        responses_by_sector=profile.by_sector,
        notes_by_sector=notes_by_sector(notes),
    )
    tags = theme_tags(consultation=consultation)
    attendance = attendance_for(consultation=consultation, counts=notes)
    featured = featured_quotes(consultation=consultation)
    quotes = response_quotes(consultation=consultation, featured=featured)
    return Evidence(
        consultation=consultation,
        survey=Survey.objects.filter(consultation=consultation).order_by("-opens_at").first(),
        sectors=sectors,
        foundations=foundations,
        grand_challenges=grand_challenges,
        rows=rows,
        overall=overall,
        ratings=ratings_for(tags=tags, foundations=foundations),
        scale_labels=tags.scale_labels,
        grand_challenge_choices=grand_challenge_choices_for(
            tags=tags, grand_challenges=grand_challenges
        ),
        respondent_types=profile.respondent_types,
        places=profile.places,
        respondent_sectors=[Tally(r.label, r.responses, r.response_query) for r in rows],
        channels=profile.channels,
        statuses=profile.statuses,
        late=profile.late,
        total_responses=profile.total,
        evidence_responses=overall.responses,
        themed_responses=profile.themed,
        quotable_responses=profile.quotable,
        total_notes=overall.notes,
        synthetic_responses=profile.synthetic,
        attendance=attendance,
        chapters=_chapters(
            rows,
            attendance,
            notes,
            quotes,
            notes_quoted(consultation=consultation, featured=featured),
        ),
        featured=featured,
        note_kinds=list(RoundTableNote.Kind.choices),
    )
