"""Issue 16, points 1 and 3, as people see them: a round table's page with its joining details at
320 and 1280 px, and an organiser moving a round table by an hour in the admin, being asked
before anyone is emailed, then cancelling another; screenshots kept under
test-artifacts/screens/venue/ for a person to look at."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.roles import EVENT_ORGANISERS
from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
SCREENS = ARTEFACTS / "screens" / "venue"
PASSWORD = "a-long-test-passphrase-9"


def _fill_joining_details(round_table) -> None:
    round_table.room = "Hugh Aston Building, Room 2.05"
    round_table.venue_address = "The Gateway\nLeicester\nLE1 9BH"
    round_table.directions = (
        "Ten minutes' walk from Leicester railway station. There is no parking on site; the "
        "nearest car park is Newarke Street."
    )
    round_table.map_url = "https://www.openstreetmap.org/#map=17/52.6296/-1.1395"
    round_table.access_information = "Step-free entrance on Mill Lane; a hearing loop in the room."
    round_table.agenda = "10am: welcome\n10:15am: the sector's challenges\n11:15am: priorities"
    round_table.save()


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320", "1280"])
def test_round_table_page_shows_its_joining_details_and_fits(portal, pages, axe, viewport):
    from events.models import RoundTable

    round_table = RoundTable.objects.order_by("starts_at").first()
    _fill_joining_details(round_table)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = pages.new(viewport)
    page.goto(round_table.get_absolute_url())
    for text in ("Room 2.05", "Getting there", "Step-free entrance", "Agenda"):
        assert page.get_by_text(text).first.is_visible()
    page.screenshot(path=str(SCREENS / f"detail-{viewport['width']}.png"), full_page=True)
    assert horizontal_overflow(page) == 0
    assert axe_serious(axe, page) == []


def test_organiser_moves_a_round_table_is_asked_before_emailing_and_cancels_another(
    portal, pages, axe
):
    from django.contrib.auth.models import Group, User

    from events.models import Booking, RoundTable
    from events.services import booking_create
    from portal.models import OutboundEmail
    from portal.roles import roles_sync

    first, second = RoundTable.objects.order_by("starts_at")[:2]
    for round_table in (first, second):
        booking_create(
            round_table_id=round_table.pk,
            full_name="Priya Chaudhry-Patel",
            email=f"priya{round_table.pk}@example.com",
            organisation="Leicestershire County Council",
            privacy_agreed=True,
        )
    roles_sync()
    user = User.objects.create_user("organiser", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = pages.new(DESKTOP)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/admin/events/roundtable/{first.pk}/change/")
    later = (first.starts_at + dt.timedelta(hours=1)).astimezone(LONDON)
    page.locator("#id_starts_at_1").fill(later.strftime("%H:%M:%S"))
    page.locator("#id_ends_at_1").fill(
        (first.ends_at + dt.timedelta(hours=1)).astimezone(LONDON).strftime("%H:%M:%S")
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Email everyone booked").wait_for()
    assert not OutboundEmail.objects.filter(subject__startswith="Changed:").exists()
    page.screenshot(path=str(SCREENS / "admin-tell-people-1280.png"), full_page=True)
    assert axe_serious(axe, page) == []
    page.get_by_role("button", name="Email everyone booked").click()
    page.get_by_text("1 person booked has been emailed.").wait_for()
    assert OutboundEmail.objects.filter(subject__startswith="Changed:").count() == 1

    page.goto(f"/admin/events/roundtable/{second.pk}/change/")
    page.get_by_role("link", name="Cancel this round table").click()
    page.screenshot(path=str(SCREENS / "admin-cancel-1280.png"), full_page=True)
    assert axe_serious(axe, page) == []
    page.get_by_role("button", name="Cancel the round table and email everyone booked").click()
    page.get_by_text("is cancelled.").first.wait_for()
    page.screenshot(path=str(SCREENS / "admin-cancelled-1280.png"), full_page=True)
    assert set(Booking.objects.filter(round_table=second).values_list("status", flat=True)) == {
        "cancelled"
    }
    public = pages.new(NARROW)
    public.goto(second.get_absolute_url())
    public.get_by_text("This round table has been cancelled").wait_for()
    public.screenshot(path=str(SCREENS / "detail-cancelled-320.png"), full_page=True)
