"""The survey's part in the portal-wide jobs (portal/registry.py): seeding it and its synthetic
responses, and erasing respondents' personal data."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from portal.privacy import ErasureScope, Found, Line, chunks, counted
from portal.registry import register
from portal.selectors import date_display, datetime_display, prospectus_due_year
from survey import kinds
from survey.models import PERSONAL_KEYS, Answer, Draft, ModerationEvent, Response
from survey.seed import survey_seed
from survey.selectors import survey_current
from survey.synthetic import responses_fit_dates, responses_generate

# The answers that are personal details (survey.models.PERSONAL_KEYS) are blanked, and every
# free-text answer as well, since a person may name themselves or their business in it.


@register("seed", order=20)
def seed(*, consultation, dating, demo: bool) -> None:
    survey = survey_seed(consultation=consultation, dating=dating)
    if demo:
        # A demo database re-dated on a later day keeps its synthetic responses inside the
        # survey's new opening (docs/decisions/0002-seed-dates.md).
        responses_fit_dates(survey=survey)


@register("synthetic", order=20)
def synthetic(*, consultation, count: int) -> str:
    made = responses_generate(survey=survey_current(consultation=consultation), count=count)
    return f"Added {made} synthetic responses (reference prefix DEMO-)."


@register("erase", order=20)
class ResponseEraser:
    """Responses keep status, channel, type, place, sector, themes, choices and ratings; drafts
    go whole."""

    def find(self, scope: ErasureScope) -> dict[str, Found]:
        rows = list(
            self._in_scope(scope)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "reference", "name", "email")
        )
        return {"responses": Found(Response, rows)}

    @staticmethod
    def _in_scope(scope: ErasureScope):
        """The one response with the reference (staff may have entered it without an address),
        the person's by address (theirs, or in an answer), or those past the retention period."""
        if scope.reference is not None:
            return Response.objects.filter(reference__iexact=scope.reference)
        if scope.email is not None:
            return Response.objects.filter(
                Q(email__iexact=scope.email)
                | Q(pk__in=Answer.objects.filter(text__icontains=scope.email).values("response"))
            )
        return Response.objects.filter(
            survey__closes_at__lt=scope.cutoff, submitted_at__lt=scope.cutoff
        ).exclude(anonymised_at__isnull=False)

    def erase(self, scope: ErasureScope) -> list[Line]:
        rows = scope.found["responses"].rows
        blanked = notes = 0
        for chunk in chunks([row[0] for row in rows]):
            blanked += self._answers_blank(chunk)
            Response.objects.filter(pk__in=chunk).update(
                name="",
                email="",
                organisation="",
                quote_ok=False,
                contact_ok=False,
                notify_results=False,
                anonymised_at=scope.now,
            )
            notes += self._notes_blank(scope, chunk)
        return [
            Line(
                "anonymise",
                len(rows),
                "survey response",
                "survey responses",
                [row[1] for row in rows],
                detail=f", blanking {counted(blanked, 'answer', 'answers')}",
            ),
            Line(
                "delete",
                self._drafts_delete(scope),
                "unsubmitted survey draft",
                "unsubmitted survey drafts",
            ),
            Line("blank", notes, "moderation note", "moderation notes"),
        ]

    @staticmethod
    def _answers_blank(chunk: list[int]) -> int:
        free_text = Answer.objects.filter(response_id__in=chunk).filter(
            Q(question__kind__in=kinds.free_text_kinds()) | Q(question__key__in=PERSONAL_KEYS)
        )
        return free_text.exclude(text="").update(text="")

    @staticmethod
    def _notes_blank(scope: ErasureScope, chunk: list[int]) -> int:
        notes = ModerationEvent.objects.filter(response_id__in=chunk).exclude(note="")
        if scope.needles:
            notes = notes.filter(scope.mentions("note", "themes"))
        # Past the retention period a staff note about a response goes with its author's details.
        return notes.update(note="")

    @staticmethod
    def _drafts_delete(scope: ErasureScope) -> int:
        if scope.reference is not None:
            drafts = Draft.objects.filter(token__in=_draft_tokens(scope.found["responses"]))
        elif scope.email is not None:
            drafts = Draft.objects.annotate(data_text=Cast("data", models.TextField())).filter(
                Q(email__iexact=scope.email) | Q(data_text__icontains=scope.email)
            )
        else:
            drafts = Draft.objects.filter(
                updated_at__lt=scope.cutoff, survey__closes_at__lt=scope.cutoff
            )
        ids = list(drafts.values_list("pk", flat=True))
        Draft.objects.filter(pk__in=ids).delete()
        return len(ids)


def _draft_tokens(found: Found) -> list[str]:
    """The drafts the responses were sent from (kept a while after sending, survey/services.py):
    an online response's submission key names its draft (Draft.submission_key)."""
    keys = Response.objects.filter(
        pk__in=[row[0] for row in found.rows],
        submission_key__startswith=Draft.SUBMISSION_KEY_PREFIX,
    ).values_list("submission_key", flat=True)
    return [key.removeprefix(Draft.SUBMISSION_KEY_PREFIX) for key in keys]


@register("home", order=20)
def home(*, consultation) -> dict:
    """The survey's dates for the home and get-involved pages."""
    survey = survey_current(consultation=consultation)
    if survey is None:
        return {"survey": None}
    return {
        "survey": {
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "opens": datetime_display(survey.opens_at),
            "closes": datetime_display(survey.closes_at),
            "closes_date": date_display(survey.closes_at),
            "prospectus_year": prospectus_due_year(survey.closes_at),
        }
    }
