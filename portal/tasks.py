"""Celery tasks of the shared core: sending the outbox."""

from celery import shared_task

from portal import services


@shared_task(name="portal.tasks.email_drain", soft_time_limit=240, time_limit=300)
def email_drain_task() -> int:
    return services.email_drain()


@shared_task(name="portal.tasks.email_retry_unsent", soft_time_limit=240, time_limit=300)
def email_retry_unsent() -> int:
    return services.email_retry_unsent()
