"""Issue 16, points 1 and 3: a round table's joining details reach people (page, emails,
calendar file), and changes people must hear about reach them: a change of date, time or place
(offered to organisers, never silent), a cancelled round table, and a person's own cancellation,
each with a calendar file read back by the icalendar package."""

import datetime as dt

import icalendar
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from events import availability, services
from events.availability import State
from events.models import Booking, RoundTable
from portal.roles import EVENT_ORGANISERS, MODERATORS

from .conftest import BEFORE, LONDON

pytestmark = pytest.mark.django_db


def calendar_of(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.events
    return calendar, event


def _staff(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def org_client(client, llep_demo):
    client.force_login(_staff("organiser", EVENT_ORGANISERS))
    return client


@pytest.fixture
def joining(textiles):
    """Textiles with every joining detail filled in, as staff would."""
    textiles.room = "Hugh Aston Building, Room 2.05"
    textiles.venue_address = "The Gateway\nLeicester\nLE1 9BH"
    textiles.directions = "Ten minutes' walk from Leicester station. No parking on site."
    textiles.map_url = "https://www.openstreetmap.org/#map=17/52.6296/-1.1395"
    textiles.access_information = "Step-free entrance on Mill Lane; a hearing loop in the room."
    textiles.agenda = "10am: welcome\n10:15am: challenges\n11:15am: priorities"
    textiles.save()
    return textiles


# Point 1: venue and agenda


def test_confirmation_email_gives_the_address_room_directions_access_and_agenda(
    book, joining, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        book("ada@example.com")
    (message,) = mailoutbox
    for text in (
        "Where: De Montfort University, Hugh Aston Building, Room 2.05, The Gateway, Leicester",
        "Getting there:\nTen minutes' walk from Leicester station.",
        "Map:\nhttps://www.openstreetmap.org/",
        "Access:\nStep-free entrance on Mill Lane",
        "Agenda:\n10am: welcome\n10:15am: challenges",
    ):
        assert text in message.body
    _, event = calendar_of(message)
    assert "LE1 9BH" in str(event["LOCATION"])
    assert "11:15am: priorities" in str(event["DESCRIPTION"])


def test_reminder_email_gives_the_joining_details(book, joining, mailoutbox):
    from events import emails

    booking = book().booking
    emails.booking_reminder_queue(booking)
    from portal.models import OutboundEmail

    # The reminder's subject says when from the moment it goes; the latest email is the reminder.
    reminder = OutboundEmail.objects.filter(to=booking.email).latest("pk")
    assert "A reminder that the" in reminder.body
    assert "Access:\nStep-free entrance" in reminder.body


def test_round_table_page_shows_the_joining_details(client, llep_demo):
    round_table = RoundTable.objects.get(consultation=llep_demo, slug="textiles")
    round_table.room = "Room 2.05"
    round_table.map_url = "https://www.openstreetmap.org/"
    round_table.access_information = "Step-free entrance on Mill Lane."
    round_table.agenda = "10am: welcome"
    round_table.save()
    html = client.get(round_table.get_absolute_url()).content.decode()
    for text in ("Room 2.05", "Map of De Montfort University", "Step-free entrance", "Agenda"):
        assert text in html


def test_seed_keeps_the_published_venue_names_and_leaves_the_rest_empty(llep):
    round_table = RoundTable.objects.get(consultation=llep, slug="textiles")
    assert round_table.venue == "De Montfort University"
    assert (round_table.room, round_table.agenda, round_table.map_url) == ("", "", "")


# Point 3: changes people must hear about


def test_change_email_goes_once_per_person_with_the_updated_calendar_file(
    book, textiles, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        held = book("ada@example.com").booking
    _, before = calendar_of(mailoutbox[0])
    textiles.starts_at += dt.timedelta(hours=1)
    textiles.ends_at += dt.timedelta(hours=1)
    textiles.save()
    services.round_table_change_record(round_table_id=textiles.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_table_change_notify(round_table_id=textiles.pk) == 1
        assert services.round_table_change_notify(round_table_id=textiles.pk) == 0
    assert len(mailoutbox) == 2
    changed = mailoutbox[1]
    assert changed.subject.startswith("Changed: Textiles Round Table, now 11am to 1pm")
    assert held.reference in changed.body
    calendar, after = calendar_of(changed)
    assert calendar["METHOD"] == "PUBLISH"
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start.astimezone(LONDON) == dt.datetime(2018, 5, 14, 11, tzinfo=LONDON)


def test_a_second_change_is_emailed_again(book, textiles):
    from portal.models import OutboundEmail

    book("ada@example.com")
    for _ in range(2):
        services.round_table_change_record(round_table_id=textiles.pk)
        assert services.round_table_change_notify(round_table_id=textiles.pk) == 1
    assert OutboundEmail.objects.filter(subject__startswith="Changed:").count() == 2


def test_cancelling_a_round_table_cancels_every_booking_and_emails_a_calendar_cancellation(
    book, small, django_capture_on_commit_callbacks, mailoutbox
):
    booked = [book().booking for _ in range(3)]  # two confirmed, one waiting
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.round_table_cancel(round_table_id=small.pk, now=BEFORE)
    assert {b.pk for b in cancelled} == {b.pk for b in booked}
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        assert message.subject.startswith("Cancelled by the organisers: Textiles Round Table")
        calendar, event = calendar_of(message)
        assert calendar["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert event.start.astimezone(LONDON) == dt.datetime(2018, 5, 14, 10, tzinfo=LONDON)
    uids = {str(calendar_of(m)[1]["UID"]) for m in mailoutbox}
    assert uids == {f"booking-{b.reference.lower()}@llep-consultation" for b in booked}
    assert services.round_table_cancel(round_table_id=small.pk) is None  # already cancelled


def test_cancelling_says_apart_nobody_booked_and_already_cancelled(textiles):
    # The second of two organisers pressing at once waits on the row lock, then finds it
    # cancelled: that is not "nobody was booked".
    assert services.round_table_cancel(round_table_id=textiles.pk, now=BEFORE) == []
    assert services.round_table_cancel(round_table_id=textiles.pk, now=BEFORE) is None


def test_cancelled_round_table_cannot_be_booked_and_says_why(book, textiles):
    services.round_table_cancel(round_table_id=textiles.pk, now=BEFORE)
    textiles.refresh_from_db()
    assert availability.state_of(textiles, confirmed=0, now=BEFORE) == State.CANCELLED
    assert not State.CANCELLED.bookable
    with pytest.raises(services.BookingRefused) as refused:
        book()
    assert str(refused.value) == (
        "This round table has been cancelled, so it can no longer be booked."
    )


def test_cancelled_round_table_page_says_so_and_refuses_a_booking(client, llep_demo):
    round_table = RoundTable.objects.get(consultation=llep_demo, slug="textiles")
    services.round_table_cancel(round_table_id=round_table.pk)
    page = client.get(round_table.get_absolute_url())
    # True whether or not anyone had booked.
    assert (
        "This round table has been cancelled, so it can no longer be booked. If you had a place, "
        "we have emailed you."
    ) in page.content.decode()
    assert "Everyone booked" not in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    posted = client.post(
        round_table.get_absolute_url(),
        {
            "full_name": "Ada",
            "email": "ada@example.com",
            "organisation": "Org",
            "privacy_agreed": "on",
        },
    )
    assert posted.status_code == 409
    assert "has been cancelled" in posted.content.decode()


def test_a_person_cancelling_their_own_place_gets_a_calendar_cancellation(
    book, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book("ada@example.com").booking
    _, held = calendar_of(mailoutbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking_id=booking.pk, now=BEFORE)
    calendar, event = calendar_of(mailoutbox[1])
    assert calendar["METHOD"] == "CANCEL"
    assert event["UID"] == held["UID"]
    assert event["SEQUENCE"] > held["SEQUENCE"]
    assert event.start.astimezone(LONDON) == dt.datetime(2018, 5, 14, 10, tzinfo=LONDON)


def test_calendar_link_of_a_cancelled_booking_gives_the_cancellation(client, llep_demo):
    from events.selectors import booking_token

    round_table = RoundTable.objects.get(consultation=llep_demo, slug="textiles")
    booking = services.booking_create(
        round_table_id=round_table.pk,
        full_name="Ada",
        email="ada@example.com",
        organisation="Org",
        privacy_agreed=True,
    ).booking
    services.booking_cancel(booking_id=booking.pk)
    url = reverse("events:calendar", args=[booking_token(booking, purpose="page")])
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    assert calendar["METHOD"] == "CANCEL"


# Reinstating a cancelled round table: open to bookings again; nobody booked again or emailed


def test_a_reinstated_round_table_opens_to_bookings_and_leaves_its_cancelled_bookings_alone(
    book, small, django_capture_on_commit_callbacks, mailoutbox
):
    gone_before = book("early@example.com").booking
    services.booking_cancel(booking_id=gone_before.pk, now=BEFORE)  # cancelled by the person
    booked = [book().booking for _ in range(3)]  # two confirmed, one waiting
    services.round_table_cancel(round_table_id=small.pk, now=BEFORE + dt.timedelta(hours=1))
    mailoutbox.clear()
    later = BEFORE + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        reinstated = services.round_table_reinstate(round_table_id=small.pk, now=later)
    assert reinstated.left_cancelled == 3  # the person who had cancelled is not counted
    small.refresh_from_db()
    assert small.cancelled_at is None
    assert availability.state_of(small, confirmed=0, now=later) == State.OPEN
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert mailoutbox == []  # nobody is told they are booked, or anything else
    # Anyone may book again, those whose bookings were cancelled with it too.
    again = book(booked[0].email, now=later)
    assert again.created and again.booking.status == Booking.Status.CONFIRMED
    assert again.booking.pk not in {b.pk for b in booked}


def test_a_round_table_whose_start_has_passed_is_not_reinstated(textiles):
    services.round_table_cancel(round_table_id=textiles.pk, now=BEFORE)
    too_late = dt.datetime(2018, 5, 14, 10, 0, tzinfo=LONDON)
    with pytest.raises(services.ReinstateRefused) as refused:
        services.round_table_reinstate(round_table_id=textiles.pk, now=too_late)
    assert str(refused.value) == (
        "The Textiles Round Table cannot be reinstated: it was due to start at 10am on Monday "
        "14 May 2018, which has passed. Give it a date still to come, then reinstate it."
    )
    textiles.refresh_from_db()
    assert textiles.cancelled_at is not None


def test_reinstating_a_round_table_that_is_not_cancelled_does_nothing(textiles):
    assert services.round_table_reinstate(round_table_id=textiles.pk, now=BEFORE) is None


def test_organiser_reinstates_a_cancelled_round_table_after_reading_what_it_does(
    client, org_client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    _book_demo(demo_round_table, 1)
    _book_demo(demo_round_table, 2)
    services.round_table_cancel(round_table_id=demo_round_table.pk)
    change = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    reinstate = reverse("admin:events_roundtable_reinstate", args=[demo_round_table.pk])
    assert f'href="{reinstate}"' in org_client.get(change).content.decode()
    page = org_client.get(reinstate).content.decode()
    assert "It opens to bookings again" in page
    assert "The 2 bookings cancelled with it stay cancelled, and nobody is emailed" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = org_client.post(reinstate, follow=True)
    assert (
        "The Textiles Round Table is reinstated and open to bookings again. The 2 bookings "
        "cancelled with it stay cancelled: nobody was booked again or emailed."
    ) in done.content.decode()
    assert mailoutbox == []
    demo_round_table.refresh_from_db()
    assert demo_round_table.cancelled_at is None
    assert 'name="full_name"' in client.get(demo_round_table.get_absolute_url()).content.decode()
    assert f'href="{reinstate}"' not in org_client.get(change).content.decode()


def test_reinstating_is_also_an_action_on_the_list_of_round_tables(org_client, demo_round_table):
    services.round_table_cancel(round_table_id=demo_round_table.pk)
    listing = reverse("admin:events_roundtable_changelist")
    done = org_client.post(
        listing, {"action": "reinstate", "_selected_action": [demo_round_table.pk]}, follow=True
    )
    assert "The Textiles Round Table is reinstated and open to bookings again." in (
        done.content.decode()
    )
    demo_round_table.refresh_from_db()
    assert demo_round_table.cancelled_at is None
    again = org_client.post(
        listing, {"action": "reinstate", "_selected_action": [demo_round_table.pk]}, follow=True
    )
    assert "The Textiles Round Table is not cancelled." in again.content.decode()


# The admin: offered, never silent; permission-checked


def _change_data(client, round_table, **changes) -> dict:
    url = reverse("admin:events_roundtable_change", args=[round_table.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    starts = round_table.starts_at.astimezone(LONDON) + changes.pop("later", dt.timedelta())
    ends = round_table.ends_at.astimezone(LONDON) + (starts - round_table.starts_at)
    data.update(
        {
            "consultation": round_table.consultation_id,
            "sector": round_table.sector_id,
            "starts_at_0": starts.strftime("%d/%m/%Y"),
            "starts_at_1": starts.strftime("%H:%M:%S"),
            "ends_at_0": ends.strftime("%d/%m/%Y"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
            "booking_closes_at_0": "",
            "booking_closes_at_1": "",
            "notes-TOTAL_FORMS": 0,
            "notes-INITIAL_FORMS": 0,
            "notes-MIN_NUM_FORMS": 0,
            "notes-MAX_NUM_FORMS": 1000,
            **changes,
        }
    )
    for key in ("starts_at", "ends_at", "booking_closes_at"):
        data.pop(key, None)
    return data


def _book_demo(round_table, n):
    return services.booking_create(
        round_table_id=round_table.pk,
        full_name=f"Person {n}",
        email=f"p{n}@example.com",
        organisation="Org",
        privacy_agreed=True,
    ).booking


def test_moving_a_round_table_in_the_admin_offers_to_email_everyone_booked(
    org_client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    _book_demo(demo_round_table, 1)
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    data = _change_data(org_client, demo_round_table, later=dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = org_client.post(url, data)
    tell = reverse("admin:events_roundtable_tell_people", args=[demo_round_table.pk])
    assert response.status_code == 302 and response["Location"] == tell
    assert mailoutbox == []  # nothing goes until the organiser says so
    page = org_client.get(tell)
    assert page.status_code == 200
    assert "Email everyone booked" in page.content.decode()
    assert "Changed: " in page.content.decode()  # the preview
    with django_capture_on_commit_callbacks(execute=True):
        org_client.post(tell)
        org_client.post(tell)  # pressed twice
    (changed,) = [m for m in mailoutbox if m.subject.startswith("Changed:")]
    assert calendar_of(changed)[1]["SEQUENCE"] == 1


def test_changing_only_the_description_offers_no_email(org_client, demo_round_table):
    _book_demo(demo_round_table, 1)
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    response = org_client.post(url, _change_data(org_client, demo_round_table, agenda="10am"))
    assert response["Location"] == reverse("admin:events_roundtable_changelist")
    demo_round_table.refresh_from_db()
    assert demo_round_table.calendar_sequence == 0


def test_organiser_cancels_a_round_table_after_confirming(
    org_client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    _book_demo(demo_round_table, 1)
    url = reverse("admin:events_roundtable_cancel", args=[demo_round_table.pk])
    assert "the bookings it cancels stay cancelled" in org_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        org_client.post(url)
    demo_round_table.refresh_from_db()
    assert demo_round_table.cancelled_at is not None
    (cancelled,) = [m for m in mailoutbox if m.subject.startswith("Cancelled by the organisers")]
    assert calendar_of(cancelled)[0]["METHOD"] == "CANCEL"
    assert "was cancelled on" in org_client.get(url).content.decode()


def test_only_those_who_may_change_the_round_table_can_tell_people_or_cancel(
    client, llep_demo, demo_round_table
):
    client.force_login(_staff("moderator", MODERATORS))
    for name in ("tell_people", "cancel"):
        url = reverse(f"admin:events_roundtable_{name}", args=[demo_round_table.pk])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    demo_round_table.refresh_from_db()
    assert demo_round_table.cancelled_at is None
    # Nor reinstate one: not on its page, nor as an action on the list.
    services.round_table_cancel(round_table_id=demo_round_table.pk)
    url = reverse("admin:events_roundtable_reinstate", args=[demo_round_table.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    listing = reverse("admin:events_roundtable_changelist")
    client.post(listing, {"action": "reinstate", "_selected_action": [demo_round_table.pk]})
    demo_round_table.refresh_from_db()
    assert demo_round_table.cancelled_at is not None
