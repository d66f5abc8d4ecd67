"""seed_llep loads the consultation as published, changes nothing when run again, and --demo
re-dates it so the survey is open and every round table is ahead."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import RoundTable
from portal.models import Consultation, Document, Sector, Theme
from portal.seed import llep_seed
from survey.models import Survey

LONDON = ZoneInfo("Europe/London")
# The published table: slug -> (weekday, start hour, end hour, date as published).
PUBLISHED = {
    "textiles": (0, 10, 12, dt.date(2018, 5, 14)),
    "space-data-digital": (1, 10, 12, dt.date(2018, 5, 15)),
    "life-sciences": (2, 13, 15, dt.date(2018, 5, 16)),
    "advanced-logistics": (3, 10, 12, dt.date(2018, 5, 17)),
    "manufacturing-engineering": (4, 14, 16, dt.date(2018, 5, 18)),
}


def _every_row() -> dict[str, list[dict]]:
    """Every row of every table, by table, in primary-key order."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        dump[model._meta.db_table] = list(model.objects.order_by("pk").values())
    return dump


@pytest.mark.django_db
def test_seed_llep_twice_leaves_the_same_rows():
    call_command("seed_llep", verbosity=0)
    first = _every_row()
    call_command("seed_llep", verbosity=0)
    assert _every_row() == first


@pytest.mark.django_db
def test_seed_restores_published_dates_after_a_demo_run():
    llep_seed(demo=False)
    published = _every_row()
    llep_seed(demo=True, today=dt.date(2026, 3, 4))
    llep_seed(demo=False)
    assert _every_row() == published


@pytest.mark.django_db
def test_seed_loads_the_consultation_as_published():
    llep_seed(demo=False)
    assert Consultation.objects.get(is_current=True).slug == "llep-2018"
    assert Sector.objects.count() == 5
    assert Theme.objects.filter(kind=Theme.Kind.FOUNDATION).count() == 5
    assert Theme.objects.filter(kind=Theme.Kind.GRAND_CHALLENGE).count() == 4
    assert Document.objects.count() == 2
    for slug, (_weekday, start, end, day) in PUBLISHED.items():
        round_table = RoundTable.objects.get(slug=slug)
        assert round_table.starts_at == dt.datetime.combine(day, dt.time(start), tzinfo=LONDON)
        assert round_table.ends_at == dt.datetime.combine(day, dt.time(end), tzinfo=LONDON)
    survey = Survey.objects.get()
    assert survey.closes_at == dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=LONDON)
    assert survey.opens_at == dt.datetime(2018, 5, 14, 9, 0, tzinfo=LONDON)


# Every weekday, including a Sunday and a Monday, and a date beside the clocks changing.
@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(7)] + [dt.date(2026, 3, 27)],
)
@pytest.mark.django_db
def test_demo_opens_the_survey_and_puts_every_round_table_in_the_future(today):
    llep_seed(demo=True, today=today)
    start_of_today = dt.datetime.combine(today, dt.time(0, 0), tzinfo=LONDON)
    end_of_today = start_of_today + dt.timedelta(days=1)
    survey = Survey.objects.get()
    assert survey.opens_at <= start_of_today
    round_tables = list(RoundTable.objects.all())
    assert len(round_tables) == 5
    for round_table in round_tables:
        weekday, start, end, _day = PUBLISHED[round_table.slug]
        starts = round_table.starts_at.astimezone(LONDON)
        ends = round_table.ends_at.astimezone(LONDON)
        assert round_table.starts_at >= end_of_today
        # The same weekday and times as published, within the coming weeks.
        assert (starts.weekday(), starts.hour, ends.hour) == (weekday, start, end)
        assert starts.date() - today < dt.timedelta(days=14)
        assert survey.closes_at > round_table.ends_at


@pytest.mark.django_db
def test_demo_seed_twice_with_the_same_today_leaves_the_same_rows():
    llep_seed(demo=True, today=dt.date(2026, 3, 4))
    first = _every_row()
    llep_seed(demo=True, today=dt.date(2026, 3, 4))
    assert _every_row() == first


@pytest.mark.django_db
def test_demo_command_prints_one_password_per_role_once(capsys):
    call_command("seed_llep", "--demo")
    first = capsys.readouterr().out
    assert first.count("password:") == 4
    call_command("seed_llep", "--demo")
    assert "password:" not in capsys.readouterr().out
