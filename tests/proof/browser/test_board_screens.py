"""The board page as a moderator writing the prospectus sees it (issue 14): the ambitions with
their evidence and charts and the draft button, photographed at 320 and 1280 px into
test-artifacts/screens/, fitting its width, with no serious or critical axe-core violation."""

import pytest

from portal.roles import MODERATORS
from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_reads_the_board_page_at_both_widths(portal, pages, axe):
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync
    from survey.models import Survey
    from survey.synthetic import responses_generate

    responses_generate(survey=Survey.objects.get(consultation=portal), count=300, seed=14)
    roles_sync()
    user = User.objects.create_user("writer", password="a-long-test-passphrase-9", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    found = []
    for viewport in (DESKTOP, NARROW):
        page = pages.new(viewport)
        page.goto("/admin/login/?next=/board/")
        page.get_by_label("Username").fill("writer")
        page.get_by_label("Password").fill("a-long-test-passphrase-9")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/board/")
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
    from django.contrib.auth.models import Group, User

    from portal.roles import BOARD, roles_sync

    roles_sync()
    user = User.objects.create_user("chair", password="a-long-test-passphrase-9", is_staff=True)
    user.groups.add(Group.objects.get(name=BOARD))
    found = []
    for viewport in (DESKTOP, NARROW):
        page = pages.new(viewport)
        page.goto("/admin/login/?next=/results/manage/")
        page.get_by_label("Username").fill("chair")
        page.get_by_label("Password").fill("a-long-test-passphrase-9")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/results/manage/")
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
