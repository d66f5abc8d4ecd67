"""Fixtures: a hand-built evidence data set on top of the LLEP consultation, users in each role,
and private storage in a temporary folder."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User

from events.models import Booking, RoundTable, RoundTableNote
from portal.models import Sector, Theme
from portal.roles import BOARD, EVENT_ORGANISERS, MODERATORS
from prospectus.models import PLACEHOLDER, Prospectus
from survey.models import Question, Response, Survey

from .factories import (
    AnswerFactory,
    BookingFactory,
    ChoiceFactory,
    NoteFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
)

SCALE = [
    "Not important",
    "Slightly important",
    "Moderately important",
    "Very important",
    "Essential",
]


@dataclass
class Data:
    survey: Survey
    prospectus: Prospectus
    logistics: Sector
    textiles: Sector
    themes: dict
    rating: Question
    rated: dict  # theme slug -> Choice
    grand: Question
    chosen: dict  # theme slug -> Choice
    text: Question
    responses: dict


def add_response(data: Data, *, themes=(), ratings=None, chose=(), text="", **fields) -> Response:
    """One response with its answers, as the survey would store it."""
    response = ResponseFactory(
        survey=data.survey, themes=[data.themes[s] for s in themes], **fields
    )
    for slug, score in (ratings or {}).items():
        AnswerFactory(response=response, question=data.rating, choice=data.rated[slug], score=score)
    for slug in chose:
        AnswerFactory(response=response, question=data.grand, choice=data.chosen[slug])
    if text:
        AnswerFactory(response=response, question=data.text, text=text)
    return response


def finish_text(prospectus: Prospectus) -> Prospectus:
    """Staff finish the seed's draft text, as they must before the board approves a PDF: the
    placeholder taken out of the foreword, introduction and every ambition."""

    def finished(text: str) -> str:
        return text.replace(PLACEHOLDER, "").strip()

    prospectus.foreword = finished(prospectus.foreword)
    prospectus.introduction = finished(prospectus.introduction)
    prospectus.save()
    for ambition in prospectus.ambitions.all():
        ambition.statement = finished(ambition.statement)
        ambition.save()
    return prospectus


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def data(llep) -> Data:
    """The hand-built data set whose counts tests/prospectus/test_selectors.py states exactly."""
    survey = Survey.objects.get(consultation=llep)
    themes = {t.slug: t for t in Theme.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.filter(consultation=llep)}
    section = SectionFactory(survey=survey, order=90)
    # Section 90 comes after the seed's sections; both rating scales have the same five points.
    rating = QuestionFactory(
        section=section, order=1, key="test_ratings", kind=Question.Kind.RATING, scale_labels=SCALE
    )
    rated = {}
    for slug in ("ideas", "people"):
        choice = ChoiceFactory(question=rating, value=f"rate-{slug}", label=themes[slug].name)
        choice.themes.set([themes[slug]])
        rated[slug] = choice
    grand = QuestionFactory(
        section=section, order=2, key="test_grand", kind=Question.Kind.SEVERAL_CHOICES
    )
    chosen = {}
    for slug in ("ai-data-economy", "clean-growth"):
        choice = ChoiceFactory(question=grand, value=f"gc-{slug}", label=themes[slug].name)
        choice.themes.set([themes[slug]])
        chosen[slug] = choice
    text = QuestionFactory(
        section=section, order=3, key="test_challenges", text="What holds growth back?"
    )
    d = Data(
        survey=survey,
        prospectus=Prospectus.objects.get(consultation=llep),
        logistics=sectors["advanced-logistics"],
        textiles=sectors["textiles"],
        themes=themes,
        rating=rating,
        rated=rated,
        grand=grand,
        chosen=chosen,
        text=text,
        responses={},
    )
    r = d.responses
    r["r1"] = add_response(
        d,
        sector=d.logistics,
        themes=["ideas", "people"],
        ratings={"ideas": 5, "people": 3},
        chose=["ai-data-economy", "clean-growth"],
        text="Skills are scarce on the M1 corridor.",
        quote_ok=True,
        name="Alice Smithson",
        email="alice.smithson@example.com",
        organisation="Smithson Haulage Ltd",
    )
    r["r2"] = add_response(
        d,
        sector=d.logistics,
        channel=Response.Channel.EMAIL,
        respondent_type=Response.RespondentType.EDUCATION,
        place=Response.Place.CHARNWOOD,
        themes=["ideas"],
        ratings={"ideas": 4},
        chose=["ai-data-economy"],
        text="Please do not quote this answer.",
        quote_ok=False,
        name="Bob Quietman",
        email="bob.quietman@example.com",
    )
    r["r3"] = add_response(
        d,
        sector=d.textiles,
        channel=Response.Channel.PAPER,
        is_late=True,
        respondent_type=Response.RespondentType.INDIVIDUAL,
        place=Response.Place.MELTON,
        themes=["clean-growth"],
        ratings={"ideas": 3},
        chose=["clean-growth"],
        text="Textile recycling could bring jobs back.",
        quote_ok=True,
    )
    r["r4"] = add_response(d, sector=None, quote_ok=True)
    r["r5"] = add_response(
        d,
        sector=d.logistics,
        status=Response.Status.PENDING,
        themes=["ideas"],
        ratings={"ideas": 1},
    )
    r["r6"] = add_response(
        d,
        sector=d.textiles,
        status=Response.Status.REJECTED,
        themes=["people"],
        chose=["clean-growth"],
        text="Rejected text must not appear.",
        quote_ok=True,
    )
    textiles_rt = RoundTable.objects.get(consultation=llep, slug="textiles")
    logistics_rt = RoundTable.objects.get(consultation=llep, slug="advanced-logistics")
    NoteFactory(
        round_table=textiles_rt,
        kind=RoundTableNote.Kind.CHALLENGE,
        text="Finding skilled machinists.",
        themes=[themes["people"], themes["clean-growth"]],
    )
    NoteFactory(
        round_table=textiles_rt,
        kind=RoundTableNote.Kind.PRIORITY,
        text="A textiles skills academy.",
        themes=[themes["people"]],
    )
    NoteFactory(
        round_table=logistics_rt,
        kind=RoundTableNote.Kind.INTERVENTION,
        text="Data sharing between hauliers.",
        themes=[themes["ai-data-economy"]],
    )
    BookingFactory(round_table=textiles_rt, attended=True)
    BookingFactory(round_table=textiles_rt, attended=True)
    BookingFactory(round_table=textiles_rt, attended=False)
    BookingFactory(round_table=textiles_rt, status=Booking.Status.WAITLISTED)
    BookingFactory(round_table=textiles_rt, status=Booking.Status.CANCELLED, attended=True)
    return d


def _user(username: str, *, group: str | None = None, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True
    )
    if superuser:
        user.is_superuser = True
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def board_member(db):
    return _user("board", group=BOARD)


@pytest.fixture
def moderator(db):
    return _user("moderator", group=MODERATORS)


@pytest.fixture
def superuser(db):
    return _user("root", superuser=True)


@pytest.fixture
def organiser(db):
    """Staff with no part in the prospectus: an event organiser."""
    return _user("organiser", group=EVENT_ORGANISERS)
