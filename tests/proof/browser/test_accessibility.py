"""axe-core on the pages that hold the portal's forms, each form shown in its error state (sent
empty or with a wrong email address), and on the board page: no serious or critical violations."""

import datetime as dt

import pytest

from portal.roles import BOARD
from tests.proof.browser.helpers import (
    answer_every_section,
    axe_serious,
    horizontal_overflow,
    resize,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def errors_shown(page) -> str:
    summary = page.locator(".govuk-error-summary, .errornote").first
    summary.wait_for()
    return summary.inner_text()


def test_booking_pages_and_the_booking_form_in_its_error_state(portal, page, axe):
    found = []
    page.goto("/round-tables/")
    found += axe_serious(axe, page)
    page.get_by_role("link", name="Textiles Round Table").click()
    found += axe_serious(axe, page)
    page.get_by_role("button", name="Book a place").click()
    assert "Enter your full name" in errors_shown(page)
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Book a place").click()
    assert "correct format" in errors_shown(page)
    found += axe_serious(axe, page)
    assert not found, "\n".join(found)


def test_survey_forms_in_their_error_states(portal, page, axe):
    from survey.models import Survey

    found = []
    page.goto("/survey/")
    found += axe_serious(axe, page)
    page.get_by_role("button", name="Start now").click()
    for number in range(1, 5):
        page.goto(f"/survey/section/{number}/")
        if number == 4:
            # Asking to be contacted without saying how is the error this section can show.
            page.get_by_role("group", name="May we contact you").get_by_label(
                "Yes", exact=True
            ).check()
            page.get_by_label("Your email address").fill("not an email")
        page.get_by_role("button", name="Continue").click()
        assert errors_shown(page), f"section {number} sent empty should show errors"
        found += axe_serious(axe, page)

    page.goto("/survey/section/1/")
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("button", name="Send me the link").click()
    assert "Enter your email address" in errors_shown(page)
    found += axe_serious(axe, page)

    # Every section answered, then a wrong address for the copy on the check page.
    answer_every_section(page)
    found += axe_serious(axe, page)
    page.get_by_label("Email address for a copy").fill("not an email")
    page.get_by_role("button", name="Send my response").click()
    assert "correct format" in errors_shown(page)
    found += axe_serious(axe, page)

    # The survey closes before this person sends: their answers, and the late-response form.
    Survey.objects.update(
        closes_at=Survey.objects.get().opens_at + dt.timedelta(minutes=1),
    )
    page.goto("/survey/")
    assert page.get_by_role("heading", level=1).inner_text() == "The survey has closed"
    found += axe_serious(axe, page)
    page.get_by_label("Your email address (optional)").fill("not an email")
    page.get_by_role("button", name="Email my answers to LLEP staff").click()
    assert "correct format" in errors_shown(page)
    found += axe_serious(axe, page)
    assert not found, "\n".join(found)


def test_admin_sign_in_in_its_error_state_and_the_board_page(portal, page, axe):
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync

    found = []
    page.goto("/admin/login/")
    # Sent empty, the browser itself stops it (the fields are required); a wrong password is
    # the error state a person meets.
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert errors_shown(page)
    found += axe_serious(axe, page)

    roles_sync()
    user = User.objects.create_user("board", password="a-long-test-passphrase-9", is_staff=True)
    user.groups.add(Group.objects.get(name=BOARD))
    page.goto("/admin/login/?next=/board/")
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password").fill("a-long-test-passphrase-9")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/board/")
    found += axe_serious(axe, page)
    # Board members read it on their phones too.
    resize(page, 320, 640)
    assert horizontal_overflow(page) <= 0, "the board page is wider than 320 px"
    found += axe_serious(axe, page)
    resize(page, 1280, 900)
    # The evidence list behind the first figure of the summary.
    page.locator("#summary").get_by_role("link").first.click()
    page.wait_for_url("**/board/evidence/**")
    found += axe_serious(axe, page)
    assert not found, "\n".join(found)
