"""Template context every page gets: the service name, the main navigation and the LLEP's address."""

import functools

from django.conf import settings
from django.urls import reverse

SERVICE_NAME = "Local Industrial Strategy consultation"

NAVIGATION = [
    ("portal:industrial_strategy", "The Industrial Strategy"),
    ("portal:local_strategies", "Local Industrial Strategies"),
    ("portal:leicester", "Leicester and Leicestershire"),
    ("portal:get_involved", "Get involved"),
    ("events:list", "Round tables"),
    ("survey:start", "Survey"),
    ("portal:downloads", "Downloads"),
]


@functools.cache
def _navigation() -> tuple[tuple[str, str], ...]:
    """(address, label) of each item: the addresses do not change while the process runs."""
    return tuple((reverse(name), label) for name, label in NAVIGATION)


def portal(request):
    path = request.path
    nav = [
        {"url": url, "label": label, "active": path == url or (url != "/" and path.startswith(url))}
        for url, label in _navigation()
    ]
    return {
        "service_name": SERVICE_NAME,
        "navigation": nav,
        # The header and navigation differ between pages only by the item shown as current:
        # base.html keeps them as a fragment for each (Django's process-local cache).
        "navigation_current": next((item["url"] for item in nav if item["active"]), ""),
        "staff_email": settings.STAFF_EMAIL,
    }
