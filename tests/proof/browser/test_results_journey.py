"""Issue 15's journey: a board member approves the prospectus PDF and publishes the results; a
member of the public (who asked to be told) reads them, in English and in Urdu, and downloads the
data. axe-core on every results page at 1280 and 320 px, and screenshots of them in
test-artifacts/screens/."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from portal.roles import BOARD
from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase-15"
SCREENS = ARTEFACTS / "screens"
RESULTS_PAGES = ["/results/", "/results/what-we-heard/"]


def _closed_with_evidence(tmp_path):
    """The demo consultation after the survey closed: 60 synthetic responses, those that may be
    published cleared, one person who asked to be told, and a prospectus PDF of the finished
    text."""
    from django.contrib.auth.models import Group, User

    from portal.roles import roles_sync
    from prospectus import services as prospectus_services
    from prospectus.models import Export, Prospectus
    from prospectus.selectors import placeholder_sections
    from results.services import responses_clear
    from survey.models import Response, Survey
    from survey.synthetic import responses_generate
    from tests.prospectus.conftest import finish_text

    survey = Survey.objects.get()
    responses_generate(survey=survey, count=60, seed=15)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    responses_clear(responses=list(Response.objects.all()), user=None)
    Response.objects.filter(pk=Response.objects.order_by("pk").first().pk).update(
        email="reader@example.com", notify_results=True
    )
    prospectus = finish_text(Prospectus.objects.get())
    export = Export.objects.create(prospectus=prospectus)
    relative = prospectus_services.export_file_write(
        export=export, pdf=b"%PDF-1.7 the prospectus", now=timezone.now()
    )
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE,
        file_path=relative,
        finished_at=timezone.now(),
        placeholders=placeholder_sections(prospectus=prospectus),
    )
    roles_sync()
    user = User.objects.create_user("boardmember", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=BOARD))


def _checked(page, axe, found: list, too_wide: dict, shots: str = "") -> None:
    found += axe_serious(axe, page)
    if horizontal_overflow(page) > 0:
        too_wide[page.url] = horizontal_overflow(page)
    if shots:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=shots, full_page=True, timeout=60_000)


def test_board_approves_and_publishes_then_the_public_reads_and_downloads(
    portal, pages, axe, tmp_path
):
    from django.core import mail

    _closed_with_evidence(tmp_path)
    found: list[str] = []
    too_wide: dict = {}

    # Before publication the public sees when to expect the results, nothing more.
    public = pages.new(DESKTOP)
    public.goto("/results/")
    public.get_by_text("The results have not been published yet").wait_for()
    _checked(public, axe, found, too_wide)
    assert public.goto("/results/data/responses.csv").status == 404

    # The board member signs in, approves the PDF and publishes.
    board = pages.new(DESKTOP)
    board.goto("/admin/login/?next=/results/manage/")
    board.get_by_label("Username").fill("boardmember")
    board.get_by_label("Password").fill(PASSWORD)
    board.get_by_role("button", name="Log in").click()
    board.get_by_role("heading", name="Publish the results").wait_for()
    _checked(board, axe, found, too_wide)
    board.get_by_role("button", name="Approve").first.click()
    board.get_by_text("is approved for publication").wait_for()
    board.get_by_role("button", name="Publish the results").click()
    board.get_by_text("The results are published. 1 person who asked is being emailed.").wait_for()
    assert [m.to for m in mail.outbox if "results" in m.subject] == [["reader@example.com"]]
    (SCREENS / "1280").mkdir(parents=True, exist_ok=True)
    _checked(board, axe, found, too_wide, str(SCREENS / "1280" / "results-manage.png"))

    # The public: from the home page to the results, what we heard, and the data.
    for viewport in (DESKTOP, NARROW):
        width = viewport["width"]
        folder = SCREENS / str(width)
        folder.mkdir(parents=True, exist_ok=True)
        reader = pages.new(viewport)
        reader.goto("/")
        reader.get_by_role("link", name="Read what we heard and what we will do").click()
        reader.get_by_role("heading", name="Results of the consultation", level=1).wait_for()
        _checked(reader, axe, found, too_wide, str(folder / "results.png"))
        reader.goto("/results/what-we-heard/")
        reader.get_by_role("heading", name="What we heard", level=1).wait_for()
        _checked(reader, axe, found, too_wide, str(folder / "results-what-we-heard.png"))
    # In Urdu (offered in the demo): from the Urdu home page's banner to the Urdu results, right
    # to left; the data is the same file at its one address (docs/decisions/0915).
    for viewport in (DESKTOP, NARROW):
        folder = SCREENS / str(viewport["width"])
        urdu = pages.new(viewport)
        urdu.goto("/ur/")
        urdu.locator(".govuk-notification-banner__link").click()
        urdu.wait_for_url("**/ur/results/")
        assert urdu.locator("html").get_attribute("dir") == "rtl"
        _checked(urdu, axe, found, too_wide, str(folder / "results-ur.png"))
        urdu.goto("/ur/results/what-we-heard/")
        _checked(urdu, axe, found, too_wide, str(folder / "results-what-we-heard-ur.png"))
    assert urdu.goto("/ur/results/").ok
    assert urdu.locator('a[href="/results/data/responses.csv"]').count() == 1
    reader.goto("/results/")
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Published survey responses (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows and "answer_challenges" in rows[0] and "email" not in rows[0]
    with reader.expect_download() as pdf:
        reader.get_by_role("link", name="Download the Prospectus").click()
    assert pdf.value.path().read_bytes() == b"%PDF-1.7 the prospectus"

    assert not found, "\n".join(found)
    assert not too_wide, f"pages wider than their viewport: {too_wide}"
