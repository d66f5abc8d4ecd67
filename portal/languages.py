"""The languages of the public pages: which ones staff offer, the language switcher and the draft
notice every page shows, and sending an address in a language not offered to its English page.

English (settings.LANGUAGE_CODE) is the source and always offered, at the addresses people
already have; each other language answers under its prefix (/gu/survey/) once staff switch it on
in the admin (portal.Language). docs/decisions/0900-languages-and-their-addresses.md
"""

import functools
import re

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import (
    get_language,
    get_language_from_path,
    gettext_noop,
    pgettext_lazy,
)

ENGLISH = settings.LANGUAGE_CODE
# Each language named in English, for staff (Django knows no Gujarati: its catalogue is ours).
ENGLISH_NAMES = {
    "en-gb": "English",
    "gu": "Gujarati",
    "pa": "Punjabi",
    "ur": "Urdu",
    "pl": "Polish",
}
RIGHT_TO_LEFT = {"ur"}
# Each process keeps the offered languages this long: staff's change shows within it everywhere
# (and at once in the process that saved it, see `forget`).
OFFERED_SECONDS = 5
_KEY = "languages:offered"


def offered() -> dict[str, str]:
    """The languages other than English offered to the public, {code: status}, from the local
    cache. With the database unreachable, none: the English pages still answer."""
    found = caches["local"].get(_KEY)
    if found is None:
        from portal.models import Language

        try:
            found = dict(Language.objects.filter(offered=True).values_list("code", "status"))
        except DatabaseError:
            return {}
        caches["local"].set(_KEY, found, OFFERED_SECONDS)
    return found


def forget() -> None:
    """Staff changed a language: this process reads them again at its next page."""
    caches["local"].delete(_KEY)


def html_lang(code: str) -> str:
    """The language as a BCP 47 tag for lang and hreflang ("en-GB", "gu")."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def _literal(pattern) -> str:
    """The fixed start of a route or regex: "data/" of "^data/(?P<name>...)"."""
    return re.split(r"[<(\[\\$]", str(pattern).lstrip("^"), maxsplit=1)[0]


@functools.cache
def _unprefixed_roots() -> tuple[str, ...]:
    """The addresses outside the language prefixes (the board, the results' publishing page and
    files, admin, the health check), as portal/urls.py lists them: one level into each include,
    as /results/ holds both translated pages and unprefixed files (docs/decisions/0915)."""
    roots = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        root = "/" + _literal(pattern.pattern)
        inner = pattern.url_patterns if isinstance(pattern, URLResolver) else [None]
        roots += [root + (_literal(sub.pattern) if sub else "") for sub in inner]
    return tuple(roots)


def _split(full_path: str) -> tuple[str | None, str]:
    """(the language prefix or None, the address without it)."""
    code = get_language_from_path(full_path)
    if code and full_path.startswith(f"/{code}/"):
        return code, full_path[len(code) + 1 :]
    return None, full_path


def address_in(code: str, rest: str) -> str:
    """The address of a page (given without its language prefix) in another language."""
    return rest if code == ENGLISH else f"/{code}{rest}"


class OfferedLanguageMiddleware:
    """An address in a language that is not offered (or /en-gb/...) leads to the same page in
    English. A form sent there keeps its method and what was typed (307)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code, rest = _split(request.path_info)
        if code is not None and (code == ENGLISH or code not in offered()):
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(rest + (f"?{query}" if query else ""))
            if request.method not in ("GET", "HEAD"):
                response.status_code = 307
            return response
        return self.get_response(request)


def context(request):
    """Whether the page's translation is a draft, and the switcher's links to the same page in
    each offered language (none off the public pages). base.html takes lang and dir from the
    active language itself, as the error pages drawn without the request have no context."""
    code = get_language() or ENGLISH
    links = []
    _, rest = _split(request.get_full_path())
    if not rest.startswith(_unprefixed_roots()):
        codes = offered()
        links = [
            {
                "code": other,
                "lang": html_lang(other),
                "dir": direction(other),
                "name": name,
                "url": address_in(other, rest),
                "current": other == code,
            }
            for other, name in settings.LANGUAGES
            if other == ENGLISH or other in codes
        ]
    return {
        "language_draft": code != ENGLISH and offered().get(code) != "checked",
        "english_url": address_in(ENGLISH, rest),
        "language_links": links if len(links) > 1 else [],
    }


# Django ships no Gujarati catalogue, so the names of the days and months in its dates
# (portal/selectors.py writes "l j E Y": E is the month as a date says it, Django's "alt. month")
# are translated in ours: marked here for makemessages.
DATE_WORDS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
# The before-noon and after-noon words of the 12-hour clock (portal/formats/: Django's "A"), in
# the languages' own words rather than Django's catalogues' (Urdu's says "evening" for every
# afternoon hour; Gujarati has none).
CLOCK_WORDS = (gettext_noop("AM"), gettext_noop("PM"))
