"""Error pages in the portal's own layout, each saying what the person can do next.

The 400, 404 and 500 pages are rendered without context processors or the database: a 400 may
come from a request Django cannot read (a form in another charset), and reading it again, as
Django's own bad_request view does when it checks the CSRF token, fails a second time. The 403
pages read who is signed in, to say whether signing in or another account would help.
"""

from django.conf import settings
from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template.loader import render_to_string


def _where(request) -> dict:
    """Which part of the portal the person was in: the next step differs for staff pages."""
    path = request.path if request is not None else "/"
    return {
        "request": request,
        "staff_area": path.startswith(("/admin/", "/board/")),
        "staff_email": settings.STAFF_EMAIL,
    }


def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("400.html", _where(request)))


def permission_denied(request, exception=None):
    return HttpResponseForbidden(render_to_string("403.html", _where(request), request=request))


def csrf_failure(request, reason=""):
    """A form sent from a page that expired, or without the cookie: say how to send it again."""
    context = {**_where(request), "csrf_failure": True}
    return HttpResponseForbidden(render_to_string("403.html", context, request=request))


def not_found(request, exception=None):
    return HttpResponseNotFound(render_to_string("404.html", _where(request)))


def server_error(request):
    return HttpResponseServerError(
        render_to_string("500.html", {"staff_email": settings.STAFF_EMAIL})
    )
