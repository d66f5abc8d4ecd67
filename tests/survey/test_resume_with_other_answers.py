"""Opening a save-and-return link in a browser that holds other unsent answers: the person is
asked which to carry on with, and neither set is lost (a user trial opened a link and found the
answers they had been typing on that device gone, with no way back to them)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from survey import services
from survey.models import Draft

pytestmark = pytest.mark.django_db

SAVE = "Save and come back later"


def _draft_in(client, organisation: str) -> Draft:
    """A browser with a draft whose first answer is organisation, saved for later."""
    client.post(reverse("survey:begin"))
    page = reverse("survey:section", args=[1])
    assert client.post(page, {"organisation": organisation, "action": SAVE}).status_code == 302
    return Draft.objects.get(data__organisation=organisation)


@pytest.fixture
def two(survey):
    """Browser A saved answers with a link; browser B is typing other answers."""
    a, b = Client(), Client()
    link_draft = _draft_in(a, "Draft A answer")
    _draft_in(b, "Draft B answer")
    return b, services.draft_path(draft=link_draft)


def _first_page(client) -> str:
    return client.get(reverse("survey:section", args=[1])).content.decode()


def _way_back(html: str) -> tuple[str, Draft]:
    """The section page's link back to the answers a link replaced, and the draft it opens."""
    path = re.search(r'href="(/survey/resume/[^"]+/)">Go back to them', html).group(1)
    return path, services.draft_from_link(signed=path.rstrip("/").rsplit("/", 1)[1])


def test_the_browser_asks_before_a_link_replaces_its_unsent_answers(two):
    browser, link = two
    page = browser.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert "You have other answers on this device" in html
    assert 'name="choice" value="link"' in html and 'name="choice" value="here"' in html
    assert "Draft B answer" in _first_page(browser)  # nothing switched by looking


def test_keeping_the_answers_on_this_device_leaves_the_link_unused(two):
    browser, link = two
    kept = browser.post(link, {"choice": "here"})
    assert kept.status_code == 302 and kept.url == reverse("survey:section", args=[1])
    assert "Draft B answer" in _first_page(browser)


def test_opening_the_saved_answers_keeps_a_way_back_to_the_others(two):
    browser, link = two
    opened = browser.post(link, {"choice": "link"})
    assert opened.url == reverse("survey:section", args=[1])
    html = _first_page(browser)
    assert "Draft A answer" in html and "Draft B answer" not in html
    assert (
        "The answers you were writing on this device before you opened your link are kept" in html
    )
    back, draft = _way_back(html)
    assert draft.data["organisation"] == "Draft B answer"
    # Going back switches at once (no second question), and offers the way to the link's.
    assert browser.get(back).url == reverse("survey:section", args=[1])
    html = _first_page(browser)
    assert "Draft B answer" in html and "Draft A answer" not in html
    assert _way_back(html)[1].data["organisation"] == "Draft A answer"
    assert Draft.objects.count() == 2


def test_a_tampered_choice_is_asked_again(two):
    browser, link = two
    page = browser.post(link, {"choice": "both"})
    assert page.status_code == 400
    assert "You have other answers on this device" in page.content.decode()
    assert "Draft B answer" in _first_page(browser)


def test_a_browser_with_no_answers_of_its_own_opens_the_link_at_once(survey):
    a = Client()
    link = services.draft_path(draft=_draft_in(a, "Draft A answer"))
    fresh = Client()
    fresh.post(reverse("survey:begin"))  # started, nothing typed
    assert fresh.get(link).url == reverse("survey:section", args=[1])
    html = _first_page(fresh)
    assert "Draft A answer" in html
    assert "before you opened your link" not in html  # nothing to go back to


def test_a_link_to_answers_already_sent_asks_too_before_leaving_the_ones_being_typed(two):
    browser, link = two
    signed = link.rstrip("/").rsplit("/", 1)[1]
    Draft.objects.filter(pk=services.draft_from_link(signed=signed).pk).update(
        submitted_at="2018-05-30T12:00:00Z"
    )
    assert "You have other answers on this device" in browser.get(link).content.decode()
    browser.post(link, {"choice": "here"})
    assert "Draft B answer" in _first_page(browser)
