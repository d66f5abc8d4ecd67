"""The error pages in a real browser (issue 12, point 18): a moderator following "Open the board
page" from the prospectus admin gets the 403 page in the portal's layout, which fits a phone,
passes axe-core and offers the admin home and signing out; the 400 and 404 pages likewise."""

from pathlib import Path

import pytest

from tests.proof.browser.helpers import axe_serious, horizontal_overflow
from tests.proof.browser.test_survey_journeys import sign_in, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "error-pages"


def _check(page, axe, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    assert page.locator(".llep-header").count() == 1
    assert horizontal_overflow(page) == 0
    assert axe_serious(axe, page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_without_the_board_permission_get_the_403_page(portal, pages, axe, width):
    from portal.roles import EVENT_ORGANISERS, MODERATORS, roles_sync

    roles_sync()
    # Moderators write the prospectus: the admin's link takes them to the board page (issue 14).
    staff_user("mod", MODERATORS)
    page = pages.new({"width": width, "height": 800})
    sign_in(page, "mod", "/admin/prospectus/prospectus/")
    page.get_by_role("link", name="Open the board page").click()
    page.wait_for_url("**/board/")
    assert page.get_by_role("heading", level=1).inner_text() == "Prospectus evidence for the board"
    page.context.clear_cookies()
    # An event organiser has no part in it, and is told so in the portal's layout.
    staff_user("org", EVENT_ORGANISERS)
    sign_in(page, "org", "/board/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page"
    )
    _check(page, axe, "403")
    page.get_by_role("link", name="Go to the admin home page").click()
    page.wait_for_url("**/admin/")
    page.go_back()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/admin/logout/")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_400_and_404_pages_in_a_browser(portal, pages, axe, width):
    page = pages.new({"width": width, "height": 800})
    page.goto("/board/evidence/responses/?status=%00")
    assert "could not read that request" in page.get_by_role("heading", level=1).inner_text()
    _check(page, axe, "400")
    page.goto("/no-such-page/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    _check(page, axe, "404")
