"""The prospectus laid out like a publication: front matter, summary and ambitions first, then
the sectors, the evidence in figures and the annex; no page less than a third full except the
last before a chapter (the document's last page included); headings on the page of what follows them; quotes and figures whole;
long tables repeating their header row."""

import datetime as dt

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox, MarginBox, TextBox

from portal.pdf import PDF_BASE_URL, StaticOnlyURLFetcher
from prospectus.models import EvidenceTable
from prospectus.services import prospectus_html_render

from .conftest import add_response
from .pdftools import pages_text

pytestmark = pytest.mark.django_db

CHAPTERS = ("summary", "contents-and-foreword", "ambitions", "sector-", "figures", "methodology")
HEADINGS = {"h2", "h3", "h4", "h5"}


@pytest.fixture
def laid_out(data):
    for i in range(12):
        add_response(
            data,
            sector=data.textiles if i % 2 else data.logistics,
            themes=["people", "clean-growth"],
            text=f"View {i}: firms here cannot find the engineers and machinists they need.",
            quote_ok=True,
        )
    header = ["Sector", "Jobs"]
    rows = [[f"Industry {i:02d}", f"{1000 + i:,}"] for i in range(60)]
    EvidenceTable.objects.create(
        prospectus=data.prospectus,
        title="Jobs by industry",
        source="Business Register and Employment Survey",
        source_date=dt.date(2017, 9, 28),
        columns=header,
        rows=rows,
    )
    html = prospectus_html_render(prospectus=data.prospectus)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render()


def _boxes(page):
    root = [c for c in page._page_box.children if not isinstance(c, MarginBox)]
    for box in root:
        yield from box.descendants()


def _starts_chapter(page) -> bool:
    return any(a.startswith(CHAPTERS) for a in page.anchors)


def test_chapters_come_in_the_order_of_a_publication(laid_out):
    firsts = {}
    for number, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            firsts.setdefault(anchor, number)
    order = ["summary", "contents-and-foreword", "ambitions", "sector-textiles", "figures"]
    assert [firsts[a] for a in order] == sorted(firsts[a] for a in order)
    assert firsts["summary"] == 1  # straight after the cover
    assert firsts["methodology"] == max(firsts[a] for a in firsts if a.startswith(CHAPTERS))


def test_no_page_is_less_than_a_third_full_except_before_a_chapter(laid_out):
    pages = laid_out.pages
    for number, page in enumerate(pages[1:], start=1):
        if number + 1 < len(pages) and _starts_chapter(pages[number + 1]):
            continue
        box = page._page_box
        bottom = max(b.position_y + b.height for b in _boxes(page) if isinstance(b, LineBox))
        filled = (bottom - box.content_box_y()) / box.height
        assert filled >= 1 / 3, f"page {number + 1} is {filled:.0%} full"


def test_headings_stay_with_what_follows_and_quotes_and_figures_stay_whole(laid_out):
    seen: dict[int, int] = {}
    for number, page in enumerate(laid_out.pages):
        blocks = [
            b
            for b in _boxes(page)
            if not isinstance(b, LineBox | TextBox)
            and b.element_tag in HEADINGS | {"p", "tr", "li", "caption", "svg"}
        ]
        if blocks and blocks[-1].element_tag in HEADINGS:
            pytest.fail(f"page {number + 1} ends with a heading: {blocks[-1].element.text}")
        for b in _boxes(page):
            if getattr(b, "element_tag", None) in {"blockquote", "figure"}:
                seen.setdefault(id(b.element), number)
                assert seen[id(b.element)] == number, "a quote or figure is split across pages"


def test_a_long_table_repeats_its_header_row_on_each_page(laid_out):
    pdf = laid_out.write_pdf()
    pages = [p for p in pages_text(pdf) if "Industry " in p]
    assert len(pages) >= 2
    assert all("Sector Jobs" in p for p in pages)
