"""An organiser writes to the people booked on a round table in the admin, at 1280 and 320 px:
the form, the preview as the email will arrive, and the list of what was sent, with no serious
or critical axe-core violations and no sideways scrolling."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.roles import EVENT_ORGANISERS
from tests.proof.browser.conftest import NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase-9"
# Set to a folder to keep the screenshots for a person to look at.
SHOTS = os.environ.get("LLEP_SHOTS_DIR")


def _sign_in(pages, viewport=None):
    from django.contrib.auth.models import Group, User

    from events.models import RoundTable
    from events.services import booking_create
    from portal.roles import roles_sync

    roles_sync()
    if not User.objects.filter(username="organiser").exists():
        user = User.objects.create_user("organiser", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
        textiles = RoundTable.objects.get(slug="textiles")
        for name in ("Priya Chaudhry-Patel", "Tomasz Wiśniewski"):
            booking_create(
                round_table_id=textiles.pk,
                full_name=name,
                email=f"{name.split()[0].lower()}@example.com",
                organisation="Hosiery Manufacturers' Federation of the East Midlands",
                privacy_agreed=True,
            )
    page = pages.new(viewport)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_organiser_writes_previews_and_sends_a_message_to_attendees(
    portal, pages, axe, width, mailoutbox
):
    page = _sign_in(pages, None if width == 1280 else NARROW)
    page.goto("/admin/events/roundtable/")
    page.get_by_role("link", name="Write to attendees of the Textiles Round Table").click()
    page.get_by_label("Confirmed attendees", exact=True).check()
    page.get_by_label("Subject").fill("Joining instructions")
    page.get_by_label("Message").fill("Please come to reception on the ground floor.")
    assert axe_serious(axe, page) == []
    _shot(page, f"message-form-{width}")
    page.get_by_role("button", name="Preview the message").click()
    preview = page.get_by_role("region", name="Preview of the email")
    assert "Dear Priya Chaudhry-Patel," in preview.inner_text()
    assert "Joining instructions: Textiles Round Table" in preview.inner_text()
    assert horizontal_overflow(page) <= 0
    assert axe_serious(axe, page) == []
    _shot(page, f"message-preview-{width}")
    page.get_by_role("button", name="Send to 2 people").click()
    # Waits for the page the click loads (is_visible() would not).
    expect(page.get_by_text("Your message is on its way to 2 people.")).to_be_visible()
    assert axe_serious(axe, page) == []
    _shot(page, f"message-sent-{width}")
    copies = [m.to[0] for m in mailoutbox if m.subject.startswith("Joining instructions")]
    assert sorted(copies) == ["priya@example.com", "tomasz@example.com"]
