"""Every public form, fed random and hostile data: never a server error, nothing written by a post
the form refuses, and what a person typed is shown back escaped.

Each form is found as a person's browser finds it: the test GETs the page, reads the form's
fields from the HTML (names, types, options, buttons, the CSRF token) and posts back a mixture of
sensible and hostile values, with CSRF checks on. A post that is not answered with a redirect is a
refusal, and must leave the rows of Booking, Response, Draft and OutboundEmail as they were; a
post that puts a NUL byte in a text field must always be refused (PostgreSQL cannot store it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.survey.answers import SECTION_POSTS

pytestmark = [
    pytest.mark.django_db,
    # Sign-in throttle keys hold the typed username; harmless for Redis and the local cache.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

EXAMPLES = 40
SCRIPT = "<script>llep-xss()</script>"

HOSTILE_STRINGS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1; --",
    "\x00",
    "abc\x00def",
    "\u202eevil.exe\u202c",  # right-to-left override
    "مرحبا بالعالم",  # Arabic, right to left
    "😀👍🏽🏴󠁧󠁢󠁳󠁣󠁴󠁿" * 50,
    "\r\nBcc: victim@example.com",
    "x" * 100_000,
    " " * 10,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-9223372036854775809",
    "18446744073709551616",
    "[]",
    "{}",
    "null",
    "true",
    "../../../etc/passwd",
    "%00",
    "\ud7ff\ue000\ufffd",
    "a@b",
    "test@example.com\x00",
    "@",
    "😀@😀.😀",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# A field sent several times over is how a "wrong type" (a list for a scalar) reaches a view.
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


@dataclass
class Field:
    name: str
    kind: str  # text, email, textarea, select, radio, checkbox, hidden, password, honeypot, ...
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    fields: dict[str, Field]
    buttons: list[tuple[str, str]]  # (name, value) of named submit buttons
    csrf: str


class _FormParser(HTMLParser):
    """The POST forms of a page, with their fields as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._by_id: dict[str, Form] = {}
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._button: tuple[str, str | None] | None = None
        self._button_text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(action=a.get("action", ""), fields={}, buttons=[], csrf="")
            self.forms.append(self._form)
            self._by_id[a.get("id", "")] = self._form
            return
        # A control with a form attribute belongs to that form wherever it stands, as in a browser.
        form = self._by_id.get(a["form"]) if a.get("form") else self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if name == "csrfmiddlewaretoken":
                form.csrf = a.get("value", "")
            elif kind in {"submit", "image"}:
                form.buttons.append((name, a.get("value", "")))
            elif kind in {"radio", "checkbox"}:
                existing = form.fields.setdefault(name, Field(name, kind))
                existing.options.append(a.get("value", "on"))
            elif a.get("tabindex") == "-1" and kind == "text":
                # A honeypot: hidden from people and from the keyboard, filled only by bots.
                form.fields[name] = Field(name, "honeypot")
            else:
                form.fields[name] = Field(name, kind, value=a.get("value", ""))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))
            self._button = (name, a.get("value"))
            self._button_text = ""
        elif tag == "select" and name:
            self._select = form.fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = form.fields[name] = Field(name, "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                # As in a browser, the newline right after <textarea> is not part of the value.
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "button" and self._button is not None and self._form is not None:
            # A browser sends a button's value attribute ("" without one); a script or an old
            # client may send its text instead, so both are tried.
            name, value = self._button
            text = " ".join(self._button_text.split())
            if value is None and text:
                self._form.buttons.append((name, text))
            self._button = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._button is not None:
            self._button_text += data


def form_on(client: Client, url: str) -> tuple[str, Form]:
    """GET url (following redirects) and return the address posted to and its main form."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    parser = _FormParser()
    parser.feed(response.content.decode())
    # The page's own form: the last POST form that is not a sign-out or language switch.
    forms = [f for f in parser.forms if f.fields or f.buttons]
    assert forms, f"no POST form on {url}"
    form = forms[-1]
    page_url = response.request["PATH_INFO"]
    if response.request.get("QUERY_STRING"):
        page_url += "?" + response.request["QUERY_STRING"]
    action = form.action or page_url
    return urlsplit(action).path + (
        "?" + urlsplit(action).query if urlsplit(action).query else ""
    ), form


def sensible(f: Field, n: int) -> str | list[str]:
    """A value a careful person would give this field."""
    if f.kind == "email" or "email" in f.name:
        return f"person{n}@example.org"
    if f.kind in {"radio", "select"}:
        options = [o for o in f.options if o]
        return options[0] if options else ""
    if f.kind == "checkbox":
        return f.options[:1]
    if f.kind == "number":
        return "3"
    if f.kind == "hidden":
        return f.value
    if f.kind == "honeypot":
        return ""
    if f.kind == "password":
        return "not-the-password"
    return f.value or f"Sensible answer {n}"


@st.composite
def posts(draw, form: Form) -> dict:
    """Form data: every field sensible except a few made hostile or left out, a button, and
    maybe made-up extra fields. It shrinks towards the sensible post a careful person makes."""
    n = draw(st.integers(0, 10**6))
    names = sorted(form.fields)
    hostile = draw(st.sets(st.sampled_from(names))) if names else set()
    missing = draw(st.sets(st.sampled_from(names))) if names else set()
    data: dict = {}
    for name in names:
        if name in hostile:
            value = draw(hostile_value)
        elif name in missing:
            continue
        else:
            value = sensible(form.fields[name], n)
        if value == [] or value == "":
            continue
        data[name] = value
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data[name] = value
    extras = draw(st.dictionaries(st.text(min_size=1, max_size=20), hostile_value, max_size=2))
    for name, value in extras.items():
        data.setdefault(name, value)
    return data


def _has_nul_in_text(form: Form, data: dict) -> bool:
    for f in form.fields.values():
        if f.kind in {"text", "email", "textarea", "number", "password", "search", "tel"}:
            values = data.get(f.name, [])
            values = values if isinstance(values, list) else [values]
            # A repeated text field is read by Django as its last value; only that one is stored.
            if values and "\x00" in values[-1]:
                return True
    return False


def row_counts() -> dict[str, int]:
    from events.models import Booking
    from portal.models import OutboundEmail
    from survey.models import Draft, Response

    return {
        model.__name__: model.objects.count() for model in (Booking, Response, Draft, OutboundEmail)
    }


# How a page says "no": an error summary beside the form (GOV.UK) or the admin's error note.
REFUSAL_MARKERS = ("govuk-error-summary", 'class="errornote"', 'class="errorlist')


def refused(response) -> bool:
    """Whether the portal refused the post: an error status, or the form shown again with errors.
    A redirect, or a page without errors (a confirmation), means it was accepted."""
    if response.status_code in {301, 302, 303}:
        return False
    if response.status_code >= 400:
        return True
    body = response.content.decode(errors="replace")
    return any(marker in body for marker in REFUSAL_MARKERS)


def check_post(client: Client, url: str, form: Form, data: dict) -> None:
    """Post data with the form's CSRF token and check the rules in this module's docstring."""
    before = row_counts()
    posted = {"csrfmiddlewaretoken": form.csrf, **data}
    response = client.post(url, posted)
    after = row_counts()
    assert response.status_code < 500, f"POST {url} answered {response.status_code}"
    if refused(response):
        assert after == before, f"POST {url} was refused ({response.status_code}) yet wrote rows"
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body, f"POST {url} echoed a script tag unescaped"
    if response.status_code in {301, 302, 303}:
        # Where an accepted post leads (a confirmation, the next section, the check page) shows
        # what was typed: it must load and show it escaped too.
        location = urlsplit(response["Location"])
        if not location.netloc:
            landing = client.get(location.path, dict(parse_qsl(location.query)))
            assert landing.status_code < 500, f"{location.path} answered {landing.status_code}"
            assert SCRIPT not in landing.content.decode(errors="replace"), (
                f"{location.path} showed a script tag from POST {url} unescaped"
            )
    if after != before:
        assert not _has_nul_in_text(form, data), f"POST {url} stored a post holding a NUL byte"


# --- the forms -------------------------------------------------------------------------------
# Each target returns the URL of the page that holds its form, made ready as a person would reach
# it (a booking to cancel, a draft in progress).

Target = Callable[[Client], str]


def _post(client: Client, url: str, data: dict | None = None):
    """A post as the browser makes it: with the CSRF token of the page it came from."""
    _, form = form_on(client, url if data is not None else reverse("survey:start"))
    return client.post(url, {"csrfmiddlewaretoken": form.csrf, **(data or {})})


def _survey_begun(client: Client, sections: int = 0) -> None:
    response = _post(client, reverse("survey:begin"))
    assert response.status_code == 302
    for number in range(1, sections + 1):
        url = reverse("survey:section", args=[number])
        response = _post(client, url, {**SECTION_POSTS[number], "action": "Continue"})
        assert response.status_code == 302, f"section {number} was refused"


def booking_form(client: Client) -> str:
    return reverse("events:detail", args=["textiles"])


def waiting_list_form(client: Client) -> str:
    from events.models import RoundTable
    from events.services import booking_create

    round_table = RoundTable.objects.get(slug="life-sciences")
    RoundTable.objects.filter(pk=round_table.pk).update(capacity=1)
    booking_create(
        round_table_id=round_table.pk,
        full_name="First Person",
        email="first@example.org",
        organisation="Charnwood Labs",
        privacy_agreed=True,
    )
    return reverse("events:detail", args=["life-sciences"])


def cancel_confirm(client: Client) -> str:
    from events.models import RoundTable
    from events.selectors import booking_token
    from events.services import booking_create

    outcome = booking_create(
        round_table_id=RoundTable.objects.get(slug="textiles").pk,
        full_name="Cancelling Person",
        email="cancel@example.org",
        organisation="DMU",
        privacy_agreed=True,
    )
    return reverse("events:cancel", args=[booking_token(outcome.booking, purpose="cancel")])


def survey_section(number: int) -> Target:
    def target(client: Client) -> str:
        _survey_begun(client)
        return reverse("survey:section", args=[number])

    return target


def save_and_return(client: Client) -> str:
    _survey_begun(client, sections=1)
    return reverse("survey:save")


def check_answers(client: Client) -> str:
    _survey_begun(client, sections=4)
    return reverse("survey:check")


def late_response(client: Client) -> str:
    """A person part-way through when the survey closes: their answers, and a way to email
    them to staff."""
    import datetime as dt

    from django.utils import timezone

    from survey.models import Survey

    _survey_begun(client, sections=2)
    now = timezone.now()
    Survey.objects.update(
        opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(minutes=1)
    )
    return reverse("survey:start")


def admin_login(client: Client) -> str:
    return reverse("admin:login")


TARGETS: dict[str, Target] = {
    "booking form": booking_form,
    "waiting list form": waiting_list_form,
    "cancel confirm": cancel_confirm,
    "survey section 1": survey_section(1),
    "survey section 2": survey_section(2),
    "survey section 3": survey_section(3),
    "survey section 4": survey_section(4),
    "save and return": save_and_return,
    "check answers submit": check_answers,
    "late response email": late_response,
    "admin sign-in": admin_login,
}
# Forms that a bare confirmation submits: an empty post is the valid one.
EMPTY_IS_VALID = {"cancel confirm", "check answers submit", "late response email"}


@pytest.fixture
def consultation(llep_demo, settings):
    """The consultation live now, tasks (email) inline, and no rate limit left from before."""
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield llep_demo
    app.conf.task_always_eager = saved


def _fresh_cache() -> None:
    # Rate limits and sign-in locks would otherwise turn later examples into 429s and hide bugs.
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.mark.parametrize("target", list(TARGETS), ids=lambda name: name.replace(" ", "-"))
def test_hostile_posts_never_fail_and_write_nothing_when_refused(consultation, target):
    client = Client(enforce_csrf_checks=True)
    page = TARGETS[target](client)
    url, form = form_on(client, page)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=posts(form))
    def post_is_handled(data):
        _fresh_cache()
        check_post(client, url, form, data)

    post_is_handled()


@pytest.mark.parametrize(
    "target",
    [name for name in TARGETS if name not in EMPTY_IS_VALID],
    ids=lambda name: name.replace(" ", "-"),
)
def test_empty_post_is_refused_with_a_message_and_writes_nothing(consultation, target):
    client = Client(enforce_csrf_checks=True)
    url, form = form_on(client, TARGETS[target](client))
    before = row_counts()
    response = client.post(url, {"csrfmiddlewaretoken": form.csrf})
    assert response.status_code < 500
    assert refused(response), f"an empty POST to {url} was accepted"
    assert row_counts() == before
    assert re.search(r"error|problem|enter|select", response.content.decode(), re.I)


@pytest.mark.parametrize("target", list(TARGETS), ids=lambda name: name.replace(" ", "-"))
def test_a_careful_persons_post_is_accepted(consultation, target):
    """The sensible filling the hostile posts start from is itself valid, so the property test
    explores the edge of what each form accepts rather than only its first error."""
    if target == "admin sign-in":
        from django.contrib.auth.models import User

        User.objects.create_user("careful", password="not-the-password", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    url, form = form_on(client, TARGETS[target](client))
    data = {name: sensible(f, 1) for name, f in form.fields.items()}
    if target == "admin sign-in":
        data["username"] = "careful"
    data = {k: v for k, v in data.items() if v not in ("", [])}
    if form.buttons:
        data[form.buttons[0][0]] = form.buttons[0][1]
    response = client.post(url, {"csrfmiddlewaretoken": form.csrf, **data})
    assert not refused(response), f"a sensible post to {url} was refused: {data}"
