"""The information pages' wording from the database (PageText), in the active language, as safe
HTML: the text is escaped, then {name} is replaced by a value the page gives (escaped too) and
[label](target) becomes a GOV.UK link. A target is https://…, mailto:…, #…, or a URL name such as
portal:leicester#sectors; anything else is shown as the label alone, so no text typed in the admin
can put markup or a script on a page (docs/decisions/0911)."""

import re

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.models import PageText
from portal.page_wording import PAGES

# Staff edits show within this many seconds, as the pages' other data (docs/decisions/0003).
TEXT_SECONDS = 30
_LINK = re.compile(r"\[([^\[\]]+)\]\(([^()\s]+)\)")
_VALUE = re.compile(r"\{(\w+)\}")
_URL_NAME = re.compile(r"([a-z_]+:[a-z_]+)(#[\w-]+)?")


def page_texts(page: str, values: dict) -> dict[str, SafeString]:
    """Every passage of the page, by key, rendered with values."""
    return {key: render(text, values) for key, text in _texts(page).items()}


def _texts(page: str) -> dict[str, str]:
    key = f"portal:page-text:v1:{page}:{get_language()}"
    texts = cache.get(key)
    if texts is None:
        # Read through the translated field: the active language, or English where it is empty.
        # A passage not in the database yet (a database not seeded) shows the published English.
        texts = dict(PAGES.get(page, ())) | {
            row.key: row.text for row in PageText.objects.filter(page=page)
        }
        cache.set(key, texts, TEXT_SECONDS)
    return texts


def render(text: str, values: dict) -> SafeString:
    parts = []
    end = 0
    for match in _LINK.finditer(text):
        parts.append(_filled(text[end : match.start()], values))
        label, target = _filled(match.group(1), values), match.group(2)
        href = _href(target, values)
        parts.append(
            format_html('<a class="govuk-link" href="{}">{}</a>', href, label) if href else label
        )
        end = match.end()
    parts.append(_filled(text[end:], values))
    return mark_safe("".join(parts))


def _filled(text: str, values: dict) -> str:
    """Escaped text with each {name} the page gives replaced by its escaped value."""

    def value(match):
        name = match.group(1)
        return escape(values[name]) if values.get(name) not in (None, "") else match.group(0)

    return _VALUE.sub(value, escape(text))


def _href(target: str, values: dict) -> str:
    if target.startswith("mailto:"):
        return "mailto:" + _VALUE.sub(lambda m: str(values.get(m.group(1), "")), target[7:])
    if target.startswith(("https://", "#")):
        return target
    named = _URL_NAME.fullmatch(target)
    if named:
        try:
            return reverse(named.group(1)) + (named.group(2) or "")
        except NoReverseMatch:
            return ""
    return ""
