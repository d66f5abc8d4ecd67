"""On the 100,000-response synthetic set (PostgreSQL): no email address, name or job title in
any published file, every published row is one the public may read, and every one of them is
there."""

import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from events.models import Booking, RoundTable
from results import services
from results.selectors import published_responses
from survey.models import Response, Survey
from survey.synthetic import FIRST_NAMES, LAST_NAMES, responses_generate
from tests.prospectus.conftest import finish_text
from tests.prospectus.factories import BookingFactory

from .conftest import done_export
from .test_publishing import _body

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def hundred_thousand(data, board_member):
    survey = Survey.objects.get(consultation=data.survey.consultation)
    responses_generate(survey=survey, count=100_000, seed=15)
    # A moderator cleared every response that may be published: one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO results_clearance (response_id, cleared_at) "
            "SELECT id, now() FROM survey_response WHERE status = 'approved' AND quote_ok"
        )
    round_table = RoundTable.objects.get(consultation=survey.consultation, slug="textiles")
    for n in range(20):
        BookingFactory(round_table=round_table, job_title=f"Director of Secret Things {n}")
    finish_text(data.prospectus)
    services.export_approve(export=done_export(data), user=board_member)
    services.results_publish(consultation=survey.consultation, user=board_member)
    return survey


def test_no_email_name_or_job_title_in_any_published_file_at_100000_responses(
    client, hundred_thousand
):
    files = {
        name: _body(client.get(reverse("results_files:data_file", args=[name, extension])))
        for name in ("responses", "notes")
        for extension in ("csv", "json")
    } | {"datapackage": _body(client.get(reverse("results_files:datapackage")))}
    text = "\n".join(files.values())

    assert EMAIL.search(text) is None
    names = {n for n in Response.objects.exclude(name="").values_list("name", flat=True)}
    names |= {f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES}
    names |= set(Booking.objects.values_list("full_name", flat=True))
    assert len(names) > 50
    found_names = re.compile("|".join(re.escape(n) for n in sorted(names))).search(text)
    assert found_names is None, found_names
    assert "Director of Secret Things" not in text

    rows = json.loads(files["responses"])
    expected = published_responses(consultation=hundred_thousand.consultation)
    assert len(rows) == expected.count() > 30_000
    assert len(files["responses"]) > 0
    allowed = set(expected.values_list("reference", flat=True))
    assert {row["reference"] for row in rows} == allowed
    refused = Response.objects.exclude(pk__in=expected.values("pk"))
    assert not allowed & set(refused.values_list("reference", flat=True))
