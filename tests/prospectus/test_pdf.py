"""The prospectus PDF: its text holds every sector, foundation, Grand Challenge and ambition and
no respondent's name or email; it is tagged, titled and bookmarked; it stays the same size however
many responses there are; and text from the public cannot make the renderer fetch anything."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from portal.models import Sector, Theme
from prospectus.charts import charts_for
from prospectus.evidence import evidence_for
from prospectus.services import prospectus_html_render, prospectus_pdf_build

from .conftest import add_response
from .factories import NoteFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_build_prospectus_command_writes_a_pdf_with_every_sector_theme_and_ambition(data, tmp_path):
    output = tmp_path / "prospectus.pdf"
    out = io.StringIO()
    call_command("build_prospectus", "--output", str(output), stdout=out)
    assert "pages" in out.getvalue()
    pdf = output.read_bytes()
    text = _text(pdf)
    flat = re.sub(r"\s+", "", text)
    for sector in Sector.objects.filter(consultation=data.survey.consultation):
        assert re.sub(r"\s+", "", sector.name) in flat, sector.name
    for theme in Theme.objects.all():
        assert re.sub(r"\s+", "", theme.name) in flat, theme.name
    for ambition in data.prospectus.ambitions.all():
        assert re.sub(r"\s+", "", ambition.title) in flat, ambition.title
    # Quotes carry their reference; no respondent's name, email or organisation is printed.
    assert data.responses["r1"].reference in text
    assert "RT-TEXTILES-" in text
    for personal in ("Alice Smithson", "alice.smithson", "Bob Quietman", "Smithson Haulage"):
        assert personal not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an email address is in the PDF"
    assert "Please do not quote this answer." not in text
    assert "Rejected text must not appear." not in text

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == data.prospectus.title
    assert "Leicester and Leicestershire Enterprise Partnership" in reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert b"pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:4] == ["Executive summary", "Contents", "Foreword", "Our ambitions"]
    assert "Foreword" in outline and "Annex: methodology" in outline
    assert "Textiles – Design, Manufacturing and Technology" in outline
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    # Contents with page numbers from target-counter.
    assert re.search(r"Foreword \.+ ?\d+", text)


def test_response_text_is_quoted_as_text_and_the_renderer_fetches_nothing(data):
    hostile = (
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="https://evil.example/x.css"> '
        + "W" * 5000
    )
    add_response(data, sector=data.textiles, text=hostile, quote_ok=True)
    NoteFactory(
        round_table=data.textiles.round_tables.first(),
        text='<img src="https://evil.example/pixel.png"> note',
    )
    built = prospectus_pdf_build(prospectus=data.prospectus)
    assert built.result.page_count > 5
    assert built.result.refused == []
    assert all(
        url.startswith(("https://portal.invalid/static/", "data:")) for url in built.result.served
    )
    assert not any("passwd" in url or "evil" in url for url in built.result.served)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in built.html
    assert '<img src="file:///etc/passwd">' not in built.html
    flat = re.sub(r"\s+", "", _text(built.result.pdf))
    assert '<imgsrc="file:///etc/passwd">' in flat
    assert 'href="https://evil.example/x.css">' in flat


def test_the_fetcher_refuses_outside_resources_even_in_unescaped_html(db):
    from portal.pdf import render_pdf

    result = render_pdf(
        '<html lang="en-GB"><head><title>t</title>'
        '<link rel="stylesheet" href="https://evil.example/x.css"></head>'
        '<body><img src="file:///etc/passwd" alt="x"><p>text</p></body></html>'
    )
    assert result.pdf.startswith(b"%PDF")
    assert "https://evil.example/x.css" in result.refused
    assert "file:///etc/passwd" in result.refused
    assert result.served == []


def test_pdf_size_and_pages_do_not_grow_with_the_number_of_responses(data):
    small = prospectus_pdf_build(prospectus=data.prospectus).result
    for sector in (data.textiles, data.logistics):
        for i in range(30):
            add_response(
                data,
                sector=sector,
                themes=["ideas", "place"],
                ratings={"ideas": 4},
                chose=["clean-growth"],
                text=f"Another quotable view number {i} about premises and skills.",
                quote_ok=True,
            )
        for _ in range(12):
            NoteFactory(round_table=sector.round_tables.first(), text="A further challenge.")
    large = prospectus_pdf_build(prospectus=data.prospectus).result
    assert large.page_count <= small.page_count + 2
    assert len(large.pdf) < len(small.pdf) * 1.25


def test_board_page_and_pdf_show_the_same_charts(data, board_member):
    html = prospectus_html_render(prospectus=data.prospectus)
    client = Client()
    client.force_login(board_member)
    page = client.get(reverse("prospectus:board")).content.decode()
    for chart in charts_for(evidence=evidence_for(consultation=data.survey.consultation)):
        assert str(chart.svg) in html
        assert str(chart.svg) in page


def test_methodology_says_how_many_responses_carry_a_theme_in_good_english(data):
    from survey.models import Response

    html = " ".join(prospectus_html_render(prospectus=data.prospectus).split())
    assert "3 approved responses carry at least one theme" in html
    assert "responses carries" not in html
    themed = Response.objects.filter(status="approved", themes__isnull=False)
    for pk in sorted(set(themed.values_list("pk", flat=True)))[1:]:
        Response.objects.get(pk=pk).themes.clear()
    html = " ".join(prospectus_html_render(prospectus=data.prospectus).split())
    assert "1 approved response carries at least one theme" in html
