"""Stakeholders booking round tables in a browser: book and cancel from the emailed link, join
the waiting list of a full round table and be promoted when someone cancels, and the same
booking made at 320 px with the keyboard alone."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.availability import LOCAL_SECONDS
from tests.proof.browser.helpers import (
    axe_serious,
    horizontal_overflow,
    key_activate,
    key_tick,
    key_type,
    outbox_link,
    outbox_message,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def book(page, *, name: str, email: str, organisation: str, button: str = "Book a place"):
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.get_by_label("Job title (optional)").fill("Director")
    page.get_by_label("Dietary needs (optional)").fill("Vegetarian")
    page.get_by_label("I agree to the LLEP using these details").check()
    page.get_by_role("button", name=button).click()


def test_book_a_round_table_then_cancel_from_the_confirmation_email(portal, page):
    from events.models import Booking

    page.goto("/")
    # GOV.UK start buttons are links dressed (and announced) as buttons.
    page.get_by_role("button", name="Book a round table").click()
    page.get_by_role("link", name="Textiles Round Table").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Textiles Round Table"
    book(page, name="Asha Patel", email="asha@example.org", organisation="Hosiery Works Ltd")

    # The form's answer is the same for everyone (it tells nobody who is booked); the email
    # links to the booking.
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    page.goto(outbox_link(r"/booking/[^/]+/$", to="asha@example.org", subject="Your place"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your place is confirmed"
    booking = Booking.objects.get(email="asha@example.org")
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.reference in page.locator(".govuk-panel").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    calendar = Path(download_info.value.path()).read_text()
    assert calendar.startswith("BEGIN:VCALENDAR") and "Textiles Round Table" in calendar

    email = outbox_message(to="asha@example.org", subject="Your place at the Textiles Round Table")
    assert any(name.endswith(".ics") for name, *_ in email.attachments), "no calendar file"
    page.goto(outbox_link(r"/cancel/", to="asha@example.org", subject="Your place"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cancel your place?"
    page.get_by_role("button", name="Cancel my place").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Booking cancelled"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    outbox_message(to="asha@example.org", subject="Cancelled: Textiles Round Table")

    # The same link again says so plainly instead of failing.
    page.goto(outbox_link(r"/cancel/", to="asha@example.org", subject="Your place"))
    assert "already cancelled" in page.get_by_role("heading", level=1).inner_text()


def test_full_round_table_waitlists_then_promotes_when_someone_cancels(portal, pages):
    from events.models import Booking, RoundTable

    RoundTable.objects.filter(slug="life-sciences").update(capacity=1)
    first, second = pages.new(), pages.new()

    first.goto("/round-tables/")
    first.get_by_role("link", name="Life Sciences Round Table").click()
    book(first, name="Ben Okafor", email="ben@example.org", organisation="Charnwood Labs")
    assert first.get_by_role("heading", level=1).inner_text() == "Check your email"

    # The list and a round table's own page show what their process read at most a second
    # before (decision 0106); Ben's page loads read "1 place left". A second on, the next person
    # sees it full. (Waiting only before the round table's page let the list, read by the first
    # page load less than a second earlier, still say "1 place left" on a fast run.)
    time.sleep(LOCAL_SECONDS)
    second.goto("/round-tables/")
    row = second.get_by_role("row").filter(has_text="Life Sciences Round Table")
    assert "Full: join the waiting list" in row.inner_text()
    second.get_by_role("link", name="Life Sciences Round Table").click()
    # Waits for the page the click loads (is_visible() would not).
    expect(second.get_by_role("heading", name="Join the waiting list")).to_be_visible()
    book(
        second,
        name="Chloe Smith",
        email="chloe@example.org",
        organisation="Loughborough University",
        button="Join the waiting list",
    )
    assert second.get_by_role("heading", level=1).inner_text() == "Check your email"
    outbox_message(to="chloe@example.org", subject="waiting list")
    second.goto(outbox_link(r"/booking/[^/]+/$", to="chloe@example.org", subject="waiting list"))
    assert second.get_by_role("heading", level=1).inner_text() == "You are on the waiting list"
    assert "number 1" in second.locator(".govuk-panel").inner_text()

    # Ben cannot come after all and cancels from his email; the place goes to Chloe.
    first.goto(outbox_link(r"/cancel/", to="ben@example.org", subject="Your place"))
    first.get_by_role("button", name="Cancel my place").click()
    assert first.get_by_role("heading", level=1).inner_text() == "Booking cancelled"

    promotion = outbox_message(to="chloe@example.org", subject="A place has come up for you")
    assert "your place is confirmed" in promotion.body
    assert Booking.objects.get(email="chloe@example.org").status == Booking.Status.CONFIRMED
    second.goto(outbox_link(r"/booking/[^/]+/$", to="chloe@example.org", subject="A place has"))
    assert second.get_by_role("heading", level=1).inner_text() == "Your place is confirmed"


def test_booking_at_320_pixels_with_the_keyboard_alone(portal, narrow_page, axe):
    from events.models import Booking

    page = narrow_page
    page.goto("/")
    key_activate(page, page.get_by_role("button", name="Menu"))
    key_activate(
        page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Round tables")
    )
    page.wait_for_url("**/round-tables/")
    # Every page of the journey is checked for width and by axe; all faults are reported at the end.
    too_wide, found = {}, []

    def check():
        too_wide[page.url] = horizontal_overflow(page)
        found.extend(axe_serious(axe, page))

    check()
    key_activate(page, page.get_by_role("link", name="Advanced Logistics Round Table"))
    page.wait_for_url("**/round-tables/advanced-logistics/")
    check()

    # Sending it empty first: the errors are listed, and the summary takes the focus.
    key_activate(page, page.get_by_role("button", name="Book a place"))
    page.get_by_role("alert").wait_for()
    assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
    check()

    key_type(page, "Full name", "Dev Mistry")
    key_type(page, "Email address", "dev@example.org")
    key_type(page, "Organisation", "Magna Park Logistics", exact=True)
    key_type(page, "Access needs (optional)", "Step-free access, please")
    key_tick(page, "I agree to the LLEP using these details")
    key_activate(page, page.get_by_role("button", name="Book a place"))
    page.wait_for_url("**/booking-sent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    check()
    booking = Booking.objects.get(email="dev@example.org")
    assert booking.access_needs == "Step-free access, please"

    page.goto(outbox_link(r"/cancel/", to="dev@example.org", subject="Your place"))
    check()
    key_activate(page, page.get_by_role("button", name="Cancel my place"))
    page.get_by_role("heading", name="Booking cancelled").wait_for()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    check()
    too_wide = {url: extra for url, extra in too_wide.items() if extra > 0}
    assert not too_wide, f"pages wider than 320 px (extra CSS pixels): {too_wide}"
    assert not found, "\n".join(found)
