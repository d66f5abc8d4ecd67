"""Fixtures for the access tests: one account per role, and one object of every admin model."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles

PASSWORD = "correct horse battery staple 42"
ROLE_GROUPS = {
    "moderator": roles.MODERATORS,
    "organiser": roles.EVENT_ORGANISERS,
    "board": roles.BOARD,
    "plain_staff": None,
    "superuser": None,
}


@pytest.fixture
def accounts(llep_demo):
    """A signed-up staff account for each role, a superuser, and a member of the public."""
    roles.roles_sync()
    User = get_user_model()
    made = {}
    for name, group in ROLE_GROUPS.items():
        user = User.objects.create_user(
            username=name,
            email=f"{name}@example.invalid",
            password=PASSWORD,
            is_staff=True,
            is_superuser=name == "superuser",
        )
        if group:
            user.groups.set([Group.objects.get(name=group)])
        made[name] = user
    made["public"] = User.objects.create_user(username="public", password=PASSWORD)
    return made


@pytest.fixture
def one_of_everything(accounts, llep_demo, tmp_path, settings):
    """At least one row of every model the admin shows, and a finished export with its file."""
    from django.contrib.admin.models import ADDITION, LogEntry

    from events.models import AttendeeMessage, Booking, RoundTable, RoundTableNote
    from portal.models import OutboundEmail, Theme
    from prospectus.models import (
        Ambition,
        EvidenceTable,
        Export,
        FeaturedQuote,
        KeyMessage,
        Prospectus,
    )
    from survey.models import Answer, Draft, ModerationEvent, Question, Response, Survey

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    now = timezone.now()
    round_table = RoundTable.objects.filter(consultation=llep_demo).first()
    booking = Booking.objects.create(
        round_table=round_table,
        reference="LLEP-ACCESS1",
        full_name="Access Tester",
        email="access.tester@example.com",
        organisation="Access Ltd",
        privacy_agreed_at=now,
        status=Booking.Status.CONFIRMED,
    )
    note = RoundTableNote.objects.create(
        round_table=round_table, kind=RoundTableNote.Kind.CHALLENGE, text="Skills gaps in logistics"
    )
    note.themes.set(Theme.objects.all()[:1])
    AttendeeMessage.objects.create(
        round_table=round_table,
        audience=AttendeeMessage.Audience.values[0],
        subject="Joining instructions",
        body="See you there",
        sent_by=accounts["organiser"],
        recipient_count=1,
        idempotency_key=uuid.uuid4(),
    )
    survey = Survey.objects.get(consultation=llep_demo)
    response = Response.objects.create(
        survey=survey,
        reference="R-ACCESS1",
        status=Response.Status.APPROVED,
        submitted_at=now - dt.timedelta(hours=1),
        respondent_type=Response.RespondentType.BUSINESS,
        sector=llep_demo.sectors.first(),
        quote_ok=True,
    )
    question = Question.objects.filter(section__survey=survey, kind=Question.Kind.LONG_TEXT).first()
    answer = Answer.objects.create(response=response, question=question, text="Better rail links")
    from results.redaction import redaction_save

    # A redaction (and so a redaction log entry) for the results admin's pages.
    redaction_save(
        item=answer, text="Better [redacted]", reason="other", user=accounts["moderator"]
    )
    ModerationEvent.objects.create(
        response=response, user=accounts["moderator"], action="approve", to_status="approved"
    )
    from survey.models import ThemeModel

    ThemeModel.objects.create(
        consultation=llep_demo,
        version=1,
        trained_at=now,
        state=ThemeModel.State.FAILED,
        note="access test",
    )
    Draft.objects.create(survey=survey, email="drafter@example.com", data={})
    OutboundEmail.objects.create(to="someone@example.com", subject="Hello", body="Hello")
    prospectus = Prospectus.objects.get(consultation=llep_demo)
    if not Ambition.objects.filter(prospectus=prospectus).exists():
        Ambition.objects.create(prospectus=prospectus, order=1, title="Skills", statement="More")
    FeaturedQuote.objects.create(answer=answer, featured_by=accounts["moderator"])
    KeyMessage.objects.create(prospectus=prospectus, theme=Theme.objects.first(), text="Skills")
    EvidenceTable.objects.create(
        prospectus=prospectus,
        title="Jobs by sector",
        source="ONS",
        source_date=now.date(),
        columns=["Sector", "Jobs"],
        rows=[["Logistics", "31,000"]],
    )
    (tmp_path / "prospectus").mkdir()
    (tmp_path / "prospectus" / "access.pdf").write_bytes(b"%PDF-1.7 test")
    export = Export.objects.create(
        prospectus=prospectus,
        status=Export.Status.DONE,
        requested_by=accounts["board"],
        file_path="prospectus/access.pdf",
        finished_at=now,
    )
    from results.models import Publication

    Publication.objects.create(
        consultation=llep_demo, export=export, approved_by=accounts["board"], approved_at=now
    )
    LogEntry.objects.log_actions(
        user_id=accounts["superuser"].pk,
        queryset=[booking],
        action_flag=ADDITION,
        change_message="Added",
        single_object=True,
    )
    return {"booking": booking, "response": response, "export": export, "note": note}
