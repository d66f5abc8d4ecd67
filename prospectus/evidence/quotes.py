"""Quotes: answers people agreed to have quoted, and round-table notes, capped so the PDF stays
concise whatever the number of responses."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from events.models import RoundTableNote
from portal.models import Consultation
from prospectus.evidence.common import APPROVED, PERSONAL_KEYS, responses_of
from prospectus.evidence.types import Quote
from survey import kinds
from survey.english import english_text
from survey.models import Answer

# At most this many quotes per sector and question, and this many round-table notes per sector
# and kind.
QUOTES_PER_SECTOR_QUESTION = 2
# Quotes are taken from this many of each sector's earliest quotable responses.
QUOTE_CANDIDATES_PER_SECTOR = 12
NOTES_PER_SECTOR_KIND = 5
QUOTE_MAX_CHARS = 600


def response_quotes(*, consultation: Consultation) -> list[Quote]:
    """Answers a person agreed to have quoted (without name, email or organisation): at most
    QUOTES_PER_SECTOR_QUESTION for each sector and question, from the earliest quotable responses
    of each sector. Two queries: a windowed pick of candidate responses (the response table only),
    then their long-text answers."""
    candidates = {
        r["pk"]: r
        for r in responses_of(consultation)
        .filter(status=APPROVED, quote_ok=True)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("sector_id")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=QUOTE_CANDIDATES_PER_SECTOR)
        .values("pk", "reference", "sector_id", "submitted_at")
    }
    answers = (
        Answer.objects.filter(
            response_id__in=list(candidates), question__kind__in=kinds.quotable_kinds()
        )
        .exclude(text="")
        .exclude(question__key__in=PERSONAL_KEYS)
        .values(
            "response_id",
            "text",
            "text_in_english",
            "response__language",
            "question_id",
            "question__text",
            "question__section__order",
            "question__order",
        )
    )
    rows = sorted(
        answers,
        key=lambda a: (
            a["question__section__order"],
            a["question__order"],
            candidates[a["response_id"]]["submitted_at"],
            a["response_id"],
        ),
    )
    taken: dict[tuple[int | None, int], int] = defaultdict(int)
    quotes = []
    for a in rows:
        response = candidates[a["response_id"]]
        key = (response["sector_id"], a["question_id"])
        if taken[key] >= QUOTES_PER_SECTOR_QUESTION:
            continue
        taken[key] += 1
        shown = english_text(
            text=a["text"], text_in_english=a["text_in_english"], language=a["response__language"]
        )
        quotes.append(
            Quote(
                reference=response["reference"],
                text=clip(shown.text),
                source=a["question__text"],
                sector_id=response["sector_id"],
                translated_from=shown.translated_from or "",
                lang=shown.lang,
            )
        )
    return quotes


def notes_quoted(*, consultation: Consultation) -> list[Quote]:
    """Round-table notes, at most NOTES_PER_SECTOR_KIND for each sector and kind: one query."""
    rows = (
        RoundTableNote.objects.filter(round_table__consultation=consultation)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("round_table__sector_id"), F("kind")],
                order_by=[F("pk").asc()],
            )
        )
        .filter(rank__lte=NOTES_PER_SECTOR_KIND)
        .values("pk", "text", "kind", "round_table__slug", "round_table__title")
        .annotate(sector_id=F("round_table__sector_id"))
    )
    return [
        Quote(
            reference=note_reference(r["round_table__slug"], r["pk"]),
            text=clip(r["text"]),
            source=r["round_table__title"],
            sector_id=r["sector_id"],
            kind=r["kind"],
        )
        for r in sorted(rows, key=lambda r: r["pk"])
    ]


def note_reference(slug: str, pk: int) -> str:
    """The same reference as RoundTableNote.reference, without loading the round table."""
    return f"RT-{slug.upper()}-{pk}"


def clip(text: str) -> str:
    """One line of at most QUOTE_MAX_CHARS characters."""
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[: QUOTE_MAX_CHARS - 1].rstrip() + "…"
