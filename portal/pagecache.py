"""Whole pages that are the same for every visitor but their CSRF token, rendered once per version.

A booking page under a rush is asked for hundreds of times a second and changes only when what it
shows changes (the round table's row, its places left, whether booking is open). The view reads
those from the database at every request, as before, and passes them as `version`; the page is
rendered once per version in each process, with a placeholder where the CSRF token goes, and each
request gets a copy with its own token. Nothing shown can be stale: anything that would change
the page is in the version, except the site-wide context (navigation, service name, staff email),
which comes from code and settings; entries also expire after `MAX_AGE` seconds.
(docs/decisions/0104-booking-and-survey-hot-paths.md)
"""

import secrets
import time
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

MAX_AGE = 30
MAX_ENTRIES = 256

# Random per process, so no text on a page can ever match it by chance or by design.
_PLACEHOLDER = secrets.token_hex(16)
_pages: OrderedDict[tuple, tuple[float, str]] = OrderedDict()


def render_shared(
    request, template: str, context: dict, *, version: tuple, status: int = 200
) -> HttpResponse:
    """Render template like django.shortcuts.render, reusing the markup made for the same
    template, path and version in the last MAX_AGE seconds. A request with messages to show is
    rendered afresh (messages are per visitor)."""
    if get_messages(request):
        return HttpResponse(render_to_string(template, context, request), status=status)
    key = (template, request.path, version)
    now = time.monotonic()
    cached = _pages.get(key)
    if cached is None or cached[0] <= now:
        html = render_to_string(template, {**context, "csrf_token": _PLACEHOLDER}, request)
        cached = (now + MAX_AGE, html)
        _pages[key] = cached
        if len(_pages) > MAX_ENTRIES:
            _pages.popitem(last=False)
    # get_token also marks the response to set the CSRF cookie, as the template tag would.
    return HttpResponse(cached[1].replace(_PLACEHOLDER, get_token(request)), status=status)


def clear() -> None:
    """Forget every page (tests that change settings or templates use it)."""
    _pages.clear()
