"""The door page shows each person's booking reference beside their name and organisation, so
two people of the same name can be told apart, and matched to a search by reference."""

import html
import re

import pytest
from django.urls import reverse

from events import services

pytestmark = pytest.mark.django_db


def _book(round_table, n: int):
    return services.booking_create(
        round_table_id=round_table.pk,
        full_name="Sam Patel",
        email=f"sam{n}@example.com",
        organisation="Leicester City Council",
        privacy_agreed=True,
    ).booking


def _rows(page: str) -> dict[str, str]:
    """Each person's row on the door page as it reads (visible text, without the buttons)."""
    rows = re.findall(
        r'<li id="(booking-\d+)"[^>]*>\s*<div class="llep-door-who">(.*?)</div>', page, re.S
    )
    return {
        key: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()) for key, text in rows
    }


def test_two_people_of_the_same_name_are_told_apart_by_their_references(
    org_client, demo_round_table
):
    first, second = _book(demo_round_table, 1), _book(demo_round_table, 2)
    door = reverse("admin:events_roundtable_door", args=[demo_round_table.pk])
    rows = _rows(org_client.get(door).content.decode())
    assert rows == {
        f"booking-{first.pk}": f"Sam Patel Leicester City Council Reference {first.reference}",
        f"booking-{second.pk}": f"Sam Patel Leicester City Council Reference {second.reference}",
    }
    # Searching by the reference shown finds that one person.
    found = _rows(org_client.get(door, {"q": second.reference}).content.decode())
    assert list(found) == [f"booking-{second.pk}"]


def test_the_reference_is_small_secondary_text_in_the_persons_row(org_client, demo_round_table):
    booking = _book(demo_round_table, 1)
    door = reverse("admin:events_roundtable_door", args=[demo_round_table.pk])
    page = org_client.get(door).content.decode()
    assert re.search(
        r'<small class="llep-door-org llep-door-ref">'
        r'<span class="llep-visually-hidden">Reference </span>' + re.escape(booking.reference),
        page,
    )
