"""Fixtures for round-table tests: fixed moments around the published round tables."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")
# A week before the published Textiles round table (10am, Monday 14 May 2018).
BEFORE = dt.datetime(2018, 5, 7, 12, 0, tzinfo=LONDON)


@pytest.fixture
def before():
    return BEFORE


@pytest.fixture
def textiles(llep):
    from events.models import RoundTable

    return RoundTable.objects.get(consultation=llep, slug="textiles")


@pytest.fixture
def book(textiles, before):
    """Book through the service: book(n) or book(email=..., round_table=...)."""
    from events.services import booking_create

    counter = {"n": 0}

    def _book(email=None, *, round_table=None, now=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        data = {
            "full_name": f"Person {n}",
            "email": email or f"person{n}@example.com",
            "organisation": "Example Ltd",
            "privacy_agreed": True,
        }
        data.update(extra)
        return booking_create(
            round_table_id=(round_table or textiles).pk, now=now or before, **data
        )

    return _book


@pytest.fixture
def small(textiles):
    """Textiles with room for two, so the waiting list is quick to reach."""
    textiles.capacity = 2
    textiles.save(update_fields=["capacity"])
    return textiles


@pytest.fixture
def demo_round_table(llep_demo):
    from events.models import RoundTable

    return RoundTable.objects.get(consultation=llep_demo, slug="textiles")


@pytest.fixture
def org_client(client, llep_demo):
    """A test client signed in as an event organiser, on the demo consultation."""
    from django.contrib.auth.models import Group, User

    from portal.roles import EVENT_ORGANISERS

    user = User.objects.create_user("organiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(user)
    return client
