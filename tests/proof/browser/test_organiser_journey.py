"""Issue 16's journey, as an organiser lives it in the admin: fill in the venue, send joining
instructions to the confirmed attendees, move the round table by an hour, and the attendee's
email holds the updated calendar file (read back with the icalendar package). The door page at
375 px is tests/proof/browser/test_door.py."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from portal.roles import EVENT_ORGANISERS
from tests.proof.browser.conftest import DESKTOP
from tests.proof.browser.helpers import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
PASSWORD = "a-long-test-passphrase-16"


def _organiser_signed_in(pages):
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync

    roles_sync()
    user = User.objects.create_user("organiser", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    page = pages.new(DESKTOP)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def _calendar(email) -> icalendar.Calendar:
    (attachment,) = [a for a in email.attachments if a["mimetype"] == "text/calendar"]
    return icalendar.Calendar.from_ical(attachment["content"])


def test_organiser_fills_in_the_venue_writes_to_attendees_and_moves_the_round_table(
    portal, pages, axe
):
    from events.models import RoundTable
    from events.services import booking_create
    from portal.models import OutboundEmail

    round_table = RoundTable.objects.order_by("starts_at").first()
    attendee = "priya@example.com"
    booking_create(round_table_id=round_table.pk, full_name="Priya Chaudhry-Patel", email=attendee,
                   organisation="Leicestershire County Council", privacy_agreed=True)  # fmt: skip
    page = _organiser_signed_in(pages)

    # The venue: a room and an address, on the round table's admin page.
    page.goto(f"/admin/events/roundtable/{round_table.pk}/change/")
    page.get_by_label("Room").fill("Hugh Aston Building, Room 2.05")
    page.get_by_label("Address").fill("The Gateway\nLeicester\nLE1 9BH")
    page.get_by_role("button", name="Save", exact=True).click()
    # A new room is a change people must hear about: the organiser is asked, and says no for now.
    page.get_by_role("button", name="Email everyone booked").wait_for()
    page.get_by_role("link", name="Do not email anyone").click()

    # Joining instructions to the confirmed attendees, previewed, then sent.
    page.goto("/admin/events/roundtable/")
    page.get_by_role("link", name=f"Write to attendees of the {round_table.title}").click()
    page.get_by_label("Confirmed attendees", exact=True).check()
    page.get_by_label("Subject").fill("Joining instructions")
    page.get_by_label("Message").fill("Please come to reception on the ground floor.")
    page.get_by_role("button", name="Preview the message").click()
    assert axe_serious(axe, page) == []
    page.get_by_role("button", name="Send to 1 person").click()
    joining = OutboundEmail.objects.get(to=attendee, subject__contains="Joining instructions")
    assert "Room 2.05" in joining.body

    # Moved by an hour; everyone booked is emailed, with the calendar file updated.
    before = _calendar(OutboundEmail.objects.filter(to=attendee).order_by("pk").first())
    page.goto(f"/admin/events/roundtable/{round_table.pk}/change/")
    later = round_table.starts_at + dt.timedelta(hours=1)
    page.locator("#id_starts_at_1").fill(later.astimezone(LONDON).strftime("%H:%M:%S"))
    page.locator("#id_ends_at_1").fill(
        (round_table.ends_at + dt.timedelta(hours=1)).astimezone(LONDON).strftime("%H:%M:%S")
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Email everyone booked").click()
    page.get_by_text("1 person booked has been emailed.").wait_for()

    changed = _calendar(OutboundEmail.objects.get(to=attendee, subject__startswith="Changed:"))
    (old_event,) = before.walk("VEVENT")
    (event,) = changed.walk("VEVENT")
    assert event["UID"] == old_event["UID"]
    assert int(event["SEQUENCE"]) > int(old_event.get("SEQUENCE", 0))
    starts = event.decoded("DTSTART").astimezone(LONDON)
    assert starts == later.astimezone(LONDON)
    assert "Room 2.05" in str(event["LOCATION"])
