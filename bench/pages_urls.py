"""URLs for bench/pages.py: the portal's own, plus the bare floor it is compared with. The floor
lives here so that it is never part of the portal."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal.models import Consultation
from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ title }}</title>'
    "</head><body><main><h1>{{ title }}</h1><p>{{ organisation }}</p></main></body></html>"
)


def floor(request):
    """The least a Django page can do here: one query, a small template, the same middleware."""
    consultation = Consultation.objects.filter(is_current=True).first()
    return HttpResponse(
        FLOOR_TEMPLATE.render(
            {
                "title": consultation.title if consultation else "",
                "organisation": consultation.organisation if consultation else "",
            }
        )
    )


urlpatterns = [path("bench-floor/", floor, name="bench_floor"), *portal_urlpatterns]
