"""Reads of the published results: whether they are public, which responses and notes are
published, and what the results pages show. Every page reads a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext

from events.models import RoundTable, RoundTableNote
from portal.models import Consultation, Sector, Theme
from portal.selectors import prospectus_due_year
from prospectus.evidence import PERSONAL_KEYS, Evidence, clip, evidence_for, note_reference
from prospectus.models import Ambition, Export, FeaturedQuote
from results.models import Publication
from results.redaction import public_text_expression
from survey import kinds
from survey.models import Answer, Question, Response
from survey.selectors import survey_current

QUOTES_PER_GROUP = 3
STAFF_LANGUAGE = settings.LANGUAGE_CODE
NOTES_PER_SECTOR = 6


def publication_for(*, consultation: Consultation) -> Publication | None:
    return (
        Publication.objects.filter(consultation=consultation)
        .select_related("export", "approved_by", "published_by", "unpublished_by")
        .first()
    )


def publication_public() -> Publication | None:
    """The current consultation's results, when they are published; None otherwise."""
    return (
        Publication.objects.filter(consultation__is_current=True, is_published=True)
        .select_related("consultation", "export")
        .first()
    )


def results_expected(*, consultation: Consultation | None) -> str:
    """When the results are expected, as the pages say before they are published."""
    survey = survey_current(consultation=consultation) if consultation else None
    year = prospectus_due_year(survey.closes_at) if survey else None
    # Said inside a sentence of the page's language ("… expects to publish them in …").
    if year:
        return gettext("the summer of %(year)s") % {"year": year}
    return gettext("after the consultation closes")


def approvable_exports(*, consultation: Consultation) -> QuerySet[Export]:
    """The prospectus PDFs the board may approve: those generated successfully, not drafts."""
    return Export.objects.filter(
        prospectus__consultation=consultation, status=Export.Status.DONE, draft=False
    ).select_related("requested_by")


def published_responses(*, consultation: Consultation) -> QuerySet[Response]:
    """The responses the public may read: approved, their author agreed to be quoted, cleared
    for publication by a moderator, and not erased."""
    return Response.objects.filter(
        survey__consultation=consultation,
        status=Response.Status.APPROVED,
        quote_ok=True,
        anonymised_at__isnull=True,
        clearance__isnull=False,
    )


def published_answers(*, responses: QuerySet[Response]) -> QuerySet[Answer]:
    """The answers of those responses the public may read (a person's own words, never their
    details), each with its public text as `public`; empty ones left out."""
    return (
        Answer.objects.filter(response__in=responses, question__kind__in=kinds.quotable_kinds())
        .exclude(question__key__in=PERSONAL_KEYS)
        .annotate(public=public_text_expression())
        .exclude(public="")
    )


def published_notes(*, consultation: Consultation) -> QuerySet[RoundTableNote]:
    """What the round tables said, each with its public text as `public`."""
    return (
        RoundTableNote.objects.filter(round_table__consultation=consultation)
        .annotate(public=public_text_expression())
        .exclude(public="")
    )


def _in_language(model, field: str, pks: set[int]) -> dict[int, str]:
    """A translated field of those rows (modeltranslation) in the page's language, as the survey
    and the round tables' pages show it: the translation, or the English when there is none. The
    quotes are read with values(), which reads only the English column."""
    return {pk: getattr(row, field) for pk, row in model.objects.in_bulk(pks).items()}


@dataclass
class PublicQuote:
    reference: str
    text: str
    source: str
    # The language the words are in, for the page's lang attribute (WCAG 3.1.2): a response's
    # answers are in the language it was given in (0912); round-table notes are staff's English.
    lang: str = STAFF_LANGUAGE


@dataclass
class Group:
    """What people said about one sector or one theme."""

    slug: str
    name: str
    responses: int
    notes: int
    quotes: list[PublicQuote] = field(default_factory=list)
    note_quotes: list[PublicQuote] = field(default_factory=list)


def _quotes_by(answers: QuerySet[Answer], partition: str) -> dict[int, list[PublicQuote]]:
    """Up to QUOTES_PER_GROUP published answers in each group, each from a different response
    and, as far as they go, to a different question: one query over the earliest few answers to
    each question in each group, so the rows read do not grow with the responses."""
    rows = (
        answers.annotate(group=F(partition))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F(partition), F("question_id")],
                order_by=[F("response__submitted_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=QUOTES_PER_GROUP)
        .values("group", "rank", "response_id", "public", "response__reference",
                "response__language", "question_id", "question__section__order",
                "question__order")
    )  # fmt: skip
    questions = _in_language(Question, "text", {row["question_id"] for row in rows})
    ordered = sorted(
        rows, key=lambda r: (r["rank"], r["question__section__order"], r["question__order"])
    )
    out: dict[int, list[PublicQuote]] = {}
    used: set[tuple[int, int]] = set()
    for row in ordered:
        quotes = out.setdefault(row["group"], [])
        if len(quotes) >= QUOTES_PER_GROUP or (row["group"], row["response_id"]) in used:
            continue
        used.add((row["group"], row["response_id"]))
        quotes.append(
            PublicQuote(
                row["response__reference"],
                clip(row["public"]),
                questions[row["question_id"]],
                row["response__language"] or STAFF_LANGUAGE,
            )
        )
    return out


def _notes_by_sector(notes: QuerySet[RoundTableNote]) -> dict[int, list[PublicQuote]]:
    """The first NOTES_PER_SECTOR published round-table notes of each sector, in one query (and
    one for their round tables' titles in the page's language)."""
    rows = list(
        notes.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("round_table__sector_id")],
                order_by=[F("kind").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=NOTES_PER_SECTOR)
        .values("pk", "public", "kind", "round_table_id", "round_table__slug",
                "round_table__sector_id")
    )  # fmt: skip
    titles = _in_language(RoundTable, "title", {row["round_table_id"] for row in rows})
    out: dict[int, list[PublicQuote]] = {}
    kinds_shown = dict(RoundTableNote.Kind.choices)
    for row in rows:
        out.setdefault(row["round_table__sector_id"], []).append(
            PublicQuote(
                note_reference(row["round_table__slug"], row["pk"]),
                clip(row["public"]),
                f"{titles[row['round_table_id']]}, {kinds_shown[row['kind']].lower()}",
            )
        )
    return out


@dataclass
class WhatWeHeard:
    evidence: Evidence
    published_responses: int
    by_sector: list[Group]
    by_theme: list[Group]
    # Approved responses (the evidence) by how they were received.
    channels: list[tuple[str, int]]
    # Round tables that took place, with how many attended.
    held: list


def what_we_heard(*, consultation: Consultation) -> WhatWeHeard:
    evidence = evidence_for(consultation=consultation)
    now = timezone.now()
    approved = Response.Status.APPROVED.label
    responses = published_responses(consultation=consultation)
    answers = published_answers(responses=responses)
    sector_quotes = _quotes_by(answers, "response__sector_id")
    sector_notes = _notes_by_sector(published_notes(consultation=consultation))
    theme_quotes = _quotes_by(answers, "response__themes")
    by_sector = [
        Group(
            slug=row.sector.slug,
            name=gettext(row.sector.name),  # the LLEP's wording, in the catalogue
            responses=row.responses,
            notes=row.notes,
            quotes=sector_quotes.get(row.sector.pk, []),
            note_quotes=sector_notes.get(row.sector.pk, []),
        )
        for row in evidence.rows
        if row.sector is not None
    ]
    cells = evidence.overall.foundations + evidence.overall.grand_challenges
    by_theme = [
        Group(
            slug=cell.theme.slug,
            name=gettext(cell.theme.name),  # the Industrial Strategy's wording, in the catalogue
            responses=cell.responses,
            notes=cell.notes,
            quotes=theme_quotes.get(cell.theme.pk, []),
        )
        for cell in cells
    ]
    return WhatWeHeard(
        evidence=evidence,
        published_responses=responses.count(),
        by_sector=by_sector,
        by_theme=by_theme,
        channels=[
            (channel["label"], next(t.count for t in channel["counts"] if t.label == approved))
            for channel in evidence.channels
        ],
        held=[
            a
            for a in evidence.attendance
            if a.round_table.ends_at < now and not a.round_table.cancelled_at
        ],
    )


@dataclass
class AmbitionResult:
    ambition: Ambition
    sectors: list[Sector]
    themes: list[Theme]
    quotes: list[PublicQuote]


def what_we_did(*, consultation: Consultation) -> list[AmbitionResult]:
    """The ambitions of the prospectus with the sectors and themes they answer, and the quotes
    moderators featured under them that are published: answers only of published responses,
    each in its public text (results.redaction, as the prospectus prints it), in two queries; and
    two for their questions' text and round tables' titles in the page's language."""
    ambitions = list(
        Ambition.objects.filter(prospectus__consultation=consultation)
        .order_by("order")
        .prefetch_related("sectors", "themes")
    )
    responses = published_responses(consultation=consultation)
    featured = list(
        FeaturedQuote.objects.filter(ambition__in=ambitions)
        .filter(
            Q(answer__response__in=responses, answer__question__kind__in=kinds.quotable_kinds())
            | Q(note__round_table__consultation=consultation)
        )
        .exclude(answer__question__key__in=PERSONAL_KEYS)
        .annotate(public=public_text_expression("answer", "note"))
        .exclude(public="")
        .order_by("pk")
        .values(
            "ambition_id", "public", "note_id", "answer__response__reference",
            "answer__response__language", "answer__question_id", "note__round_table__slug",
            "note__round_table_id",
        )
    )  # fmt: skip
    notes = [row for row in featured if row["note_id"]]
    answers = [row for row in featured if not row["note_id"]]
    titles = _in_language(RoundTable, "title", {row["note__round_table_id"] for row in notes})
    questions = _in_language(Question, "text", {row["answer__question_id"] for row in answers})
    quotes: dict[int, list[PublicQuote]] = {}
    for row in featured:
        if row["note_id"]:
            reference = note_reference(row["note__round_table__slug"], row["note_id"])
            source, lang = titles[row["note__round_table_id"]], STAFF_LANGUAGE
        else:
            reference = row["answer__response__reference"]
            source = questions[row["answer__question_id"]]
            lang = row["answer__response__language"] or STAFF_LANGUAGE
        quotes.setdefault(row["ambition_id"], []).append(
            PublicQuote(reference, clip(row["public"]), source, lang)
        )
    return [
        AmbitionResult(
            ambition=a,
            sectors=list(a.sectors.all()),
            themes=list(a.themes.all()),
            quotes=quotes.get(a.pk, []),
        )
        for a in ambitions
    ]
