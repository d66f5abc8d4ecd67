"""Booking under abuse (issue 12): a bot filling a round table, the page telling strangers who is
booked, and organisers clearing up spam in one go."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from events import services
from events.models import Booking
from portal import roles

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.com",
    "organisation": "Analytical Engines Ltd",
    "job_title": "",
    "access_needs": "",
    "dietary_needs": "",
    "privacy_agreed": "on",
}


def _post(client, round_table, **changes):
    return client.post(round_table.get_absolute_url(), {**VALID, **changes})


def _book(round_table, email: str, name: str = "Someone") -> Booking:
    return services.booking_create(
        round_table_id=round_table.pk,
        full_name=name,
        email=email,
        organisation="Org",
        privacy_agreed=True,
    ).booking


# --- Point 9: one address cannot take every place ------------------------------------------------


def test_forty_bookings_from_one_address_stop_at_the_hourly_limit(client, demo_round_table):
    replies = [
        _post(client, demo_round_table, email=f"made-up-{n}@example.invalid") for n in range(40)
    ]
    statuses = [r.status_code for r in replies]
    assert statuses[:20] == [302] * 20  # an office behind one address books 20 people an hour
    assert set(statuses[20:]) == {429}
    assert Booking.objects.count() == 20


def test_over_the_limit_the_form_comes_back_with_what_was_typed_and_a_way_to_book(
    client, demo_round_table, settings
):
    settings.BOOKING_RATE_LIMIT = 1
    _post(client, demo_round_table, email="first@example.com")
    reply = _post(client, demo_round_table, email="second@example.com")
    html = reply.content.decode()
    assert reply.status_code == 429
    assert "Too many bookings have been made from this connection" in html
    assert settings.STAFF_EMAIL in html
    assert 'value="second@example.com"' in html and "Analytical Engines Ltd" in html
    assert not Booking.objects.filter(email="second@example.com").exists()
    # Another address is not affected.
    other = client.post(
        demo_round_table.get_absolute_url(),
        {**VALID, "email": "third@example.com"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 302


def test_the_booking_form_carries_the_shared_honeypot(client, demo_round_table):
    html = client.get(demo_round_table.get_absolute_url()).content.decode()
    assert 'name="website"' in html and "Leave this field empty" in html


def test_a_filled_in_honeypot_books_nothing_and_says_why(client, demo_round_table):
    reply = _post(client, demo_round_table, website="http://spam.example")
    html = reply.content.decode()
    assert reply.status_code == 400
    assert "looks automated" in html
    assert "Analytical Engines Ltd" in html  # a person caught by mistake loses nothing
    assert not Booking.objects.exists()


# --- Point 10: the page tells nobody who is booked -------------------------------------------------


def test_every_booking_attempt_gets_the_same_answer_whatever_the_address_holds(
    client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    _book(demo_round_table, "holder@example.com")
    _book(demo_round_table, "waiting@example.com")
    replies = {
        email: _post(client, demo_round_table, email=email)
        for email in ("holder@example.com", "waiting@example.com", "new@example.com")
    }
    assert {(r.status_code, r["Location"]) for r in replies.values()} == {
        (302, reverse("events:sent", args=[demo_round_table.slug]))
    }
    page = client.get(replies["holder@example.com"]["Location"]).content.decode()
    assert "We have emailed the address you gave" in page
    assert not re.search(r"number \d|already has a place|waiting list, at", page)


def test_the_address_owner_is_told_by_email_what_they_already_hold(
    client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    _book(demo_round_table, "holder@example.com")
    _book(demo_round_table, "waiting@example.com")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, demo_round_table, email="holder@example.com")
        _post(client, demo_round_table, email="waiting@example.com")
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert (
        "It already has a place, so we have not made a second booking"
        in bodies["holder@example.com"]
    )
    assert "It is already on the waiting list" in bodies["waiting@example.com"]
    assert "number 1" in bodies["waiting@example.com"]


# --- Point 9: cancel as spam ----------------------------------------------------------------------


def test_cancelling_spam_promotes_each_waiting_list_once_and_emails_no_spam_address(
    demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    demo_round_table.capacity = 2
    demo_round_table.save()
    spam = [_book(demo_round_table, f"bot{n}@example.invalid") for n in range(2)]
    real = _book(demo_round_table, "real@example.com", "Real Person")
    spam.append(_book(demo_round_table, "bot9@example.invalid"))  # waiting, behind the real one
    late = _book(demo_round_table, "late@example.com", "Late Person")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.bookings_cancel_as_spam(booking_ids=[b.pk for b in spam])

    assert sorted(b.pk for b in result.cancelled) == sorted(b.pk for b in spam)
    assert [b.pk for b in result.promoted] == [real.pk, late.pk]
    assert Booking.objects.filter(status="confirmed").count() == 2
    assert all(not m.to[0].endswith(".invalid") for m in mailoutbox)
    offered = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("A place has come up"))
    assert offered == ["late@example.com", "real@example.com"]


@pytest.fixture
def organiser_client(client):
    roles.roles_sync()
    user = get_user_model().objects.create_user(username="org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EVENT_ORGANISERS))
    client.force_login(user)
    return client


@pytest.mark.parametrize(("spam_count", "said"), [(1, "1 booking cancelled as spam."),
                                                   (2, "2 bookings cancelled as spam.")])  # fmt: skip
def test_the_spam_action_says_how_many_were_cancelled_and_who_was_offered_places(
    organiser_client, demo_round_table, spam_count, said
):
    demo_round_table.capacity = spam_count
    demo_round_table.save()
    spam = [_book(demo_round_table, f"bot{n}@example.invalid") for n in range(spam_count)]
    _book(demo_round_table, "real@example.com", "Real Person")
    reply = organiser_client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "cancel_as_spam", "_selected_action": [b.pk for b in spam]},
        follow=True,
    )
    html = reply.content.decode()
    assert said in html
    assert (
        f"1 person on the waiting list was offered a place: Real Person ({demo_round_table.title})"
        in html
    )
