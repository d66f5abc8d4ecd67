"""Every URL the portal has answers hostile input with a 4xx page in the portal's layout or a
redirect, never a 500 (docs/decisions/0840).

The URLs come from the URLconf and the admin registry (every model admin's list, add page, a
change page and its own URLs), so a new URL is walked without editing this test. The query
parameters a page reads are taken from the page's own links (filters, sorting, paging), plus the
names the portal's views read; each is sent with hostile values, as a superuser and anonymously.
Each route parameter is replaced by hostile values too, and every URL is sent hostile bodies.
"""

import html
import re
import uuid
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NUL = "\x00"
# NUL bytes, other scripts' digits ("²".isdigit() is true, int("²") fails), numbers too large
# for any column or date, negative and non-numeric ids, unknown choices.
HOSTILE = [NUL, "²", "٣", "9" * 30, "99999999999", "-1", "abc", "not-a-choice"]
# Names the portal's own views read, whether or not a link on the page carries them.
READ_BY_VIEWS = [
    "page", "status", "sector", "theme", "kind", "channel", "rated", "score", "type", "place",
    "quote", "late", "chose", "round_table", "new", "next", "q", "o", "p", "e", "all",
    "_changelist_filters", "_popup", "_to_field",
]  # fmt: skip
LAYOUT = 'class="govuk-template__body'
LINK = re.compile(r'href="([^"]*\?[^"]*)"')


@pytest.fixture
def world(llep_demo, tmp_path, settings):
    """One row of every kind the admin lists, so that each change page and each route has a
    real object to show."""
    from events.models import Booking, RoundTable, RoundTableNote
    from events.selectors import booking_token
    from portal.models import OutboundEmail
    from portal.roles import roles_sync
    from prospectus.models import Export, Prospectus
    from survey import services as survey_services
    from survey.models import Response, Survey
    from survey.synthetic import responses_generate
    from tests.events.factories import BookingFactory

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    roles_sync()
    User.objects.create_superuser("root", "root@example.com", "a-long-test-password")
    round_table = RoundTable.objects.order_by("pk").first()
    booking = BookingFactory(round_table=round_table)
    survey = Survey.objects.get()
    responses_generate(survey=survey, count=3, seed=1)
    RoundTableNote.objects.create(round_table=round_table, kind="challenge", text="Skills.")
    Export.objects.create(prospectus=Prospectus.objects.get(), status=Export.Status.FAILED)
    OutboundEmail.objects.create(to="someone@example.com", subject="A message")
    from events.services import attendee_message_send

    attendee_message_send(
        round_table_id=round_table.pk,
        audience="both",
        subject="Joining instructions",
        body="Come to reception.",
        idempotency_key=uuid.uuid4(),
        sent_by_id=None,
    )
    draft = survey_services.draft_start(survey=survey)
    assert Booking.objects.exists() and Response.objects.exists()
    return {
        "token": booking_token(booking, purpose="page"),
        "signed": survey_services.draft_link(draft=draft).rstrip("/").rsplit("/", 1)[-1],
        "slug": round_table.slug,
        "reference": Response.objects.first().reference,
        "number": "1",
    }


def _routes(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern, its prefixes joined."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _admin_object_ids() -> dict[str, str]:
    """The first object's id for each model admin's URL prefix."""
    ids = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            ids[f"admin/{model._meta.app_label}/{model._meta.model_name}/"] = str(first.pk)
    return ids


def _real_value(route: str, name: str, world: dict, object_ids: dict) -> str:
    for prefix, pk in object_ids.items():
        if route.startswith(prefix):
            return pk
    if route.startswith("downloads/"):
        from portal.models import Document

        return str(Document.objects.order_by("pk").first().pk)
    if route.startswith("board/exports/"):
        from prospectus.models import Export

        return str(Export.objects.order_by("pk").first().pk)
    return world.get(name, "1")


def _fill(route: str, real: dict[str, str], hostile: dict[str, str] | None = None) -> str:
    values = {**real, **(hostile or {})}
    return "/" + PARAMETER.sub(lambda m: quote(values[m.group(2)], safe=""), route)


def _urls(world) -> tuple[list[str], list[str]]:
    """Every route with real values, and every route with each parameter made hostile."""
    object_ids = _admin_object_ids()
    real, hostile = [], []
    for route, pattern in _routes():
        if isinstance(pattern.pattern, RegexPattern):
            continue  # the admin's app index and catch-all: reached below by reverse
        names = [name for _, name in PARAMETER.findall(route)]
        values = {name: _real_value(route, name, world, object_ids) for name in names}
        real.append(_fill(route, values))
        hostile += [_fill(route, values, {name: bad}) for name in names for bad in HOSTILE]
    for app_label in {model._meta.app_label for model in admin.site._registry}:
        real.append(reverse("admin:app_list", args=[app_label]))
    hostile += ["/%00", "/admin/%00/", "/admin/survey/response/%00/change/", "/board/%C2%B2/"]
    # Admin pages first, then the public ones: an admin delete page is posted to last.
    return sorted(set(real), key=lambda url: ("/delete/" in url, url)), sorted(set(hostile))


def _clients() -> dict[str, Client]:
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(User.objects.get(username="root"))
    return {"superuser": signed_in, "anonymous": Client(raise_request_exception=False)}


class Findings(list):
    def check(self, who: str, method: str, url: str, reply) -> None:
        status = reply.status_code
        if status >= 500:
            self.append(f"{who} {method} {url!r}: {status}")
        elif (
            status in (400, 403, 404, 405)
            and "html" in reply.get("Content-Type", "")
            and LAYOUT not in reply.content.decode(errors="replace")
        ):
            self.append(f"{who} {method} {url!r}: {status} outside the portal's layout")


def _link_params(url: str, content: bytes) -> set[str]:
    """The query parameter names of the page's links back to itself."""
    names = set()
    path = urlsplit(url).path
    for href in LINK.findall(content.decode(errors="replace")):
        parts = urlsplit(html.unescape(href))
        if parts.path in ("", path):
            names.update(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return names


def _get_all(client, who, urls, findings) -> dict[str, set[str]]:
    """GET each URL; the query names each page that answered 200 reads. An admin model's own
    URLs (an export, say) read the filters of its list too."""
    params = {}
    for url in urls:
        reply = client.get(url)
        findings.check(who, "GET", url, reply)
        if reply.status_code == 200 and "html" in reply.get("Content-Type", ""):
            params[url] = _link_params(url, reply.content)
    for url in urls:
        if url.startswith("/admin/") and not re.search(r"/(add|change|history|delete)/$", url):
            changelist = next((u for u in params if url.startswith(u) and u != url), None)
            if changelist and changelist.count("/") == 4:  # /admin/<app>/<model>/
                params[url] = params.get(url, set()) | params[changelist]
    return params


def _hostile_queries(url: str, names: set[str]) -> list[str]:
    """Every name at once with each hostile value, then each name of the page's own links (its
    filters, where the first bad one would hide the others) alone with the values that are not
    NUL (the middleware refuses NUL before any view reads a name)."""
    queries = [urlencode({name: value for name in READ_BY_VIEWS}) for value in HOSTILE]
    # These three change what the admin does with the rest (a popup, another key field).
    queries += [urlencode({name: "abc"}) for name in ("_to_field", "_popup", "all")]
    queries += [urlencode({name: value}) for name in sorted(names) for value in HOSTILE[1:]]
    return [f"{url}?{query}" for query in queries]


def test_no_url_answers_500_to_hostile_query_values_or_paths(world):
    real, hostile_paths = _urls(world)
    findings = Findings()
    for who, client in _clients().items():
        pages = _get_all(client, who, real, findings)
        for url, names in pages.items():
            if "/delete/" in url:
                continue
            for target in _hostile_queries(url, names - set(READ_BY_VIEWS)):
                findings.check(who, "GET", target, client.get(target))
        for url in hostile_paths:
            findings.check(who, "GET", url, client.get(url))
    assert findings == [], "\n".join(findings)


def test_no_url_answers_500_to_hostile_bodies(world):
    real, _ = _urls(world)
    findings = Findings()
    hostile_body = {
        NUL: NUL,
        "action": NUL,
        "_selected_action": [NUL, "²", "9" * 30, "abc"],
        "index": "²",
        "select_across": "²",
        "csrfmiddlewaretoken": NUL,
    }
    for who in ("superuser", "anonymous"):
        for url in real:
            if url.endswith(("/logout/", "/delete/")):
                continue  # any post there signs out or deletes, whatever the body says
            # Each post with a fresh client: a post may sign out or change the session.
            client = _clients()[who]
            reply = client.post(url, hostile_body)
            findings.check(who, "POST", url, reply)
            # A form in another charset: Django cannot read it, and its own 400 page tried
            # again (to check the CSRF token) and failed with a 500.
            strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
            if who == "superuser":
                strict.force_login(User.objects.get(username="root"))
            # With the CSRF cookie a browser holds, the middleware goes on to read the form.
            strict.cookies["csrftoken"] = "a" * 32
            reply = strict.generic(
                "POST",
                url,
                b"name=value&odd",  # bytes as a script sends them: not valid UTF-16
                content_type="application/x-www-form-urlencoded; charset=utf-16",
            )
            findings.check(who, "POST utf-16", url, reply)
    assert findings == [], "\n".join(findings)
