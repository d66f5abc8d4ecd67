"""Quotes: the answers and round-table notes moderators featured first, then automatic picks of
answers people agreed to have quoted and of notes, capped so the PDF stays concise whatever the
number of responses. quote_text is the one place a quote's words are decided: the redacted copy
the public pages print (results.redaction, the one redaction of an answer or note), or a
moderator's English translation of an answer given in another language."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from events.models import RoundTableNote
from portal.models import Consultation
from prospectus.evidence.common import APPROVED, PERSONAL_KEYS, responses_of
from prospectus.evidence.types import Quote
from prospectus.models import FeaturedQuote
from results.redaction import public_text_expression
from survey import kinds
from survey.english import ENGLISH, InEnglish, english_text, is_english
from survey.models import Answer

# At most this many quotes per sector and question, and this many round-table notes per sector
# and kind.
QUOTES_PER_SECTOR_QUESTION = 2
# Automatic quotes are taken from this many of each sector's earliest quotable responses.
QUOTE_CANDIDATES_PER_SECTOR = 20
NOTES_PER_SECTOR_KIND = 5
QUOTE_MAX_CHARS = 600
# The rule for an automatic pick (the methodology annex prints it): at least this many words,
# and not one of the courtesies below, which say nothing about the economy.
QUOTE_MIN_WORDS = 6
GENERIC_PHRASES = (
    "thank you",
    "thanks for",
    "happy to take part",
    "happy to help",
    "no comment",
    "nothing to add",
    "not applicable",
    "see above",
    "what happens next",
    "keep us informed",
)
_GENERIC = re.compile("|".join(re.escape(p) for p in GENERIC_PHRASES))


def quote_text(
    *, text: str, public: str, text_in_english: str = "", language: str = ENGLISH
) -> InEnglish:
    """The words the board page and the PDF print for a quote, on one line and clipped. `public`
    is what the public may read of it (results.redaction's public text: a moderator's redacted
    copy, or the original). Where it was redacted, the redacted copy, as the public pages print
    it, in the language the answer was given in; never the translation, which may still hold
    what was taken out. Else, for an answer given in another language, the moderator's English
    translation (saying which language) or the words as given (with their language, for the
    page's lang attribute); else the original. Every quote's text comes through here."""
    if public != text:
        return InEnglish(clip(public), None, "" if is_english(language) else language)
    shown = english_text(text=text, text_in_english=text_in_english, language=language)
    return shown._replace(text=clip(shown.text))


def _said(shown: InEnglish) -> dict:
    """A quote's words as the Quote fields that print them."""
    return {"text": shown.text, "translated_from": shown.translated_from or "", "lang": shown.lang}


def is_evidence(text: str) -> bool:
    """Whether an answer or note says enough to be picked automatically as a quote: at least
    QUOTE_MIN_WORDS words, and not mostly a courtesy (a generic phrase in a short answer)."""
    words = text.split()
    if len(words) < QUOTE_MIN_WORDS:
        return False
    return len(words) >= 3 * QUOTE_MIN_WORDS or not _GENERIC.search(" ".join(words).lower())


def featured_quotes(*, consultation: Consultation) -> list[Quote]:
    """Every quote moderators featured, in the order they were chosen: one query. An answer
    counts only while its response is approved and its author agrees to be quoted; an answer or
    note whose redaction withholds all of it is not quoted."""
    rows = (
        FeaturedQuote.objects.filter(
            Q(
                answer__response__survey__consultation=consultation,
                answer__response__status=APPROVED,
                answer__response__quote_ok=True,
            )
            | Q(note__round_table__consultation=consultation)
        )
        .annotate(public=public_text_expression("answer", "note"))
        .exclude(public="")
        .select_related("answer__response", "answer__question", "note__round_table")
        .order_by("pk")
    )
    return [_featured(row) for row in rows]


def _featured(row: FeaturedQuote) -> Quote:
    if row.answer_id:
        answer = row.answer
        return Quote(
            reference=answer.response.reference,
            **_said(
                quote_text(
                    text=answer.text,
                    public=row.public,
                    text_in_english=answer.text_in_english,
                    language=answer.response.language,
                )
            ),
            source=answer.question.text,
            sector_id=answer.response.sector_id,
            ambition_id=row.ambition_id,
            featured=True,
        )
    note = row.note
    return Quote(
        reference=note.reference,
        **_said(quote_text(text=note.text, public=row.public)),
        source=note.round_table.title,
        sector_id=note.round_table.sector_id,
        kind=note.kind,
        ambition_id=row.ambition_id,
        featured=True,
    )


def response_quotes(*, consultation: Consultation, featured: list[Quote]) -> list[Quote]:
    """Each sector's quotes from survey answers: the ones moderators featured for it; where they
    featured none, at most QUOTES_PER_SECTOR_QUESTION for each question from the earliest
    quotable responses, skipping answers whose public text is not evidence (is_evidence). Two
    queries: a windowed pick of candidate responses (the response table only), then their long
    answers with their public text."""
    chosen = [q for q in featured if not q.kind and q.ambition_id is None]
    done = {q.sector_id for q in chosen}
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
            response_id__in=[pk for pk, r in candidates.items() if r["sector_id"] not in done],
            question__kind__in=kinds.quotable_kinds(),
        )
        .exclude(text="")
        .exclude(question__key__in=PERSONAL_KEYS)
        .annotate(public=public_text_expression())
        .values(
            "response_id",
            "text",
            "public",
            "text_in_english",
            "response__language",
            "question_id",
            "question__text",
            "question__section__order",
            "question__order",
        )
    )
    rows = sorted(
        (a for a in answers if is_evidence(a["public"])),
        key=lambda a: (
            a["question__section__order"],
            a["question__order"],
            candidates[a["response_id"]]["submitted_at"],
            a["response_id"],
        ),
    )
    taken: dict[tuple[int | None, int], int] = defaultdict(int)
    for a in rows:
        response = candidates[a["response_id"]]
        key = (response["sector_id"], a["question_id"])
        if taken[key] >= QUOTES_PER_SECTOR_QUESTION:
            continue
        taken[key] += 1
        chosen.append(
            Quote(
                reference=response["reference"],
                **_said(
                    quote_text(
                        text=a["text"],
                        public=a["public"],
                        text_in_english=a["text_in_english"],
                        language=a["response__language"],
                    )
                ),
                source=a["question__text"],
                sector_id=response["sector_id"],
            )
        )
    return chosen


def notes_quoted(*, consultation: Consultation, featured: list[Quote]) -> list[Quote]:
    """Each sector's round-table notes of each kind: the featured ones; where none is featured,
    at most NOTES_PER_SECTOR_KIND of those a redaction does not withhold entirely: one query."""
    chosen = [q for q in featured if q.kind and q.ambition_id is None]
    done = {(q.sector_id, q.kind) for q in chosen}
    rows = (
        RoundTableNote.objects.filter(round_table__consultation=consultation)
        .annotate(public=public_text_expression())
        .exclude(public="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("round_table__sector_id"), F("kind")],
                order_by=[F("pk").asc()],
            )
        )
        .filter(rank__lte=NOTES_PER_SECTOR_KIND)
        .values("pk", "text", "public", "kind", "round_table__slug", "round_table__title")
        .annotate(sector_id=F("round_table__sector_id"))
    )
    return chosen + [
        Quote(
            reference=note_reference(r["round_table__slug"], r["pk"]),
            **_said(quote_text(text=r["text"], public=r["public"])),
            source=r["round_table__title"],
            sector_id=r["sector_id"],
            kind=r["kind"],
        )
        for r in sorted(rows, key=lambda r: r["pk"])
        if (r["sector_id"], r["kind"]) not in done
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
