"""The demo's dates all come from the re-dated consultation (issue 12, point 2): no page shows a
2018 date where the live seed shows one (docs/decisions/0002-seed-dates.md). The synthetic
responses' dates are checked in tests/survey/test_synthetic.py."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import timezone

from portal.seed import demo_dating, llep_seed, published_dating
from portal.selectors import prospectus_due_year
from survey.models import Response, Survey
from survey.synthetic import responses_generate

pytestmark = pytest.mark.django_db

# 2018 where it is not the consultation's date: the regulations' name and the documents' age.
NOT_CONSULTATION_DATES = [
    "Accessibility Regulations 2018",
    "published in 2018",
    "before 23 September 2018",
]


def _pages() -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:industrial_strategy"),
        reverse("portal:local_strategies"),
        reverse("portal:leicester"),
        reverse("portal:get_involved"),
        reverse("portal:downloads"),
        reverse("portal:privacy"),
        reverse("portal:accessibility"),
        reverse("events:list"),
        reverse("events:detail", args=["textiles"]),
        reverse("survey:start"),
        reverse("prospectus:board"),
        reverse("prospectus:responses") + "?status=any",
        reverse("prospectus:notes"),
    ]


def _render_all(client) -> dict[str, str]:
    # As a fresh process would show them: the pages' process-local copies (a second old at most)
    # and the shared cache forgotten.
    caches["local"].clear()
    cache.clear()
    from prospectus.models import Prospectus
    from prospectus.services import prospectus_html_render

    shown = {url: client.get(url).content.decode() for url in _pages()}
    shown["the prospectus PDF"] = prospectus_html_render(prospectus=Prospectus.objects.get())
    return shown


def _consultation_2018s(html: str) -> list[str]:
    for phrase in NOT_CONSULTATION_DATES:
        html = html.replace(phrase, "")
    return [html[max(0, m.start() - 60) : m.end() + 10] for m in re.finditer("2018", html)]


def test_demo_pages_show_no_2018_date_where_the_live_seed_shows_one(client, db):
    llep_seed(demo=False)
    client.force_login(User.objects.create_superuser("root", "r@example.com", "a-long-password"))
    survey = Survey.objects.get()
    responses_generate(survey=survey, count=20, seed=3)
    live = _render_all(client)
    # The live seed shows the published dates exactly.
    assert "by the summer of 2018" in live[reverse("portal:home")]
    assert Survey.objects.get().introduction.endswith("The survey will be open until 31 May 2018.")
    assert "by the summer of 2018" in live["the prospectus PDF"]

    # A demo database is made with --demo and its responses then (make run).
    Response.objects.all().delete()
    llep_seed(demo=True)
    responses_generate(survey=Survey.objects.get(), count=20, seed=4)
    demo = _render_all(client)
    for page, html in demo.items():
        assert _consultation_2018s(html) == [], page
    assert set(live) == set(demo)


def test_demo_survey_start_page_gives_one_closing_date_in_both_places(client, db):
    today = timezone.localdate()
    llep_seed(demo=True)
    closes = demo_dating(today).survey_closes
    html = client.get(reverse("survey:start")).content.decode()
    assert f"The survey will be open until {closes.day} {closes:%B %Y}." in html
    assert f"until 11:59pm on {closes:%A} {closes.day} {closes:%B %Y}" in html


def test_demo_home_page_dates_the_prospectus_after_the_re_dated_survey(client, db):
    llep_seed(demo=True)
    year = prospectus_due_year(Survey.objects.get().closes_at)
    assert year >= timezone.localdate().year
    assert f"by the summer of {year}." in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize(
    ("closes", "year"),
    [
        (dt.datetime(2018, 5, 31, 23, 59, 59), 2018),
        (dt.datetime(2026, 8, 31, 12, 0), 2026),
        (dt.datetime(2026, 12, 17, 23, 59, 59), 2027),
    ],
)
def test_the_prospectus_is_due_the_first_summer_after_the_survey_closes(closes, year):
    assert prospectus_due_year(closes.replace(tzinfo=dt.UTC)) == year


def test_published_dating_words_the_closing_date_as_the_llep_page_does():
    assert published_dating().survey_closes_words == "31 May 2018"
    assert published_dating().prospectus_year == 2018


def test_the_seed_foreword_follows_the_dates_but_staff_text_is_kept(db):
    from prospectus.models import Prospectus

    llep_seed(demo=True)
    year = demo_dating().prospectus_year
    assert f"summer of {year}." in Prospectus.objects.get().foreword
    llep_seed(demo=False)
    assert "summer of 2018." in Prospectus.objects.get().foreword
    Prospectus.objects.update(foreword="The chair's foreword, by the summer of 2018.")
    llep_seed(demo=True)
    assert Prospectus.objects.get().foreword == "The chair's foreword, by the summer of 2018."


@pytest.mark.django_db
def test_the_translated_introductions_say_the_closing_date_in_their_own_language(llep):
    survey = Survey.objects.get()
    assert "31 maja 2018" in survey.introduction_pl  # Polish says the month as a date does
    assert "31 મે 2018" in survey.introduction_gu
    assert "31 مئی 2018" in survey.introduction_ur
    assert "May" not in survey.introduction_pl + survey.introduction_gu + survey.introduction_pa
