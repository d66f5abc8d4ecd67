"""What a screen reader reads with a question, taken from Chromium's accessibility tree (the
computed description, built from aria-describedby): a textarea keeps its hint and its character
count beside its error, and a rating question's hint is shown and read with its group."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT = "You can enter up to"


def description(page, selector: str) -> str:
    """The accessible description Chromium computes for the element (what follows its name)."""
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        assert node["nodeId"], f"no element {selector}"
        tree = session.send(
            "Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False}
        )
    finally:
        session.detach()
    found = tree["nodes"][0].get("description", {}).get("value", "")
    return " ".join(found.split())


def test_booking_textareas_over_the_limit_keep_hint_count_and_error(portal, page):
    page.goto("/round-tables/textiles/")
    page.get_by_label("Access needs (optional)").fill("a" * 1001)
    page.get_by_label("Dietary needs (optional)").fill("d" * 1001)
    page.get_by_role("button", name="Book a place").click()
    page.locator(".govuk-error-summary").wait_for()

    access = description(page, "#id_access_needs")
    assert "Anything we should arrange so that you can take part." in access
    assert "Access needs must be 1,000 characters or fewer" in access
    assert COUNT in access, access

    dietary = description(page, "#id_dietary_needs")
    assert "Dietary needs must be 1,000 characters or fewer" in dietary
    assert COUNT in dietary, dietary


def test_survey_section_three_long_answer_keeps_its_count_beside_its_error(portal, page):
    page.goto("/survey/")
    page.get_by_role("button", name="Start now").click()
    page.goto("/survey/section/3/")
    box = page.get_by_label("What should the priorities be")
    limit = int(box.evaluate("el => el.closest('[data-maxlength]').dataset.maxlength"))
    box.fill("p" * (limit + 1))
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    described = description(page, "#id_priorities")
    assert f"’ must be {limit:,} characters or fewer" in described, described
    assert "Your answer to ‘What should the priorities be" in described, described
    assert COUNT in described, described
    # Each long answer of the section, with or without an error, is described by its count.
    for textarea in page.locator("textarea").all():
        element_id = textarea.get_attribute("id")
        assert f"{element_id}-info" in textarea.get_attribute("aria-describedby").split()


def test_rating_question_hint_is_shown_and_read_with_its_group(portal, page):
    page.goto("/survey/")
    page.get_by_role("button", name="Start now").click()
    page.goto("/survey/section/2/")
    hint = "Rate each foundation from not important to essential."
    group = page.get_by_role("group", name="How important is each foundation of productivity")
    assert group.get_by_text(hint).is_visible()
    assert hint in description(page, "#div_id_foundations")
    # Sent empty, each foundation's own group is described by its error.
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert hint in description(page, "#div_id_foundations")
    ideas = description(page, "#div_id_foundations__ideas fieldset")
    assert "Rate how important ‘Ideas’ is" in ideas, ideas
