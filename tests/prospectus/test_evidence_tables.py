"""Staff-supplied evidence: a CSV uploaded in the admin is read with a clear message for each
problem, and the PDF prints the table (and its chart) in its chapter with the source cited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prospectus.evidence.tables import evidence_csv_parse
from prospectus.models import EvidenceTable
from prospectus.services import prospectus_pdf_build

from .pdftools import pages_text, structure, walk

pytestmark = pytest.mark.django_db

GVA = 'Sector,GVA per head (£),Jobs\nLogistics,"£52,000","31,000"\nTextiles,"£31,500","9,400"\n'


def _messages(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        evidence_csv_parse(data, **kwargs)
    return caught.value.messages


def test_a_good_csv_is_read_into_its_header_and_rows():
    header, rows = evidence_csv_parse(GVA.encode(), chart_column=2)
    assert header == ["Sector", "GVA per head (£)", "Jobs"]
    assert rows == [["Logistics", "£52,000", "31,000"], ["Textiles", "£31,500", "9,400"]]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (b"", {}, "needs a header row and at least one row"),
        (b"Sector,Jobs\n", {}, "needs a header row and at least one row"),
        (b"Sector,Jobs\nLogistics,1,2\n", {}, "Line 2 has 3 cells; the header has 2."),
        (b"Sector,\nLogistics,1\n", {}, "Every column in the header row needs a name."),
        (b"Sector,Jobs\nLogistics,many\n", {"chart_column": 2}, "Line 2: “many” in Jobs"),
        (b"Sector,Jobs\nLogistics,1\n", {"chart_column": 3}, "between 2 and 2"),
        ("Sector,Jobs\nLogistics,1\n".encode("utf-16"), {}, "not UTF-8"),
    ],
)
def test_each_problem_in_a_csv_gets_a_clear_message(data, kwargs, message):
    assert any(message in m for m in _messages(data, **kwargs)), _messages(data, **kwargs)


def test_a_moderator_uploads_a_table_in_the_admin_and_a_bad_file_is_explained(
    client, data, moderator
):
    client.force_login(moderator)
    url = reverse("admin:prospectus_evidencetable_add")
    form = {
        "prospectus": data.prospectus.pk,
        "title": "Productivity by sector",
        "source": "ONS regional accounts",
        "source_date": "2017-12-13",
        "sector": data.logistics.pk,
        "order": 0,
        "chart_column": 2,
    }
    bad = client.post(
        url, {**form, "csv_file": SimpleUploadedFile("t.csv", b"Sector,Jobs\nX,1,2\n")}
    )
    assert bad.status_code == 200
    assert "Line 2 has 3 cells; the header has 2." in bad.content.decode()
    assert not EvidenceTable.objects.exists()
    good = client.post(url, {**form, "csv_file": SimpleUploadedFile("t.csv", GVA.encode())})
    assert good.status_code == 302
    table = EvidenceTable.objects.get()
    assert table.rows[0] == ["Logistics", "£52,000", "31,000"]


def test_the_pdf_prints_a_table_in_its_chapter_with_its_source_and_chart(data):
    header, rows = evidence_csv_parse(GVA.encode())
    EvidenceTable.objects.create(
        prospectus=data.prospectus,
        title="Productivity by sector",
        source="ONS regional accounts",
        source_date=dt.date(2017, 12, 13),
        sector=data.logistics,
        columns=header,
        rows=rows,
        chart_column=2,
    )
    built = prospectus_pdf_build(prospectus=data.prospectus)
    pages = pages_text(built.result.pdf)
    page = next(p for p in pages if "Productivity by sector" in p and "Data for the chart" in p)
    assert "Advanced Logistics" in page  # the chapter it is attached to (running header)
    assert "Source: ONS regional accounts, Wednesday 13 December 2017." in page
    assert "£52,000" in page
    figures = [n for n in walk(structure(built.result.pdf)) if n.tag == "/Figure"]
    assert any(f.alt.startswith("Productivity by sector.") for f in figures)
