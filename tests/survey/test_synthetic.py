"""Synthetic responses for demonstrations: labelled, spread out, and evidence-bearing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

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


def test_synthetic_responses_to_an_open_survey_are_neither_late_nor_in_the_future(survey):
    now = timezone.now()
    responses_generate(survey=survey, count=400, seed=5, now=now)
    responses = Response.objects.filter(is_synthetic=True)
    assert responses.count() == 400
    assert not responses.filter(is_late=True).exists()
    assert not responses.filter(submitted_at__lt=survey.opens_at).exists()
    assert not responses.filter(submitted_at__gt=now).exists()


def test_synthetic_responses_to_a_closed_survey_are_late_only_after_it_closed(closed_survey):
    now = closed_survey.closes_at + dt.timedelta(hours=5)
    responses_generate(survey=closed_survey, count=400, seed=6, now=now)
    responses = Response.objects.filter(is_synthetic=True)
    late = responses.filter(is_late=True)
    assert late.exists()
    assert not late.filter(submitted_at__lte=closed_survey.closes_at).exists()
    assert not late.filter(submitted_at__gt=now).exists()
    on_time = responses.filter(is_late=False)
    assert not on_time.filter(submitted_at__lt=closed_survey.opens_at).exists()
    assert not on_time.filter(submitted_at__gt=closed_survey.closes_at).exists()


def test_no_synthetic_responses_before_the_survey_opens(survey):
    assert responses_generate(survey=survey, count=10, now=survey.opens_at) == 0
    assert not Response.objects.exists()


def test_re_dating_the_demo_on_a_later_day_moves_synthetic_responses_into_its_opening(survey):
    from portal.seed import llep_seed

    responses_generate(survey=survey, count=50, seed=9)
    Response.objects.filter(pk__in=Response.objects.values("pk")[:10]).update(
        submitted_at=survey.opens_at - dt.timedelta(days=3), is_late=True
    )
    llep_seed(demo=True)
    survey.refresh_from_db()
    responses = Response.objects.filter(is_synthetic=True)
    assert responses.count() == 50
    assert not responses.filter(is_late=True).exists()
    assert not responses.filter(submitted_at__lt=survey.opens_at).exists()
    assert not responses.filter(submitted_at__gt=timezone.now()).exists()
