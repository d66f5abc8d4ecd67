"""Writes of the shared core: recording and sending email through the outbox."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.models import OutboundEmail
from portal.prepared import PreparedInsert

logger = logging.getLogger(__name__)

# After this many failed attempts the periodic retry leaves an email for staff to look at.
EMAIL_MAX_ATTEMPTS = 50


# Every email goes through here, a booking's confirmation included: built once per process.
_EMAIL_INSERT = PreparedInsert(OutboundEmail)


def email_queue(
    *,
    to: str,
    subject: str = "",
    body: str = "",
    attachments: list[dict] | None = None,
    dedupe_key: str | None = None,
    write_with: str = "",
    write_args: dict | None = None,
) -> OutboundEmail | None:
    """Record an email in the caller's transaction and queue its sending for after the commit.

    With a dedupe_key, an email already recorded under that key is not recorded again (returns
    None), which is how mail that must go once, such as a reminder, stays single.

    Instead of subject, body and attachments, write_with may name a function (dotted path) that
    the worker calls with write_args just before sending; it returns them as a dict, or None
    when the email no longer applies. A request on a hot path then records a small row and
    leaves the writing to the worker.
    """
    if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    email = _EMAIL_INSERT.create(
        to=to,
        subject=subject,
        body=body,
        attachments=attachments or [],
        dedupe_key=dedupe_key,
        write_with=write_with,
        write_args=write_args or {},
    )
    transaction.on_commit(email_drain_request, robust=True)
    return email


def emails_queue_many(emails: list[OutboundEmail]) -> int:
    """Record many unsaved emails in one INSERT in the caller's transaction, and queue one drain
    for after the commit: a message to a thousand people is one statement, not a thousand.
    Emails whose dedupe_key is already recorded are skipped. Returns how many were given."""
    OutboundEmail.objects.bulk_create(emails, batch_size=1000, ignore_conflicts=True)
    if emails:
        transaction.on_commit(email_drain_request, robust=True)
    return len(emails)


# Set while a drain task is queued and has not begun; the drain deletes it before it reads the
# outbox. It lapses on its own if that task is lost, so the next email queues a drain again.
DRAIN_QUEUED_KEY = "portal:outbox-drain-queued"
DRAIN_QUEUED_SECONDS = 60
# Emails a drain sends before it hands the rest to another drain (tasks have time limits).
DRAIN_BATCH = 200


def email_drain_request() -> None:
    """Ask a worker to send what the outbox holds, unless a drain is already queued and has not
    begun: that drain will read this email too (it was committed before we looked, and the drain
    reads the outbox only after it has cleared the key). A rush of bookings so queues one task
    for a batch of emails, not one task each
    (docs/decisions/0105-outbox-drain-and-prepared-statements.md).

    If the broker is down the email stays unsent in the outbox and the periodic retry sends it
    later, so a broker outage delays mail and loses none."""
    from portal.tasks import email_drain_task

    # False: the key is there. True, or None when the cache could not be reached: queue a drain.
    if cache.add(DRAIN_QUEUED_KEY, 1, DRAIN_QUEUED_SECONDS) is False:
        return
    try:
        email_drain_task.delay()
    except Exception:  # noqa: BLE001 - any broker failure means "later", never an error page
        cache.delete(DRAIN_QUEUED_KEY)  # no drain is coming: let the next email ask again
        logger.warning("Could not queue the outbox drain; the periodic retry will send the mail")


def email_drain() -> int:
    """Send the emails that have not been tried yet, oldest first. Returns how many went.

    Emails that failed once are left to the periodic retry, so a bad address or an SMTP outage
    does not hold up new mail."""
    cache.delete(DRAIN_QUEUED_KEY)
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, dropped_at__isnull=True, attempts=0)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:DRAIN_BATCH]
    )
    sent = _emails_send(ids)
    if len(ids) == DRAIN_BATCH:
        email_drain_request()
    return sent


def _emails_send(ids: list[int]) -> int:
    """Send each email in turn; one that fails in an unexpected way is logged and the rest go."""
    sent = 0
    for email_id in ids:
        try:
            sent += email_send(email_id=email_id)
        except Exception:  # noqa: BLE001 - one email's fault must not hold up the others
            logger.exception("Sending email %s failed", email_id)
    return sent


def email_send(*, email_id: int) -> bool:
    """Send one recorded email unless it has gone already. Returns True when it was sent now.

    A failure, in writing the email or in sending it, is recorded as an attempt with its error,
    and the periodic retry tries again."""
    with transaction.atomic():
        try:
            email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        except OutboundEmail.DoesNotExist:
            return False
        if email.sent_at is not None or email.dropped_at is not None:
            return False
        changed = ["attempts", "last_error"]
        email.attempts += 1
        try:
            if email.write_with and not email.body:
                written = import_string(email.write_with)(**email.write_args)
                if written is None:
                    email.dropped_at = timezone.now()
                    email.save(update_fields=["dropped_at"])
                    return False
                email.subject = written["subject"]
                email.body = written["body"]
                email.attachments = written.get("attachments", [])
                # Kept with the outcome, sent or not: a retry sends the same text.
                changed += ["subject", "body", "attachments"]
            message = EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
            )
            for attachment in email.attachments:
                message.attach(
                    attachment["filename"], attachment["content"], attachment["mimetype"]
                )
            message.send()
        except Exception as exc:  # noqa: BLE001 - recorded, and retried by the periodic task
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.save(update_fields=changed)
            logger.warning("Sending email %s failed: %s", email_id, email.last_error)
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=[*changed, "sent_at"])
        return True


def email_retry_unsent(*, older_than_seconds: int = 30) -> int:
    """Send every email still unsent after older_than_seconds. Returns how many went."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        OutboundEmail.objects.filter(
            sent_at__isnull=True,
            dropped_at__isnull=True,
            created_at__lte=cutoff,
            attempts__lt=EMAIL_MAX_ATTEMPTS,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return _emails_send(ids)
