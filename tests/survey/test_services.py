"""Survey services: opening and closing in UK time, submitting once, drafts and links, late
answers, moderation and the seed of the question set."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.models import Theme
from survey import services
from survey.models import Answer, Draft, ModerationEvent, Question, Response, Section
from survey.seed import questions_seed
from survey.selectors import SurveyState, survey_state
from tests.together import together

pytestmark = pytest.mark.django_db
UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


def test_llep_survey_closes_at_one_second_to_midnight_bst(closed_survey):
    assert closed_survey.closes_at == dt.datetime(2018, 5, 31, 22, 59, 59, tzinfo=UTC)
    last_second = dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=LONDON)
    midnight = dt.datetime(2018, 6, 1, 0, 0, tzinfo=LONDON)
    assert survey_state(survey=closed_survey, now=last_second) == SurveyState.OPEN
    assert survey_state(survey=closed_survey, now=midnight) == SurveyState.CLOSED
    # 23:30 UTC is already 00:30 on 1 June in the UK.
    assert (
        survey_state(survey=closed_survey, now=dt.datetime(2018, 5, 31, 23, 30, tzinfo=UTC))
        == SurveyState.CLOSED
    )


def test_a_survey_closing_in_winter_closes_at_midnight_gmt(closed_survey):
    closed_survey.opens_at = dt.datetime(2018, 11, 1, 9, 0, tzinfo=LONDON)
    closed_survey.closes_at = dt.datetime(2018, 11, 30, 23, 59, 59, tzinfo=LONDON)
    assert closed_survey.closes_at.astimezone(UTC) == dt.datetime(
        2018, 11, 30, 23, 59, 59, tzinfo=UTC
    )
    at = dt.datetime(2018, 11, 30, 23, 30, tzinfo=UTC)
    assert survey_state(survey=closed_survey, now=at) == SurveyState.OPEN
    assert (
        survey_state(survey=closed_survey, now=dt.datetime(2018, 12, 1, 0, 0, 0, tzinfo=UTC))
        == SurveyState.CLOSED
    )


def test_before_opening_the_survey_is_not_open(closed_survey):
    before = dt.datetime(2018, 5, 14, 8, 59, tzinfo=LONDON)
    assert survey_state(survey=closed_survey, now=before) == SurveyState.NOT_OPEN


def test_online_submission_after_closing_is_refused(closed_survey, answers):
    after = dt.datetime(2018, 6, 1, 0, 0, 1, tzinfo=LONDON)
    with pytest.raises(services.SurveyClosedError) as refused:
        services.response_submit(survey=closed_survey, data=answers, now=after)
    assert refused.value.state == SurveyState.CLOSED
    assert Response.objects.count() == 0


def test_staff_entry_after_closing_is_kept_and_marked_late(closed_survey, answers):
    received = dt.datetime(2018, 6, 2, 10, 0, tzinfo=LONDON)
    response, created = services.response_submit(
        survey=closed_survey,
        data=answers,
        channel=Response.Channel.EMAIL,
        submitted_at=received,
        now=received,
        entered_by=None,
    )
    assert created and response.is_late and response.channel == "email"


def test_same_submission_key_twice_makes_one_response(closed_survey, answers):
    now = dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON)
    first, created = services.response_submit(
        survey=closed_survey, data=answers, submission_key="k1", now=now
    )
    second, created_again = services.response_submit(
        survey=closed_survey, data=answers, submission_key="k1", now=now
    )
    assert created and not created_again and first == second
    assert Response.objects.count() == 1
    assert Answer.objects.count() == first.answers.count()


def test_answers_outside_the_options_or_scale_are_not_stored(closed_survey, answers):
    answers["sector"] = ["made-up"]
    answers["foundations"] = {"ideas": 9, "people": 5, "unknown": 3}
    answers["grand_challenges"] = ["clean-growth", "clean-growth", "nope"]
    now = dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON)
    response, _ = services.response_submit(survey=closed_survey, data=answers, now=now)
    assert response.sector is None
    assert list(
        response.answers.filter(question__key="foundations").values_list("score", flat=True)
    ) == [5]
    assert response.answers.filter(question__key="grand_challenges").count() == 1


def test_reference_looks_like_llep_and_is_unique(closed_survey, answers):
    now = dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON)
    refs = {
        services.response_submit(survey=closed_survey, data=answers, now=now)[0].reference
        for _ in range(5)
    }
    assert len(refs) == 5
    assert all(ref.startswith("LLEP-") and len(ref) == 14 for ref in refs)


def test_save_link_reopens_the_draft_and_a_tampered_link_does_not(
    closed_survey, mailoutbox, django_capture_on_commit_callbacks
):
    draft = services.draft_start(survey=closed_survey)
    services.draft_update(draft=draft, data={"organisation": "Acme"}, section_order=2)
    with django_capture_on_commit_callbacks(execute=True):
        link = services.draft_link_send(draft=draft, email="me@example.com")
    assert link in mailoutbox[0].body
    assert "11:59pm on Thursday 31 May 2018" in mailoutbox[0].body
    signed = link.rstrip("/").rsplit("/", 1)[1]
    assert services.draft_from_link(signed=signed) == draft
    assert services.draft_from_link(signed=signed[:-2] + "xx") is None
    assert services.draft_from_link(signed="nonsense") is None


def test_late_answers_are_emailed_to_staff_once(
    closed_survey, answers, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STAFF_EMAIL = "staff@llep.example"
    with django_capture_on_commit_callbacks(execute=True):
        services.late_answers_send(
            survey=closed_survey, data=answers, reply_to="a@b.example", key="t1"
        )
        services.late_answers_send(
            survey=closed_survey, data=answers, reply_to="a@b.example", key="t1"
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["staff@llep.example"]
    assert "Skills shortages and poor broadband" in mailoutbox[0].body
    assert "a@b.example" in mailoutbox[0].body


def test_response_moderate_records_who_changed_status_and_themes(closed_survey, answers):
    from tests.survey.factories import UserFactory

    user = UserFactory()
    now = dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON)
    response, _ = services.response_submit(survey=closed_survey, data=answers, now=now)
    ideas = Theme.objects.get(slug="ideas")
    event = services.response_moderate(
        response=response, user=user, status="rejected", themes=[ideas], now=now
    )
    assert (event.action, event.from_status, event.to_status, event.themes) == (
        "reject",
        "pending",
        "rejected",
        "Ideas",
    )
    assert services.response_moderate(response=response, user=user, status="rejected") is None
    services.response_moderate(response=response, user=user, themes=[])
    assert ModerationEvent.objects.filter(response=response).count() == 2
    assert ModerationEvent.objects.first().action == "theme"
    with pytest.raises(ValueError):
        services.response_moderate(response=response, user=user, status="deleted")


def test_seed_loads_four_sections_of_tagged_questions_and_is_idempotent(closed_survey):
    assert list(Section.objects.filter(survey=closed_survey).values_list("title", flat=True)) == [
        "About you",
        "Challenges and the foundations of productivity",
        "Grand Challenges, priorities and interventions",
        "Quoting you and contacting you",
    ]
    keys = set(Question.objects.filter(section__survey=closed_survey).values_list("key", flat=True))
    assert {
        "respondent_type",
        "organisation",
        "sector",
        "place",
        "challenges",
        "foundations",
        "grand_challenges",
        "priorities",
        "interventions",
        "anything_else",
        "quote_ok",
        "contact_ok",
        "name",
        "email",
        "notify_results",
    } == keys
    foundations = Question.objects.get(key="foundations")
    assert foundations.kind == "rating" and foundations.choices.count() == 5
    assert foundations.choices.get(value="people").themes.get().slug == "people"
    sector = Question.objects.get(key="sector")
    assert sector.choices.get(value="textiles").sectors.get().slug == "textiles"
    grand = Question.objects.get(key="grand_challenges")
    assert set(grand.themes.values_list("kind", flat=True)) == {"grand_challenge"}
    before = (Question.objects.count(), Section.objects.count(), foundations.choices.count())
    questions_seed(survey=closed_survey)
    questions_seed(survey=closed_survey)
    assert (
        Question.objects.count(),
        Section.objects.count(),
        foundations.choices.count(),
    ) == before


def test_drafts_live_on_the_server(closed_survey):
    draft = services.draft_start(survey=closed_survey)
    services.draft_update(draft=draft, data={"organisation": "A"}, section_order=1)
    services.draft_update(draft=draft, data={"challenges": "B"}, section_order=2)
    assert Draft.objects.get(pk=draft.pk).data == {"organisation": "A", "challenges": "B"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submission_makes_one_response(closed_survey, answers):
    now = dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON)

    def submit():
        return services.response_submit(
            survey=closed_survey, data=answers, submission_key="same", now=now
        )

    results = together(*[submit] * 4)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Response.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert len({response.pk for response, _ in results}) == 1


def test_drafts_nobody_needs_are_purged_and_the_rest_kept(closed_survey):
    """Sent a week ago, empty for a day, or unsent 30 days after closing: gone; else kept."""
    closes = closed_survey.closes_at
    now = closes + dt.timedelta(days=10)

    def draft(*, data, updated, submitted=None):
        made = services.draft_start(survey=closed_survey)
        Draft.objects.filter(pk=made.pk).update(
            data=data, updated_at=updated, submitted_at=submitted
        )
        return made.pk

    sent_long_ago = draft(data={"a": "b"}, updated=now, submitted=now - dt.timedelta(days=8))
    sent_lately = draft(data={"a": "b"}, updated=now, submitted=now - dt.timedelta(days=6))
    empty_old = draft(data={}, updated=now - dt.timedelta(days=2))
    empty_new = draft(data={}, updated=now - dt.timedelta(hours=2))
    unsent = draft(data={"a": "b"}, updated=now - dt.timedelta(days=9))
    assert services.drafts_purge(now=now) == 2
    assert set(Draft.objects.values_list("pk", flat=True)) == {sent_lately, empty_new, unsent}
    assert not Draft.objects.filter(pk__in=[sent_long_ago, empty_old]).exists()
    # 30 days after closing, an unsent draft's answers are no longer shown back: it goes too.
    assert services.drafts_purge(now=closes + dt.timedelta(days=31)) == 3
    assert not Draft.objects.exists()


def test_drafts_purge_task_has_the_name_beat_calls():
    from django.conf import settings

    from survey.tasks import drafts_purge

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert drafts_purge.name == "survey.tasks.drafts_purge" in names
