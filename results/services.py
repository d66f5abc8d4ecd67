"""Writes of the published results: approving the prospectus PDF, publishing and unpublishing
(and telling the people who asked), and clearing responses for publication."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Booking
from portal.models import Consultation, OutboundEmail
from portal.selectors import results_url_forget
from portal.services import emails_queue_many
from prospectus.models import PLACEHOLDER, Export
from results.models import Clearance, Publication
from survey.models import Response
from survey.selectors import SurveyState, survey_current, survey_state


class PublishingError(Exception):
    """Why the results cannot be published (or a PDF approved) now; the message says it."""


def _publication(consultation: Consultation) -> Publication:
    publication, _ = Publication.objects.select_for_update().get_or_create(
        consultation=consultation
    )
    return publication


def _refuse_placeholders(export: Export, *, which: str) -> None:
    """The one rule: no prospectus PDF that still prints the seed's placeholder text is
    approved, nor are results published on one (decision 0960). `which` names the PDF in the
    message ("This prospectus PDF", "The approved prospectus PDF")."""
    if export.placeholders is None:
        raise PublishingError(
            f"{which} was generated before the portal checked for the draft text "
            f"“{PLACEHOLDER}”, so it may still hold it. Generate the prospectus PDF again on the "
            "board page and approve the new one."
        )
    if export.placeholders:
        parts = "that part" if len(export.placeholders) == 1 else "those parts"
        raise PublishingError(
            f"{which} still holds the draft text “{PLACEHOLDER}” in: "
            f"{'; '.join(export.placeholders)}. Finish {parts} in the admin under Prospectuses, "
            "then generate the prospectus PDF again on the board page and approve the new one."
        )


@transaction.atomic
def export_approve(*, export: Export, user) -> Publication:
    """Record that the board approved this prospectus PDF for publication, who and when."""
    if export.status != Export.Status.DONE or export.draft:
        raise PublishingError(
            "Only a prospectus PDF the board generated (not a draft) can be approved."
        )
    _refuse_placeholders(export, which="This prospectus PDF")
    publication = _publication(export.prospectus.consultation)
    publication.export = export
    publication.approved_by = user
    publication.approved_at = timezone.now()
    publication.save(update_fields=["export", "approved_by", "approved_at"])
    return publication


@transaction.atomic
def results_publish(*, consultation: Consultation, user) -> tuple[Publication, int]:
    """Make the results public, and email everyone who asked to be told (once each, ever).
    Returns the publication and how many emails were queued."""
    publication = _publication(consultation)
    if publication.export_id is None:
        raise PublishingError(
            "The board must approve a prospectus PDF before the results are published."
        )
    _refuse_placeholders(publication.export, which="The approved prospectus PDF")
    survey = survey_current(consultation=consultation)
    if survey is not None and survey_state(survey=survey) != SurveyState.CLOSED:
        raise PublishingError("The results can be published only after the survey has closed.")
    if publication.is_published:
        return publication, 0
    publication.is_published = True
    publication.published_by = user
    publication.published_at = timezone.now()
    publication.save(update_fields=["is_published", "published_by", "published_at"])
    _forget(consultation)
    return publication, _notify(consultation)


@transaction.atomic
def results_unpublish(*, consultation: Consultation, user) -> Publication:
    """Take the results down: every results page and file stops being public at once."""
    publication = _publication(consultation)
    publication.is_published = False
    publication.unpublished_by = user
    publication.unpublished_at = timezone.now()
    publication.save(update_fields=["is_published", "unpublished_by", "unpublished_at"])
    _forget(consultation)
    return publication


def _forget(consultation: Consultation) -> None:
    """This process's pages see the change at once; the others within RESULTS_URL_SECONDS."""
    results_url_forget(consultation_id=consultation.pk)


def notify_addresses(*, consultation: Consultation) -> list[str]:
    """Everyone who asked to be emailed when the results are published, in the survey or when
    booking, once each (addresses compared without regard to case)."""
    return [email for email, _language in _notify_people(consultation)]


def _notify_people(consultation: Consultation) -> list[tuple[str, str]]:
    """(address, language) for each person to tell: the language of their survey response, or
    else of their booking, the one they chose to take part in."""
    responses = Response.objects.filter(
        survey__consultation=consultation, notify_results=True, anonymised_at__isnull=True
    ).exclude(email="")
    bookings = Booking.objects.filter(
        round_table__consultation=consultation,
        notify_results=True,
        anonymised_at__isnull=True,
        email__isnull=False,
    ).exclude(email="")
    found: dict[str, tuple[str, str]] = {}
    for email, language in [
        *responses.values_list("email", "language"),
        *bookings.values_list("email", "language"),
    ]:
        found.setdefault(email.strip().lower(), (email.strip(), language))
    return sorted(found.values(), key=lambda person: person[0].lower())


def _dedupe_key(consultation: Consultation, email: str) -> str:
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:32]
    return f"results-published:{consultation.pk}:{digest}"


def _results_email(consultation: Consultation, email: str, language: str) -> OutboundEmail:
    """The email that says the results are out, in the person's language, linking to the
    results in that language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("results:index")
        body = _(
            "Hello,\n\n"
            "You asked us to tell you when the results of the Local Industrial Strategy "
            "consultation were published. They are now online: what we heard, what we will do, "
            "the prospectus and the data:\n\n%(link)s\n\n"
            "Thank you for taking part.\n\n"
            "Leicester and Leicestershire Enterprise Partnership (LLEP)\n"
        ) % {"link": link}
        subject = _("The results of the Local Industrial Strategy consultation are published")
    return OutboundEmail(
        to=email, subject=subject, body=body, dedupe_key=_dedupe_key(consultation, email)
    )


def _notify(consultation: Consultation) -> int:
    """One email a person, recorded in this transaction and sent by one drain after the commit;
    the dedupe key keeps it to one even if the results are unpublished and published again."""
    emails = [
        _results_email(consultation, email, language)
        for email, language in _notify_people(consultation)
    ]
    already = set(
        OutboundEmail.objects.filter(dedupe_key__in=[e.dedupe_key for e in emails]).values_list(
            "dedupe_key", flat=True
        )
    )
    return emails_queue_many([e for e in emails if e.dedupe_key not in already])


@transaction.atomic
def responses_clear(*, responses, user) -> int:
    """Clear responses for publication (their redactions, if any, done). Only approved responses
    whose authors agreed to be quoted can be cleared. Returns how many this call cleared: two
    moderators clearing the same responses at once queue on their rows' locks, and the second
    finds them cleared and counts none of them."""
    ids = _responses_locked([r.pk for r in responses])
    eligible = Response.objects.filter(
        pk__in=ids,
        status=Response.Status.APPROVED,
        quote_ok=True,
        anonymised_at__isnull=True,
        clearance__isnull=True,
    )
    now = timezone.now()
    made = Clearance.objects.bulk_create(
        [Clearance(response=r, cleared_by=user, cleared_at=now) for r in eligible],
        ignore_conflicts=True,
    )
    return len(made)


def _responses_locked(ids: list[int]) -> list[int]:
    """Lock the responses' rows until the transaction ends (PostgreSQL; on SQLite the IMMEDIATE
    transaction already serialises writers), in one order so that overlapping selections queue
    rather than deadlock. Which are still to clear is read after, so it sees the first
    moderator's clearances."""
    locked = Response.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return list(locked.values_list("pk", flat=True))


@transaction.atomic
def responses_unclear(*, responses) -> int:
    return Clearance.objects.filter(response__in=[r.pk for r in responses]).delete()[0]
