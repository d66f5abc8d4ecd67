"""The door page as an organiser uses it on a phone (375 px): find a person, one tap to mark them
attended, undo, add a walk-in; no sideways scrolling, no serious or critical axe-core violations,
and the same taps working with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from portal.roles import EVENT_ORGANISERS
from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase-9"
PHONE = {"width": 375, "height": 740}
SCREENS = ARTEFACTS / "screens" / "door"
PEOPLE = [
    ("Priya Chaudhry-Patel", "Loughborough University Science and Enterprise Park"),
    ("Oluwaseun Okonkwo", "Leicestershire County Council"),
    ("Tomasz Wiśniewski", "Hosiery Manufacturers' Federation of the East Midlands"),
    ("Margaret Fitzgerald-Smythe", "De Montfort University"),
]


@pytest.fixture
def door(portal):
    """Textiles with four confirmed people and an organiser; returns (round table, door path)."""
    from django.contrib.auth.models import Group, User
    from django.urls import reverse

    from events.models import RoundTable
    from events.services import booking_create
    from portal.roles import roles_sync

    round_table = RoundTable.objects.get(slug="textiles")
    for n, (name, organisation) in enumerate(PEOPLE):
        booking_create(
            round_table_id=round_table.pk,
            full_name=name,
            email=f"person{n}@example.com",
            organisation=organisation,
            privacy_agreed=True,
        )
    roles_sync()
    user = User.objects.create_user("organiser", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    return round_table, reverse("admin:events_roundtable_door", args=[round_table.pk])


def _tap(action: str, name: str) -> re.Pattern:
    # The person's name is visually hidden inside the button, so the accessible name is
    # "Mark attended : Name" (Chromium puts a space around the hidden span).
    return re.compile(rf"^{action}\s*:\s*{re.escape(name)}$")


def _keep(page, name: str) -> None:
    """A screenshot kept on every run, for a person to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True, timeout=60_000)


def _sign_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_door_page_at_375px_marks_attendance_and_adds_a_walk_in(door, pages, axe):
    from events.models import Booking

    round_table, path = door
    page = pages.new(PHONE)
    _sign_in(page)
    page.goto(path)
    assert axe_serious(axe, page) == []
    assert horizontal_overflow(page) == 0

    # The list narrows as the organiser types (JavaScript), then one tap marks the person.
    page.get_by_label("Search by name, organisation or reference").fill("okonkwo")
    assert page.locator("li.llep-door-person:visible").count() == 1
    page.get_by_role("button", name=_tap("Mark attended", "Oluwaseun Okonkwo")).click()
    # Back at the door page, scrolled to the person; typing narrowed the list in the browser only,
    # so the whole list is back for the next person.
    page.wait_for_url(re.compile(rf"{re.escape(path)}#booking-\d+$"))
    assert page.get_by_text("Oluwaseun Okonkwo marked as attended.").is_visible()
    assert Booking.objects.get(full_name="Oluwaseun Okonkwo").attended is True
    assert page.get_by_text("1 of 4 confirmed marked as attended").is_visible()
    assert axe_serious(axe, page) == []
    assert horizontal_overflow(page) == 0
    _keep(page, "door-375-one-marked")

    page.get_by_role("button", name=_tap("Undo", "Oluwaseun Okonkwo")).click()
    # Waits for the page the click loads (is_visible() would not).
    expect(page.get_by_text("Oluwaseun Okonkwo no longer marked as attended.")).to_be_visible()
    assert Booking.objects.get(full_name="Oluwaseun Okonkwo").attended is None

    page.get_by_role("link", name="Add a walk-in").click()
    assert axe_serious(axe, page) == []
    assert horizontal_overflow(page) == 0
    page.get_by_label("Full name").fill("Siobhan Hetherington")
    page.get_by_label("Email address").fill("siobhan@example.com")
    page.get_by_label("Organisation").fill("Pukka Pies Ltd")
    page.get_by_role("button", name="Add and mark attended").click()
    # Waits for the page the click loads (is_visible() would not).
    expect(page.get_by_text("Siobhan Hetherington added as a walk-in")).to_be_visible()
    assert page.get_by_text("1 of 5 confirmed marked as attended").is_visible()
    walk_in = Booking.objects.get(email="siobhan@example.com")
    assert (walk_in.round_table_id, walk_in.status, walk_in.attended) == (
        round_table.pk,
        "confirmed",
        True,
    )
    _keep(page, "door-375-walk-in")


def test_door_page_works_without_javascript(door, browser, live_server):
    from events.models import Booking

    _, path = door
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False, locale="en-GB"
    )
    try:
        page = context.new_page()
        _sign_in(page)
        page.goto(path)
        page.get_by_label("Search by name, organisation or reference").fill("wiśniewski")
        page.get_by_role("button", name="Search").click()
        assert page.locator("li.llep-door-person").count() == 1
        page.get_by_role("button", name=_tap("Mark attended", "Tomasz Wiśniewski")).click()
        # Waits for the page the click loads (is_visible() would not).
        expect(page.get_by_text("Tomasz Wiśniewski marked as attended.")).to_be_visible()
        assert Booking.objects.get(full_name="Tomasz Wiśniewski").attended is True
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320", "1280"])
def test_door_and_walk_in_pages_fit_phones_and_desktops(door, pages, axe, viewport):
    round_table, path = door
    page = pages.new(viewport)
    _sign_in(page)
    for url, name in ((path, "door"), (f"{path}walk-in/", "walk-in")):
        page.goto(url)
        assert horizontal_overflow(page) == 0, url
        assert axe_serious(axe, page) == [], url
        _keep(page, f"{name}-{viewport['width']}")
    # The walk-in form with its errors, as an organiser sees it after a hurried tap.
    page.get_by_role("button", name="Add and mark attended").click()
    # Waits for the page the click loads (is_visible() would not).
    expect(page.get_by_text("Enter their full name").first).to_be_visible()
    assert axe_serious(axe, page) == []
    _keep(page, f"walk-in-errors-{viewport['width']}")


def test_lists_show_no_shows_and_waiting_positions_at_1280px(door, pages, axe):
    import datetime as dt

    from django.utils import timezone

    from events.models import Booking
    from events.services import booking_attendance_mark, booking_create

    round_table, _ = door
    booking_attendance_mark(
        booking_ids=list(Booking.objects.values_list("pk", flat=True)[:3]), attended=True
    )
    round_table.starts_at = timezone.now() - dt.timedelta(hours=3)
    round_table.ends_at = timezone.now() - dt.timedelta(hours=1)
    round_table.save()
    other = type(round_table).objects.exclude(pk=round_table.pk).order_by("starts_at").first()
    other.capacity = 1
    other.save()
    for n in range(3):
        booking_create(
            round_table_id=other.pk,
            full_name=f"Waiting Person {n}",
            email=f"waiting{n}@example.com",
            organisation="Example Ltd",
            privacy_agreed=True,
        )
    page = pages.new(DESKTOP)
    _sign_in(page)
    page.goto("/admin/events/roundtable/")
    assert page.get_by_text("1 no-show").is_visible()
    assert horizontal_overflow(page) == 0
    assert axe_serious(axe, page) == []
    _keep(page, "round-table-list-1280")
    page.goto("/admin/events/booking/?status__exact=waitlisted")
    assert page.get_by_text("On the waiting list (number 2)").is_visible()
    assert horizontal_overflow(page) == 0
    _keep(page, "bookings-waiting-1280")
