"""Reads behind the board pages: the prospectus and its ambitions, the exports, and the lists of
responses and notes behind each count. The evidence itself is prospectus/evidence/."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from events.models import RoundTable, RoundTableNote
from portal.models import Consultation, Sector, Theme
from portal.query import query_int
from prospectus.evidence.common import APPROVED, PERSONAL_KEYS
from prospectus.evidence.common import responses_of as _responses
from prospectus.evidence.quotes import clip as _clip
from prospectus.evidence.types import Quote
from prospectus.models import Ambition, Export, Prospectus
from survey import kinds
from survey.english import english_text
from survey.models import Answer, Response


def prospectus_for(*, consultation: Consultation) -> Prospectus | None:
    return Prospectus.objects.filter(consultation=consultation).first()


@dataclass
class AmbitionView:
    ambition: Ambition
    sectors: list[Sector]
    themes: list[Theme]
    quotes: list[Quote]


def ambitions_for(*, prospectus: Prospectus) -> list[AmbitionView]:
    """The ambitions in order with their sectors, themes and chosen quotes; the chosen responses
    only count when their author agreed to be quoted and the response is evidence."""
    quote_answers = Prefetch(
        "answers",
        queryset=Answer.objects.filter(question__kind__in=kinds.quotable_kinds())
        .exclude(text="")
        .exclude(question__key__in=PERSONAL_KEYS)
        .select_related("question")
        .order_by("question__section__order", "question__order"),
        to_attr="quote_answers",
    )
    ambitions = (
        Ambition.objects.filter(prospectus=prospectus)
        .order_by("order")
        .prefetch_related(
            "sectors",
            "themes",
            Prefetch(
                "quoted_responses",
                queryset=Response.objects.filter(status=APPROVED, quote_ok=True)
                .order_by("pk")
                .prefetch_related(quote_answers),
            ),
            Prefetch(
                "quoted_notes",
                queryset=RoundTableNote.objects.select_related("round_table").order_by("pk"),
            ),
        )
    )
    out = []
    for ambition in ambitions:
        quotes = []
        for response in ambition.quoted_responses.all():
            for answer in response.quote_answers[:1]:
                shown = english_text(
                    text=answer.text,
                    text_in_english=answer.text_in_english,
                    language=response.language,
                )
                quotes.append(
                    Quote(
                        reference=response.reference,
                        text=_clip(shown.text),
                        source=answer.question.text,
                        sector_id=response.sector_id,
                        translated_from=shown.translated_from or "",
                        lang=shown.lang,
                    )
                )
        for note in ambition.quoted_notes.all():
            quotes.append(
                Quote(
                    reference=note.reference,
                    text=_clip(note.text),
                    source=f"{note.round_table.title}, {note.get_kind_display().lower()}",
                    sector_id=note.round_table.sector_id,
                    kind=note.kind,
                )
            )
        out.append(
            AmbitionView(
                ambition=ambition,
                sectors=list(ambition.sectors.all()),
                themes=list(ambition.themes.all()),
                quotes=quotes,
            )
        )
    return out


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
