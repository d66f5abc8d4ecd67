"""The prospectus PDF read as the board reads it (pdftotext) and as a screen reader does (its
structure tree): the executive summary first, each ambition with its evidence, one number format
and one rounding, and a tagged document (every chart a Figure with alternative text, tables with
header cells, headings in order, language and title)."""

import io
import re

import pytest
from pypdf import PdfReader

from prospectus.models import KeyMessage
from prospectus.services import prospectus_pdf_build
from survey.models import Response

from .conftest import add_response
from .factories import ResponseFactory
from .pdftools import pages_text, structure, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(data):
    KeyMessage.objects.create(
        prospectus=data.prospectus,
        theme=data.themes["people"],
        text="Employers cannot find the skills they need.",
    )
    ambition = data.prospectus.ambitions.get(order=1)
    ambition.in_a_line = "The UK's logistics capital, moving goods cleanly."
    ambition.save()
    return prospectus_pdf_build(prospectus=data.prospectus)


def test_the_executive_summary_comes_straight_after_the_cover_with_figures_and_messages(
    data, built
):
    pages = pages_text(built.result.pdf)
    summary = pages[1]
    assert summary.startswith("Executive summary") or "Executive summary Who took part" in summary
    # Who took part: approved responses (r1 to r4; r5 pending, r6 rejected), by channel and sector.
    assert "4 approved survey responses" in summary
    assert re.search(r"Online 2 .*Email 1 .*Paper 1", summary)
    assert re.search(r"Advanced Logistics 2 ", summary)
    assert "5 of 5 round tables held, attended by 2 people" in summary  # 2018: all held
    # Each ambition in a line, with its evidence counted.
    assert "The UK's logistics capital, moving goods cleanly." in summary
    # Staff's message beside the theme's figures: People, 1 response, 2 notes, mean 3.00.
    assert re.search(
        r"People 1 2 3\.00 Employers cannot find the skills they need\.", " ".join(pages[1:3])
    )


def test_each_ambition_shows_how_much_evidence_speaks_to_it_and_its_chart(data, built):
    text = " ".join(pages_text(built.result.pdf))
    # Ambition 2 (manufacturing and textiles; ideas, business environment, clean growth): r3 is
    # from textiles tagged clean growth; the textiles challenge note is tagged clean growth.
    assert (
        "1 approved survey response and 1 round-table note from its sectors speak to its themes"
        in text
    )
    assert "Evidence for ambition 2: responses from its sectors on each of its themes" in text
    # An ambition with nothing behind it says so rather than printing an empty chart.
    assert "No evidence yet" in text


def test_every_figure_is_written_with_thousands_separators(data):
    batch = ResponseFactory.build_batch(1200, survey=data.survey, sector=data.textiles)
    Response.objects.bulk_create(batch)
    text = " ".join(pages_text(prospectus_pdf_build(prospectus=data.prospectus).result.pdf))
    assert "1,204 approved survey responses" in text
    assert "Textiles 1,201" in text
    assert not re.search(r"\b1204\b|\b1201\b", text)


def test_a_mean_is_rounded_once_so_chart_table_and_summary_agree(data):
    # People: r1 rated 3; seven more give 3,3,3,3,3,3,4: 25 / 8 = 3.125, which is 3.13.
    for score in (3, 3, 3, 3, 3, 3, 4):
        add_response(data, sector=data.logistics, ratings={"people": score})
    built = prospectus_pdf_build(prospectus=data.prospectus)
    text = " ".join(pages_text(built.result.pdf))
    assert "3.12" not in text and "3.125" not in text
    assert text.count("3.13") >= 3  # the chart, its data table, the ratings table and the summary
    assert "3.13 (8)" in built.html  # the chart's label: the mean and how many ratings


def test_the_pdf_is_tagged_for_screen_readers(data, built):
    pdf = built.result.pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == data.prospectus.title
    nodes = list(walk(structure(pdf)))
    figures = [n for n in nodes if n.tag == "/Figure"]
    charts = built.html.count('class="llep-chart" width="100%"')
    assert charts >= 6 + 1  # the six evidence charts and at least one ambition's
    # Every chart (and the logo) is a Figure with a text alternative that says what it shows.
    assert len(figures) == charts + 1
    assert all(f.alt for f in figures)
    assert any("How important respondents rated each foundation" in f.alt for f in figures)
    assert any("Based on" in f.alt for f in figures)
    tables = [n for n in nodes if n.tag == "/Table"]
    assert len(tables) >= 10
    for table in tables:
        assert any(n.tag == "/TH" for n in walk(table)), "a table without header cells"
    levels = [int(n.tag[2]) for n in nodes if re.fullmatch(r"/H[1-6]", n.tag)]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading skips from H{before} to H{after}"


def test_the_quote_rule_is_written_in_the_methodology_annex(data, built):
    text = " ".join(pages_text(built.result.pdf))
    assert "fewer than 6 words" in text
    assert "“thank you”" in text
    assert "prints the same redacted copy as the published results" in text
