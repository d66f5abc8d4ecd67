"""Content translated as data: the survey's wording, the round tables and the information pages
show in the active language, fall back to English where a translation is missing (never to an
empty string), and staff edit each translation in the admin beside the English."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from events.models import RoundTable
from portal.models import PageText
from portal.pagetext import render
from survey.models import Choice, Question, Section
from tests.survey.factories import UserFactory

pytestmark = pytest.mark.django_db

CHALLENGES = {
    "gu": "લેસ્ટર અને લેસ્ટરશાયરમાં વૃદ્ધિ અને ઉત્પાદકતા સામેના મુખ્ય પડકારો કયા છે?",
    "pa": "ਲੈਸਟਰ ਅਤੇ ਲੈਸਟਰਸ਼ਾਇਰ ਵਿੱਚ ਵਿਕਾਸ ਅਤੇ ਉਤਪਾਦਕਤਾ ਲਈ ਮੁੱਖ ਚੁਣੌਤੀਆਂ ਕੀ ਹਨ?",
    "ur": "لیسٹر اور لیسٹرشائر میں ترقی اور پیداواری صلاحیت کے اہم چیلنج کیا ہیں؟",
    "pl": "Jakie są główne wyzwania dla wzrostu i produktywności w Leicester i Leicestershire?",
}


@pytest.mark.parametrize("code", ["gu", "pa", "ur", "pl"])
def test_the_survey_shows_in_the_active_language(client, llep_demo, code):
    client.post(reverse("survey:begin"))
    with translation.override(code):
        first = client.get(reverse("survey:section", args=[1])).content.decode()
        second = client.get(reverse("survey:section", args=[2])).content.decode()
        about = Section.objects.get(order=1).title
        business = Choice.objects.get(question__key="respondent_type", value="business").label
    assert about != "About you" and about in first
    assert business != "Business" and business in first
    assert CHALLENGES[code] in second
    assert "What are the key challenges to growth" not in second
    with translation.override("en-gb"):
        english = client.get(reverse("survey:section", args=[2])).content.decode()
    assert "What are the key challenges to growth" in english


def test_a_missing_translation_falls_back_to_english_never_to_empty(client, llep_demo):
    question = Question.objects.get(key="challenges")
    question.text_ur = ""
    question.hint_ur = None
    question.save()
    client.post(reverse("survey:begin"))
    with translation.override("ur"):
        assert Question.objects.get(key="challenges").text.startswith("What are the key")
        page = client.get(reverse("survey:section", args=[2])).content.decode()
    assert "What are the key challenges to growth and productivity" in page
    assert "For example skills, premises, transport" in page
    PageText.objects.filter(page="home", key="title").update(text_pl="")
    cache.clear()
    with translation.override("pl"):
        home = client.get(reverse("portal:home")).content.decode()
    assert (
        '<h1 class="govuk-heading-xl">Have your say on the Local Industrial Strategy</h1>' in home
    )


def test_round_tables_show_their_translated_titles(client, llep_demo):
    with translation.override("ur"):
        page = client.get(reverse("events:list")).content.decode()
        title = RoundTable.objects.get(slug="textiles").title
    assert title == "ٹیکسٹائل راؤنڈ ٹیبل" and title in page
    assert "Textiles Round Table" not in page


def test_information_pages_show_the_translation_staff_gave(client, llep_demo):
    PageText.objects.filter(page="leicester", key="title").update(
        text_pl="Co się dzieje w Leicester i Leicestershire?"
    )
    cache.clear()
    with translation.override("pl"):
        page = client.get(reverse("portal:leicester")).content.decode()
    assert "<title>Co się dzieje w Leicester i Leicestershire?" in page
    assert '<h1 class="govuk-heading-l">Co się dzieje w Leicester i Leicestershire?</h1>' in page
    english = client.get(reverse("portal:leicester")).content.decode()
    assert (
        '<h1 class="govuk-heading-l">What is happening in Leicester and Leicestershire?</h1>'
        in english
    )


def test_page_text_typed_in_the_admin_cannot_add_markup_or_foreign_links():
    html = render(
        "<script>x</script> [ok](portal:leicester#sectors) [bad](javascript:alert(1)) "
        "[mail]( mailto:x) {staff_email} {unknown}",
        {"staff_email": 'a"b@example.com'},
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="govuk-link" href="/leicester-and-leicestershire/#sectors">ok</a>' in html
    assert "javascript" not in html.split("bad")[0] and 'href="javascript' not in html
    assert "a&quot;b@example.com" in html and "{unknown}" in html


def test_staff_edit_each_translation_beside_the_english(client, llep_demo):
    client.force_login(UserFactory(is_superuser=True))
    question = Question.objects.get(key="challenges")
    page = client.get(reverse("admin:survey_question_change", args=[question.pk])).content
    page = page.decode()
    for code in ("en_gb", "gu", "pa", "ur", "pl"):
        assert f'name="text_{code}"' in page and f'name="hint_{code}"' in page
    text = PageText.objects.get(page="home", key="title")
    url = reverse("admin:portal_pagetext_change", args=[text.pk])
    page = client.get(url).content.decode()
    assert 'name="text_en_gb"' in page and 'name="text_ur"' in page
    done = client.post(
        url,
        {
            "text_en_gb": text.text_en_gb,
            "text_gu": "સ્થાનિક ઔદ્યોગિક વ્યૂહરચના પર તમારો અભિપ્રાય આપો",
            "text_pa": "",
            "text_ur": "",
            "text_pl": "",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    text.refresh_from_db()
    assert text.text_gu == "સ્થાનિક ઔદ્યોગિક વ્યૂહરચના પર તમારો અભિપ્રાય આપો"
    assert text.text_en_gb == "Have your say on the Local Industrial Strategy"
    rt = RoundTable.objects.get(slug="textiles")
    page = client.get(reverse("admin:events_roundtable_change", args=[rt.pk])).content.decode()
    assert 'name="description_gu"' in page and 'name="title_ur"' in page


def test_seeding_again_keeps_the_translations_staff_wrote(llep_demo):
    from portal.seed import llep_seed

    Question.objects.filter(key="challenges").update(text_gu="સ્ટાફનું લખાણ")
    PageText.objects.filter(page="home", key="title").update(text_ur="عملے کا متن")
    llep_seed(demo=True)
    assert Question.objects.get(key="challenges").text_gu == "સ્ટાફનું લખાણ"
    assert PageText.objects.get(page="home", key="title").text_ur == "عملے کا متن"


@pytest.mark.parametrize(
    ("code", "heading", "link"),
    [
        ("gu", "સ્થાનિક ઔદ્યોગિક વ્યૂહરચના પર તમારો અભિપ્રાય આપો", "ઔદ્યોગિક વ્યૂહરચના શું છે?"),
        ("pa", "ਸਥਾਨਕ ਉਦਯੋਗਿਕ ਰਣਨੀਤੀ ਬਾਰੇ ਆਪਣੀ ਰਾਏ ਦਿਓ", "ਉਦਯੋਗਿਕ ਰਣਨੀਤੀ ਕੀ ਹੈ?"),
        ("ur", "مقامی صنعتی حکمت عملی پر اپنی رائے دیں", "صنعتی حکمت عملی کیا ہے؟"),
        ("pl", "Wyraź swoją opinię o Lokalnej Strategii Przemysłowej", "Czym jest strategia"),
    ],
)
def test_the_home_page_shows_its_draft_translation(client, llep_demo, code, heading, link):
    with translation.override(code):
        page = client.get(reverse("portal:home")).content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page
    # The page's own links stay in its language (/gu/industrial-strategy/ and so on).
    assert f'<a class="govuk-link" href="/{code}/industrial-strategy/">{link}' in page
    assert "Have your say on the Local Industrial Strategy</h1>" not in page
