"""Reads behind the board pages: the prospectus and its ambitions, the exports, and the lists of
responses and notes behind each count. The evidence itself is prospectus/evidence/."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from events.models import RoundTable, RoundTableNote
from portal.models import Consultation, Sector, Theme
from portal.query import query_int
from prospectus.evidence import Evidence
from prospectus.evidence.ambitions import (
    AmbitionEvidence,
    ambition_notes,
    ambition_responses,
    ambitions_evidence,
)
from prospectus.evidence.common import APPROVED, PERSONAL_KEYS
from prospectus.evidence.common import responses_of as _responses
from prospectus.evidence.types import Tally
from prospectus.models import (
    PLACEHOLDER,
    Ambition,
    EvidenceTable,
    Export,
    KeyMessage,
    Prospectus,
)
from survey import kinds
from survey.models import Answer, Response


def prospectus_for(*, consultation: Consultation) -> Prospectus | None:
    return Prospectus.objects.filter(consultation=consultation).first()


def ambitions_for(*, prospectus: Prospectus, evidence: Evidence) -> list[AmbitionEvidence]:
    return ambitions_evidence(prospectus=prospectus, rows=evidence.rows, featured=evidence.featured)


@dataclass
class ThemeMessage:
    """One line of the executive summary's top messages: a theme, its figures, staff's words."""

    theme: Theme
    responses: int
    notes: int
    text: str
    mean: Decimal | None = None


@dataclass
class Summary:
    channels: list[Tally]  # approved responses by channel
    sectors: list[Tally]  # approved responses by sector
    round_tables_held: int
    round_tables: int
    attended: int
    foundations: list[ThemeMessage]
    grand_challenges: list[ThemeMessage]


def summary_for(*, prospectus: Prospectus, evidence: Evidence, now=None) -> Summary:
    """The executive summary's figures, all from the evidence already counted, beside the key
    messages staff wrote for each theme: one query."""
    now = now or timezone.now()
    messages = dict(
        KeyMessage.objects.filter(prospectus=prospectus).values_list("theme_id", "text")
    )
    means = {r.theme.pk: r.mean for r in evidence.ratings}

    def lines(cells) -> list[ThemeMessage]:
        return [
            ThemeMessage(
                theme=c.theme,
                responses=c.responses,
                notes=c.notes,
                text=messages.get(c.theme.pk, ""),
                mean=means.get(c.theme.pk),
            )
            for c in cells
        ]

    held = [a for a in evidence.attendance if a.round_table.ends_at <= now]
    approved = [value for value, _ in Response.Status.choices].index(APPROVED)
    return Summary(
        channels=[
            Tally(c["label"], c["counts"][approved].count, c["counts"][approved].query)
            for c in evidence.channels
        ],
        sectors=evidence.respondent_sectors,
        round_tables_held=len(held),
        round_tables=len(evidence.attendance),
        attended=sum(a.attended for a in held),
        foundations=lines(evidence.overall.foundations),
        grand_challenges=lines(evidence.overall.grand_challenges),
    )


def evidence_tables_for(*, prospectus: Prospectus) -> dict[int | None, list[EvidenceTable]]:
    """Staff's evidence tables by the sector chapter they are attached to (None: the evidence
    in figures): one query."""
    tables: dict[int | None, list[EvidenceTable]] = defaultdict(list)
    for table in EvidenceTable.objects.filter(prospectus=prospectus).order_by("order", "pk"):
        tables[table.sector_id].append(table)
    return dict(tables)


def _holds_placeholder(text: str) -> bool:
    return PLACEHOLDER.lower() in (text or "").lower()


def placeholder_sections(*, prospectus: Prospectus) -> list[str]:
    """The parts of the prospectus whose text still holds the seed's placeholder ("[Draft for
    staff to edit]"), named as the admin names them, in the PDF's order: [] once staff have
    finished them all. Four queries."""
    found = [
        label
        for label, text in [
            ("Title", prospectus.title),
            ("Summary", prospectus.summary),
            ("Foreword", prospectus.foreword),
            ("Introduction", prospectus.introduction),
        ]
        if _holds_placeholder(text)
    ]
    for ambition in Ambition.objects.filter(prospectus=prospectus).order_by("order", "pk"):
        fields = [
            label
            for label, text in [
                ("title", ambition.title),
                ("in a line", ambition.in_a_line),
                ("statement", ambition.statement),
            ]
            if _holds_placeholder(text)
        ]
        if fields:
            found.append(f"Ambition {ambition.order} ({', '.join(fields)})")
    messages = KeyMessage.objects.filter(prospectus=prospectus).select_related("theme")
    found += [f"Key message for {m.theme.name}" for m in messages if _holds_placeholder(m.text)]
    found += [
        f"Evidence table “{table.title}”"
        for table in EvidenceTable.objects.filter(prospectus=prospectus).order_by("order", "pk")
        if _holds_placeholder(table.title) or _holds_placeholder(table.source)
    ]
    return found


def exports_for(*, prospectus: Prospectus, limit: int = 20) -> list[Export]:
    return list(Export.objects.filter(prospectus=prospectus).select_related("requested_by")[:limit])


# ----- the board's evidence lists: the responses and notes behind each count -----


@dataclass
class ListFilter:
    label: str
    value: str


def evidence_responses(
    *, consultation: Consultation, params
) -> tuple[QuerySet[Response], list[ListFilter]]:
    """Approved responses matching the board list's filters, and a description of the filters
    for the page. Unknown values match nothing rather than erroring. The board sees evidence,
    which is approved responses only: a status asked for in the address is ignored."""
    qs = _responses(consultation).filter(status=APPROVED)
    described: list[ListFilter] = [ListFilter("Status", Response.Status.APPROVED.label)]
    if "ambition" in params:
        ambition = _ambition(consultation, params)
        qs = qs.filter(pk__in=ambition_responses(ambition).values("pk")) if ambition else qs.none()
        described.append(ListFilter("Speaks to ambition", str(ambition or "No such ambition")))
    if sector := params.get("sector"):
        if sector == "none":
            qs = qs.filter(sector__isnull=True)
            described.append(ListFilter("Sector", "No sector given"))
        else:
            qs = qs.filter(sector__slug=sector, sector__consultation=consultation)
            described.append(ListFilter("Sector", _sector_name(consultation, sector)))
    if theme := params.get("theme"):
        qs = qs.filter(themes__slug=theme)
        described.append(ListFilter("Speaks to", _theme_name(theme)))
    if channel := params.get("channel"):
        qs = qs.filter(channel=channel)
        described.append(
            ListFilter("Channel", dict(Response.Channel.choices).get(channel, channel))
        )
    if rtype := params.get("type"):
        qs = qs.filter(respondent_type="" if rtype == "none" else rtype)
        described.append(
            ListFilter("Respondent", dict(Response.RespondentType.choices).get(rtype, "Not given"))
        )
    if place := params.get("place"):
        qs = qs.filter(place="" if place == "none" else place)
        described.append(ListFilter("Place", dict(Response.Place.choices).get(place, "Not given")))
    if params.get("quote") == "1":
        qs = qs.filter(quote_ok=True)
        described.append(ListFilter("Quote", "agreed to be quoted"))
    if params.get("late") == "1":
        qs = qs.filter(is_late=True)
        described.append(ListFilter("Received", "after the survey closed"))
    if rated := params.get("rated"):
        answers = Answer.objects.filter(
            question__kind__in=kinds.rated_kinds(),
            choice__themes__slug=rated,
            score__isnull=False,
        )
        score = query_int(params, "score")
        if score is not None:
            answers = answers.filter(score=score)
            described.append(ListFilter(f"Rated {_theme_name(rated)}", score))
        else:
            described.append(ListFilter("Rated", _theme_name(rated)))
        qs = qs.filter(pk__in=answers.values("response_id"))
    if chose := params.get("chose"):
        qs = qs.filter(
            pk__in=Answer.objects.filter(
                question__kind__in=kinds.choice_kinds(),
                choice__themes__slug=chose,
            ).values("response_id")
        )
        described.append(ListFilter("Chose", _theme_name(chose)))
    qs = (
        qs.distinct()
        .select_related("sector")
        .prefetch_related("themes")
        .only(
            "pk",
            "reference",
            "channel",
            "status",
            "is_late",
            "submitted_at",
            "respondent_type",
            "place",
            "quote_ok",
            "sector__name",
            "sector__short_name",
        )
        .order_by("submitted_at", "pk")
    )
    return qs, described


def evidence_notes(
    *, consultation: Consultation, params
) -> tuple[QuerySet[RoundTableNote], list[ListFilter]]:
    qs = RoundTableNote.objects.filter(round_table__consultation=consultation)
    described: list[ListFilter] = []
    if "ambition" in params:
        ambition = _ambition(consultation, params)
        qs = qs.filter(pk__in=ambition_notes(ambition).values("pk")) if ambition else qs.none()
        described.append(ListFilter("Speaks to ambition", str(ambition or "No such ambition")))
    if sector := params.get("sector"):
        qs = qs.filter(round_table__sector__slug=sector)
        described.append(ListFilter("Sector", _sector_name(consultation, sector)))
    if round_table := params.get("round_table"):
        qs = qs.filter(round_table__slug=round_table)
        title = RoundTable.objects.filter(consultation=consultation, slug=round_table).values_list(
            "title", flat=True
        )
        described.append(ListFilter("Round table", title.first() or round_table))
    if theme := params.get("theme"):
        qs = qs.filter(themes__slug=theme)
        described.append(ListFilter("Speaks to", _theme_name(theme)))
    if kind := params.get("kind"):
        qs = qs.filter(kind=kind)
        described.append(ListFilter("Kind", dict(RoundTableNote.Kind.choices).get(kind, kind)))
    qs = (
        qs.distinct()
        .select_related("round_table", "round_table__sector")
        .prefetch_related("themes")
        .order_by("round_table__starts_at", "kind", "pk")
    )
    return qs, described


def _ambition(consultation: Consultation, params) -> Ambition | None:
    """The ambition a list is asked for by its number (?ambition=2), or None when there is no
    such ambition (the list is then empty rather than everything)."""
    order = query_int(params, "ambition")
    if order is None:
        return None
    return (
        Ambition.objects.filter(prospectus__consultation=consultation, order=order)
        .select_related("prospectus__consultation")
        .first()
    )


def _sector_name(consultation: Consultation, slug: str) -> str:
    name = Sector.objects.filter(consultation=consultation, slug=slug).values_list(
        "name", flat=True
    )
    return name.first() or slug


def _theme_name(slug: str) -> str:
    return Theme.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def response_for_board(*, consultation: Consultation, reference: str) -> Response | None:
    """One approved response with its answers, without the questions that say who the person
    is; None for any other status (the board sees evidence only)."""
    return (
        _responses(consultation)
        .filter(reference=reference, status=APPROVED)
        .select_related("sector", "survey")
        .prefetch_related(
            "themes",
            Prefetch(
                "answers",
                queryset=Answer.objects.exclude(question__key__in=PERSONAL_KEYS)
                .select_related("question", "choice")
                .order_by("question__section__order", "question__order", "pk"),
                to_attr="board_answers",
            ),
        )
        .first()
    )
