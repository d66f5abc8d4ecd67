"""Error pages in the portal's own style, rendered without touching the database."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string


def not_found(request, exception=None):
    return HttpResponseNotFound(render_to_string("404.html", {"request": request}))


def server_error(request):
    return HttpResponseServerError(render_to_string("500.html"))
