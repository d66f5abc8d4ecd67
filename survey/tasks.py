"""Celery tasks for the survey: the daily purge of drafts nobody needs any more."""

from celery import shared_task

from survey import services


@shared_task(name="survey.tasks.drafts_purge", soft_time_limit=240, time_limit=300)
def drafts_purge() -> int:
    return services.drafts_purge()
