"""Whole pages that are the same for every visitor but their CSRF token, rendered once per version.

A booking page under a rush is asked for hundreds of times a second and changes only when what it
shows changes (the round table's row, its places left, whether booking is open). The view passes
what it read as `version`; the page is rendered once per version in each process, with a
placeholder where the CSRF token goes, and each request gets a copy with its own token. The cache
adds no staleness of its own: anything that would change the page is in the version or a slot
(below), except the site-wide context (navigation, service name, staff email), which comes from
code and settings; entries also expire after `MAX_AGE` seconds.
(docs/decisions/0104-booking-and-survey-hot-paths.md)

A value that changes far more often than the rest of the page (the places left change at every
booking) can be a slot instead of part of the version: the shared markup holds a placeholder for
it, filled at every request like the token, so that a rush renders the page once, not once per
booking (docs/decisions/0106-one-index-per-booking-question.md).
"""

import secrets
import time
from collections import OrderedDict
from functools import cache

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

MAX_AGE = 30
MAX_ENTRIES = 256

# Random per process, so no text on a page can ever match it by chance or by design.
_PLACEHOLDER = secrets.token_hex(16)
_pages: OrderedDict[tuple, tuple[float, str]] = OrderedDict()


@cache
def _slot_placeholder(name: str) -> str:
    return secrets.token_hex(16)


def render_shared(
    request,
    template: str,
    context: dict,
    *,
    version: tuple,
    slots: tuple[str, ...] = (),
    status: int = 200,
) -> HttpResponse:
    """Render template like django.shortcuts.render, reusing the markup made for the same
    template, path and version in the last MAX_AGE seconds. The context variables named in slots
    are written into that markup at each request (escaped unless marked safe, as a template
    would). A request with messages to show is rendered afresh (messages are per visitor)."""
    if get_messages(request):
        return HttpResponse(render_to_string(template, context, request), status=status)
    key = (template, request.path, version, slots)
    now = time.monotonic()
    cached = _pages.get(key)
    if cached is None or cached[0] <= now:
        placeholders = {name: mark_safe(_slot_placeholder(name)) for name in slots}
        html = render_to_string(
            template, {**context, **placeholders, "csrf_token": _PLACEHOLDER}, request
        )
        cached = (now + MAX_AGE, html)
        _pages[key] = cached
        if len(_pages) > MAX_ENTRIES:
            _pages.popitem(last=False)
    html = cached[1]
    for name in slots:
        html = html.replace(_slot_placeholder(name), conditional_escape(context[name]))
    # get_token also marks the response to set the CSRF cookie, as the template tag would.
    return HttpResponse(html.replace(_PLACEHOLDER, get_token(request)), status=status)


def clear() -> None:
    """Forget every page (tests that change settings or templates use it)."""
    _pages.clear()
