"""Template context every page gets: the service name, the main navigation and the LLEP's address."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SERVICE_NAME = _("Local Industrial Strategy consultation")

NAVIGATION = [
    ("portal:industrial_strategy", _("The Industrial Strategy")),
    ("portal:local_strategies", _("Local Industrial Strategies")),
    ("portal:leicester", _("Leicester and Leicestershire")),
    ("portal:get_involved", _("Get involved")),
    ("events:list", _("Round tables")),
    ("survey:start", _("Survey")),
    ("portal:downloads", _("Downloads")),
]


@functools.cache
def _navigation(language: str) -> tuple[tuple[str, str], ...]:
    """(address, label) of each item: the addresses do not change while the process runs, but
    for their language prefix."""
    return tuple((reverse(name), label) for name, label in NAVIGATION)


def portal(request):
    path = request.path
    home = reverse("portal:home")
    nav = [
        {
            "url": url,
            "label": label,
            "active": path == url or (url != home and path.startswith(url)),
        }
        for url, label in _navigation(get_language())
    ]
    return {
        "service_name": SERVICE_NAME,
        "navigation": nav,
        # The header and navigation differ between pages only by the item shown as current:
        # base.html keeps them as a fragment for each (Django's process-local cache).
        "navigation_current": next((item["url"] for item in nav if item["active"]), ""),
        "staff_email": settings.STAFF_EMAIL,
    }
