"""Check your answers as people read it: an email address given earlier is filled in where it is
asked for again (WCAG 2.2, 3.3.7 Redundant entry), here and on the closed survey's send-to-staff;
the "Change" links name their question with its capitals (proper nouns are not lower-cased)."""

import datetime as dt

import pytest
from django.urls import reverse

from survey.models import Survey
from tests.survey.test_flow import fill_in

pytestmark = pytest.mark.django_db


def test_check_your_answers_fills_in_the_address_given_to_be_contacted(
    client, survey, section_posts
):
    contact = {"quote_ok": "no", "contact_ok": "yes", "name": "Ada", "email": "ada@example.com"}
    fill_in(client, {**section_posts, 4: contact})
    html = client.get(reverse("survey:check")).content.decode()
    assert 'value="ada@example.com"' in html


def test_closed_survey_fills_in_the_address_given_to_save(client, survey, section_posts):
    fill_in(client, section_posts, upto=2)
    client.post(reverse("survey:save"), {"email": "saver@example.com"})
    Survey.objects.update(closes_at=Survey.objects.get().opens_at + dt.timedelta(minutes=1))
    html = client.get(reverse("survey:start")).content.decode()
    assert "Email my answers to LLEP staff" in html
    assert 'value="saver@example.com"' in html


def test_change_links_name_the_question_with_its_capitals(client, survey, section_posts):
    fill_in(client, section_posts)
    html = client.get(reverse("survey:check")).content.decode()
    assert (
        'Change<span class="govuk-visually-hidden"> your answer to ‘Which Grand Challenges offer '
        "Leicester and Leicestershire the biggest opportunity?’</span>"
    ) in html
    assert "grand challenges offer leicester" not in html
