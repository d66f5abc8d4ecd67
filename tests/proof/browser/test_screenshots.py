"""Screenshots of every public page (and the survey's sections) at 320 and 1280 px, kept under test-artifacts/screens/ on
every run (not only on failure), so that a person can look at the pages as users see them."""

import pytest

from tests.proof.browser.conftest import ARTEFACTS, DESKTOP, NARROW
from tests.proof.browser.helpers import PUBLIC_PAGES, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ARTEFACTS / "screens"


def _public_paths() -> list[str]:
    from events.models import RoundTable

    first = RoundTable.objects.order_by("starts_at").first()
    return [*PUBLIC_PAGES, "/round-tables/", first.get_absolute_url(), "/survey/"]


def _shoot(page, path) -> None:
    # After the fixture's own shot on load; generous, as four test runs may share two cores.
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True, timeout=60_000)


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320", "1280"])
def test_every_public_page_is_photographed_and_fits_its_width(portal, pages, viewport):
    folder = SCREENS / str(viewport["width"])
    folder.mkdir(parents=True, exist_ok=True)
    page = pages.new(viewport)
    too_wide = {}
    for path in _public_paths():
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        name = path.strip("/").replace("/", "-") or "home"
        _shoot(page, folder / f"{name}.png")
        if horizontal_overflow(page) > 0:
            too_wide[path] = horizontal_overflow(page)
    # The survey's sections, and the rating section in its error state.
    page.goto("/survey/")
    page.get_by_role("button", name="Start now").click()
    for number in range(1, 5):
        page.goto(f"/survey/section/{number}/")
        _shoot(page, folder / f"survey-section-{number}.png")
        if horizontal_overflow(page) > 0:
            too_wide[page.url] = horizontal_overflow(page)
    page.goto("/survey/section/2/")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    _shoot(page, folder / "survey-section-2-errors.png")
    assert not too_wide, f"pages wider than {viewport['width']} px: {too_wide}"


def test_service_navigation_sits_on_one_row_at_1280_pixels(portal, page):
    page.goto("/")
    tops = page.locator(".govuk-service-navigation__item").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) == 7 and len(set(tops)) == 1, f"navigation rows start at {sorted(set(tops))}"


@pytest.mark.parametrize(
    "path, keys, shown",
    [
        ("/round-tables/", ("Sector", "When", "Venue", "Places"), "30 places left"),
        ("/get-involved/", ("Time", "Date", "Venue", "Booking link"), "Round Table"),
    ],
    ids=["round-tables", "get-involved"],
)
def test_round_tables_show_every_column_on_a_phone(portal, narrow_page, path, keys, shown):
    page = narrow_page
    page.goto(path)
    cards = page.locator(".govuk-summary-card")
    assert cards.count() == 5
    assert not page.get_by_role("table").is_visible(), "phones get cards, not the table"
    first = cards.first
    for key in keys:
        assert first.get_by_text(key, exact=True).is_visible()
    assert shown in first.inner_text()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320", "1280"])
def test_each_rating_scale_reads_top_to_bottom_in_order(portal, pages, viewport):
    page = pages.new(viewport)
    page.goto("/survey/")
    page.get_by_role("button", name="Start now").click()
    page.goto("/survey/section/2/")
    ideas = page.get_by_role("group", name="Ideas", exact=True)
    labels = ideas.locator(".govuk-radios__label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert [labels.nth(i).inner_text().strip() for i in range(labels.count())] == [
        "Not important",
        "Slightly important",
        "Moderately important",
        "Very important",
        "Essential",
    ]
    assert len({round(box["x"]) for box in boxes}) == 1, "the points should be in one column"
    tops = [box["y"] for box in boxes]
    assert tops == sorted(tops) and len(set(tops)) == 5, f"points out of order: {tops}"
