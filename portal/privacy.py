"""Erasing personal data: one person's on request, or everyone's past the retention period.

Bookings and survey responses are anonymised, not deleted, so that the counts the prospectus
needs (bookings and attendance per round table; responses by status, sector, place, type, theme,
rating and choice) stay true. Drafts and outbound emails are copies of personal data with no
evidential value, so they are deleted. Admin history rows that name an erased booking or
response are rewritten to its reference.

This module runs the erasure; each app erases what it holds through an Eraser it registers
(portal/registry.py): first every app finds its rows in scope and locks them, so that the names
they carry can be searched for in mail, notes and history; then each erases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from portal import registry
from portal.models import OutboundEmail

ERASED_NAME = "(erased)"


@dataclass
class Found:
    """The rows of one model in scope, locked: (pk, reference, name, email) each."""

    model: type[models.Model]
    rows: list[tuple[int, str, str, str]]


def counted(count: int, singular: str, plural: str) -> str:
    """ "1 booking", "2 bookings": the report is for staff, in English, so not translated."""
    return f"{count} {singular if count == 1 else plural}"


@dataclass
class Line:
    """One line of the report: "anonymise 2 bookings (refs), blanking 1 answer"."""

    verb: str
    count: int
    singular: str
    plural: str
    references: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def what(self) -> str:
        return counted(self.count, self.singular, self.plural)


@dataclass
class ErasureScope:
    """Whose data: one email address, or everything older than the cutoff."""

    email: str | None
    cutoff: dt.datetime | None
    now: dt.datetime
    found: dict[str, Found] = field(default_factory=dict)
    # Text that identifies the person (their address and the names their rows carry), searched
    # for in mail, notes and history. Only for one person: a retention run covers thousands of
    # names, and there everything is found by row.
    needles: list[str] = field(default_factory=list)

    def mentions(self, *field_names: str) -> Q:
        return _mentions(list(field_names), self.needles)


class Eraser(Protocol):
    def find(self, scope: ErasureScope) -> dict[str, Found]:
        """This app's rows in scope, locked (select_for_update), by a name for the report."""

    def erase(self, scope: ErasureScope) -> list[Line]:
        """Anonymise or delete this app's personal data in scope; what was done, as lines."""


@dataclass
class ErasureReport:
    """What an erasure changed (or, in a dry run, would change)."""

    dry_run: bool = False
    email: str | None = None
    cutoff: dt.datetime | None = None
    done: list[Line] = field(default_factory=list)
    # The references of the rows anonymised, by what they are ("bookings", "responses").
    references: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(line.count for line in self.done)

    def lines(self) -> list[str]:
        verb = "Would" if self.dry_run else "Did"
        scope = (
            f"personal data of {self.email}"
            if self.email
            else f"personal data older than {_when(self.cutoff)}"
        )
        lines = [f"{'Dry run: ' if self.dry_run else ''}Erasing {scope}."]
        for line in self.done:
            refs = line.references
            listed = f" ({', '.join(refs[:20])}{', …' if len(refs) > 20 else ''})" if refs else ""
            lines.append(f"{verb} {line.verb} {line.what}{listed}{line.detail}.")
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


def chunks(items: list, size: int = 500):
    """Items in slices small enough for one IN (...) each."""
    for index in range(0, len(items), size):
        yield items[index : index + size]


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


def _erase(*, report: ErasureReport, email: str | None, cutoff, now: dt.datetime) -> None:
    scope = ErasureScope(email=email, cutoff=cutoff, now=now)
    erasers = registry.hooks("erase")
    for eraser in erasers:
        scope.found |= eraser.find(scope)
    if email is not None:
        names = {row[2] for found in scope.found.values() for row in found.rows}
        names = sorted(n for n in names if n and len(n.strip()) >= 3 and n != ERASED_NAME)
        scope.needles = [email, *names]
    report.references = {key: [row[1] for row in f.rows] for key, f in scope.found.items()}
    for eraser in erasers:
        report.done += eraser.erase(scope)
    report.done += [
        Line("delete", _emails_delete(scope), "outbound email", "outbound emails"),
        Line(
            "delete",
            _sign_in_attempts_delete(scope),
            "sign-in attempt record",
            "sign-in attempt records",
        ),
        Line("rewrite", _history_rewrite(scope), "admin history entry", "admin history entries"),
    ]


def _emails_delete(scope: ErasureScope) -> int:
    """Mail to or about the person (a booking notice to staff quotes their name), or all mail
    older than the cutoff."""
    emails = OutboundEmail.objects.annotate(
        attachments_text=Cast("attachments", models.TextField())
    )
    if scope.email is not None:
        emails = emails.filter(
            Q(to__iexact=scope.email) | scope.mentions("subject", "body", "attachments_text")
        )
    else:
        emails = emails.filter(created_at__lt=scope.cutoff)
    email_ids = list(emails.values_list("pk", flat=True).distinct())
    for chunk in chunks(email_ids):
        OutboundEmail.objects.filter(pk__in=chunk).delete()
    return len(email_ids)


def _sign_in_attempts_delete(scope: ErasureScope) -> int:
    """The lockout's records of failed sign-ins (portal/lockout.py) hold a username, an internet
    address and a browser: the person's own, or everyone's past the retention period."""
    from axes.models import AccessAttempt, AccessFailureLog

    deleted = 0
    for model in (AccessAttempt, AccessFailureLog):
        if scope.email is not None:
            rows = model.objects.filter(username__iexact=scope.email)
        else:
            rows = model.objects.filter(attempt_time__lt=scope.cutoff)
        deleted += rows.delete()[0]
    return deleted


def _history_rewrite(scope: ErasureScope) -> int:
    """Admin history: an entry's text was the object's __str__ at the time, which names the
    person; it becomes the reference."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    known: dict[tuple[int, str], tuple] = {}
    entry_ids: set[int] = set()
    for found in scope.found.values():
        content_type = ContentType.objects.get_for_model(found.model)
        known |= {(content_type.pk, str(row[0])): row for row in found.rows}
        for chunk in chunks([str(row[0]) for row in found.rows]):
            entry_ids.update(
                LogEntry.objects.filter(content_type=content_type, object_id__in=chunk).values_list(
                    "pk", flat=True
                )
            )
    if scope.needles:
        entry_ids.update(
            LogEntry.objects.filter(scope.mentions("object_repr", "change_message")).values_list(
                "pk", flat=True
            )
        )
    for chunk in chunks(sorted(entry_ids)):
        for entry in LogEntry.objects.filter(pk__in=chunk):
            row = known.get((entry.content_type_id, entry.object_id))
            entry.object_repr = f"{row[1] if row else 'record'} (erased)"
            message = entry.change_message
            for needle in {*scope.needles, *(row[2:4] if row else ())}:
                if needle and len(needle) >= 3:
                    message = _replace_casefold(message, needle, ERASED_NAME)
            entry.change_message = message
            entry.save(update_fields=["object_repr", "change_message"])
    return len(entry_ids)


def _replace_casefold(text: str, needle: str, replacement: str) -> str:
    lowered, target = text.lower(), needle.lower()
    out, start = [], 0
    while (index := lowered.find(target, start)) != -1:
        out.append(text[start:index])
        out.append(replacement)
        start = index + len(needle)
    out.append(text[start:])
    return "".join(out)
