"""Synthetic responses for demonstrations: labelled, spread out, and evidence-bearing."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from survey.models import Answer, Response
from survey.synthetic import responses_generate

pytestmark = pytest.mark.django_db


def test_synthetic_responses_are_labelled_and_spread_over_sectors_channels_and_statuses(survey):
    made = responses_generate(survey=survey, count=600, seed=7)
    assert made == 600
    responses = Response.objects.all()
    assert responses.count() == 600
    assert not responses.exclude(is_synthetic=True).exists()
    assert not responses.exclude(reference__startswith="DEMO-").exists()
    assert set(responses.values_list("status", flat=True)) == set(Response.Status.values)
    assert set(responses.values_list("channel", flat=True)) == set(Response.Channel.values)
    assert responses.values("sector").distinct().count() >= 5
    assert responses.filter(quote_ok=True).exists()
    approved = responses.filter(status="approved")
    assert not approved.annotate(n=Count("themes")).filter(n=0).exists()
    assert not responses.exclude(status="approved").filter(themes__isnull=False).exists()


def test_each_synthetic_response_answers_the_survey(survey):
    responses_generate(survey=survey, count=50, seed=8)
    response = Response.objects.first()
    keys = set(response.answers.values_list("question__key", flat=True))
    assert {"respondent_type", "sector", "place", "challenges", "foundations", "priorities"} <= keys
    assert response.answers.filter(question__key="foundations", score__isnull=False).count() == 5
    assert Answer.objects.filter(question__key="challenges", text="").count() == 0


def test_running_twice_adds_more_with_new_references(survey):
    responses_generate(survey=survey, count=10, seed=1)
    responses_generate(survey=survey, count=10, seed=1)
    assert Response.objects.values("reference").distinct().count() == 20


def test_seed_llep_command_adds_responses(db):
    call_command("seed_llep", "--demo", "--responses", "25")
    assert Response.objects.filter(is_synthetic=True).count() == 25
