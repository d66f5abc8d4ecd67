"""No English left on the translated pages: every interface string a public page uses has a real
translation in each language, the pages walked in each language show no English wording but
proper names, the catalogues hold no dead or fuzzy entries, and dates, times, the calendar file,
the 403 page and GOV.UK's own component messages follow the language (docs/decisions/0914)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from events.ics import booking_ics
from events.models import Booking, RoundTable
from portal.models import Document
from portal.selectors import date_display, datetime_display, time_range_display
from survey.models import Choice
from tests.events.factories import BookingFactory
from tests.proof.browser.helpers import PUBLIC_PAGES

LANGS = ["gu", "pa", "ur", "pl"]
LOCALE = Path(settings.BASE_DIR) / "locale"
# Where the strings only staff read come from: they may stay English (the admin is English).
STAFF_SOURCES = (
    "events/admin.py",
    "templates/admin/",
    "templates/results/manage.html",
)
# Wording that is the same in English and the language: proper names, and Polish's "Menu" and
# "Status". Anything else English on a translated page is a string someone forgot to wrap.
SAME_IN_BOTH = {
    "Leicester and Leicestershire Enterprise Partnership",
    "Leicester and Leicestershire Enterprise Partnership (LLEP)",
    "© Leicester and Leicestershire Enterprise Partnership (LLEP)",
    "Menu",
    "@aria-label:Menu",
    # Between the items of a list: a comma in every language but Urdu ("، ").
    ", ",
    "Status",
    # The language switcher names each language in itself.
    "English",
    "Polski",
    # The ICO's postal address and complaint page, the accessibility statement's sources.
    "Information Commissioner’s Office",
    "Wycliffe House",
    "Water Lane",
    "Wilmslow",
    "Cheshire",
    "ico.org.uk/make-a-complaint",
    "Web Content Accessibility Guidelines version 2.2",
    "AbilityNet",
    # The cookies' own names.
    "csrftoken",
    "sessionid",
    "messages",
    # Places in Leicestershire (the survey's "where are you based" options).
    "Leicester",
    "Blaby",
    "Charnwood",
    "Harborough",
    "Melton",
    "North West Leicestershire",
}


class _Text(HTMLParser):
    """The text a person reads (and hears: aria-label), one string per text node."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.found += [f"@{name}:{value}" for name, value in attrs if name == "aria-label"]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.found.append(" ".join(data.split()))


def visible_text(response) -> list[str]:
    parser = _Text()
    parser.feed(response.content.decode())
    return parser.found


def _walk(prefix: str, detail: str) -> dict[str, list[str]]:
    """Every public page, the survey's sections and the forms' error pages, at prefix. The
    results page says when they are expected (the demo publishes none; tests/results/
    test_languages.py reads the published ones in each language)."""
    client = Client()
    paths = [*PUBLIC_PAGES, "/round-tables/", "/results/"]
    pages = {path: client.get(f"{prefix}{path}") for path in paths}
    pages[detail] = client.get(f"{prefix}{detail}")
    pages["booking with errors"] = client.post(f"{prefix}{detail}", {"email": "not an address"})
    pages["/survey/"] = client.get(f"{prefix}/survey/")
    client.post(f"{prefix}/survey/begin/")
    for number in range(1, 5):
        pages[f"section {number}"] = client.get(f"{prefix}/survey/section/{number}/")
    pages["section 1 with errors"] = client.post(
        f"{prefix}/survey/section/1/", {"action": "continue"}
    )
    pages["save with errors"] = client.post(f"{prefix}/survey/save/", {"email": "not"})
    for name, response in pages.items():
        assert response.status_code == 200, f"{prefix}: {name} answered {response.status_code}"
    return {name: visible_text(response) for name, response in pages.items()}


def test_translated_pages_show_no_english_but_proper_names(llep_demo):
    with translation.override(settings.LANGUAGE_CODE):
        detail = RoundTable.objects.order_by("starts_at").first().get_absolute_url()
    data = {*RoundTable.objects.values_list("venue", flat=True), settings.STAFF_EMAIL}
    data |= {f"{d.file_format}, {d.size_display}" for d in Document.objects.all()}
    data |= set(Document.objects.values_list("file_format", flat=True))
    data |= set(Document.objects.values_list("title", flat=True))
    english = _walk("", detail)
    for code in LANGS:
        for name, texts in _walk(f"/{code}", detail).items():
            left = [
                text
                for text in texts
                if text in english[name]
                and re.search(r"[A-Za-z]{3}", text)
                and text not in SAME_IN_BOTH | data
            ]
            assert not left, f"/{code} {name} still shows English: {left}"


@dataclass
class Entry:
    """One entry of a .po file, as makemessages --no-wrap writes it."""

    occurrences: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    obsolete: bool = False
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgctxt(self) -> str | None:
        return self.fields.get("msgctxt")

    @property
    def msgstr(self) -> str:
        return self.fields.get("msgstr", self.fields.get("msgstr[0]", ""))


def _unquote(text: str) -> str:
    return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _catalogue(code: str) -> list[Entry]:
    """The entries of a language's .po file, the header left out."""
    entries = []
    for block in (LOCALE / code / "LC_MESSAGES" / "django.po").read_text().split("\n\n"):
        entry, last = Entry(), None
        for line in block.splitlines():
            if line.startswith("#:"):
                entry.occurrences += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
            elif line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith('"') and last:
                entry.fields[last] += _unquote(line)
            elif not line.startswith("#") and " " in line:
                last, value = line.split(" ", 1)
                entry.fields[last] = _unquote(value)
        if entry.msgid or entry.obsolete:
            entries.append(entry)
    return entries


def _public(entry: Entry) -> bool:
    return any(not path.startswith(STAFF_SOURCES) for path in entry.occurrences)


@pytest.mark.parametrize("code", LANGS)
def test_every_string_a_public_page_uses_is_translated_not_copied(code):
    missing, copied = [], []
    for entry in _catalogue(code):
        if not _public(entry):
            continue
        with translation.override(code):
            # Ours, or Django's own catalogue (the names of days and months in Punjabi, Urdu
            # and Polish).
            shown = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
        if "msgid_plural" in entry.fields:
            shown = entry.msgstr
        if not shown or shown == entry.msgid:
            (copied if entry.msgstr == entry.msgid else missing).append(entry.msgid)
    copied = [msgid for msgid in copied if msgid not in SAME_IN_BOTH]
    assert not missing, f"{code}: no translation for {missing}"
    assert not copied, f"{code}: English copied as the translation of {copied}"


@pytest.mark.parametrize("code", LANGS)
def test_catalogues_hold_no_dead_or_fuzzy_entries(code):
    # makemessages --no-obsolete leaves none; a fuzzy entry is left out by msgfmt, so its
    # translation never shows (eleven booking emails went out in English that way).
    catalogue = _catalogue(code)
    assert not [entry.msgid for entry in catalogue if entry.obsolete]
    assert not [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert all(entry.occurrences for entry in catalogue)


def test_the_rating_hints_are_in_the_language(llep_demo):
    choice = Choice.objects.filter(hint__startswith="Aim: ").first()
    for code in LANGS:
        with translation.override(code):
            hint = Choice.objects.get(pk=choice.pk).hint
        assert hint and not hint.startswith("Aim"), (code, hint)
    with translation.override("ur"):
        assert Choice.objects.get(pk=choice.pk).hint.startswith("مقصد: ")


def _at(hour: int, minute: int, day: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2018, 5, day, hour, minute))


@pytest.mark.parametrize(
    ("code", "times", "closes"),
    [
        ("en-gb", "9:30am to 12pm", "11:59pm on Thursday 31 May 2018"),
        ("gu", "9:30 પૂર્વાહ્ન થી 12:00 અપરાહ્ન", "ગુરુવાર 31 મે 2018 ના રોજ 11:59 અપરાહ્ન"),
        ("pa", "9:30 ਪੂ.ਦੁ. ਤੋਂ 12:00 ਬਾ.ਦੁ.", "ਵੀਰਵਾਰ 31 ਮਈ 2018 ਨੂੰ 11:59 ਬਾ.ਦੁ."),
        ("ur", "9:30 قبل دوپہر سے 12:00 بعد دوپہر", "جمعرات 31 مئی 2018 کو 11:59 بعد دوپہر"),
        ("pl", "od 09:30 do 12:00", "czwartek 31 maja 2018, godz. 23:59"),
    ],
)
def test_times_follow_the_clock_each_language_reads(code, times, closes):
    with translation.override(code):
        assert time_range_display(_at(9, 30), _at(12, 0)) == times
        assert datetime_display(_at(23, 59, day=31)) == closes


def test_gujarati_dates_name_the_month_in_gujarati_and_polish_days_are_lower_case():
    with translation.override("gu"):
        assert date_display(_at(10, 0)) == "સોમવાર 14 મે 2018"
    with translation.override("pl"):
        assert date_display(_at(10, 0)) == "poniedziałek 14 maja 2018"


def test_the_week_of_the_round_tables_is_written_in_the_language(client, llep):
    from portal.languages import forget
    from portal.models import Language

    Language.objects.filter(code__in=["gu", "pl"]).update(status="checked", offered=True)
    forget()
    assert "w/c 14 May" in client.get("/").content.decode()
    assert "14 મેથી શરૂ થતા સપ્તાહ દરમિયાન" in client.get("/gu/").content.decode()
    assert "w tygodniu od 14 maja" in client.get("/pl/get-involved/").content.decode()


def test_the_calendar_file_is_in_the_language_of_the_booking(llep_demo):
    round_table = RoundTable.objects.order_by("starts_at").first()
    round_table.agenda = "Welcome"
    booking = BookingFactory(
        round_table=round_table, status=Booking.Status.WAITLISTED, language="gu"
    )
    text = booking_ics(booking).replace("\r\n ", "")  # unfolded
    with translation.override("gu"):
        title = RoundTable.objects.get(pk=round_table.pk).title
    assert f"SUMMARY:{title} (પ્રતીક્ષા યાદી)" in text
    assert "તમે પ્રતીક્ષા યાદીમાં છો" in text
    assert "/gu/round-tables/booking/" in text
    assert "waiting list" not in text and "Booking reference" not in text
    cancelled = booking_ics(booking, cancelled=True).replace("\r\n ", "")
    assert "આ બુકિંગ રદ કરવામાં આવ્યું છે." in cancelled
    booking.language = settings.LANGUAGE_CODE
    assert "(waiting list)" in booking_ics(booking)


def test_the_character_count_speaks_the_language(client, llep_demo):
    with translation.override(settings.LANGUAGE_CODE):
        detail = RoundTable.objects.order_by("starts_at").first().get_absolute_url()
    content = client.get(f"/pl{detail}").content.decode()
    assert "Maksymalna liczba znaków: 1\xa0000" in content
    assert 'data-i18n.characters-under-limit.many="Pozostało znaków: %{count}"' in content
    assert 'data-i18n.characters-over-limit.one="Przekroczono limit znaków o: %{count}"' in content
    english = client.get(detail).content.decode()
    assert 'data-i18n.characters-under-limit.one="You have %{count} character remaining"' in (
        english
    )


def test_the_403_page_speaks_to_staff_in_the_language(rf, django_user_model):
    from django.template.loader import render_to_string

    user = django_user_model.objects.create_user("ravi", password="x", is_staff=True)
    request = rf.get("/ur/")
    request.user = user
    with translation.override("ur"):
        page = render_to_string("403.html", {"user": user}, request=request)
    assert "آپ <strong>ravi</strong> کے طور پر سائن ان ہیں۔" in page
    assert "سائن آؤٹ کریں" in page
    assert "Sign out" not in page and "You are signed in" not in page


# --- numbers (docs/decisions/0965) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en-gb", ["2,000", "100,000", "3.13", "999"]),
        ("gu", ["2,000", "1,00,000", "3.13", "999"]),
        ("pa", ["2,000", "1,00,000", "3.13", "999"]),
        ("ur", ["2,000", "100,000", "3.13", "999"]),
        ("pl", ["2\xa0000", "100\xa0000", "3,13", "999"]),
    ],
)
def test_each_language_writes_a_figure_as_its_readers_do(code, written):
    """Polish groups with a no-break space and writes a decimal comma ("2,000" read as two);
    Gujarati and Punjabi group in lakhs, as CLDR writes them; Latin digits throughout."""
    from decimal import Decimal

    from django.template import Context, Template

    from portal.formats import number
    from prospectus.numbers import figure

    with translation.override(code):
        assert [number(v) for v in (2000, 100000, Decimal("3.13"), 999)] == written
        assert [figure(v) for v in (2000, 100000, Decimal("3.13"), 999)] == written
        shown = Template("{% load portal_formats %}{{ n|number }}").render(Context({"n": 2000}))
        assert shown == written[0]


def test_places_left_and_length_limits_are_written_as_the_language_writes_numbers(
    client, llep_demo
):
    round_table = RoundTable.objects.order_by("starts_at").first()
    round_table.capacity = 2000
    round_table.save()
    with translation.override(settings.LANGUAGE_CODE):
        detail = round_table.get_absolute_url()
    english = client.get(detail).content.decode()
    assert "2,000 places left" in english
    assert "You can enter up to 1,000 characters" in english
    for page in (client.get(f"/pl{detail}"), client.get("/pl/round-tables/")):
        assert "Zostało 2\xa0000 miejsc" in page.content.decode()
    too_long = client.post(f"/pl{detail}", {"access_needs": "x" * 1001}).content.decode()
    assert "mogą mieć najwyżej 1\xa0000 znaków" in too_long
    # The survey's long answers: the limit and what was typed.
    client.post("/pl/survey/begin/")
    sent = client.post(
        "/pl/survey/section/2/", {"action": "continue", "challenges": "x" * 2345}
    ).content.decode()
    assert "najwyżej 2\xa0000 znaków (wpisano 2\xa0345)" in sent
    assert "Odpowiedź na pytanie ‘" in sent
    assert "2,000" not in sent and "2345" not in sent


def test_an_email_address_too_long_is_refused_in_the_page_language(client, llep_demo):
    """Found by the hostile-input property test: 255 characters and more in the survey's save
    form was a server error (Django's own length message chose its plural by a figure already
    written out as text). Now the GOV.UK message, in the page's language."""
    for prefix, message in (
        ("", "Email address must be 254 characters or fewer"),
        ("/pl", "Adres e-mail może mieć najwyżej 254 znaki"),
    ):
        client.post(f"{prefix}/survey/begin/")
        address = "a" * 250 + "@example.com"  # in the right format, 262 characters
        response = client.post(f"{prefix}/survey/save/", {"email": address, "send": ""})
        assert response.status_code == 200
        assert message in response.content.decode()


def test_a_field_shows_one_message_however_many_of_its_checks_fail(client, llep_demo):
    """GOV.UK: "if there's more than one error with a field, only show the most important one".
    300 emoji are neither an address nor 254 characters or fewer: one message, the first check's,
    under the box and in the summary (portal.validators.PublicForm)."""
    client.post("/survey/begin/")
    page = client.post("/survey/save/", {"email": "😀" * 300, "send": ""}).content.decode()
    assert page.count("Enter an email address in the correct format") == 2  # summary and field
    assert "254 characters or fewer" not in page
    assert 'id="id_email_2_error"' not in page


def test_a_field_keeping_djangos_length_message_has_its_figures_as_numbers():
    """A field with no length message of its own keeps Django's, which counts with "%d" and
    picks its plural by the figure: the figures stay numbers to it, and are written as the
    page's language writes them wherever a message of ours shows them as text."""
    from django import forms
    from django.core.exceptions import ValidationError

    from portal.validators import in_the_page_language

    field = in_the_page_language(forms.CharField(max_length=1000), subject="Answer")
    for code, shown in (("en", "it has 2345"), ("pl", "2345")):
        with translation.override(code):
            with pytest.raises(ValidationError) as refused:
                field.clean("x" * 2345)
            assert shown in refused.value.messages[0]
            written = str(refused.value.error_list[0].params["show_value"])
            assert written == ("2,345" if code == "en" else "2\xa0345")


# --- a NUL typed into a form (docs/decisions/0966) -----------------------------------------------


class _Fields(HTMLParser):
    """The names of a page's text inputs and text areas (the honeypot left out)."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []
        self.emails: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        typed = tag == "input" and attrs.get("type") in ("text", "email")
        if (typed or tag == "textarea") and attrs.get("name") not in (None, "website"):
            self.names.append(attrs["name"])
            if attrs.get("type") == "email":
                self.emails.add(attrs["name"])


def _errors_by_field(content: str) -> dict[str, list[str]]:
    """Each field's error messages, as GOV.UK's markup writes them (id="id_<name>_<n>_error")."""
    found: dict[str, list[str]] = {}
    for name, text in re.findall(
        r'id="id_([\w-]+?)_\d+_error" class="govuk-error-message">\s*<span[^>]*>[^<]*</span>([^<]*)<',
        content,
    ):
        found.setdefault(name, []).append(" ".join(text.split()))
    return found


def _nul_posts(prefix: str, detail: str) -> dict[str, dict[str, list[str]]]:
    """Every public form with text in it, each text field sent with a NUL in it: the booking
    form, the survey's sections and its save form."""
    client = Client()
    forms = {detail: {}}
    client.post(f"{prefix}/survey/begin/")
    for number in range(1, 5):
        forms[f"/survey/section/{number}/"] = {"action": "continue"}
    forms["/survey/save/"] = {"send": "1"}
    found = {}
    for path, extra in forms.items():
        parser = _Fields()
        parser.feed(client.get(f"{prefix}{path}").content.decode())
        assert parser.names, path
        posted = {name: "Ada\x00Lovelace" for name in parser.names}
        response = client.post(f"{prefix}{path}", {**posted, **extra})
        assert response.status_code == 200, (prefix, path, response.status_code)
        errors = _errors_by_field(response.content.decode())
        found[path] = {(name, name in parser.emails): errors.get(name, []) for name in parser.names}
    return found


def test_a_nul_typed_into_any_public_form_is_refused_once_in_the_page_language(llep_demo):
    """Django refuses a NUL in a text field with "Null characters are not allowed.", in English
    on the Gujarati, Punjabi and Urdu pages (its catalogues have no translation), and on top of
    the field's own message. Each field now says it once, in the page's language, naming the
    field. An email address says it is not one in the correct format (its first check; a field
    shows one message)."""
    with translation.override(settings.LANGUAGE_CODE):
        detail = RoundTable.objects.order_by("starts_at").first().get_absolute_url()
    english = _nul_posts("", detail)
    assert english[detail][("access_needs", False)] == [
        "Access needs must not contain hidden characters"
    ]
    assert english[detail][("full_name", False)] == [
        "Full name must be on one line, with no line breaks or hidden characters"
    ]
    assert english["/survey/section/2/"][("challenges", False)] == [
        "Your answer contains a character we cannot store"
    ]
    # One message a field (portal.validators.PublicForm): the first check's.
    assert english[detail][("email", True)] == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    for code in ["", *(f"/{c}" for c in LANGS)]:
        found = english if not code else _nul_posts(code, detail)
        for path, fields in found.items():
            for (name, email), errors in fields.items():
                assert len(errors) == 1, (code, path, name, errors)
                for error in errors:
                    assert "Null characters" not in error, (code, path, name)
                    if code:
                        assert error not in english[path][(name, email)], (code, path, name)
