"""The organisers' admin lists at 1280 px with realistic bookings: every column in view (no
sideways scrolling), filter links and sort icons big enough to hit (WCAG 2.2, 2.5.8), a results
region the keyboard can scroll on a phone, and no serious or critical axe-core violations."""

import random

import pytest

from portal.roles import EVENT_ORGANISERS
from tests.proof.browser.conftest import NARROW
from tests.proof.browser.helpers import axe_serious, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase-9"
FIRST = ["Priya", "Oluwaseun", "Margaret", "Tomasz", "Siobhan", "Bartholomew", "Aisha"]
LAST = ["Chaudhry-Patel", "Okonkwo", "Fitzgerald-Smythe", "Wiśniewski", "Hetherington", "Begum"]
ORGANISATIONS = [
    "Loughborough University Science and Enterprise Park",
    "Leicestershire County Council",
    "Hosiery Manufacturers' Federation of the East Midlands",
    "De Montfort University",
    "Pukka Pies Ltd",
]
LISTS = [
    "/admin/events/booking/",
    "/admin/events/booking/?o=6.1",  # sorted by when booked, then reference: two sorted columns
    "/admin/events/booking/?status__exact=confirmed",
    "/admin/events/roundtable/",
]


@pytest.fixture
def organiser_page(portal, page):
    """Fifteen bookings at each round table (the last few waiting), signed in as an organiser."""
    return _organiser_signed_in(page)


@pytest.fixture
def organiser_phone(portal, pages):
    """The same at 320 px, the size given when the page is made: setting it after signing in
    raced the full-page screenshot of the page signing in loads, whose end put back 1280 px."""
    return _organiser_signed_in(pages.new(NARROW))


def _organiser_signed_in(page):
    from django.contrib.auth.models import Group, User

    from events.models import RoundTable
    from events.services import booking_create
    from portal.roles import roles_sync

    rng = random.Random(7)
    for round_table in RoundTable.objects.all():
        round_table.capacity = 12
        round_table.save(update_fields=["capacity"])
        for n in range(15):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            booking_create(
                round_table_id=round_table.pk,
                full_name=f"{first} {last}",
                email=f"{first}.{last}{n}@longorganisationname-example.co.uk".lower(),
                organisation=rng.choice(ORGANISATIONS),
                privacy_agreed=True,
            )
    roles_sync()
    user = User.objects.create_user("organiser", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    return _signed_in(page, "organiser")


def _signed_in(page, username: str):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def _clipped(page) -> list[str]:
    """Column headings whose right edge is past the viewport or the results region's edge."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const region = document.querySelector('.llep-admin-results');
          const edge = Math.min(width, region.getBoundingClientRect().right);
          return [...document.querySelectorAll('#result_list thead th')]
            .filter(th => th.getBoundingClientRect().right > edge + 0.5)
            .map(th => `${th.innerText.trim() || th.className}: right edge at `
                       + `${Math.round(th.getBoundingClientRect().right)} px, edge ${edge}`);
        }"""
    )


def _region_scrolls(page) -> int:
    return page.evaluate(
        "() => { const r = document.querySelector('.llep-admin-results');"
        " return r.scrollWidth - r.clientWidth; }"
    )


def _boxes(page, selector: str) -> list[dict]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map(el => {
             const r = el.getBoundingClientRect();
             return {text: el.innerText.trim() || el.className, w: r.width, h: r.height,
                     x: r.left + r.width / 2, y: r.top + r.height / 2};
           })""",
        selector,
    )


def _too_small(boxes: list[dict]) -> list[str]:
    """Targets under 24 by 24 px whose centre is nearer than 24 px to another target's centre
    (2.5.8's spacing exception), one line each."""
    small = []
    for box in boxes:
        if box["w"] >= 24 and box["h"] >= 24:
            continue
        nearest = min(
            (
                ((box["x"] - o["x"]) ** 2 + (box["y"] - o["y"]) ** 2) ** 0.5
                for o in boxes
                if o is not box
            ),
            default=99,
        )
        if nearest < 24:
            small.append(f"{box['text']}: {box['w']:.0f}x{box['h']:.0f}, {nearest:.0f} px apart")
    return small


def test_organisers_lists_show_every_column_at_1280_px_without_sideways_scrolling(
    organiser_page,
):
    page = organiser_page
    for url in LISTS:
        page.goto(url)
        assert page.locator("#result_list tbody tr").count() > 0, url
        assert _clipped(page) == [], url
        assert _region_scrolls(page) <= 0, f"{url}: the results scroll sideways"
        assert horizontal_overflow(page) <= 0, f"{url}: the page scrolls sideways"
    page.goto("/admin/events/roundtable/")
    assert page.get_by_role("link", name="Sign-in sheet (PDF)").first.is_visible()


def test_filter_links_and_sort_icons_are_targets_of_at_least_24_px(organiser_page):
    page = organiser_page
    problems = []
    for url in LISTS:
        page.goto(url)
        filters = _boxes(page, "#changelist-filter li a")
        assert len(filters) >= 5, url
        problems += [f"{url} filter {line}" for line in _too_small(filters)]
        problems += [
            f"{url} filter {b['text']} is {b['h']:.0f} px tall" for b in filters if b["h"] < 24
        ]
        icons = _boxes(page, "th.sorted .sortoptions a")
        if "booking" in url:
            assert len(icons) >= 4, url  # two sorted columns, two icons each
        problems += [f"{url} sort icon {line}" for line in _too_small(icons)]
    assert problems == [], "\n".join(problems)


def test_admin_lists_have_no_serious_axe_violations(organiser_page, axe):
    page = organiser_page
    found = []
    for url in LISTS:
        page.goto(url)
        found += axe_serious(axe, page)
    assert not found, "\n".join(found)


def test_on_a_phone_the_results_scroll_sideways_from_the_keyboard(organiser_phone, axe):
    page = organiser_phone
    page.goto("/admin/events/booking/")
    region = page.get_by_role("region", name="Bookings")
    assert _region_scrolls(page) > 0  # too wide for a phone: the region scrolls, not the page
    region.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling is animated: wait for it rather than read it at once.
    page.wait_for_function(
        "() => document.querySelector('.llep-admin-results').scrollLeft > 0", timeout=5000
    )
    assert not axe_serious(axe, page)


def test_the_survey_editors_translated_tables_scroll_in_their_own_box_at_1280_px(portal, page):
    """A question's choices, in five languages each with a hint, are a table about 3,800 px
    wide: it scrolls sideways inside its own box, and the page around it (the other fields, Save)
    stays 1280 px wide."""
    from django.contrib.auth.models import User

    from survey.models import Question

    User.objects.create_superuser("editor", password=PASSWORD)
    question = Question.objects.filter(choices__isnull=False).order_by("pk").first()
    _signed_in(page, "editor")
    page.goto(f"/admin/survey/question/{question.pk}/change/")
    table = page.locator("#choices-group .tabular fieldset.module")
    assert table.evaluate("(box) => box.scrollWidth - box.clientWidth") > 1000
    assert horizontal_overflow(page) <= 0, "the question's page scrolls sideways"
    last = page.locator("#choices-group tr.has_original").first.locator("input, textarea").last
    last.focus()  # the keyboard reaches the far columns: the box scrolls to them
    assert table.evaluate("(box) => box.scrollLeft") > 0


def test_a_response_s_suggested_themes_line_up_with_the_other_values(portal, page):
    """Django indents every list in an aligned form by a label's width, for the help under a
    box; a list that is a field's value (the suggestions) stood 170 px right of the rest."""
    from django.contrib.auth.models import User

    from survey.models import Question
    from tests.survey.factories import response_make

    User.objects.create_superuser("moderator", password=PASSWORD)
    survey = Question.objects.get(key="challenges").section.survey
    text = "More research with the universities, and apprenticeships for young people."
    response = response_make(survey=survey, data={"challenges": text})
    _signed_in(page, "moderator")
    page.goto(f"/admin/survey/response/{response.pk}/change/")
    suggestions = page.locator(".llep-admin-suggestions").bounding_box()
    status = page.locator("#id_status").bounding_box()
    assert abs(suggestions["x"] - status["x"]) < 2
