"""Erasing personal data: one person's on request (by their email address, or one booking or
response by its reference, for someone who gave no address), or everyone's past the retention
period.

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
    """ "1 booking", "2,000 bookings": for staff (this report, the admin's messages), who work in
    English, so not translated."""
    return f"{count:,} {singular if count == 1 else plural}"


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
    """Whose data: one email address, the one booking or response with a reference, or
    everything older than the cutoff."""

    email: str | None
    cutoff: dt.datetime | None
    now: dt.datetime
    reference: str | None = None
    found: dict[str, Found] = field(default_factory=dict)
    # The person's address (the one asked for, or the one on the record found by reference):
    # mail to it and the lockout's records of it go.
    addresses: list[str] = field(default_factory=list)
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
    reference: str | None = None
    done: list[Line] = field(default_factory=list)
    # The references of the rows anonymised, by what they are ("bookings", "responses").
    references: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(line.count for line in self.done)

    def lines(self) -> list[str]:
        verb = "Would" if self.dry_run else "Did"
        lines = [f"{'Dry run: ' if self.dry_run else ''}Erasing {self._whose()}."]
        for line in self.done:
            refs = line.references
            listed = f" ({', '.join(refs[:20])}{', …' if len(refs) > 20 else ''})" if refs else ""
            lines.append(f"{verb} {line.verb} {line.what}{listed}{line.detail}.")
        if not self.changed:
            lines.append("Nothing to erase.")
        return lines

    def _whose(self) -> str:
        if self.email:
            return f"personal data of {self.email}"
        if self.reference:
            return f"personal data of booking/response {self.reference}"
        return f"personal data older than {_when(self.cutoff)}"


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _mentions(field_names: list[str], needles: list[str]) -> Q:
    query = Q(pk__in=[])  # no needles match nothing, never everything
    for needle in needles:
        for name in field_names:
            query |= Q(**{f"{name}__icontains": needle})
    return query


def _one_of(field_name: str, addresses: list[str]) -> Q:
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field_name}__iexact": address})
    return query


def chunks(items: list, size: int = 500):
    """Items in slices small enough for one IN (...) each."""
    for index in range(0, len(items), size):
        yield items[index : index + size]


def personal_data_erase(
    *,
    email: str | None = None,
    older_than: int | None = None,
    reference: str | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> ErasureReport:
    """Anonymise the bookings and responses of the person with this email address (or the one
    booking or response with this reference, or everyone's records older than older_than days),
    and delete their drafts and emails.

    By reference (matched ignoring case and surrounding spaces) only that one record is erased,
    with the mail, notes and history that name the person on it or its address: the way to
    erase someone who gave no address. To erase everything of a person who gave one, use email.
    Unknown references are a ValueError.

    Exactly one of email, older_than and reference must be given. With dry_run nothing is
    written and the report says what would change.
    """
    email, reference = _checked(email, older_than, reference)
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=older_than) if older_than is not None else None
    scope = ErasureScope(email=email, cutoff=cutoff, now=now, reference=reference)
    report = ErasureReport(dry_run=dry_run, email=email, cutoff=cutoff, reference=reference)
    with transaction.atomic():
        _erase(report, scope)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _checked(email, older_than, reference) -> tuple[str | None, str | None]:
    """The email address and reference, trimmed; a ValueError for what cannot be erased by."""
    if sum(given is not None for given in (email, older_than, reference)) != 1:
        raise ValueError("Give exactly one of email, older_than and reference.")
    if older_than is not None and older_than < 0:
        raise ValueError("older_than must be 0 days or more.")
    email = email.strip() if email is not None else None
    if email is not None and "@" not in email:
        raise ValueError(f"{email!r} is not an email address.")
    reference = reference.strip() if reference is not None else None
    if reference == "":
        raise ValueError("The reference is empty.")
    return email, reference


def _erase(report: ErasureReport, scope: ErasureScope) -> None:
    erasers = registry.hooks("erase")
    for eraser in erasers:
        scope.found |= eraser.find(scope)
    rows = [row for found in scope.found.values() for row in found.rows]
    if scope.reference is not None and not rows:
        raise ValueError(f"No booking or response has reference {scope.reference}.")
    if scope.cutoff is None:
        _identify(scope, rows)
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


def _identify(scope: ErasureScope, rows: list[tuple]) -> None:
    """Who one person is, for mail, notes and history: the address asked for (or, by
    reference, the one on the record, if any) and the names on the rows found."""
    if scope.email is not None:
        scope.addresses = [scope.email]
    else:
        scope.addresses = sorted({row[3].lower() for row in rows if row[3]})
    names = {row[2] for row in rows}
    names = sorted(n for n in names if n and len(n.strip()) >= 3 and n != ERASED_NAME)
    scope.needles = [*scope.addresses, *names]


def _emails_delete(scope: ErasureScope) -> int:
    """Mail to or about the person (a booking notice to staff quotes their name), or all mail
    older than the cutoff."""
    emails = OutboundEmail.objects.annotate(
        attachments_text=Cast("attachments", models.TextField())
    )
    if scope.cutoff is None:
        emails = emails.filter(
            _one_of("to", scope.addresses) | scope.mentions("subject", "body", "attachments_text")
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
        if scope.cutoff is None:
            rows = model.objects.filter(_one_of("username", scope.addresses))
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
