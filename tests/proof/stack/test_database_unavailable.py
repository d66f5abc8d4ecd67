"""The friendly page for a database outage, without a stack: any view that hits a database error
answers 503 with a page that says to try again, renders without touching the database, and
never shows a traceback (the stack's PostgreSQL restart test proves it end to end)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from portal.middleware import DatabaseUnavailableMiddleware


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_database_error_becomes_the_friendly_503_page(error, db, django_assert_num_queries):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().post("/round-tables/textiles/", {"full_name": "Ann"})

    with django_assert_num_queries(0):
        response = middleware.process_exception(request, error)

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in page
    assert "have not been saved this time" in page
    assert "Connection refused" not in page and "Traceback" not in page


def test_other_errors_are_left_to_the_error_handler():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, ValueError("a bug")) is None
