"""erase_personal_data: nothing of the person is left in any table, and the anonymous counts the
prospectus needs stay true."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from events.models import Booking, RoundTable
from portal.models import OutboundEmail
from portal.privacy import personal_data_erase
from prospectus.models import Ambition, FeaturedQuote, Prospectus
from survey.kinds import kind_of
from survey.models import Answer, Draft, ModerationEvent, Question, Response, Survey

LONDON = ZoneInfo("Europe/London")
EMAIL = "Philippa.Quennell@Example.com"
NAME = "Philippa Quennell-Ashby"
ORGANISATION = "Quennell Hosiery Ltd"
OTHER_EMAIL = "sam.other@example.org"
OTHER_NAME = "Samuel Otherperson"


def _response(survey, *, reference, name, email, organisation, submitted_at, status="approved"):
    """A complete response with an answer to every question: free text that names the person,
    one choice per choice question and a score per rated item."""
    response = Response.objects.create(
        survey=survey,
        reference=reference,
        status=status,
        submitted_at=submitted_at,
        respondent_type=Response.RespondentType.BUSINESS,
        place=Response.Place.BLABY,
        sector=survey.consultation.sectors.first(),
        name=name,
        email=email,
        organisation=organisation,
        quote_ok=True,
        contact_ok=True,
    )
    for question in Question.objects.filter(section__survey=survey).prefetch_related("choices"):
        choices = list(question.choices.all())
        kind = kind_of(question)
        if kind.free_text:
            Answer.objects.create(
                response=response,
                question=question,
                text=f"I am {name} of {organisation}; write to {email} about {question.key}.",
            )
        elif kind.rated:
            for choice in choices:
                Answer.objects.create(response=response, question=question, choice=choice, score=3)
        elif choices:
            Answer.objects.create(response=response, question=question, choice=choices[0])
    return response


def _person(consultation, *, name, email, organisation, when, reference_suffix):
    """Everything the portal can hold about one person."""
    survey = Survey.objects.get(consultation=consultation)
    round_tables = list(RoundTable.objects.filter(consultation=consultation)[:2])
    bookings = [
        Booking.objects.create(
            round_table=round_table,
            reference=f"LLEP-{reference_suffix}{index}",
            full_name=name,
            email=email if index == 0 else email.lower(),
            organisation=organisation,
            job_title="Managing director",
            access_needs=f"{name} uses a wheelchair",
            dietary_needs="Vegetarian",
            privacy_agreed_at=when,
            status=Booking.Status.CONFIRMED if index == 0 else Booking.Status.CANCELLED,
            attended=True if index == 0 else None,
        )
        for index, round_table in enumerate(round_tables)
    ]
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(created_at=when)
    response = _response(
        survey,
        reference=f"R-{reference_suffix}",
        name=name,
        email=email,
        organisation=organisation,
        submitted_at=when,
    )
    from portal.models import Theme

    response.themes.set(Theme.objects.all()[:2])
    draft = Draft.objects.create(survey=survey, email=email, data={"name": name, "email": email})
    Draft.objects.filter(pk=draft.pk).update(updated_at=when, created_at=when)
    mails = [
        OutboundEmail.objects.create(
            to=email, subject="Your place is booked", body=f"Dear {name}", attachments=[]
        ),
        OutboundEmail.objects.create(
            to="consultation@llep.org.uk",
            subject=f"New booking from {name}",
            body=f"{name} ({email}) booked a place.",
        ),
    ]
    OutboundEmail.objects.filter(pk__in=[m.pk for m in mails]).update(created_at=when)
    staff = get_user_model().objects.get_or_create(username="moderator-x", is_staff=True)[0]
    ModerationEvent.objects.create(
        response=response,
        user=staff,
        action="approve",
        from_status="pending",
        to_status="approved",
        note=f"Phoned {name} to check",
    )
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=[bookings[0]],
        action_flag=CHANGE,
        change_message=f"Changed dietary needs for {name}",
        single_object=True,
    )
    prospectus = Prospectus.objects.get(consultation=consultation)
    ambition = Ambition.objects.filter(prospectus=prospectus).first() or Ambition.objects.create(
        prospectus=prospectus, order=9, title="Test ambition", statement="Test"
    )
    FeaturedQuote.objects.create(
        answer=response.answers.exclude(text="").first(), ambition=ambition
    )
    return bookings, response


def _traces(*needles: str) -> list[str]:
    """Every place in the database where one of the needles appears: every row of every model,
    every text, char and JSON field, and the decoded session data."""
    found = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models(include_auto_created=True):
        for obj in model._base_manager.all():
            for field in model._meta.concrete_fields:
                value = field.value_from_object(obj)
                if isinstance(value, (dict, list)):
                    value = json.dumps(value, ensure_ascii=False)
                if not isinstance(value, str):
                    continue
                hits = [n for n in lowered if n in value.lower()]
                if hits:
                    found.append(f"{model._meta.label}.{field.name} pk={obj.pk}: {hits}")
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), default=str).lower()
        found += [f"session {session.pk}" for n in lowered if n in text]
    return found


@pytest.fixture
def people(llep_demo):
    when = timezone.now() - dt.timedelta(days=2)
    subject = _person(
        llep_demo,
        name=NAME,
        email=EMAIL,
        organisation=ORGANISATION,
        when=when,
        reference_suffix="PQA",
    )
    other = _person(
        llep_demo,
        name=OTHER_NAME,
        email=OTHER_EMAIL,
        organisation="Other Widgets",
        when=when,
        reference_suffix="OTH",
    )
    return subject, other


def test_erasing_one_person_leaves_nothing_of_them_in_any_table(people):
    (bookings, response), _ = people
    assert _traces(EMAIL, NAME, ORGANISATION)  # the scan finds what is there

    out = io.StringIO()
    call_command("erase_personal_data", "--email", EMAIL.upper(), stdout=out)

    assert _traces(EMAIL, NAME, ORGANISATION, "Quennell") == []
    text = out.getvalue()
    assert "anonymise 2 bookings (" in text
    assert bookings[0].reference in text
    assert response.reference in text
    assert "delete 1 unsubmitted survey draft." in text
    assert "delete 2 outbound emails." in text


def test_the_report_counts_in_proper_plurals(people):
    out = io.StringIO()
    call_command("erase_personal_data", "--email", EMAIL, stdout=out)

    text = out.getvalue()
    assert "anonymise 2 bookings (" in text
    assert "anonymise 1 survey response (" in text
    assert "delete 1 unsubmitted survey draft." in text
    assert "(s)" not in text
    assert "(ies)" not in text


def test_erasing_one_person_keeps_the_counts_the_prospectus_needs(people):
    (bookings, response), _ = people
    before_answers = list(
        Answer.objects.filter(response=response, choice__isnull=False)
        .order_by("pk")
        .values_list("question_id", "choice_id", "score")
    )
    themes = set(response.themes.values_list("pk", flat=True))

    personal_data_erase(email=EMAIL)

    for booking in bookings:
        after = Booking.objects.get(pk=booking.pk)
        assert (after.status, after.attended, after.round_table_id) == (
            booking.status,
            booking.attended,
            booking.round_table_id,
        )
        assert after.anonymised_at is not None
    after = Response.objects.get(pk=response.pk)
    assert (after.status, after.sector_id, after.place, after.respondent_type) == (
        response.status,
        response.sector_id,
        response.place,
        response.respondent_type,
    )
    assert set(after.themes.values_list("pk", flat=True)) == themes
    assert not after.quote_ok
    assert not FeaturedQuote.objects.filter(answer__response=response).exists()
    assert (
        list(
            Answer.objects.filter(response=response, choice__isnull=False)
            .order_by("pk")
            .values_list("question_id", "choice_id", "score")
        )
        == before_answers
    )
    assert not Answer.objects.filter(response=response).exclude(text="").exists()


def test_erasing_one_person_leaves_everyone_else_untouched(people):
    _, (other_bookings, other_response) = people

    personal_data_erase(email=EMAIL)

    assert Booking.objects.filter(email__iexact=OTHER_EMAIL, full_name=OTHER_NAME).count() == 2
    other = Response.objects.get(pk=other_response.pk)
    assert (other.name, other.email, other.quote_ok) == (OTHER_NAME, OTHER_EMAIL, True)
    assert Answer.objects.filter(response=other, text__contains=OTHER_NAME).exists()
    assert Draft.objects.filter(email=OTHER_EMAIL).exists()
    assert OutboundEmail.objects.filter(to=OTHER_EMAIL).exists()
    assert ModerationEvent.objects.filter(note__contains=OTHER_NAME).exists()


def test_dry_run_says_what_would_change_and_changes_nothing(people):
    out = io.StringIO()
    call_command("erase_personal_data", "--email", EMAIL, "--dry-run", stdout=out)

    assert out.getvalue().startswith("Dry run:")
    assert "Would anonymise 2 bookings" in out.getvalue()
    assert Booking.objects.filter(email__iexact=EMAIL).count() == 2
    assert Response.objects.filter(email=EMAIL, name=NAME).exists()
    assert Draft.objects.filter(email=EMAIL).exists()


def test_erasing_an_unknown_address_says_there_was_nothing(people):
    out = io.StringIO()
    call_command("erase_personal_data", "--email", "nobody@example.net", stdout=out)

    assert "Nothing to erase." in out.getvalue()
    assert Booking.objects.filter(anonymised_at__isnull=False).count() == 0


def test_the_command_refuses_something_that_is_not_an_address(db):
    with pytest.raises(CommandError, match="not an email address"):
        call_command("erase_personal_data", "--email", "philippa")


def test_the_command_needs_an_address_or_an_age(db):
    with pytest.raises(CommandError):
        call_command("erase_personal_data")


@pytest.fixture
def published_people(llep):
    """Two people of the 2018 consultation as published (round tables in May 2018, the survey
    closed 31 May 2018), and a late response that came in in August 2018."""
    may = dt.datetime(2018, 5, 20, 10, 0, tzinfo=LONDON)
    august = dt.datetime(2018, 8, 20, 10, 0, tzinfo=LONDON)
    subject = _person(
        llep, name=NAME, email=EMAIL, organisation=ORGANISATION, when=may, reference_suffix="PQA"
    )
    late = _response(
        Survey.objects.get(consultation=llep),
        reference="R-LATE",
        name=OTHER_NAME,
        email=OTHER_EMAIL,
        organisation="Late Ltd",
        submitted_at=august,
    )
    return subject, late


def test_retention_erases_what_is_past_the_period_and_keeps_what_is_not(published_people):
    (bookings, response), late = published_people
    # A year and a bit after the consultation: May's records are past 365 days, August's not.
    now = dt.datetime(2019, 7, 1, 12, 0, tzinfo=LONDON)

    report = personal_data_erase(older_than=365, now=now)

    assert sorted(report.references["bookings"]) == sorted(b.reference for b in bookings)
    assert report.references["responses"] == [response.reference]
    assert _traces(EMAIL, NAME, ORGANISATION) == []
    late.refresh_from_db()
    assert (late.name, late.email, late.anonymised_at) == (OTHER_NAME, OTHER_EMAIL, None)


def test_retention_command_uses_the_period_the_privacy_notice_states(
    published_people, settings, client
):
    settings.RETENTION_DAYS = 30
    assert "30 days after the consultation closes" in client.get("/privacy/").content.decode()
    out = io.StringIO()
    # Every record of 2018 is long past 30 days whatever today is.
    call_command("erase_personal_data", "--older-than", stdout=out)

    assert "anonymise 2 bookings" in out.getvalue()
    assert "anonymise 2 survey responses" in out.getvalue()
    assert _traces(EMAIL, NAME, ORGANISATION, OTHER_EMAIL) == []


def test_retention_run_twice_changes_nothing_the_second_time(published_people):
    now = dt.datetime(2019, 7, 1, 12, 0, tzinfo=LONDON)
    personal_data_erase(older_than=365, now=now)

    again = personal_data_erase(older_than=365, now=now)

    assert again.changed == 0
    assert ContentType.objects.exists()


@pytest.mark.django_db
def test_failed_sign_in_records_go_with_the_person_and_past_the_retention_period():
    from axes.models import AccessAttempt

    old = dt.datetime(2018, 5, 20, 10, 0, tzinfo=LONDON)
    for username, when in ((EMAIL, timezone.now()), ("someone", old), ("recent", timezone.now())):
        attempt = AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.1", user_agent="x", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)

    assert "delete 1 sign-in attempt record." in "\n".join(personal_data_erase(email=EMAIL).lines())
    personal_data_erase(older_than=365, now=dt.datetime(2019, 7, 1, 12, 0, tzinfo=LONDON))

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]
