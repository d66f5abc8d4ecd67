"""The public pages: the seed's wording, a unique title, one h1, skip link and landmarks, tables
that scroll on small screens, a CSP without 'unsafe-inline', and a navigation that reaches them."""

import datetime as dt
import html
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from events.models import RoundTable
from portal import views
from portal.models import Document
from portal.selectors import file_size_display

LONDON = ZoneInfo("Europe/London")
SUFFIX = " – Local Industrial Strategy consultation – LLEP"

# URL name -> (page title and h1, phrases from the LLEP's published page or the notice).
PAGES = {
    "portal:home": (
        "Have your say on the Local Industrial Strategy",
        [
            "To help develop the Prospectus, the LLEP would like to hear your views on what you "
            "think are the key challenges, priorities and interventions needed to improve local "
            "growth and productivity.",
            "Book a round table",
            "Take the survey",
        ],
    ),
    "portal:industrial_strategy": (
        "What is the Industrial Strategy?",
        [
            "The aim of the Industrial Strategy is to create an economy that boosts productivity "
            "and earning power throughout the UK.",
            "It is a long-term plan that provides a policy framework against which major private "
            "and public sector investment decisions can be made.",
            "The Industrial Strategy is based around five foundations of productivity. These are:",
            "Ideas – the world’s most innovative economy",
            "People – good jobs and greater earning power for all",
            "Infrastructure – a major upgrade to the UK’s infrastructure",
            "Business Environment – the best place to start and grow a business",
            "Place – prosperous communities across the UK",
            "In addition, four Grand Challenges have also been included to put the UK at the "
            "forefront of the industries of the future. These are:",
            "Artificial Intelligence and Data Economy – putting the UK at the forefront of the "
            "artificial intelligence and data revolution",
            "Future of Mobility – becoming a world leader in the way people, goods and services "
            "move",
            "Clean Growth – maximising the advantages for UK industry from the global shift to "
            "clean growth",
            "Ageing Society – harnessing the power of innovation to help meet the needs of an "
            "ageing society",
            "The Grand Challenges are an invitation to business, academia and civil society to "
            "work together to innovate and develop new technologies and industries in areas of "
            "strategic importance to the UK.",
            "Further information on the Industrial Strategy can be found at:",
        ],
    ),
    "portal:local_strategies": (
        "What are Local Industrial Strategies?",
        [
            "Local Industrial Strategies are plans that will strengthen local economic growth and "
            "productivity and reduce regional disparities.",
            "They will identify priorities to improve skills, increase innovation and enhance "
            "infrastructure and business growth.",
            "They will also guide the use of local funding streams as well as funding devolved "
            "down to local areas from national schemes.",
            "Local Industrial Strategies will be long-term, based on clear evidence and aligned to "
            "the national Industrial Strategy.",
            "They will identify local strengths and challenges, future opportunities and the "
            "action needed to boost productivity, earning power and competitiveness.",
            "The Government intends to agree the first Local Industrial Strategies by March 2019 "
            "and will prioritise areas with the potential to drive wider regional growth, "
            "focusing on clusters of expertise and centres of economic activity.",
        ],
    ),
    "portal:leicester": (
        "What is happening in Leicester and Leicestershire?",
        [
            "Within Leicester and Leicestershire, the development of the Local Industrial "
            "Strategy is being led by the Leicester and Leicestershire Enterprise Partnership "
            "(LLEP).",
            "The LLEP Board has agreed to develop a Local Industrial Strategy Prospectus by the "
            "summer of 2018.",
            "The Prospectus will be a concise document and will focus on four or five key "
            "defining ambitions that:",
            "Represent the distinctiveness of Leicester and Leicestershire.",
            "Are based on sector and place strengths.",
            "Reflect cross-border partnership growth opportunities.",
            "Are strategic and long-term.",
            "Are co-produced with Government departments, MPs and ministers.",
            "Are evidence based.",
            "Reflect the ambitions of the national Industrial Strategy and Midlands Engine Vision "
            "for Growth",
            "The Prospectus will be sector focused and will demonstrate local strengths and "
            "opportunities.",
            "It will be aligned to the Industrial Strategy’s five foundations of productivity and "
            "four Grand Challenges and will focus on growth, productivity and sectors of national "
            "importance.",
            "Five sectors have been agreed by the Board for inclusion in the Prospectus. These are:",
            "Advanced Logistics",
            "Advanced Manufacturing and Engineering",
            "Life Sciences",
            "Space, Data and Digital Technology",
            "Textiles – Design, Manufacturing and Technology",
        ],
    ),
    "portal:get_involved": (
        "How can I get involved?",
        [
            "The LLEP is hosting five round table discussion events during w/c 14 May. If you "
            "would like to participate please click the booking link of the round table "
            "discussion you would like to join.",
            "Advanced Logistics 10am to 12pm Thursday 17 May 2018 Magna Park "
            "Advanced Logistics Round Table",
            "Engineering & AM 2pm to 4pm Friday 18 May 2018 Loughborough University "
            "Manf & Eng Round Table",
            "Life Sciences 1pm to 3pm Wednesday 16 May 2018 Charnwood Campus "
            "Life Sciences Round Table",
            "Space Data / Digital Technology 10am to 12pm Tuesday 15 May 2018 "
            "National Space Centre Space Data & Digital Round Table",
            "Textiles – Design, Manufacturing & Technology 10am to 12pm Monday 14 May 2018 "
            "De Montfort University Textiles Round Table",
        ],
    ),
    "portal:downloads": (
        "Downloads",
        [
            "Building Our Industrial Strategy – Leicester and Leicestershire Enterprise "
            "Partnership Response",
            "Local Industrial Strategy for Leicester and Leicestershire",
            "To request a copy, email",
        ],
    ),
    "portal:privacy": (
        "Privacy notice",
        [
            "When you book a round table",
            "When you take the survey",
            "If you work for the LLEP",
            "UK GDPR Article 6(1)(e), public task",
            "only with your consent",
            f"for {settings.RETENTION_DAYS} days after the consultation closes",
            "Your rights",
            "Information Commissioner’s Office",
            "Wycliffe House",
            "SK9 5AF",
            "0303 123 1113",
            "csrftoken",
            "sessionid",
            "there is no cookie banner",
        ],
    ),
    "portal:accessibility": (
        "Accessibility statement",
        [
            "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA "
            "standard",
            "Reporting accessibility problems with this website",
            "Equality and Human Rights Commission (EHRC)",
            "Equality Advisory and Support Service (EASS)",
            "Preparation of this accessibility statement",
        ],
    ),
}


class _Page(HTMLParser):
    """Collects what the checks need: the title, h1s, landmarks, tables and links by region."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = 0
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.links: list[tuple[str, str | None]] = []  # (href, enclosing landmark)
        self.text: list[str] = []
        self.tables_unwrapped = 0
        self.inline_scripts = 0
        self.in_title = False
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "style" in attrs:
            self.inline_scripts += 1
        if any(name.startswith("on") for name in attrs):
            self.inline_scripts += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.h1 += 1
        if tag == "script":
            self.in_script = True
        if tag == "table" and not any(
            "llep-table-wrapper" in (a.get("class") or "") for _t, a in self.stack
        ):
            self.tables_unwrapped += 1
        if tag == "a" and attrs.get("href"):
            landmark = next(
                (t for t, _a in reversed(self.stack) if t in {"nav", "header", "footer", "main"}),
                None,
            )
            self.links.append((attrs["href"], landmark))
        if tag not in {"meta", "link", "img", "br", "input", "path", "rect"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_script = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif self.in_script:
            if data.strip():
                self.inline_scripts += 1
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text)).strip()


def _parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_has_the_seeds_wording_and_its_own_title(client, llep, name):
    title, phrases = PAGES[name]
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = _parse(response)
    assert html.unescape(page.title.strip()) == title + SUFFIX
    for phrase in phrases:
        assert phrase in page.plain, phrase
    assert page.h1 == 1


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_has_skip_link_landmarks_and_wrapped_tables(client, llep, name):
    response = client.get(reverse(name))
    page = _parse(response)
    tags = {tag for tag, _attrs in page.tags}
    assert {"header", "nav", "main", "footer"} <= tags
    skip = next(a for t, a in page.tags if t == "a" and "govuk-skip-link" in a.get("class", ""))
    assert skip["href"] == "#main-content"
    assert any(t == "main" and a.get("id") == "main-content" for t, a in page.tags)
    assert ("html", {"lang": "en-GB", "dir": "ltr", "class": "govuk-template"}) in page.tags
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    assert page.tables_unwrapped == 0
    # No inline script bodies, style attributes or on* handlers: the CSP would block them.
    assert page.inline_scripts == 0
    if name != "portal:home":
        assert any(t == "nav" and a.get("aria-label") == "Breadcrumb" for t, a in page.tags)


def test_page_titles_are_unique(client, llep):
    titles = [_parse(client.get(reverse(name))).title for name in PAGES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("name", list(PAGES))
def test_content_security_policy_allows_no_inline_code(client, llep, name):
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_navigation_from_home_reaches_every_page(client, llep):
    """Follow the links in the header, navigation and footer, page by page, from home."""
    home = reverse("portal:home")
    seen, queue = {home}, [home]
    while queue:
        url = queue.pop()
        response = client.get(url)
        assert response.status_code == 200, url
        for href, landmark in _parse(response).links:
            if landmark not in {"nav", "header", "footer"} or not href.startswith("/"):
                continue
            path = href.split("#")[0]
            if path and path not in seen:
                seen.add(path)
                queue.append(path)
    wanted = {reverse(name) for name in PAGES} | {reverse("events:list"), reverse("survey:start")}
    assert wanted <= seen


def test_main_navigation_marks_the_current_page(client, llep):
    response = client.get(reverse("portal:downloads"))
    current = [
        (href, landmark)
        for href, landmark in _parse(response).links
        if landmark == "nav" and href == reverse("portal:downloads")
    ]
    assert current
    assert 'aria-current="page"' in response.content.decode()


def test_get_involved_links_each_round_table_to_its_page(client, llep):
    response = client.get(reverse("portal:get_involved"))
    hrefs = {href for href, _landmark in _parse(response).links}
    for round_table in RoundTable.objects.all():
        assert round_table.get_absolute_url() in hrefs


def test_get_involved_lists_round_tables_in_the_published_order(client, llep):
    text = _parse(client.get(reverse("portal:get_involved"))).plain
    # The table, after the phones' cards (which list them in the same order).
    text = text[text.index("The five round table discussions") :]
    order = [
        text.index(sector)
        for sector in (
            "Advanced Logistics 10am",
            "Engineering & AM",
            "Life Sciences 1pm",
            "Space Data / Digital Technology",
            "Textiles – Design, Manufacturing & Technology",
        )
    ]
    assert order == sorted(order)


def _at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(views, "_now", lambda: moment)


def test_get_involved_offers_the_survey_with_its_closing_date_while_open(client, llep, monkeypatch):
    _at(monkeypatch, dt.datetime(2018, 5, 20, 12, 0, tzinfo=LONDON))
    response = client.get(reverse("portal:get_involved"))
    page = _parse(response)
    assert "The survey will be open until 11:59pm on Thursday 31 May 2018." in page.plain
    assert reverse("survey:start") in {href for href, _l in page.links}


def test_get_involved_says_when_the_survey_will_open(client, llep, monkeypatch):
    _at(monkeypatch, dt.datetime(2018, 5, 1, 12, 0, tzinfo=LONDON))
    text = _parse(client.get(reverse("portal:get_involved"))).plain
    assert (
        "We are also developing a short survey that can be completed online. The link will be "
        "added here as soon as the survey goes live. The survey will be open until Thursday "
        "31 May 2018." in text
    )


def test_get_involved_says_the_survey_has_closed(client, llep, monkeypatch):
    _at(monkeypatch, dt.datetime(2018, 6, 1, 0, 0, tzinfo=LONDON))
    text = _parse(client.get(reverse("portal:get_involved"))).plain
    assert "is now closed" in text


def test_home_offers_both_start_points_when_the_consultation_is_live(client, llep_demo):
    page = _parse(client.get(reverse("portal:home")))
    hrefs = {href for href, landmark in page.links if landmark == "main"}
    assert {reverse("events:list"), reverse("survey:start")} <= hrefs


def test_pages_render_before_anything_is_seeded(client, db):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (1310720, "1.25 MB"),
        (323564, "315.98 KB"),
        (1024, "1.00 KB"),
        (1048576, "1.00 MB"),
        (1023, "1,023 bytes"),
        (1, "1 byte"),
    ],
)
def test_document_size_is_shown_as_the_llep_page_shows_it(size, shown):
    assert file_size_display(size) == shown


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("pl", ["1,25 MB", "315,98 KB", "1\xa0023 bajty"]),
        ("gu", ["1.25 MB", "315.98 KB", "1,023 બાઇટ"]),
    ],
)
def test_document_size_is_written_as_the_page_language_writes_numbers(code, shown):
    from django.utils import translation

    with translation.override(code):
        assert [file_size_display(size) for size in (1310720, 323564, 1023)] == shown


def _document_lines(client) -> list[str]:
    """Each document's line under its title on the downloads page: its format and size."""
    content = client.get(reverse("portal:downloads")).content.decode()
    return [
        html.unescape(line) for line in re.findall(r'<p class="govuk-body-s">([^<]*)</p>', content)
    ]


def test_document_size_is_shown_only_where_there_is_a_file_to_download(client, llep):
    documents = list(Document.objects.all())
    assert len(documents) >= 2
    assert all(not d.file and not d.url for d in documents)
    lines = _document_lines(client)
    assert lines == [d.file_format for d in documents]
    assert not any(d.size_display in "".join(lines) for d in documents)

    documents[0].url = "https://www.llep.org.uk/documents/response.pdf"
    documents[0].save()
    cache_key = f"portal:page-data:{views.PAGE_DATA_VERSION}:en-gb:documents"
    from django.core.cache import cache

    cache.delete(cache_key)  # as when the cached page data expires
    lines = _document_lines(client)
    assert lines[0] == f"{documents[0].file_format}, {documents[0].size_display}"
    assert lines[1:] == [d.file_format for d in documents[1:]]


def _breadcrumbs(content: str) -> str:
    found = re.search(r'<nav class="govuk-breadcrumbs".*?</nav>', content, re.S)
    return found.group(0) if found else ""


def test_breadcrumbs_end_at_the_parent_section_not_the_page_itself(client, llep):
    """GOV.UK's pattern: from the home page to the page's parent; the h1 names the page. A round
    table's page leads back to the round tables (it had a back link, and a trail that named the
    section twice was reported)."""
    round_table = RoundTable.objects.get(slug="textiles")
    content = client.get(round_table.get_absolute_url()).content.decode()
    trail = _breadcrumbs(content)
    assert re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)</a>', trail) == [
        ("/", "Home"),
        ("/round-tables/", "Round tables"),
    ]
    assert "aria-current" not in trail and round_table.title not in trail
    assert "govuk-back-link" not in content
    for section in ("portal:downloads", "events:list"):
        trail = _breadcrumbs(client.get(reverse(section)).content.decode())
        assert re.findall(r"<li[^>]*>(.*?)</li>", trail) == [
            '<a class="govuk-breadcrumbs__link" href="/">Home</a>'
        ], section


def test_document_without_a_file_says_how_to_request_a_copy(client, llep):
    response = client.get(reverse("portal:downloads"))
    page = _parse(response)
    assert f"To request a copy, email {settings.STAFF_EMAIL}" in page.plain
    for document in Document.objects.all():
        assert document.get_absolute_url() not in {href for href, _l in page.links}
        assert client.get(document.get_absolute_url()).status_code == 404


def test_document_published_elsewhere_links_through(client, llep):
    document = Document.objects.first()
    document.url = "https://www.llep.org.uk/documents/response.pdf"
    document.save()
    page = _parse(client.get(reverse("portal:downloads")))
    assert document.get_absolute_url() in {href for href, _l in page.links}
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == document.url


def test_survey_state_is_decided_at_each_request_even_with_cached_page_data(
    client, llep, monkeypatch
):
    _at(monkeypatch, dt.datetime(2018, 5, 31, 23, 59, 0, tzinfo=LONDON))
    assert "Take the survey" in _parse(client.get(reverse("portal:get_involved"))).plain
    _at(monkeypatch, dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=LONDON))
    text = _parse(client.get(reverse("portal:get_involved"))).plain
    assert "Take the survey" not in text
    assert "is now closed" in text


def test_staff_edits_show_once_the_cached_page_data_expires(client, llep):
    from django.core.cache import cache

    client.get(reverse("portal:get_involved"))
    RoundTable.objects.filter(slug="textiles").update(venue="Leicester Town Hall")
    assert "Leicester Town Hall" not in _parse(client.get(reverse("portal:get_involved"))).plain
    cache.delete(f"portal:page-data:{views.PAGE_DATA_VERSION}:en-gb:round-tables")  # expiry
    assert "Leicester Town Hall" in _parse(client.get(reverse("portal:get_involved"))).plain


def test_unknown_address_shows_the_portals_page_not_found(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _parse(response)
    assert html.unescape(page.title.strip()) == "Page not found" + SUFFIX
    assert page.h1 == 1
    assert "If you typed the web address, check it is correct." in page.plain


def test_privacy_notice_states_the_configured_retention_period(client, db, settings):
    settings.RETENTION_DAYS = 90
    text = _parse(client.get(reverse("portal:privacy"))).plain
    assert "for 90 days after the consultation closes" in text
