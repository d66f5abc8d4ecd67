"""Celery tasks for round tables: the day-before reminders (run by beat every 15 minutes)."""

from celery import shared_task

from events import services


@shared_task(name="events.tasks.booking_reminders_send", soft_time_limit=120, time_limit=180)
def booking_reminders_send() -> int:
    return services.booking_reminders_send()
