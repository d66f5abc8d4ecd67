"""Celery tasks of the shared core: sending the outbox."""

from celery import shared_task

from portal import services


@shared_task(name="portal.tasks.email_send", soft_time_limit=30, time_limit=60)
def email_send_task(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task(name="portal.tasks.email_retry_unsent", soft_time_limit=240, time_limit=300)
def email_retry_unsent() -> int:
    return services.email_retry_unsent()
