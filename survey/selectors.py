"""Reads of the survey, its questions and responses."""

import datetime as dt
import uuid
from enum import Enum

from django.core.cache import cache, caches
from django.db.models import Prefetch
from django.utils import timezone

from portal.models import Consultation, OutboundEmail
from portal.prepared import PreparedQuery
from survey.kinds import kind_of
from survey.models import Choice, Draft, Question, Response, Section, Survey


class SurveyState(Enum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


def survey_current(*, consultation: Consultation) -> Survey | None:
    return Survey.objects.filter(consultation=consultation).order_by("-opens_at").first()


# Every survey request reads these two: their SQL is built once per process.
_CURRENT = PreparedQuery(
    lambda: Survey.objects.filter(consultation__is_current=True).order_by("-opens_at", "-pk")[:1]
)
_DRAFT = PreparedQuery(lambda token: Draft.objects.filter(token=token), token=uuid.UUID)


def survey_of_current_consultation() -> Survey | None:
    """The survey the public pages show, in one query."""
    found = _CURRENT.objects()
    return found[0] if found else None


def survey_state(*, survey: Survey, now: dt.datetime | None = None) -> SurveyState:
    """Open from opens_at up to and including closes_at (23:59:59 on the last day)."""
    now = now or timezone.now()
    if now < survey.opens_at:
        return SurveyState.NOT_OPEN
    if now > survey.closes_at:
        return SurveyState.CLOSED
    return SurveyState.OPEN


# The question set changes rarely (and never in meaning once answered), while every survey page
# and every send needs it: it is kept in the cache for a short while, and admin and the seed
# forget it when they change it. Each process also keeps its copy for a few seconds in the
# process-local cache (portal/localcache.py), since reading it back from Redis (unpickling every
# question and choice) cost a send as much as a query; another process sees an edit at most
# STRUCTURE_LOCAL_SECONDS later. Nothing may change the objects it returns
# (forms.section_check_fields only keeps, on a section, the fields it built from it).
STRUCTURE_SECONDS = 60
STRUCTURE_LOCAL_SECONDS = 5


def _structure_key(survey_id: int) -> str:
    return f"survey:structure:v1:{survey_id}"


def survey_structure_forget(*, survey_id: int) -> None:
    key = _structure_key(survey_id)
    caches["local"].delete(key)
    cache.delete(key)


def survey_sections(*, survey: Survey) -> list[Section]:
    """The sections in order, each with its questions and their choices loaded (3 queries, or
    none when a cache has them)."""
    key = _structure_key(survey.pk)
    sections = caches["local"].get(key)
    if sections is None:
        sections = cache.get(key)
        if sections is None:
            sections = _sections_load(survey=survey)
            cache.set(key, sections, STRUCTURE_SECONDS)
        caches["local"].set(key, sections, STRUCTURE_LOCAL_SECONDS)
    return sections


def _sections_load(*, survey: Survey) -> list[Section]:
    return list(
        Section.objects.filter(survey=survey)
        .order_by("order")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("order").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("order"))
                ),
            )
        )
    )


def survey_questions(*, survey: Survey) -> list[Question]:
    return [q for section in survey_sections(survey=survey) for q in section.questions.all()]


def draft_get(*, token) -> Draft | None:
    try:
        found = _DRAFT.objects(token=token)
    except ValueError:  # a malformed token is simply no draft
        return None
    return found[0] if found else None


def response_for_draft(*, draft: Draft) -> Response | None:
    return Response.objects.filter(submission_key=draft.submission_key).first()


def answers_display(*, questions: list[Question], data: dict) -> list[dict]:
    """Draft-shaped answers as rows for a summary list: question, section order, answer lines."""
    return [
        {"question": q, "lines": kind_of(q).display_lines(q, data.get(q.key))} for q in questions
    ]


def response_answers_display(*, response: Response) -> list[dict]:
    """A stored response's answers, question by question, for admin and receipts."""
    questions = survey_questions(survey=response.survey)
    return answers_display(questions=questions, data=response_data(response=response))


def response_data(*, response: Response) -> dict:
    """A stored response's answers in the Draft.data shape."""
    data: dict = {}
    for answer in response.answers.select_related("question", "choice").order_by("pk"):
        kind_of(answer.question).answer_into(answer.question, answer, data)
    return data


def late_answers_key(key: str) -> str:
    """The outbox's key for one draft's answers emailed to staff after closing (once each)."""
    return f"survey-late:{key}"


def late_answers_sent_at(*, draft: Draft) -> dt.datetime | None:
    """When the draft's answers were emailed to LLEP staff after closing, or None."""
    return (
        OutboundEmail.objects.filter(dedupe_key=late_answers_key(str(draft.token)))
        .values_list("created_at", flat=True)
        .first()
    )
