"""The day itself: the door page (attendance in one tap, walk-ins through the booking service),
the sign-in sheet's needs summary, waiting positions in the bookings list and no-shows in the
round-table list."""

import datetime as dt
import io
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import availability, services
from events.models import Booking
from portal.roles import EVENT_ORGANISERS, MODERATORS

pytestmark = pytest.mark.django_db


def _staff(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def organiser(llep_demo):
    return _staff("organiser", EVENT_ORGANISERS)


@pytest.fixture
def org_client(client, organiser):
    client.force_login(organiser)
    return client


def _book(round_table, n, **extra) -> Booking:
    return services.booking_create(
        round_table_id=round_table.pk,
        full_name=extra.pop("full_name", f"Person {n}"),
        email=f"p{n}@example.com",
        organisation=extra.pop("organisation", "Org"),
        privacy_agreed=True,
        **extra,
    ).booking


def _door(round_table) -> str:
    return reverse("admin:events_roundtable_door", args=[round_table.pk])


def _walk_in_url(round_table) -> str:
    return reverse("admin:events_roundtable_walk_in", args=[round_table.pk])


def _walk_in_sent(org_client, round_table, email: str):
    """Ada Lovelace of Engines added at the door through the form, with email as typed."""
    return org_client.post(
        _walk_in_url(round_table),
        {"full_name": "Ada Lovelace", "email": email, "organisation": "Engines"},
    )


def _walk_in(round_table, *, now, email="walkin@example.com"):
    return services.booking_walk_in_add(
        round_table_id=round_table.pk,
        full_name="Walk In",
        email=email,
        organisation="Drop-in Ltd",
        now=now,
    )


# --- the services ------------------------------------------------------------------------------


def test_walk_in_after_booking_closed_is_a_confirmed_place_marked_attended(textiles, book):
    book()
    outcome = _walk_in(textiles, now=textiles.starts_at + dt.timedelta(minutes=20))
    booking = outcome.booking
    assert outcome.created
    assert (booking.status, booking.attended) == (Booking.Status.CONFIRMED, True)
    assert availability.of(textiles).confirmed == 2


def test_walk_in_is_refused_when_every_place_is_taken(small, book):
    book(), book()
    with pytest.raises(services.BookingRefused) as refused:
        _walk_in(small, now=small.starts_at)
    assert "Every place is taken" in str(refused.value)
    assert availability.of(small).confirmed == 2


def test_walk_in_who_had_booked_is_marked_attended_not_booked_twice(textiles, book):
    booked = book("grace@example.com").booking
    outcome = _walk_in(textiles, now=textiles.starts_at, email="Grace@Example.com")
    assert not outcome.created
    assert outcome.booking.pk == booked.pk
    assert outcome.booking.attended is True
    assert Booking.objects.filter(round_table=textiles).count() == 1


def test_walk_in_who_was_waiting_takes_a_place_freed_on_the_day(small, book):
    first = book().booking
    book()
    waiting = book("waiting@example.com").booking
    # Cancelled after the start: the waiting list is not promoted then, so a place is free.
    services.booking_cancel(booking_id=first.pk, now=small.starts_at + dt.timedelta(minutes=5))
    outcome = _walk_in(small, now=small.starts_at, email="waiting@example.com")
    assert outcome.booking.pk == waiting.pk
    assert (outcome.booking.status, outcome.booking.attended) == ("confirmed", True)


def test_walk_in_sends_no_email(textiles, mailoutbox):
    _walk_in(textiles, now=textiles.starts_at)
    assert mailoutbox == []


def test_attendance_set_marks_only_a_confirmed_place_of_that_round_table(
    textiles, small, book, llep
):
    from events.models import RoundTable

    other = RoundTable.objects.filter(consultation=llep).exclude(pk=textiles.pk).first()
    booking = book().booking
    assert (
        services.booking_attendance_set(
            round_table_id=other.pk, booking_id=booking.pk, attended=True
        )
        is None
    )
    marked = services.booking_attendance_set(
        round_table_id=textiles.pk, booking_id=booking.pk, attended=True
    )
    assert marked.attended is True
    undone = services.booking_attendance_set(
        round_table_id=textiles.pk, booking_id=booking.pk, attended=None
    )
    assert undone.attended is None


# --- the door page -----------------------------------------------------------------------------


def test_door_page_lists_only_confirmed_attendees(org_client, demo_round_table):
    demo_round_table.capacity = 1
    demo_round_table.save()
    _book(demo_round_table, 1, full_name="Grace Hopper")
    _book(demo_round_table, 2, full_name="Waiting Person")
    html = org_client.get(_door(demo_round_table)).content.decode()
    assert "Grace Hopper" in html
    assert "Waiting Person" not in html
    assert "0 of 1 confirmed marked as attended" in html


def test_door_search_finds_by_name_organisation_or_reference_without_javascript(
    org_client, demo_round_table
):
    grace = _book(demo_round_table, 1, full_name="Grace Hopper", organisation="Navy")
    _book(demo_round_table, 2, full_name="Alan Turing", organisation="Bletchley")
    for query in ("hopper", "NAVY", grace.reference.lower(), "grace navy"):
        html = org_client.get(_door(demo_round_table), {"q": query}).content.decode()
        assert "Grace Hopper" in html and "Alan Turing" not in html, query


def test_one_tap_marks_attended_and_undo_clears_it(org_client, demo_round_table):
    booking = _book(demo_round_table, 1, full_name="Grace Hopper")
    response = org_client.post(
        _door(demo_round_table), {"booking": booking.pk, "attended": "yes", "q": "grace"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_door(demo_round_table)}?q=grace#booking-{booking.pk}"
    booking.refresh_from_db()
    assert booking.attended is True
    page = org_client.get(response["Location"]).content.decode()
    assert "Grace Hopper marked as attended." in page
    assert "1 of 1 confirmed marked as attended" in page
    org_client.post(_door(demo_round_table), {"booking": booking.pk, "attended": "undo"})
    booking.refresh_from_db()
    assert booking.attended is None


def test_marking_a_place_no_longer_confirmed_says_so(org_client, demo_round_table):
    booking = _book(demo_round_table, 1)
    services.booking_cancel(booking_id=booking.pk)
    response = org_client.post(
        _door(demo_round_table), {"booking": booking.pk, "attended": "yes"}, follow=True
    )
    assert "no longer confirmed" in response.content.decode()
    booking.refresh_from_db()
    assert booking.attended is None


@pytest.mark.parametrize(
    "data",
    [{}, {"booking": "abc", "attended": "yes"}, {"booking": "1", "attended": "maybe"},
     {"booking": "9" * 30, "attended": "yes"}, {"booking": "1\x00", "attended": "yes"}],
)  # fmt: skip
def test_door_post_that_is_not_understood_is_a_400_in_the_layout(
    org_client, demo_round_table, data
):
    response = org_client.post(_door(demo_round_table), data)
    assert response.status_code == 400
    assert "govuk-template__body" in response.content.decode()


@pytest.mark.parametrize("query", ["a\x00b", "x" * 5000, "٣"])
def test_door_search_with_hostile_input_is_never_a_500(org_client, demo_round_table, query):
    response = org_client.get(_door(demo_round_table), {"q": query})
    assert response.status_code in (200, 400)
    assert "govuk-template__body" in response.content.decode() or response.status_code == 200


def test_door_post_without_csrf_token_is_refused(organiser, demo_round_table):
    booking = _book(demo_round_table, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post(_door(demo_round_table), {"booking": booking.pk, "attended": "yes"})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.attended is None


def test_moderators_cannot_use_the_door_page(client, llep_demo, demo_round_table):
    booking = _book(demo_round_table, 1)
    client.force_login(_staff("moderator", MODERATORS))
    assert client.get(_door(demo_round_table)).status_code == 403
    assert client.get(_walk_in_url(demo_round_table)).status_code == 403
    client.post(_door(demo_round_table), {"booking": booking.pk, "attended": "yes"})
    booking.refresh_from_db()
    assert booking.attended is None


def test_door_page_of_an_unknown_round_table_is_a_404(org_client, llep_demo):
    assert org_client.get(reverse("admin:events_roundtable_door", args=[999999])).status_code == 404


def test_walk_in_form_adds_a_confirmed_attended_place(org_client, demo_round_table):
    response = _walk_in_sent(org_client, demo_round_table, "ada@example.com")
    assert response.status_code == 302
    booking = Booking.objects.get(email="ada@example.com")
    assert (booking.status, booking.attended) == ("confirmed", True)
    assert (
        "Ada Lovelace added as a walk-in" in org_client.get(response["Location"]).content.decode()
    )


def test_walk_in_form_when_full_keeps_what_was_typed_and_says_why(org_client, demo_round_table):
    demo_round_table.capacity = 0
    demo_round_table.save()
    response = _walk_in_sent(org_client, demo_round_table, "ada@example.com")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Every place is taken" in html
    assert 'value="Ada Lovelace"' in html
    assert not Booking.objects.filter(email="ada@example.com").exists()


def test_walk_in_form_with_missing_fields_says_which(org_client, demo_round_table):
    response = org_client.post(_walk_in_url(demo_round_table), {"full_name": "Ada"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter their organisation" in html
    assert 'aria-describedby="id_organisation_error"' in html
    # The address is optional (walk-ins often give none), and the form says so.
    assert "Enter their email address" not in html
    assert "Email address (optional)" in html
    assert 'aria-describedby="id_email_helptext"' in html
    assert 'id="id_email_helptext">If they give one. Nothing is emailed to a walk-in' in html


def test_walk_in_form_takes_someone_who_gives_no_email_address(org_client, demo_round_table):
    response = _walk_in_sent(org_client, demo_round_table, "")
    assert response.status_code == 302
    booking = Booking.objects.get(full_name="Ada Lovelace")
    assert (booking.email, booking.status, booking.attended) == (None, "confirmed", True)
    assert (
        "Ada Lovelace added as a walk-in" in org_client.get(response["Location"]).content.decode()
    )


def test_walk_ins_without_an_address_are_each_a_new_place(textiles, book):
    book("grace@example.com")
    first = _walk_in(textiles, now=textiles.starts_at, email="")
    second = _walk_in(textiles, now=textiles.starts_at, email=None)
    assert first.created and second.created
    assert first.booking.pk != second.booking.pk
    assert (first.booking.email, second.booking.email) == (None, None)
    assert availability.of(textiles).confirmed == 3


def test_a_walk_in_without_an_address_breaks_nothing_that_reads_bookings(
    org_client, organiser, textiles, book, django_capture_on_commit_callbacks, mailoutbox
):
    """Messages, date changes, reminders, the organisers' cancellation, cancelling the place,
    the results' email, the calendar file and the exports: nobody is written to at no address,
    and everyone with one still is."""
    from events.admin import bookings_csv_rows
    from events.ics import booking_ics
    from portal.models import OutboundEmail
    from portal.services import email_drain
    from results.services import notify_addresses

    book("grace@example.com")
    the_day_before = dt.datetime(2018, 5, 13, 9, 30, tzinfo=textiles.starts_at.tzinfo)
    walk_in = _walk_in(textiles, now=the_day_before, email="").booking
    email_drain()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.attendee_message_send(
            round_table_id=textiles.pk,
            audience="confirmed",
            subject="Parking",
            body="Park behind the hall.",
            idempotency_key=uuid.uuid4(),
            sent_by_id=organiser.pk,
        ).message
        assert services.booking_reminders_send(now=the_day_before) == 1
        services.round_table_change_record(round_table_id=textiles.pk)
        assert services.round_table_change_notify(round_table_id=textiles.pk) == 1
    assert message.recipient_count == 1
    assert sorted({m.to[0] for m in mailoutbox}) == ["grace@example.com"]
    assert "BEGIN:VCALENDAR" in booking_ics(walk_in)
    rows = list(bookings_csv_rows(Booking.objects.filter(round_table=textiles)))
    assert any(walk_in.reference in row and "Walk In" in row for row in rows)
    Booking.objects.filter(pk=walk_in.pk).update(notify_results=True)
    assert notify_addresses(consultation=textiles.consultation) == []
    # An organiser cancels the walk-in's place, then the whole round table.
    with django_capture_on_commit_callbacks(execute=True):
        response = org_client.post(
            reverse("admin:events_booking_changelist"),
            {"action": "cancel_bookings", "_selected_action": [walk_in.pk]},
        )
        assert response.status_code == 302
        walk_in.refresh_from_db()
        assert walk_in.status == Booking.Status.CANCELLED
        services.round_table_cancel(round_table_id=textiles.pk)
    assert not OutboundEmail.objects.filter(to__isnull=True).exists()
    assert not OutboundEmail.objects.filter(to="").exists()
    assert {m.to[0] for m in mailoutbox} == {"grace@example.com"}


# --- the lists ---------------------------------------------------------------------------------


def test_bookings_list_shows_waiting_positions_in_a_fixed_number_of_queries(
    org_client, demo_round_table
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    url = reverse("admin:events_booking_changelist")
    for n in range(3):
        _book(demo_round_table, n)
    with CaptureQueriesContext(connection) as few:
        org_client.get(url)
    for n in range(3, 12):
        _book(demo_round_table, n)
    with CaptureQueriesContext(connection) as many:
        html = org_client.get(url).content.decode()
    assert len(many) == len(few)
    for position in range(1, 12):
        assert f"On the waiting list (number {position})" in html
    assert "On the waiting list (number 12)" not in html


def test_waiting_position_in_the_list_ignores_the_lists_search(org_client, demo_round_table):
    demo_round_table.capacity = 0
    demo_round_table.save()
    _book(demo_round_table, 1)
    _book(demo_round_table, 2, full_name="Zed Second")
    html = org_client.get(reverse("admin:events_booking_changelist"), {"q": "Zed"}).content
    assert "On the waiting list (number 2)" in html.decode()


def test_round_table_list_shows_no_shows_once_it_has_taken_place(org_client, demo_round_table):
    came, missed, _ = (_book(demo_round_table, n) for n in range(3))
    services.booking_attendance_mark(booking_ids=[came.pk], attended=True)
    services.booking_attendance_mark(booking_ids=[missed.pk], attended=False)
    url = reverse("admin:events_roundtable_changelist")
    assert "no-show" not in org_client.get(url).content.decode()
    demo_round_table.starts_at = timezone.now() - dt.timedelta(hours=3)
    demo_round_table.ends_at = timezone.now() - dt.timedelta(hours=1)
    demo_round_table.save()
    assert "2 no-shows" in org_client.get(url).content.decode()


def test_round_table_list_says_attendance_not_recorded_rather_than_all_no_shows(
    org_client, demo_round_table
):
    _book(demo_round_table, 1)
    demo_round_table.starts_at = timezone.now() - dt.timedelta(hours=3)
    demo_round_table.ends_at = timezone.now() - dt.timedelta(hours=1)
    demo_round_table.save()
    html = org_client.get(reverse("admin:events_roundtable_changelist")).content.decode()
    assert "Not recorded" in html
    assert "1 no-show" not in html


# --- the sign-in sheet -------------------------------------------------------------------------


def test_sign_in_sheet_ends_with_needs_counted_as_written_without_emails(
    org_client, demo_round_table
):
    from pypdf import PdfReader

    _book(demo_round_table, 1, full_name="Grace Hopper", dietary_needs="Vegan")
    _book(demo_round_table, 2, full_name="Alan Turing", dietary_needs="vegan ")
    _book(
        demo_round_table,
        3,
        full_name="Ada Lovelace",
        access_needs="Step-free access, please",
        dietary_needs="No nuts (allergy)",
    )
    _book(demo_round_table, 4, full_name="No Needs")
    response = org_client.get(
        reverse("admin:events_roundtable_sign_in_sheet", args=[demo_round_table.pk])
    )
    reader = PdfReader(io.BytesIO(response.content))
    last = reader.pages[-1].extract_text()
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Access and dietary needs" in last
    assert "4 confirmed attendees: 1 gave access needs and 3 gave dietary needs" in " ".join(
        last.split()
    )
    assert "Step-free access, please" in last
    assert "No nuts (allergy)" in last
    assert "vegan 2 Alan Turing, Grace Hopper" in " ".join(last.split())
    assert "@" not in text
