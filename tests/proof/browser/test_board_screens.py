"""The board page as a moderator writing the prospectus sees it (issue 14): the ambitions with
their evidence and charts and the draft button, photographed at 320 and 1280 px into
test-artifacts/screens/, fitting its width, with no serious or critical axe-core violation."""

import pytest

from portal.roles import BOARD, MODERATORS
from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-passphrase-9"


def staff_in(group: str, username: str) -> None:
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync

    roles_sync()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))


def signed_in(pages, viewport, username: str, to: str):
    """A page at viewport, signed in as username through the admin's form and sent on to to."""
    page = pages.new(viewport)
    page.goto(f"/admin/login/?next={to}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{to}")
    return page


def test_a_moderator_reads_the_board_page_at_both_widths(portal, pages, axe):
    from survey.models import Survey
    from survey.synthetic import responses_generate

    responses_generate(survey=Survey.objects.get(consultation=portal), count=300, seed=14)
    staff_in(MODERATORS, "writer")
    found = []
    for viewport in (DESKTOP, NARROW):
        page = signed_in(pages, viewport, "writer", "/board/")
        assert page.get_by_role("button", name="Build a draft PDF").is_visible()
        assert page.locator("#ambition-1-evidence svg").is_visible()
        folder = ARTEFACTS / "screens" / str(viewport["width"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "board.png"), full_page=True, timeout=60_000)
        assert horizontal_overflow(page) <= 0, f"wider than {viewport['width']} px"
        found += axe_serious(axe, page)
    assert not found, "\n".join(found)


def test_a_refused_publication_is_an_error_summary_that_takes_the_focus(portal, pages, axe):
    """Publishing with no prospectus PDF approved is refused: GOV.UK's error summary, focused
    so that a screen reader reads it, photographed at both widths."""
    staff_in(BOARD, "chair")
    found = []
    for viewport in (DESKTOP, NARROW):
        page = signed_in(pages, viewport, "chair", "/results/manage/")
        page.get_by_role("button", name="Publish the results").click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "There is a problem" in summary.inner_text()
        assert "approve a prospectus PDF" in summary.inner_text()
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        folder = ARTEFACTS / "screens" / str(viewport["width"])
        page.screenshot(path=str(folder / "results-manage-refused.png"), full_page=True)
        assert horizontal_overflow(page) <= 0, f"wider than {viewport['width']} px"
        found += axe_serious(axe, page)
    assert not found, "\n".join(found)
