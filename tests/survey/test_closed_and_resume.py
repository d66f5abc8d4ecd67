"""Closed means closed and nothing is lost; save and come back later through the emailed link."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from survey.models import Draft, Response, Survey
from tests.survey.test_flow import fill_in

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def close(survey):
    """Re-date the survey to 2018 as published: closed whatever today is."""
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=dt.datetime(2018, 5, 14, 9, 0, tzinfo=LONDON),
        closes_at=dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=LONDON),
    )


def test_after_closing_the_start_page_says_so_and_takes_nothing(client, closed_survey):
    page = client.get(reverse("survey:start"))
    html = page.content.decode()
    assert "The survey has closed" in html
    assert "11:59pm on Thursday 31 May 2018" in html
    assert "Start now" not in html
    client.post(reverse("survey:begin"))
    assert Draft.objects.count() == 0


def test_before_opening_the_start_page_says_when_it_opens(client, survey):
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=dt.datetime(2100, 5, 14, 9, 0, tzinfo=LONDON),
        closes_at=dt.datetime(2100, 5, 31, 23, 59, 59, tzinfo=LONDON),
    )
    html = client.get(reverse("survey:start")).content.decode()
    assert "The survey is not open yet" in html and "9am on Friday 14 May 2100" in html


def test_submitting_after_closing_is_refused_with_the_answers_shown_back(
    client, survey, section_posts, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STAFF_EMAIL = "staff@llep.example"
    fill_in(client, section_posts)
    close(survey)
    page = client.post(reverse("survey:check"), {})
    html = page.content.decode()
    assert Response.objects.count() == 0
    assert "The survey has closed" in html
    assert "Skills shortages and poor broadband hold us back." in html
    assert reverse("survey:late_send") in html
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("survey:late_send"), {"email": "me@example.com"})
    assert "sent to LLEP staff" in sent.content.decode()
    assert mailoutbox[0].to == ["staff@llep.example"]
    assert "Acme Hosiery Ltd" in mailoutbox[0].body
    # Coming back says they went, and does not offer to send them again (a user trial read
    # "Your answers have not been sent to us" after sending them).
    again = client.get(reverse("survey:start")).content.decode()
    assert "You emailed these answers to LLEP staff at " in again
    assert "have not been sent to us" not in again
    assert reverse("survey:late_send") not in again
    assert "Skills shortages and poor broadband hold us back." in again  # still shown back


def test_section_pages_after_closing_say_so(client, survey, section_posts):
    fill_in(client, section_posts, upto=1)
    close(survey)
    page = client.post(
        reverse("survey:section", args=[2]), {**section_posts[2], "action": "Continue"}
    )
    assert "The survey has closed" in page.content.decode()
    assert Draft.objects.get().last_section == 2  # nothing more taken


def test_save_and_come_back_later_through_the_emailed_link(
    client, survey, section_posts, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(client, section_posts, upto=1)
    typed = {
        **section_posts[2],
        "challenges": "Half-finished thought",
        "action": "Save and come back later",
    }
    typed.pop("foundations__place")
    saved = client.post(reverse("survey:section", args=[2]), typed)
    assert saved.url == reverse("survey:save")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("survey:save"), {"email": "me@example.com"})
    assert "Check your email" in page.content.decode()
    link = re.search(r"http\S+/survey/resume/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    other = Client()  # another browser, another day
    back = other.get("/" + path)
    assert back.url == reverse("survey:section", args=[2])
    html = other.get(back.url).content.decode()
    assert "Half-finished thought" in html
    assert 'value="4" checked' in html or 'value="4"\n' in html or "checked" in html


def test_save_link_stops_working_when_the_survey_closes(
    client, survey, section_posts, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(client, section_posts, upto=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("survey:save"), {"email": "me@example.com"})
    link = re.search(r"/survey/resume/\S+/", mailoutbox[0].body).group(0)
    close(survey)
    page = Client().get(link)
    assert "The survey has closed" in page.content.decode()


def test_a_broken_link_says_so(client, survey):
    page = client.get(reverse("survey:resume", args=["not-a-real-link"]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_save_links_are_rate_limited(client, survey, section_posts, settings):
    settings.SURVEY_RATE_LIMIT = 2
    fill_in(client, section_posts, upto=1)
    for _ in range(2):
        assert client.post(reverse("survey:save"), {"email": "me@example.com"}).status_code == 200
    page = client.post(reverse("survey:save"), {"email": "me@example.com"})
    assert page.status_code == 429


def test_answers_cannot_be_sent_to_staff_while_the_survey_is_open(
    client, survey, section_posts, mailoutbox
):
    fill_in(client, section_posts, upto=1)
    page = client.post(reverse("survey:late_send"), {"email": ""})
    assert page.url == reverse("survey:check")
    assert mailoutbox == []
