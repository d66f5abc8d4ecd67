"""Telling people: publishing emails exactly those who asked (in the survey or when booking),
once each, through the outbox; and the two forms ask."""

from django.core import mail
from django.urls import reverse

from events.models import Booking, RoundTable
from portal.models import OutboundEmail
from results import services

from .conftest import done_export


def _ask(data):
    r = data.responses
    for key, email, notify in [
        ("r1", "alice.smithson@example.com", True),
        ("r2", "Bob.Quietman@example.com", True),
        ("r3", "carol@example.com", False),
    ]:
        type(r[key]).objects.filter(pk=r[key].pk).update(email=email, notify_results=notify)
    round_table = RoundTable.objects.get(consultation=data.survey.consultation, slug="textiles")
    Booking.objects.filter(round_table=round_table).update(notify_results=False)
    first = Booking.objects.filter(round_table=round_table).order_by("pk")
    # Bob booked too, and asked there as well: one email for him.
    Booking.objects.filter(pk=first[0].pk).update(
        email="bob.quietman@example.com", notify_results=True
    )
    Booking.objects.filter(pk=first[1].pk).update(email="dan@example.com", notify_results=True)


def test_publishing_emails_each_person_who_asked_once_and_nobody_else(
    ready, board_member, django_capture_on_commit_callbacks
):
    data, export = ready
    _ask(data)
    services.export_approve(export=export, user=board_member)
    consultation = data.survey.consultation
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _, queued = services.results_publish(consultation=consultation, user=board_member)
    assert queued == 3
    assert len(callbacks) == 1  # one drain for the batch
    sent = sorted(m.to[0].lower() for m in mail.outbox)
    assert sent == ["alice.smithson@example.com", "bob.quietman@example.com", "dan@example.com"]
    assert reverse("results:index") in mail.outbox[0].body
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 3

    # Unpublished and published again: nobody is emailed twice.
    services.results_unpublish(consultation=consultation, user=board_member)
    with django_capture_on_commit_callbacks(execute=True):
        _, queued = services.results_publish(consultation=consultation, user=board_member)
    assert queued == 0 and len(mail.outbox) == 3


def test_nobody_asked_nobody_is_emailed(ready, board_member):
    data, export = ready
    services.export_approve(export=export, user=board_member)
    _, queued = services.results_publish(consultation=data.survey.consultation, user=board_member)
    assert queued == 0 and mail.outbox == []


def test_an_erased_person_is_not_emailed(ready, board_member):
    from portal.privacy import personal_data_erase

    data, export = ready
    _ask(data)
    personal_data_erase(email="dan@example.com")
    services.export_approve(export=done_export(data), user=board_member)
    assert "dan@example.com" not in services.notify_addresses(consultation=data.survey.consultation)


def test_the_booking_form_offers_the_choice_and_the_booking_keeps_it(client, llep_demo):
    round_table = RoundTable.objects.filter(consultation=llep_demo).order_by("starts_at").first()
    page = client.get(round_table.get_absolute_url())
    assert "Email me when the results of the consultation are published" in page.content.decode()
    client.post(
        round_table.get_absolute_url(),
        {
            "full_name": "Erin Example",
            "email": "erin@example.com",
            "organisation": "Example Ltd",
            "notify_results": "on",
            "privacy_agreed": "on",
        },
    )
    assert Booking.objects.get(email="erin@example.com").notify_results is True


def test_the_survey_asks_and_the_response_keeps_the_answer(llep_demo):
    from survey.models import Question, Survey
    from survey.services import response_profile

    survey = Survey.objects.get(consultation=llep_demo)
    question = Question.objects.get(section__survey=survey, key="notify_results")
    assert "email you when the results are published" in question.text
    assert not question.required
    profile = response_profile(survey=survey, data={"notify_results": "yes", "email": "a@b.c"})
    assert profile["notify_results"] is True


def test_asking_without_an_email_address_is_refused_with_a_message(llep_demo):
    from survey.forms import SectionForm
    from survey.models import Question

    questions = list(
        Question.objects.filter(
            section__survey__consultation=llep_demo, key__in=["email", "notify_results"]
        )
    )
    form = SectionForm(questions=questions, data={"notify_results": "yes", "email": ""})
    assert not form.is_valid()
    assert "tell you about the results" in str(form.errors["email"])


def test_the_privacy_notice_says_so(client, llep):
    page = client.get(reverse("portal:privacy")).content.decode()
    assert "email you once when the results of the consultation are published" in page
    assert "Open Government Licence" in page
