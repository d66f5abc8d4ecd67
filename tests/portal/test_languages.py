"""The languages of the public pages: each page in each offered language with the right lang and
dir, the switcher and the draft notice, English unchanged, a language not offered sent to
English, translations that never leave a string empty, and caches and emails that follow the
page's language (docs/decisions/0900)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import RoundTable
from portal.languages import DATE_WORDS
from portal.models import Language
from tests.proof.browser.helpers import PUBLIC_PAGES

LANGS = {"gu": "ltr", "pa": "ltr", "ur": "rtl", "pl": "ltr"}
PORTAL_PATHS = PUBLIC_PAGES  # the information pages the browser journeys photograph
LOCALE = Path(settings.BASE_DIR) / "locale"


def in_language(code: str, text: str) -> str:
    with translation.override(code):
        return translation.gettext(text)


def html_tag(content: str) -> str:
    return re.search(r"<html[^>]*>", content).group(0)


def public_paths() -> list[str]:
    """The public pages' English addresses."""
    with translation.override(settings.LANGUAGE_CODE):
        first = RoundTable.objects.order_by("starts_at").first().get_absolute_url()
    return [*PORTAL_PATHS, "/round-tables/", first, "/survey/"]


@pytest.mark.parametrize("code", LANGS)
def test_every_public_and_survey_page_answers_in_each_language_with_lang_and_dir(
    client, llep_demo, code
):
    paths = public_paths()
    client.post(f"/{code}/survey/begin/")
    paths += [f"/survey/section/{n}/" for n in range(1, 5)] + ["/survey/save/"]
    for path in paths:
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, f"/{code}{path} answered {response.status_code}"
        content = response.content.decode()
        assert html_tag(content) == (
            f'<html lang="{code}" dir="{LANGS[code]}" class="govuk-template">'
        ), path
        assert response["Content-Language"] == code
        # The navigation, the footer and the switcher are in the language, and lead within it.
        assert in_language(code, "Survey") in content
        assert f'href="/{code}/survey/"' in content
        assert in_language(code, "Privacy notice") in content
        assert "llep-draft-translation" in content, f"{path} hides that it is a draft"


@pytest.mark.parametrize("code", LANGS)
def test_survey_section_page_is_in_the_language_down_to_its_buttons(client, llep_demo, code):
    client.post(f"/{code}/survey/begin/")
    content = client.get(f"/{code}/survey/section/1/").content.decode()
    for text in ("Continue", "Save and come back later", "Back"):
        assert in_language(code, text) in content
        assert in_language(code, text) != text
    with translation.override(code):
        caption = translation.gettext("Section %(number)s of %(count)s") % {
            "number": 1,
            "count": 4,
        }
    assert caption in content


def test_each_language_link_names_the_language_in_itself_with_its_lang_and_hreflang(
    client, llep_demo
):
    content = client.get("/gu/round-tables/").content.decode()
    nav = re.search(r'<nav class="llep-languages".*?</nav>', content, re.S).group(0)
    assert 'aria-current="true">ગુજરાતી</span>' in nav
    for code, name, direction in [
        ("en-GB", "English", "ltr"),
        ("pa", "ਪੰਜਾਬੀ", "ltr"),
        ("ur", "اردو", "rtl"),
        ("pl", "Polski", "ltr"),
    ]:
        href = "/round-tables/" if code == "en-GB" else f"/{code}/round-tables/"
        assert (
            f'href="{href}" hreflang="{code}" lang="{code}" dir="{direction}" '
            f'rel="alternate">{name}</a>'
        ) in nav


def test_english_pages_keep_their_addresses_wording_and_lang(client, llep_demo):
    for path in public_paths():
        response = client.get(path)
        assert response.status_code == 200
        content = response.content.decode()
        assert html_tag(content) == '<html lang="en-GB" dir="ltr" class="govuk-template">'
        assert "llep-draft-translation" not in content
        assert 'href="/survey/"' in content
    home = client.get("/").content.decode()
    assert "Have your say on the Local Industrial Strategy" in home
    assert "Take the survey" in home
    # The switcher offers the others from the English pages too.
    assert 'hreflang="ur" lang="ur" dir="rtl" rel="alternate">اردو</a>' in home


def test_live_seed_offers_english_only_and_other_addresses_lead_to_english(client, llep):
    assert not Language.objects.filter(offered=True).exists()
    home = client.get("/").content.decode()
    assert "llep-languages" not in home  # one language: no switcher
    response = client.get("/gu/survey/?from=leaflet")
    assert response.status_code == 302
    assert response["Location"] == "/survey/?from=leaflet"
    # A form sent to a language switched off goes on to English with what was typed (307).
    response = client.post("/ur/survey/begin/")
    assert response.status_code == 307
    assert response["Location"] == "/survey/begin/"


def test_an_unchecked_language_is_not_offered_and_one_change_offers_a_checked_one(client, llep):
    gujarati = Language.objects.get(code="gu")
    gujarati.offered = True
    with pytest.raises(ValidationError, match="checked by a qualified translator"):
        gujarati.full_clean()
    assert client.get("/gu/").status_code == 302

    Language.objects.filter(code="gu").update(status=Language.Status.CHECKED)
    gujarati = Language.objects.get(code="gu")
    gujarati.offered = True
    gujarati.full_clean()
    gujarati.save()
    response = client.get("/gu/")
    assert response.status_code == 200
    assert "llep-draft-translation" not in response.content.decode()  # checked: no notice
    assert 'hreflang="gu"' in client.get("/").content.decode()


def test_english_prefix_leads_to_the_address_without_one(client, llep_demo):
    response = client.get("/en-gb/round-tables/")
    assert response.status_code == 302
    assert response["Location"] == "/round-tables/"


def test_board_and_admin_stay_english_without_a_switcher(client, llep_demo):
    assert client.get("/gu/admin/").status_code == 404
    content = client.get("/admin/login/").content.decode()
    assert "llep-languages" not in content


def _entries(code: str):
    """(msgid, msgstr) of the singular entries of a language's .po file."""
    text = (LOCALE / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid_plural" in block:
            continue
        found = re.search(r'^msgid "(.*)"\nmsgstr "(.*)"$', block, re.M)
        if found and found.group(1):
            yield (
                found.group(1).replace('\\"', '"').replace("\\n", "\n"),
                found.group(2).replace('\\"', '"').replace("\\n", "\n"),
            )


@pytest.mark.parametrize("code", LANGS)
def test_no_string_is_ever_shown_empty_in_any_language(code):
    for msgid, _msgstr in _entries(code):
        assert in_language(code, msgid).strip(), f"{code}: {msgid!r} comes out empty"


def test_a_missing_translation_falls_back_to_english():
    # Gujarati has no catalogue but ours (Django ships none), and ours leaves the admin's own
    # strings untranslated: they come out in English.
    untranslated = [
        msgid for msgid, msgstr in _entries("gu") if not msgstr and msgid not in DATE_WORDS
    ]
    assert "Log in" in untranslated
    for msgid in untranslated:
        assert in_language("gu", msgid) == msgid


@pytest.mark.parametrize("code", LANGS)
def test_every_translation_keeps_the_placeholders_of_its_english(code):
    placeholder = re.compile(r"%\(\w+\)s|\{\w*\}|<a |</a>|<strong>")
    for msgid, msgstr in _entries(code):
        if msgstr:
            assert sorted(placeholder.findall(msgid)) == sorted(placeholder.findall(msgstr)), (
                f"{code}: {msgid!r}"
            )


def test_shared_pages_and_fragments_are_kept_per_language(client, llep_demo):
    detail = public_paths()[9]
    for path in ("/round-tables/", detail):
        english = client.get(path).content.decode()
        gujarati = client.get(f"/gu{path}").content.decode()
        polish = client.get(f"/pl{path}").content.decode()
        assert "Round tables" in english and in_language("gu", "Round tables") not in english
        assert in_language("gu", "Round tables") in gujarati
        assert in_language("pl", "Round tables") in polish
        assert in_language("gu", "When") in gujarati and in_language("pl", "When") in polish
    # And English again, after the others filled the caches.
    assert "Round tables" in client.get("/round-tables/").content.decode()


def test_dates_are_written_in_the_language_of_the_page(client, llep):
    Language.objects.filter(code__in=["gu", "pl"]).update(status="checked", offered=True)
    from portal.languages import forget

    forget()
    gujarati = client.get("/gu/round-tables/").content.decode()
    assert "મે" in gujarati and "સોમવાર" in gujarati  # May, Monday (14 May 2018)
    polish = client.get("/pl/round-tables/").content.decode()
    assert "maja 2018" in polish


def test_the_survey_link_email_is_in_the_language_the_person_saved_in(
    client, llep_demo, django_capture_on_commit_callbacks
):
    client.post("/ur/survey/begin/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ur/survey/save/", {"email": "reader@example.com"})
    assert response.status_code == 200
    message = mail.outbox[-1]
    assert message.subject == in_language(
        "ur", "Your saved answers: Local Industrial Strategy survey"
    )
    assert in_language("ur", "To come back to them, open this link:") in message.body
    assert "/ur/survey/resume/" in message.body


def test_the_booking_confirmation_is_written_in_the_language_of_the_booking(
    client, llep_demo, django_capture_on_commit_callbacks
):
    detail = public_paths()[9]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/pl{detail}",
            {
                "full_name": "Anna Nowak",
                "email": "anna@example.com",
                "organisation": "Fabryka",
                "privacy_agreed": "on",
            },
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject.startswith("Twoje miejsce")
    assert "Dzień dobry, Anna Nowak," in message.body
    assert "/pl/round-tables/booking/" in message.body


def test_later_booking_emails_follow_the_language_booked_in(
    client, llep_demo, django_capture_on_commit_callbacks
):
    from events.emails import booking_reminder_queue, round_table_changed_text
    from events.models import Booking

    detail = public_paths()[9]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/ur{detail}",
            {
                "full_name": "Amina Khan",
                "email": "amina@example.com",
                "organisation": "Belgrave Traders",
                "privacy_agreed": "on",
            },
        )
    booking = Booking.objects.get(email="amina@example.com")
    assert booking.language == "ur"
    # The reminder goes from beat, the change email from the admin: both in English contexts.
    translation.activate(settings.LANGUAGE_CODE)
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_reminder_queue(booking)
    reminder = mail.outbox[-1]
    assert in_language("ur", "Dear %(name)s,") % {"name": "Amina Khan"} in reminder.body
    assert "/ur/round-tables/booking/" in reminder.body
    subject, body = round_table_changed_text(booking)
    assert subject.startswith("تبدیلی:")
    assert "Dear" not in body


def test_live_seed_after_a_demo_takes_drafts_off_and_keeps_a_checked_language(db):
    from portal.seed import llep_seed

    llep_seed(demo=True)
    assert Language.objects.filter(offered=True).count() == 4
    Language.objects.filter(code="pl").update(status=Language.Status.CHECKED)
    llep_seed(demo=False)
    assert list(Language.objects.filter(offered=True).values_list("code", flat=True)) == ["pl"]
