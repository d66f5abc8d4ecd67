"""erase_personal_data --reference: someone who gave no email address (a walk-in at the door,
a paper response typed in by staff) is erased by the reference of their booking or response,
with the mail, notes and history that name them, and nobody else is touched."""

import io

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from events import services
from events.models import Booking, RoundTable
from portal.models import OutboundEmail
from portal.privacy import personal_data_erase
from prospectus.models import FeaturedQuote
from survey.models import Answer, Draft, ModerationEvent, Response
from tests.proof.data.test_erasure import EMAIL, NAME, OTHER_NAME, _response, _traces, people

__all__ = ["people"]  # the fixture, used by name below

WALK_IN = "Barnaby Fothergill-Kaye"
WALK_IN_ORG = "Fothergill Bakery"
PAPER = "Henrietta Okonkwo-Pratt"
PAPER_ORG = "Pratt Joinery Ltd"


def _staff():
    return get_user_model().objects.get_or_create(username="organiser-x", is_staff=True)[0]


def _history(obj, message: str, flag=CHANGE) -> None:
    LogEntry.objects.log_actions(
        user_id=_staff().pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


@pytest.fixture
def walk_in(people):
    """A walk-in added at the door without an address, with a staff notice and admin history
    that name them (on the booking, and on its round table)."""
    round_table = RoundTable.objects.filter(bookings__isnull=False).first()
    booking = services.booking_walk_in_add(
        round_table_id=round_table.pk,
        full_name=WALK_IN,
        email=None,
        organisation=WALK_IN_ORG,
        dietary_needs="No nuts",
    ).booking
    OutboundEmail.objects.create(
        to="consultation@llep.org.uk",
        subject=f"Walk-in: {WALK_IN}",
        body=f"{WALK_IN} of {WALK_IN_ORG} came to {round_table.title}.",
    )
    _history(booking, f"Added {WALK_IN} at the door", flag=ADDITION)
    _history(round_table, f"Noted that {WALK_IN} asked about grants")
    return booking


def _bookings_except(booking) -> list[tuple]:
    return list(Booking.objects.exclude(pk=booking.pk).order_by("pk").values_list())


def _erase(*args) -> list[str]:
    out = io.StringIO()
    call_command("erase_personal_data", *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_walk_in_without_an_address_is_erased_by_reference(walk_in):
    others = _bookings_except(walk_in)
    assert _traces(WALK_IN, WALK_IN_ORG)

    lines = _erase("--reference", f"  {walk_in.reference.lower()} ")

    assert lines[0] == f"Erasing personal data of booking/response {walk_in.reference.lower()}."
    assert f"Did anonymise 1 booking ({walk_in.reference})." in lines
    assert "Did delete 1 outbound email." in lines
    assert "Did rewrite 2 admin history entries." in lines
    after = Booking.objects.get(pk=walk_in.pk)
    assert (after.full_name, after.organisation, after.dietary_needs) == ("(erased)", "", "")
    assert (after.status, after.attended, after.round_table_id) == (
        "confirmed",
        True,
        walk_in.round_table_id,
    )
    assert after.anonymised_at is not None
    assert _bookings_except(walk_in) == others
    assert _traces(WALK_IN, WALK_IN_ORG, "Fothergill") == []


def test_erasing_by_reference_leaves_everyone_else_s_mail_notes_and_history(walk_in):
    mail = list(OutboundEmail.objects.exclude(subject__contains=WALK_IN).values_list("pk"))
    history = LogEntry.objects.exclude(change_message__contains=WALK_IN).count()

    _erase("--reference", walk_in.reference)

    assert list(OutboundEmail.objects.values_list("pk")) == mail
    assert LogEntry.objects.filter(change_message__contains=OTHER_NAME).exists()
    assert LogEntry.objects.exclude(change_message__contains="(erased)").count() == history
    assert ModerationEvent.objects.filter(note__contains=OTHER_NAME).exists()


def test_a_response_typed_in_without_an_address_is_erased_by_reference(people):
    (_, subject_response), (_, other_response) = people
    paper = _response(
        subject_response.survey,
        reference="LLEP-PAPR-0001",
        name=PAPER,
        email="",
        organisation=PAPER_ORG,
        submitted_at=subject_response.submitted_at,
    )
    ModerationEvent.objects.create(
        response=paper, user=_staff(), action="approve", note=f"Typed in from {PAPER}'s letter"
    )
    FeaturedQuote.objects.create(
        answer=paper.answers.exclude(text="").first(),
        ambition=FeaturedQuote.objects.first().ambition,
    )
    _history(paper, f"Entered the letter from {PAPER}")

    lines = _erase("--reference", "llep-papr-0001")

    assert lines[0] == "Erasing personal data of booking/response llep-papr-0001."
    assert "Did anonymise 0 bookings." in lines
    assert any(
        line.startswith("Did anonymise 1 survey response (LLEP-PAPR-0001), ") for line in lines
    )
    assert "Did blank 1 moderation note." in lines
    assert "Did withdraw 1 quote from the prospectus." in lines
    paper.refresh_from_db()
    assert (paper.name, paper.organisation, paper.quote_ok, paper.status) == (
        "",
        "",
        False,
        "approved",
    )
    assert not Answer.objects.filter(response=paper).exclude(text="").exists()
    assert Answer.objects.filter(response=paper, choice__isnull=False).exists()
    assert _traces(PAPER, PAPER_ORG, "Okonkwo") == []
    for response in (subject_response, other_response):
        kept = Response.objects.get(pk=response.pk)
        assert (kept.name, kept.anonymised_at) == (response.name, None)


def test_by_reference_only_that_record_goes_even_when_it_has_an_address(people):
    """A response sent online: its draft goes with it, and mail to its address or naming the
    person; the person's bookings stay (erasing everything of theirs is --email's job)."""
    (bookings, response), _ = people
    draft = Draft.objects.create(survey=response.survey, email=EMAIL, data={"name": NAME})
    Response.objects.filter(pk=response.pk).update(submission_key=draft.submission_key)

    report = personal_data_erase(reference=response.reference)

    assert report.references == {"bookings": [], "responses": [response.reference]}
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert not OutboundEmail.objects.filter(to__iexact=EMAIL).exists()
    assert not OutboundEmail.objects.filter(body__contains=NAME).exists()
    assert Booking.objects.filter(full_name=NAME, email__iexact=EMAIL).count() == 2
    assert Response.objects.get(pk=response.pk).anonymised_at is not None


def test_an_unknown_reference_is_a_clear_error_and_changes_nothing(walk_in):
    mail = OutboundEmail.objects.count()

    with pytest.raises(
        CommandError, match="^No booking or response has reference LLEP-NOPE-0000.$"
    ):
        _erase("--reference", " LLEP-NOPE-0000 ")

    assert Booking.objects.get(pk=walk_in.pk).full_name == WALK_IN
    assert OutboundEmail.objects.count() == mail


def test_dry_run_by_reference_says_what_would_change_and_changes_nothing(walk_in):
    mail = OutboundEmail.objects.count()
    history = list(LogEntry.objects.values_list("object_repr", "change_message"))

    lines = _erase("--reference", walk_in.reference, "--dry-run")

    assert lines[0] == f"Dry run: Erasing personal data of booking/response {walk_in.reference}."
    assert f"Would anonymise 1 booking ({walk_in.reference})." in lines
    assert "Would delete 1 outbound email." in lines
    assert Booking.objects.get(pk=walk_in.pk).full_name == WALK_IN
    assert OutboundEmail.objects.count() == mail
    assert list(LogEntry.objects.values_list("object_repr", "change_message")) == history


@pytest.mark.parametrize(
    "args, message",
    [
        (["--reference", "   "], "The reference is empty."),
        (["--reference", "LLEP-X", "--email", "a@example.com"], "not allowed with argument"),
    ],
)
def test_the_command_refuses_an_empty_reference_or_two_ways_at_once(db, args, message):
    with pytest.raises(CommandError, match=message):
        _erase(*args)


def test_the_function_takes_exactly_one_way(db):
    with pytest.raises(ValueError, match="exactly one of"):
        personal_data_erase(email="a@example.com", reference="LLEP-X")
