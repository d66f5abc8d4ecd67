"""What a person typed when booking keeps its order on the right-to-left (Urdu) booking pages:
their name, organisation and email address, and their reference, are each isolated with <bdi>,
so an organisation "Acme & Co <b>bold</b>" no longer reads "<Acme & Co <b>bold</b" nor a name
"Alice O'Brien 😀" with the emoji on the wrong side (docs/decisions/0901)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from events.models import Booking
from events.selectors import booking_token
from events.services import booking_create

pytestmark = pytest.mark.django_db

NAME = "Alice O'Brien 😀"
ORGANISATION = "Acme & Co <b>bold</b>"
EMAIL = "alice.obrien@example.com"


@pytest.fixture
def booking(demo_round_table) -> Booking:
    return booking_create(
        round_table_id=demo_round_table.pk,
        full_name=NAME,
        email=EMAIL,
        organisation=ORGANISATION,
        privacy_agreed=True,
    ).booking


def _urdu(name: str, booking: Booking, purpose: str) -> str:
    with translation.override("ur"):
        return reverse(name, args=[booking_token(booking, purpose=purpose)])


def _isolated(value: str) -> str:
    return f"<bdi>{escape(value)}</bdi>"


@pytest.mark.parametrize("name, purpose", [("events:booking", "page"), ("events:cancel", "cancel")])
def test_the_booking_and_cancel_pages_isolate_what_the_person_typed(client, booking, name, purpose):
    url = _urdu(name, booking, purpose)
    assert url.startswith("/ur/")
    html = client.get(url).content.decode()
    assert '<html lang="ur" dir="rtl"' in html
    for value in (NAME, ORGANISATION, EMAIL, booking.reference):
        assert _isolated(value) in html, value
    assert ORGANISATION not in html  # escaped, never markup


def test_the_sentences_around_an_email_address_or_reference_keep_it_isolated(client, booking):
    page = client.get(_urdu("events:booking", booking, "page")).content.decode()
    with translation.override("ur"):
        sent = translation.gettext(
            "We have sent a confirmation email to <bdi>%(email)s</bdi>, with a calendar file."
        )
    assert "<bdi>%(email)s</bdi>" in sent and "calendar" not in sent  # translated, still isolated
    assert sent % {"email": EMAIL} in page
    assert f"<strong>{_isolated(booking.reference)}</strong>" in page

    cancelled = client.post(_urdu("events:cancel", booking, "cancel")).content.decode()
    assert f"<strong>{_isolated(booking.reference)}</strong>" in cancelled
    page = client.get(_urdu("events:booking", booking, "page")).content.decode()
    with translation.override("ur"):
        line = translation.gettext("This booking (<bdi>%(reference)s</bdi>) has been cancelled.")
    assert line % {"reference": booking.reference} in page
