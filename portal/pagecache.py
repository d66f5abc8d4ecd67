"""Whole pages that are the same for every visitor but their CSRF token, kept in Django's
process-local cache (CACHES["local"]) under a key the view gives.

A round table's page is asked for at every booking of a rush and changes only when the round
table, its state or its places left change (events/availability.py's `version`). Template
fragment caching ({% cache %}) cannot hold the form, whose CSRF token differs per visitor, and
drawing the rest of the page around the fragments still cost a booking page 0.48 ms of CPU
against 0.25 ms for a kept page, which took the booking rush from 0.55 to 0.48 of its floor
(docs/decisions/0107-availability.md). So the page is drawn once per key with a random
placeholder where the token goes, and each request gets a copy with its own token.
"""

import secrets

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

MAX_AGE = 60
# Random per process, so no text on a page can ever match it by chance or by design.
_PLACEHOLDER = secrets.token_hex(16)


def render_shared(request, template: str, context: dict, *, key: str) -> HttpResponse:
    """Render template like django.shortcuts.render, reusing the page drawn for the same
    template, language, path and key in the last MAX_AGE seconds. A request with messages to show is drawn
    afresh (messages are per visitor)."""
    if get_messages(request):
        return HttpResponse(render_to_string(template, context, request))
    # The path carries the language prefix, but not for English, which the default says.
    cache_key = f"page:{template}:{get_language()}:{request.path}:{key}"
    html = caches["local"].get(cache_key)
    if html is None:
        html = render_to_string(template, {**context, "csrf_token": _PLACEHOLDER}, request)
        caches["local"].set(cache_key, html, MAX_AGE)
    # get_token also marks the response to set the CSRF cookie, as the template tag would.
    return HttpResponse(html.replace(_PLACEHOLDER, get_token(request)))
