"""The organisers' admin says what happened in true words: cancelling a round table nobody had
booked says nobody was emailed because nobody was booked, and the second of two organisers
cancelling it at once is told it was already cancelled."""

import pytest
from django.urls import reverse

from events import services

pytestmark = pytest.mark.django_db


def _cancelled(client, round_table) -> list[str]:
    page = client.post(
        reverse("admin:events_roundtable_cancel", args=[round_table.pk]), follow=True
    )
    return [str(m) for m in page.context["messages"]]


def test_cancelling_a_round_table_nobody_booked_says_nobody_was_booked(
    org_client, demo_round_table
):
    assert _cancelled(org_client, demo_round_table) == [
        f"The {demo_round_table.title} is cancelled. Nobody was booked, so nobody was emailed."
    ]


def test_cancelling_a_round_table_says_how_many_people_booked_were_emailed(
    org_client, demo_round_table
):
    for n in range(2):
        services.booking_create(
            round_table_id=demo_round_table.pk,
            full_name=f"Person {n}",
            email=f"p{n}@example.com",
            organisation="Org",
            privacy_agreed=True,
        )
    assert _cancelled(org_client, demo_round_table) == [
        f"The {demo_round_table.title} is cancelled. 2 people booked have been emailed."
    ]


def test_the_second_of_two_organisers_cancelling_at_once_is_told_it_was_already_cancelled(
    org_client, demo_round_table, monkeypatch
):
    services.booking_create(
        round_table_id=demo_round_table.pk,
        full_name="Person",
        email="p@example.com",
        organisation="Org",
        privacy_agreed=True,
    )
    cancel = services.round_table_cancel

    def other_organiser_first(**kwargs):
        # This organiser's page was read before the other's cancellation committed.
        assert len(cancel(**kwargs)) == 1
        return cancel(**kwargs)

    monkeypatch.setattr(services, "round_table_cancel", other_organiser_first)
    assert _cancelled(org_client, demo_round_table) == [
        f"The {demo_round_table.title} had already been cancelled, perhaps by another organiser "
        "at the same moment: nothing more was done and nobody was emailed again."
    ]
