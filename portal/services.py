"""Writes of the shared core: recording and sending email through the outbox."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.models import OutboundEmail

logger = logging.getLogger(__name__)

# After this many failed attempts the periodic retry leaves an email for staff to look at.
EMAIL_MAX_ATTEMPTS = 50


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
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        attachments=attachments or [],
        dedupe_key=dedupe_key,
        write_with=write_with,
        write_args=write_args or {},
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk), robust=True)
    return email


def email_enqueue(*, email_id: int) -> None:
    """Hand an email to Celery. If the broker is down the email stays unsent in the outbox and
    the periodic retry sends it later, so a broker outage delays mail and loses none."""
    from portal.tasks import email_send_task

    try:
        email_send_task.delay(email_id)
    except Exception:  # noqa: BLE001 - any broker failure means "later", never an error page
        logger.warning("Could not queue email %s; the periodic retry will send it", email_id)


def email_send(*, email_id: int) -> bool:
    """Send one recorded email unless it has gone already. Returns True when it was sent now."""
    with transaction.atomic():
        try:
            email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        except OutboundEmail.DoesNotExist:
            return False
        if email.sent_at is not None or email.dropped_at is not None:
            return False
        changed = ["attempts", "last_error"]
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
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
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
    return sum(email_send(email_id=email_id) for email_id in ids)
