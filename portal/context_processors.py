"""Template context every page gets: the service name, the main navigation and the LLEP's address."""

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


def portal(request):
    path = request.path
    nav = []
    for name, label in NAVIGATION:
        url = reverse(name)
        nav.append(
            {
                "url": url,
                "label": label,
                "active": path == url or (url != "/" and path.startswith(url)),
            }
        )
    return {"service_name": SERVICE_NAME, "navigation": nav, "staff_email": settings.STAFF_EMAIL}
