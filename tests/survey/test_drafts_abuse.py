"""Survey drafts cannot be used to fill the database (issue 12, point 11): starting and saving are
limited per address, an unfinished answer longer than its field allows is refused (never kept,
and never cut), and a draft has a ceiling."""

import pytest
from django.test import Client
from django.urls import reverse

from survey import services
from survey.models import Draft, Question

pytestmark = pytest.mark.django_db

SAVE = "Save and come back later"


def test_starting_drafts_from_one_address_is_limited(survey, settings):
    settings.SURVEY_DRAFT_RATE_LIMIT = 3
    # A client that keeps no cookie starts a new draft each time.
    replies = [Client().post(reverse("survey:begin")) for _ in range(5)]
    assert [r.status_code for r in replies] == [302, 302, 302, 429, 429]
    assert Draft.objects.count() == 3
    assert "started or saved the survey too many times" in replies[-1].content.decode()
    # Someone at another address starts as usual.
    assert Client(REMOTE_ADDR="198.51.100.4").post(reverse("survey:begin")).status_code == 302


def test_one_person_returning_to_their_draft_is_not_counted(client, survey, settings):
    settings.SURVEY_DRAFT_RATE_LIMIT = 1
    for _ in range(5):
        assert client.post(reverse("survey:begin")).status_code == 302
    assert Draft.objects.count() == 1


def test_saving_for_later_is_limited_and_keeps_what_was_typed_on_the_page(client, survey, settings):
    settings.SURVEY_DRAFT_RATE_LIMIT = 2
    client.post(reverse("survey:begin"))
    url = reverse("survey:section", args=[1])
    for _ in range(2):
        assert client.post(url, {"organisation": "Acme", "action": SAVE}).status_code == 302
    reply = client.post(url, {"organisation": "Typed just now", "action": SAVE})
    html = reply.content.decode()
    assert reply.status_code == 429
    assert "The answers on this page are not saved yet" in html
    assert 'value="Typed just now"' in html
    assert Draft.objects.get().data["organisation"] == "Acme"


def test_an_answer_too_long_to_save_is_not_cut_but_kept_on_the_page_with_the_reason(client, survey):
    """Saving for later once cut an answer at its field's limit and said "saved": the person came
    back to find the end of what they wrote gone. Now nothing is saved until it fits, and the page
    says so with everything typed still in it."""
    client.post(reverse("survey:begin"))
    question = Question.objects.get(key="challenges", section__survey=survey)
    url = reverse("survey:section", args=[question.section.order])
    assert client.post(url, {"challenges": "Earlier words.", "action": SAVE}).status_code == 302
    long = "Our roads. " * (question.max_length // 11 + 50)
    reply = client.post(url, {"challenges": long, "action": SAVE})
    html = reply.content.decode()
    assert reply.status_code == 400
    assert "Your answers are not saved yet: an answer is longer than the survey can keep" in html
    assert long.strip() in html  # every word typed, in the box
    assert f"{question.max_length:,} characters or fewer" in html
    assert Draft.objects.get().data["challenges"] == "Earlier words."
    # Only the length is held against it: unanswered questions beside it are not errors here.
    assert html.count('class="govuk-error-message"') == 1


def test_an_answer_that_fits_is_saved_for_later_whole(client, survey):
    client.post(reverse("survey:begin"))
    question = Question.objects.get(key="challenges", section__survey=survey)
    url = reverse("survey:section", args=[question.section.order])
    fits = "y" * question.max_length
    assert client.post(url, {"challenges": fits, "action": SAVE}).status_code == 302
    assert Draft.objects.get().data["challenges"] == fits


def test_twenty_rounds_of_drafts_from_one_client_stay_small(survey):
    """The audit's twenty rounds (a new draft, every field saved at 20,000 characters)."""
    for _ in range(20):
        client = Client()
        client.post(reverse("survey:begin"))
        for number in range(1, 5):
            fields = Question.objects.filter(section__survey=survey, section__order=number)
            data = {q.key: "y" * 20000 for q in fields if q.kind in ("short_text", "long_text")}
            client.post(reverse("survey:section", args=[number]), {**data, "action": SAVE})
    total = sum(len(str(d.data)) for d in Draft.objects.all())
    assert Draft.objects.count() == 20  # within SURVEY_DRAFT_RATE_LIMIT
    assert total < 20 * 2000  # answers longer than their fields are refused, never kept


def test_a_draft_has_a_ceiling_whatever_its_fields_allow(survey):
    draft = services.draft_start(survey=survey)
    with pytest.raises(services.DraftTooLarge):
        services.draft_update(
            draft=draft, data={"challenges": "z" * services.DRAFT_MAX_CHARS}, section_order=2
        )
    draft.refresh_from_db()
    assert draft.data == {}
