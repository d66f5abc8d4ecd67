"""The CSV export: one row a response, one column a question, safe in spreadsheets, streamed."""

import csv
import io

import pytest
from django.urls import reverse

from portal import roles
from survey.models import Response
from survey.services import csv_cell, responses_csv_rows
from survey.synthetic import responses_generate
from tests.survey.factories import UserFactory, response_make

pytestmark = pytest.mark.django_db

# Each answer's column is headed by its question as the respondent read it.
CHALLENGES = (
    "What are the key challenges to growth and productivity in Leicester and Leicestershire?"
)
FOUNDATIONS = (
    "How important is each foundation of productivity to growth in Leicester and Leicestershire?"
)
GRAND = "Which Grand Challenges offer Leicester and Leicestershire the biggest opportunity?"
PRIORITIES = "What should the priorities be for improving local growth and productivity?"
INTERVENTIONS = "What interventions are needed to deliver those priorities?"
SECTOR = "Which sector do you work in or most closely with?"
QUOTE = "May we quote what you have written, without your name, in the prospectus?"


def download(client, url):
    page = client.get(url)
    assert page.status_code == 200
    assert page["Content-Type"] == "text/csv; charset=utf-8"
    assert page.streaming
    text = b"".join(page.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_export_has_one_row_a_response_and_one_column_a_question(client, survey, answers):
    client.force_login(UserFactory(role=roles.MODERATORS))
    response = response_make(survey=survey, data=answers)
    rows = download(client, reverse("admin:survey_response_export"))
    header, row = rows
    assert len(rows) == 2
    record = dict(zip(header, row, strict=True))
    assert record["Reference"] == response.reference
    assert record[CHALLENGES] == "Skills shortages and poor broadband hold us back."
    assert record[f"{FOUNDATIONS}: People"] == "Essential"
    assert record[GRAND] == "Artificial Intelligence and Data Economy; Clean Growth" or (
        record[GRAND] == "Clean Growth; Artificial Intelligence and Data Economy"
    )
    assert record[SECTOR] == "Textiles – Design, Manufacturing and Technology"
    assert record[QUOTE] == "Yes"


def test_export_follows_the_changelist_filters(client, survey, answers):
    client.force_login(UserFactory(role=roles.MODERATORS))
    kept = response_make(survey=survey, data=answers)
    response_make(survey=survey, data=answers)
    Response.objects.filter(pk=kept.pk).update(status="approved")
    rows = download(client, reverse("admin:survey_response_export") + "?status__exact=approved")
    assert [row[0] for row in rows[1:]] == [kept.reference]


def test_hostile_text_is_exported_as_typed_but_never_as_a_formula(client, survey, answers):
    answers["challenges"] = '=HYPERLINK("http://evil.example","x")'
    answers["priorities"] = "+1 and -2 and @SUM(A1)"
    answers["interventions"] = "<script>alert(1)</script> مرحبا 👩‍🔬"
    client.force_login(UserFactory(role=roles.MODERATORS))
    response_make(survey=survey, data=answers)
    header, row = download(client, reverse("admin:survey_response_export"))
    record = dict(zip(header, row, strict=True))
    assert record[CHALLENGES] == '\'=HYPERLINK("http://evil.example","x")'
    assert record[PRIORITIES] == "'+1 and -2 and @SUM(A1)"
    assert record[INTERVENTIONS] == "<script>alert(1)</script> مرحبا 👩‍🔬"


def test_csv_cell_neutralises_every_formula_start():
    for start in "=+-@\t\r":
        assert csv_cell(start + "x") == "'" + start + "x"
    assert csv_cell("plain") == "plain"
    assert csv_cell(None) == ""


def test_export_reads_in_chunks_with_a_constant_number_of_queries_a_chunk(
    survey, django_assert_max_num_queries
):
    responses_generate(survey=survey, count=120, seed=3)
    with django_assert_max_num_queries(8 + 3 * 4):  # setup, then 3 queries a chunk of 50
        rows = list(
            responses_csv_rows(survey=survey, responses=Response.objects.all(), chunk_size=50)
        )
    assert len(rows) == 121
    assert len({row[0] for row in rows[1:]}) == 120


def test_export_has_each_column_once_headed_by_the_question_as_asked(client, survey, answers):
    from survey.models import Question

    client.force_login(UserFactory(role=roles.MODERATORS))
    response_make(survey=survey, data=answers)
    header, row = download(client, reverse("admin:survey_response_export"))
    assert len(header) == len(set(header)), [h for h in header if header.count(h) > 1]
    keys = set(Question.objects.filter(section__survey=survey).values_list("key", flat=True))
    assert not keys & set(header), "internal question keys used as headings"
    assert not any(h.split(":")[0] in keys for h in header)
    for question in Question.objects.filter(section__survey=survey).exclude(kind="rating"):
        assert header.count(question.text) == 1, question.text
    record = dict(zip(header, row, strict=True))
    assert record["In what capacity are you responding?"] == "Business"
    assert "Respondent type" not in header and "Sector" not in header
    assert header[:6] == [
        "Reference",
        "Submitted (UK time)",
        "How it was received",
        "Status",
        "Late",
        "Synthetic (made up for testing)",
    ]
    assert header[-1] == "Themes confirmed by staff"


def test_export_shows_consent_as_the_response_now_records_it(client, survey, answers):
    client.force_login(UserFactory(role=roles.MODERATORS))
    response = response_make(survey=survey, data=answers)
    Response.objects.filter(pk=response.pk).update(quote_ok=False)  # withdrawn on erasure
    header, row = download(client, reverse("admin:survey_response_export"))
    assert dict(zip(header, row, strict=True))[QUOTE] == "No"
