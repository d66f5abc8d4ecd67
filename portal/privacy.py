"""Erasing personal data: one person's on request, or everyone's past the retention period.

Bookings and survey responses are anonymised, not deleted, so that the counts the prospectus
needs (bookings and attendance per round table; responses by status, sector, place, type, theme,
rating and choice) stay true. Drafts and outbound emails are copies of personal data with no
evidential value, so they are deleted. Admin history rows that name an erased booking or
response are rewritten to its reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

ERASED_NAME = "(erased)"
# Question keys whose answers are personal details; every free-text answer is blanked as well,
# since a person may name themselves or their business in it.
PERSONAL_KEYS = {"name", "email", "organisation"}


@dataclass
class ErasureReport:
    """What an erasure changed (or, in a dry run, would change)."""

    dry_run: bool = False
    email: str | None = None
    cutoff: dt.datetime | None = None
    bookings_anonymised: list[str] = field(default_factory=list)
    responses_anonymised: list[str] = field(default_factory=list)
    answers_blanked: int = 0
    quotes_withdrawn: int = 0
    drafts_deleted: int = 0
    emails_deleted: int = 0
    admin_history_rewritten: int = 0
    moderation_notes_blanked: int = 0

    @property
    def changed(self) -> int:
        return (
            len(self.bookings_anonymised)
            + len(self.responses_anonymised)
            + self.drafts_deleted
            + self.emails_deleted
            + self.admin_history_rewritten
            + self.moderation_notes_blanked
        )

    def lines(self) -> list[str]:
        verb = "Would" if self.dry_run else "Did"
        scope = (
            f"personal data of {self.email}"
            if self.email
            else f"personal data older than {_when(self.cutoff)}"
        )
        lines = [f"{'Dry run: ' if self.dry_run else ''}Erasing {scope}."]

        def refs(items: list[str]) -> str:
            return f" ({', '.join(items[:20])}{', …' if len(items) > 20 else ''})" if items else ""

        lines += [
            f"{verb} anonymise {len(self.bookings_anonymised)} booking(s)"
            f"{refs(self.bookings_anonymised)}.",
            f"{verb} anonymise {len(self.responses_anonymised)} survey response(s)"
            f"{refs(self.responses_anonymised)}, blanking {self.answers_blanked} answer(s) "
            f"and withdrawing {self.quotes_withdrawn} quote(s).",
            f"{verb} delete {self.drafts_deleted} unsubmitted survey draft(s).",
            f"{verb} delete {self.emails_deleted} outbound email(s).",
            f"{verb} rewrite {self.admin_history_rewritten} admin history entry(ies).",
            f"{verb} blank {self.moderation_notes_blanked} moderation note(s).",
        ]
        if not self.changed:
            lines.append("Nothing to erase.")
        return lines


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _mentions(field_names: list[str], needles: list[str]) -> Q:
    query = Q()
    for needle in needles:
        for name in field_names:
            query |= Q(**{f"{name}__icontains": needle})
    return query


def personal_data_erase(
    *,
    email: str | None = None,
    older_than: int | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> ErasureReport:
    """Anonymise the bookings and responses of the person with this email address (or of
    everyone, for records older than older_than days), and delete their drafts and emails.

    Exactly one of email and older_than must be given. With dry_run nothing is written and the
    report says what would change.
    """
    if (email is None) == (older_than is None):
        raise ValueError("Give either email or older_than, not both or neither.")
    if older_than is not None and older_than < 0:
        raise ValueError("older_than must be 0 days or more.")
    now = now or timezone.now()
    email = email.strip() if email else None
    if email is not None and "@" not in email:
        raise ValueError(f"{email!r} is not an email address.")
    cutoff = now - dt.timedelta(days=older_than) if older_than is not None else None
    report = ErasureReport(dry_run=dry_run, email=email, cutoff=cutoff)
    with transaction.atomic():
        _erase(report=report, email=email, cutoff=cutoff, now=now)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _erase(
    *, report: ErasureReport, email: str | None, cutoff: dt.datetime | None, now: dt.datetime
) -> None:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from events.models import Booking
    from portal.models import OutboundEmail
    from prospectus.models import Ambition
    from survey.models import Answer, Draft, ModerationEvent, Question, Response

    # Who: the bookings and responses in scope, and the names they carry (so that emails and
    # admin history that quote the name are found too).
    if email is not None:
        bookings = Booking.objects.filter(email__iexact=email)
        responses = Response.objects.filter(
            Q(email__iexact=email)
            | Q(pk__in=Answer.objects.filter(text__icontains=email).values("response"))
        )
        drafts = Draft.objects.annotate(data_text=Cast("data", models.TextField())).filter(
            Q(email__iexact=email) | Q(data_text__icontains=email)
        )
        emails = OutboundEmail.objects.annotate(
            attachments_text=Cast("attachments", models.TextField())
        ).filter(Q(to__iexact=email) | _mentions(["subject", "body", "attachments_text"], [email]))
    else:
        bookings = Booking.objects.filter(
            round_table__ends_at__lt=cutoff, created_at__lt=cutoff
        ).exclude(anonymised_at__isnull=False)
        responses = Response.objects.filter(
            survey__closes_at__lt=cutoff, submitted_at__lt=cutoff
        ).exclude(anonymised_at__isnull=False)
        drafts = Draft.objects.filter(updated_at__lt=cutoff, survey__closes_at__lt=cutoff)
        emails = OutboundEmail.objects.filter(created_at__lt=cutoff)

    # (pk, reference, name, email) of each row in scope, locked while they are rewritten.
    booking_rows = list(
        bookings.select_for_update()
        .order_by("pk")
        .values_list("pk", "reference", "full_name", "email")
    )
    response_rows = list(
        responses.select_for_update().order_by("pk").values_list("pk", "reference", "name", "email")
    )
    names = {row[2] for row in booking_rows} | {row[2] for row in response_rows}
    names = sorted(n for n in names if n and len(n.strip()) >= 3 and n != ERASED_NAME)
    # Text that identifies the person, searched for in mail, notes and history. Only for one
    # person: a retention run covers thousands of names, and there everything is found by row.
    needles = [n for n in [email, *names] if n] if email is not None else []
    if needles:
        # Mail to staff about this person (a booking notice, say) quotes their name.
        emails = emails | OutboundEmail.objects.annotate(
            attachments_text=Cast("attachments", models.TextField())
        ).filter(_mentions(["subject", "body", "attachments_text"], needles))

    # Bookings: keep round table, status, dates and attendance; drop who it was.
    for chunk in _chunks([row[0] for row in booking_rows]):
        Booking.objects.filter(pk__in=chunk).update(
            full_name=ERASED_NAME,
            # Unique among live bookings of one round table, so each gets its own placeholder.
            email=Concat(
                Value("erased-"),
                Cast("pk", models.CharField()),
                Value("@erased.invalid"),
                output_field=models.CharField(),
            ),
            organisation="",
            job_title="",
            access_needs="",
            dietary_needs="",
            anonymised_at=now,
        )
    report.bookings_anonymised = [row[1] for row in booking_rows]

    # Responses: keep status, channel, type, place, sector, themes, choices and ratings.
    quotes = Ambition.quoted_responses.through.objects
    for chunk in _chunks([row[0] for row in response_rows]):
        free_text = Answer.objects.filter(response_id__in=chunk).filter(
            Q(question__kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT])
            | Q(question__key__in=PERSONAL_KEYS)
        )
        report.answers_blanked += free_text.exclude(text="").update(text="")
        report.quotes_withdrawn += quotes.filter(response_id__in=chunk).delete()[0]
        Response.objects.filter(pk__in=chunk).update(
            name="",
            email="",
            organisation="",
            quote_ok=False,
            contact_ok=False,
            anonymised_at=now,
        )
        notes = ModerationEvent.objects.filter(response_id__in=chunk).exclude(note="")
        if needles:
            notes = notes.filter(_mentions(["note", "themes"], needles))
        # Past the retention period a staff note about a response goes with its author's details.
        report.moderation_notes_blanked += notes.update(note="")
    report.responses_anonymised = [row[1] for row in response_rows]

    report.drafts_deleted = drafts.count()
    Draft.objects.filter(pk__in=list(drafts.values_list("pk", flat=True))).delete()
    email_ids = list(emails.values_list("pk", flat=True).distinct())
    report.emails_deleted = len(email_ids)
    for chunk in _chunks(email_ids):
        OutboundEmail.objects.filter(pk__in=chunk).delete()

    # Admin history: the object's text was its __str__ at the time, which names the person.
    booking_type = ContentType.objects.get_for_model(Booking)
    response_type = ContentType.objects.get_for_model(Response)
    known = {(booking_type.pk, str(row[0])): row for row in booking_rows}
    known |= {(response_type.pk, str(row[0])): row for row in response_rows}
    entry_ids: set[int] = set()
    for content_type, rows in ((booking_type, booking_rows), (response_type, response_rows)):
        for chunk in _chunks([str(row[0]) for row in rows]):
            entry_ids.update(
                LogEntry.objects.filter(content_type=content_type, object_id__in=chunk).values_list(
                    "pk", flat=True
                )
            )
    if needles:
        entry_ids.update(
            LogEntry.objects.filter(
                _mentions(["object_repr", "change_message"], needles)
            ).values_list("pk", flat=True)
        )
    for chunk in _chunks(sorted(entry_ids)):
        for entry in LogEntry.objects.filter(pk__in=chunk):
            row = known.get((entry.content_type_id, entry.object_id))
            entry.object_repr = f"{row[1] if row else 'record'} (erased)"
            message = entry.change_message
            for needle in {*needles, *(row[2:4] if row else ())}:
                if needle and len(needle) >= 3:
                    message = _replace_casefold(message, needle, ERASED_NAME)
            entry.change_message = message
            entry.save(update_fields=["object_repr", "change_message"])
            report.admin_history_rewritten += 1


def _chunks(items: list, size: int = 500):
    for index in range(0, len(items), size):
        yield items[index : index + size]


def _replace_casefold(text: str, needle: str, replacement: str) -> str:
    lowered, target = text.lower(), needle.lower()
    out, start = [], 0
    while (index := lowered.find(target, start)) != -1:
        out.append(text[start:index])
        out.append(replacement)
        start = index + len(needle)
    out.append(text[start:])
    return "".join(out)
