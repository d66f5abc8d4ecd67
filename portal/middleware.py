"""Security headers (a Content Security Policy with no inline scripts), the page for a request made
with the wrong method, and the friendly page shown when the database cannot be reached."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class MethodNotAllowedPageMiddleware:
    """Django's require_http_methods answers 405 with an empty body: give it the portal's page,
    keeping its Allow header. Rendered without the request, as the 400 and 404 pages are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html")
            response["Content-Type"] = "text/html; charset=utf-8"
            # CommonMiddleware, further in, has already said Content-Length: 0, and a browser
            # believes it: the page would arrive blank.
            response["Content-Length"] = str(len(response.content))
        return response


class DatabaseUnavailableMiddleware:
    """While PostgreSQL restarts, answer 503 with a page that says to try again, not a traceback.
    Persistent connections are health-checked, so the next request reconnects by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Database unavailable: %s", exception)
            # Rendered without the request: context processors would query the database again.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None
