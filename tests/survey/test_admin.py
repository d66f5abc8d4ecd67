"""Staff in Django admin: the changelist at volume, moderation and theming, bulk actions,
staff entry, export permissions and question locking."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal import roles
from portal.models import Theme
from survey.models import ModerationEvent, Question, Response
from survey.synthetic import responses_generate
from tests.survey.factories import UserFactory, response_make

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:survey_response_changelist")


@pytest.fixture
def moderator(client, survey):
    user = UserFactory(role=roles.MODERATORS)
    client.force_login(user)
    return user


def test_changelist_queries_do_not_grow_with_responses(
    client, survey, moderator, django_assert_max_num_queries
):
    responses_generate(survey=survey, count=20, seed=1)
    with django_assert_max_num_queries(20) as small:
        assert client.get(CHANGELIST).status_code == 200
    responses_generate(survey=survey, count=400, seed=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(CHANGELIST + "?status__exact=approved&theme=1")
    assert page.status_code == 200


def test_changelist_filters_by_status_and_theme(client, survey, moderator, answers):
    first = response_make(survey=survey, data=answers)
    second = response_make(survey=survey, data=answers)
    people = Theme.objects.get(slug="people")
    first.themes.add(people)
    Response.objects.filter(pk=first.pk).update(status="approved")
    html = client.get(CHANGELIST + f"?status__exact=approved&theme={people.pk}")
    html = html.content.decode()
    assert first.reference in html and second.reference not in html


def test_search_finds_words_inside_answers(client, survey, moderator, answers):
    answers["interventions"] = "A zeppelin depot near Melton."
    found = response_make(survey=survey, data=answers)
    answers["interventions"] = "Something else."
    other = response_make(survey=survey, data=answers)
    html = client.get(CHANGELIST + "?q=zeppelin").content.decode()
    assert found.reference in html and other.reference not in html


def test_search_still_finds_organisations_and_references(client, survey, moderator, answers):
    answers["organisation"] = "Zeppelin Works Ltd"
    found = response_make(survey=survey, data=answers)
    html = client.get(CHANGELIST + "?q=zeppelin works").content.decode()
    assert found.reference in html
    assert found.reference in client.get(CHANGELIST + f"?q={found.reference}").content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_search_inside_answers_is_read_through_the_trigram_index(
    client, survey, answers, monkeypatch, django_user_model
):
    """The index covers text answers only, so the admin's query must say so to use it; and a
    bulk load that drops it to load faster builds it again."""
    from django.db import connection

    # A superuser: a transactional test may follow another's flush, which took the roles' groups.
    client.force_login(django_user_model.objects.create_superuser("search", "s@example.com", "x"))

    from survey import synthetic
    from survey.admin import ResponseAdmin
    from survey.answer_search import INDEX

    monkeypatch.setattr(synthetic, "SEARCH_INDEX_REBUILD_FROM", 10)
    responses_generate(survey=survey, count=12, seed=3)
    answers["interventions"] = "A zeppelin depot near Melton."
    found = response_make(survey=survey, data=answers)
    assert found.reference in client.get(CHANGELIST + "?q=zeppelin").content.decode()
    admin = ResponseAdmin(Response, None)
    queryset, _ = admin.get_search_results(None, Response.objects.all(), "zeppelin")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert INDEX in plan


def test_detail_shows_answers_escaped_and_suggested_themes_with_matched_words(
    client, survey, moderator, answers
):
    answers["challenges"] = "<b>Skills</b> and broadband; no FAIRY words like braid."
    response = response_make(survey=survey, data=answers)
    html = client.get(reverse("admin:survey_response_change", args=[response.pk])).content
    html = html.decode()
    assert "&lt;b&gt;Skills&lt;/b&gt;" in html and "<b>Skills</b>" not in html
    keywords = " (from keywords and the respondent&#x27;s choices)"
    assert f"Infrastructure</strong>{keywords}: matched “broadband”" in html
    assert (
        f"People</strong>{keywords}: Respondent rated People highest (Essential); matched “skill*”"
        in html
    )
    assert "“AI”" not in html


def test_moderator_confirms_themes_and_approves_with_the_change_recorded(
    client, survey, moderator, answers
):
    response = response_make(survey=survey, data=answers)
    people = Theme.objects.get(slug="people")
    place = Theme.objects.get(slug="place")
    page = client.post(
        reverse("admin:survey_response_change", args=[response.pk]),
        {"status": "approved", "themes": [people.pk, place.pk], "note": "clear"},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    response.refresh_from_db()
    assert response.status == "approved"
    assert set(response.themes.all()) == {people, place}
    assert response.moderated_by == moderator
    event = ModerationEvent.objects.get(response=response)
    assert (event.user, event.action, event.from_status, event.to_status) == (
        moderator,
        "approve",
        "pending",
        "approved",
    )
    assert event.themes == "People, Place" and event.note == "clear"


def test_bulk_actions_approve_reject_spam_and_tag_record_events(client, survey, moderator, answers):
    made = [response_make(survey=survey, data=answers) for _ in range(3)]
    ids = [str(r.pk) for r in made]
    for action, status in (("approve", "approved"), ("reject", "rejected"), ("mark_spam", "spam")):
        client.post(CHANGELIST, {"action": action, "_selected_action": ids})
        assert set(Response.objects.values_list("status", flat=True)) == {status}
    client.post(CHANGELIST, {"action": "tag_clean-growth", "_selected_action": ids[:2]})
    tagged = Response.objects.filter(themes__slug="clean-growth")
    assert tagged.count() == 2
    assert ModerationEvent.objects.filter(action="tag with themes").count() == 2
    assert ModerationEvent.objects.filter(user=moderator).count() == 11


def test_board_has_no_survey_admin(client, survey):
    client.force_login(UserFactory(role=roles.BOARD))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:survey_response_export")).status_code == 403


def test_moderator_without_export_permission_cannot_export(client, survey, answers):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_response", "change_response", "moderate_response"]
        )
    )
    client.force_login(user)
    assert client.get(reverse("admin:survey_response_export")).status_code == 403
    response = response_make(survey=survey, data=answers)
    page = client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [response.pk]})
    assert "text/csv" not in page["Content-Type"]


def test_staff_enter_a_late_paper_response(client, survey, moderator):
    late = (survey.closes_at + dt.timedelta(days=2)).astimezone(dt.UTC)
    page = client.post(
        reverse("admin:survey_response_enter"),
        {
            "channel": "paper",
            "received_at": late.strftime("%Y-%m-%d %H:%M"),
            "respondent_type": "individual",
            "challenges": "Written on paper.",
            "foundations__people": "5",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    response = Response.objects.get()
    assert response.channel == "paper" and response.is_late and response.entered_by == moderator
    assert response.answers.get(question__key="challenges").text == "Written on paper."
    assert response.answers.get(question__key="foundations").score == 5


def test_answered_question_is_locked_and_admin_says_why(client, survey, answers):
    response_make(survey=survey, data=answers)
    admin_user = UserFactory(is_superuser=True)
    client.force_login(admin_user)
    question = Question.objects.get(key="respondent_type")
    html = client.get(reverse("admin:survey_question_change", args=[question.pk])).content
    html = html.decode()
    assert "cannot be changed" in html
    assert 'name="kind"' not in html and 'name="key"' not in html
    unanswered = Question.objects.get(key="anything_else")
    html = client.get(reverse("admin:survey_question_change", args=[unanswered.pk])).content
    assert 'name="kind"' in html.decode()


def test_unmoderated_response_has_its_suggested_themes_ticked_ready_to_confirm(
    client, survey, moderator, answers
):
    response = response_make(survey=survey, data=answers)
    people = Theme.objects.get(slug="people")
    clean = Theme.objects.get(slug="clean-growth")
    html = client.get(reverse("admin:survey_response_change", args=[response.pk])).content
    html = html.decode()
    assert _ticked(html, people.pk)  # "skills" in the challenges
    assert _ticked(html, clean.pk)  # "low carbon" in the interventions
    ideas = Theme.objects.get(slug="ideas")
    assert not _ticked(html, ideas.pk)


def _ticked(html: str, pk: int) -> bool:
    import re

    for tag in re.findall(r"<input[^>]*name=\"themes\"[^>]*>", html):
        if f'value="{pk}"' in tag:
            return "checked" in tag
    return False


def test_staff_entry_with_a_bad_date_says_so_and_keeps_the_answers(client, survey, moderator):
    page = client.post(
        reverse("admin:survey_response_enter"),
        {"channel": "email", "received_at": "31st of May", "challenges": "Kept text."},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter a valid date/time." in html
    assert "Kept text." in html
    assert Response.objects.count() == 0


def test_detail_shows_the_respondents_own_choices_as_reasons_for_a_suggestion(
    client, survey, moderator, answers
):
    """Ticking Clean Growth and writing no keyword of it still suggests Clean
    Growth, saying the respondent chose it; a foundation rated below their top is not."""
    answers["grand_challenges"] = ["clean-growth"]
    answers["challenges"] = "We must change how our factories operate at heart."
    answers["priorities"] = answers["interventions"] = "Help."
    response = response_make(survey=survey, data=answers)
    url = reverse("admin:survey_response_change", args=[response.pk])
    page = client.get(url)
    html = page.content.decode()
    keywords = " (from keywords and the respondent&#x27;s choices)"
    assert f"Clean Growth</strong>{keywords}: Respondent chose Clean Growth</li>" in html
    assert f"People</strong>{keywords}: Respondent rated People highest (Essential)</li>" in html
    assert "Ideas</strong>" not in html  # rated 4, below their top of 5
    ticked = set(page.context["adminform"].form.initial["themes"])
    assert ticked == set(
        Theme.objects.filter(slug__in=["clean-growth", "people"]).values_list("pk", flat=True)
    )


def test_bulk_action_leaves_responses_already_as_asked_alone_and_says_so(
    client, survey, moderator, answers
):
    made = [response_make(survey=survey, data=answers) for _ in range(3)]
    ids = [str(r.pk) for r in made]
    client.post(CHANGELIST, {"action": "approve", "_selected_action": ids[:1]})
    page = client.post(CHANGELIST, {"action": "approve", "_selected_action": ids}, follow=True)
    assert "Approved 2 responses. 1 was already approved." in page.content.decode()
    assert ModerationEvent.objects.filter(action="approve").count() == 3  # not 4
    page = client.post(CHANGELIST, {"action": "approve", "_selected_action": ids}, follow=True)
    assert ">3 responses were already approved.<" in page.content.decode()
    assert [m.level_tag for m in page.context["messages"]] == ["warning"]
    client.post(CHANGELIST, {"action": "tag_place", "_selected_action": ids[:1]})
    page = client.post(CHANGELIST, {"action": "tag_place", "_selected_action": ids}, follow=True)
    assert "Tagged 2 responses with Place. 1 was already tagged with it." in page.content.decode()
    assert ModerationEvent.objects.filter(action="tag with themes").count() == 3


def test_tagging_with_a_theme_whose_name_has_braces_says_so_plainly(
    client, survey, moderator, answers
):
    Theme.objects.filter(slug="place").update(name="Place {and} {0}")
    response = response_make(survey=survey, data=answers)
    page = client.post(
        CHANGELIST, {"action": "tag_place", "_selected_action": [response.pk]}, follow=True
    )
    assert page.status_code == 200
    assert "Tagged 1 response with Place {and} {0}." in page.content.decode()
