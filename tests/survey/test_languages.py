"""A response records the language it was given in; moderators see it, and give any written
answer an English translation beside the original, which theming reads too."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal import roles
from portal.models import Theme
from survey import services
from survey.english import english_text, language_name, translatable
from survey.models import Answer, ModerationEvent, Response
from tests.survey.factories import UserFactory, response_make

pytestmark = pytest.mark.django_db

GUJARATI_CHALLENGE = "કુશળ કારીગરો મળતા નથી અને બ્રોડબેન્ડ નબળું છે."


@pytest.fixture
def moderator(client, survey):
    user = UserFactory(role=roles.MODERATORS)
    client.force_login(user)
    return user


def test_a_response_records_the_language_active_when_it_was_sent(survey, answers):
    english = response_make(survey=survey, data=answers)
    with translation.override("gu"):
        gujarati = response_make(survey=survey, data=answers)
    with translation.override("ur"):
        urdu = response_make(survey=survey, data=answers)
    assert [r.language for r in (english, gujarati, urdu)] == ["en-gb", "gu", "ur"]
    assert Response.objects.get(pk=gujarati.pk).language == "gu"


def test_staff_entering_a_paper_response_say_its_language(client, survey, moderator):
    page = client.post(
        reverse("admin:survey_response_enter"),
        {
            "channel": "paper",
            "received_at": survey.opens_at.strftime("%Y-%m-%d %H:%M"),
            "language": "pa",
            "challenges": "ਹੁਨਰ ਦੀ ਘਾਟ ਹੈ।",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    assert Response.objects.get().language == "pa"


def test_moderators_see_and_filter_responses_by_language(client, survey, moderator, answers):
    response_make(survey=survey, data=answers)
    with translation.override("pl"):
        polish = response_make(survey=survey, data=answers)
    changelist = reverse("admin:survey_response_changelist")
    page = client.get(changelist + "?language__exact=pl").content.decode()
    assert polish.reference in page
    assert page.count('class="field-reference"') == 1
    assert "Polski" in page  # the list's language column
    change = client.get(reverse("admin:survey_response_change", args=[polish.pk])).content
    assert "Polski" in change.decode()


def _translation_form(response, translations: dict[int, str], **fields):
    answers = list(translatable(Answer.objects.filter(response=response)).order_by("pk"))
    post = {
        "answers-TOTAL_FORMS": str(len(answers)),
        "answers-INITIAL_FORMS": str(len(answers)),
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "0",
        "status": response.status,
        **fields,
    }
    for i, answer in enumerate(answers):
        post[f"answers-{i}-id"] = str(answer.pk)
        post[f"answers-{i}-response"] = str(response.pk)
        post[f"answers-{i}-text_in_english"] = translations.get(answer.pk, "")
    return post


def test_moderator_adds_an_english_translation_beside_the_original(
    client, survey, moderator, answers
):
    answers["challenges"] = GUJARATI_CHALLENGE
    with translation.override("gu"):
        response = response_make(survey=survey, data=answers)
    url = reverse("admin:survey_response_change", args=[response.pk])
    page = client.get(url).content.decode()
    assert "English translations of the written answers" in page
    assert GUJARATI_CHALLENGE in page
    challenge = Answer.objects.get(response=response, question__key="challenges")
    english = "Skilled workers are hard to find and broadband is poor."
    people = Theme.objects.get(slug="people")
    post = _translation_form(response, {challenge.pk: english}, themes=[people.pk])
    done = client.post(url, post)
    assert done.status_code == 302, done.content.decode()[:3000]
    challenge.refresh_from_db()
    assert challenge.text == GUJARATI_CHALLENGE  # the original is kept as given
    assert challenge.text_in_english == english
    assert ModerationEvent.objects.filter(response=response, action="translate").exists()
    # Themed the same way as any response, and the translation is shown beside the original.
    assert list(Response.objects.get(pk=response.pk).themes.all()) == [people]
    page = client.get(url).content.decode()
    assert GUJARATI_CHALLENGE in page and english in page


def test_the_respondents_own_details_are_shown_as_typed_with_no_translation_box(
    client, survey, moderator, answers
):
    answers.update(
        challenges=GUJARATI_CHALLENGE,
        organisation="શાહ ટેક્સટાઇલ્સ",
        name="Priya Shah",
        email="priya@example.com",
        contact_ok=["yes"],
    )
    with translation.override("gu"):
        response = response_make(survey=survey, data=answers)
    page = client.get(reverse("admin:survey_response_change", args=[response.pk]))
    (inline,) = page.context["inline_admin_formsets"]
    boxes = [form.instance.question.key for form in inline.formset.forms]
    assert "challenges" in boxes
    assert not {"name", "email", "organisation"} & set(boxes)
    html = page.content.decode()
    for typed in ("Priya Shah", "priya@example.com", "શાહ ટેક્સટાઇલ્સ"):
        assert f'<div class="readonly">{typed}</div>' in html  # one field, under Respondent


def test_a_translation_of_the_respondents_own_details_is_not_kept(survey, moderator, answers):
    with translation.override("gu"):
        response = response_make(survey=survey, data=answers)
    organisation = Answer.objects.get(response=response, question__key="organisation")
    changed = services.answers_translate(
        response=response, user=moderator, translations={organisation.pk: "Acme Socks"}
    )
    organisation.refresh_from_db()
    assert changed == 0 and organisation.text_in_english == ""


def test_english_responses_have_no_translation_boxes(client, survey, moderator, answers):
    response = response_make(survey=survey, data=answers)
    page = client.get(reverse("admin:survey_response_change", args=[response.pk])).content
    assert "English translations of the written answers" not in page.decode()


def test_theme_suggestions_read_the_english_translation(client, survey, moderator, answers):
    answers["challenges"] = GUJARATI_CHALLENGE
    with translation.override("gu"):
        response = response_make(survey=survey, data=answers)
    url = reverse("admin:survey_response_change", args=[response.pk])
    assert "“broadband”" not in client.get(url).content.decode()
    Answer.objects.filter(response=response, question__key="challenges").update(
        text_in_english="Broadband is poor."
    )
    # Found in the translation now, beside the Gujarati keyword found in the answer as given.
    assert "“broadband”" in client.get(url).content.decode()


def test_english_text_says_which_language_a_translation_came_from():
    assert english_text(text="Skills.", language="en-gb") == ("Skills.", None, "")
    assert english_text(text="ਹੁਨਰ", text_in_english="Skills", language="pa") == (
        "Skills",
        "Punjabi",
        "",
    )
    assert english_text(text="مہارت", language="ur") == ("مہارت", None, "ur")
    assert [language_name(c) for c in ("gu", "pa", "ur", "pl")] == [
        "Gujarati",
        "Punjabi",
        "Urdu",
        "Polish",
    ]
