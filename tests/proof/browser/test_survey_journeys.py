"""A response's whole life in a browser: the public fill in the survey over several pages, save
and come back through the emailed link, check and send; a moderator confirms a suggested theme
and approves it in admin; a board member generates the prospectus, watches it finish, downloads
it and finds the quote in the PDF. Then the survey again at 320 px with the keyboard alone."""

import io
import re
from pathlib import Path

import pytest

from portal.roles import BOARD, MODERATORS
from tests.proof.browser.helpers import (
    axe_serious,
    horizontal_overflow,
    key_activate,
    key_choose,
    key_tick,
    key_type,
    outbox_link,
    outbox_message,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = (
    "Hosiery firms cannot find skilled machinists, and apprenticeships in knitting technology "
    "would keep the trade alive in Leicester."
)
FOUNDATION_SCORES = {
    "Ideas": "Moderately important",
    "People": "Essential",
    "Infrastructure": "Very important",
    "Business Environment": "Slightly important",
    "Place": "Moderately important",
}
PASSWORD = "a-long-test-passphrase-9"


def h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def staff_user(username: str, group: str):
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync

    roles_sync()  # the groups come from a migration, which a transactional test's flush empties
    user = User.objects.create_user(
        username, email=f"{username}@llep.example", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, username: str, next_path: str = "/admin/") -> None:
    page.goto(f"/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    # Lines wrap and hyphenate where the layout chose; compare words only.
    return " ".join(re.sub(r"-\s+", "-", text).split())


def test_a_response_travels_from_the_survey_to_the_prospectus_pdf(portal, pages, monkeypatch):
    from prospectus import views as board_views
    from prospectus.models import Export
    from survey.models import Response

    monkeypatch.setattr(board_views, "REFRESH_SECONDS", 1)
    page = pages.new()

    # --- The public: two sections, then save and come back later.
    page.goto("/")
    page.get_by_role("button", name="Take the survey").click()
    page.get_by_role("button", name="Start now").click()
    assert h1(page) == "About you"
    page.get_by_role("group", name="In what capacity are you responding?").get_by_label(
        "Business", exact=True
    ).check()
    page.get_by_label("What is the name of your organisation?").fill("Hosiery Works Ltd")
    page.get_by_label("Textiles – Design, Manufacturing and Technology").check()
    page.get_by_role("group", name="Where are you based?").get_by_label(
        "Leicester", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()

    assert h1(page) == "Challenges and the foundations of productivity"
    page.get_by_label("What are the key challenges to growth").fill(QUOTE)
    for foundation, score in FOUNDATION_SCORES.items():
        page.get_by_role("group", name=foundation, exact=True).get_by_label(
            score, exact=True
        ).check()
    page.get_by_role("button", name="Save and come back later").click()

    assert h1(page) == "Save your answers and come back later"
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_role("button", name="Send me the link").click()
    assert h1(page) == "Check your email"
    resume = outbox_link(r"/survey/resume/", to="dana@example.org")

    # --- Later, on another device: the emailed link brings the answers back.
    page = pages.new()
    page.goto(resume)
    assert h1(page) == "Challenges and the foundations of productivity"
    assert page.get_by_label("What are the key challenges to growth").input_value() == QUOTE
    assert (
        page.get_by_role("group", name="People", exact=True)
        .get_by_label("Essential", exact=True)
        .is_checked()
    )
    page.get_by_role("button", name="Continue").click()

    assert h1(page) == "Grand Challenges, priorities and interventions"
    page.get_by_label("Clean Growth").check()
    page.get_by_label("Artificial Intelligence and Data Economy").check()
    page.get_by_label("What should the priorities be").fill("Skills for textile technology.")
    page.get_by_label("What interventions are needed").fill("A knitting technology academy.")
    page.get_by_role("button", name="Continue").click()

    assert h1(page) == "Quoting you and contacting you"
    page.get_by_role("group", name="May we quote what you have written").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("group", name="May we contact you").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    assert h1(page) == "Check your answers before sending your response"
    main = page.get_by_role("main")
    assert QUOTE in main.inner_text()
    assert "Hosiery Works Ltd" in main.inner_text()
    # Change an answer and come straight back to the check page.
    main.get_by_role(
        "link", name="Change your answer to ‘What is the name of your organisation?’"
    ).click()
    page.get_by_label("What is the name of your organisation?").fill("Hosiery Works Group")
    page.get_by_role("button", name="Continue").click()
    assert h1(page) == "Check your answers before sending your response"
    assert "Hosiery Works Group" in page.get_by_role("main").inner_text()
    page.get_by_label("Email address for a copy of your answers (optional)").fill(
        "dana@example.org"
    )
    page.get_by_role("button", name="Send my response").click()

    assert h1(page) == "Response sent"
    response = Response.objects.get()
    assert response.reference in page.locator(".govuk-panel").inner_text()
    assert response.quote_ok and response.organisation == "Hosiery Works Group"
    outbox_message(to="dana@example.org", subject="")

    # --- A moderator confirms a suggested theme and approves the response.
    staff_user("morgan", MODERATORS)
    page = pages.new()
    sign_in(page, "morgan")
    page.get_by_role("link", name="Responses").first.click()
    # Find it as a moderator would among many: search the list for the organisation's name.
    search = page.get_by_role("textbox", name="Search")
    search.fill("Hosiery Works Group")
    search.press("Enter")
    page.get_by_role("link", name=response.reference).click()
    suggested = page.locator(".field-suggested_themes").inner_text()
    assert "People" in suggested, f"skills and apprenticeships should suggest People: {suggested}"
    people = page.get_by_role("checkbox", name="People", exact=True)
    assert people.is_checked(), "a suggested theme is ticked, ready to confirm"
    page.get_by_label("Status").select_option(label="Approved")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    response.refresh_from_db()
    assert response.status == Response.Status.APPROVED
    assert "people" in {theme.slug for theme in response.themes.all()}

    # --- A board member generates the prospectus, watches it finish and downloads it.
    queued = []
    monkeypatch.setattr("prospectus.tasks.export_render.delay", lambda pk: queued.append(pk))
    staff_user("blake", BOARD)
    page = pages.new()
    sign_in(page, "blake", "/board/")
    assert h1(page) == "Prospectus evidence for the board"
    page.get_by_role("button", name="Generate the prospectus PDF").click()
    exports = page.locator("#exports")
    assert "being generated" in exports.inner_text()
    assert exports.get_by_role("cell", name="Queued").is_visible()

    # The worker picks it up; the page, refreshing itself, shows it finish.
    from prospectus.tasks import export_render

    assert len(queued) == 1
    export_render.apply(args=[queued[0]])
    assert Export.objects.get(pk=queued[0]).status == Export.Status.DONE
    exports.get_by_role("cell", name="Done").wait_for(timeout=15_000)

    with page.expect_download() as download_info:
        exports.get_by_role("link", name=re.compile("^Download")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(download.path()).read_bytes())
    assert "skilled machinists" in text and response.reference in text, (
        "the approved response's quote and reference should be in the PDF"
    )


def test_survey_at_320_pixels_with_the_keyboard_alone(portal, narrow_page, axe):
    from survey.models import Response

    page = narrow_page
    # Every page of the journey is checked for width and by axe; all faults are reported at the end.
    too_wide, found = {}, []

    def fits():
        too_wide[page.url] = horizontal_overflow(page)
        found.extend(axe_serious(axe, page))

    page.goto("/")
    key_activate(page, page.get_by_role("button", name="Take the survey"))
    page.wait_for_url("**/survey/")
    fits()
    key_activate(page, page.get_by_role("button", name="Start now"))
    page.wait_for_url("**/survey/section/1/")
    fits()

    # Continue with nothing chosen: the errors are listed and pass an accessibility check.
    key_activate(page, page.get_by_role("button", name="Continue"))
    page.locator(".govuk-error-summary").wait_for()
    assert "Select an answer to" in page.locator(".govuk-error-summary").inner_text()
    fits()

    key_choose(page, "In what capacity are you responding?", "Individual")
    key_choose(
        page,
        "Which sector do you work in or most closely with?",
        "Space, Data and Digital Technology",
    )
    key_choose(page, "Where are you based?", "Charnwood")
    key_activate(page, page.get_by_role("button", name="Continue"))
    page.wait_for_url("**/survey/section/2/")
    fits()

    key_type(page, "What are the key challenges to growth", "Broadband in rural Charnwood.")
    for foundation, score in FOUNDATION_SCORES.items():
        key_choose(page, foundation, score)

    # Save and come back later, by keyboard, then come back through the emailed link.
    key_activate(page, page.get_by_role("button", name="Save and come back later"))
    page.wait_for_url("**/survey/save/")
    fits()
    key_type(page, "Email address", "eli@example.org")
    key_activate(page, page.get_by_role("button", name="Send me the link"))
    page.get_by_role("heading", name="Check your email").wait_for()
    fits()
    page.goto(outbox_link(r"/survey/resume/", to="eli@example.org"))
    page.wait_for_url("**/survey/section/2/")
    assert (
        page.get_by_role("group", name="Place", exact=True)
        .get_by_label("Moderately important", exact=True)
        .is_checked()
    )
    key_activate(page, page.get_by_role("button", name="Continue"))
    page.wait_for_url("**/survey/section/3/")
    fits()

    key_tick(page, "Future of Mobility")
    key_type(page, "What should the priorities be", "Digital skills.")
    key_type(page, "What interventions are needed", "Fibre to every village.")
    key_activate(page, page.get_by_role("button", name="Continue"))
    page.wait_for_url("**/survey/section/4/")
    fits()

    key_choose(
        page, "May we quote what you have written, without your name, in the prospectus?", "No"
    )
    key_choose(
        page, "May we contact you about your response or the Local Industrial Strategy?", "No"
    )
    key_activate(page, page.get_by_role("button", name="Continue"))
    page.wait_for_url("**/survey/check-your-answers/")
    fits()
    assert "Fibre to every village." in page.get_by_role("main").inner_text()
    key_activate(page, page.get_by_role("button", name="Send my response"))
    page.wait_for_url("**/survey/confirmation/")
    fits()
    assert h1(page) == "Response sent"
    response = Response.objects.get()
    assert response.place == "charnwood" and not response.quote_ok

    too_wide = {url: extra for url, extra in too_wide.items() if extra > 0}
    assert not too_wide, f"pages wider than 320 px (extra CSS pixels): {too_wide}"
    assert not found, "\n".join(found)
