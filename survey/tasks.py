"""Celery tasks for the survey: the daily purge of drafts nobody needs any more, and training
and scoring the theme suggester (docs/decisions/0870-learned-theme-suggestions.md)."""

from celery import shared_task
from django.core.cache import cache

from portal.models import Consultation
from survey import services
from survey.theming import services as theming


@shared_task(name="survey.tasks.drafts_purge", soft_time_limit=240, time_limit=300)
def drafts_purge() -> int:
    return services.drafts_purge()


@shared_task(name="survey.tasks.themes_train", soft_time_limit=600, time_limit=660)
def themes_train(consultation_id: int) -> str:
    """Train one consultation's suggester; the stored row says whether it became current."""
    try:
        model = theming.themes_train(consultation_id=consultation_id)
    finally:
        cache.delete(f"themes-train-queued:{consultation_id}")
    return f"version {model.version}: {model.state}"


@shared_task(name="survey.tasks.themes_train_nightly", soft_time_limit=60, time_limit=90)
def themes_train_nightly() -> int:
    """Queue a training for every consultation with confirmed responses."""
    ids = list(
        Consultation.objects.filter(surveys__responses__themes_confirmed_at__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    for consultation_id in ids:
        themes_train.delay(consultation_id)
    return len(ids)


@shared_task(name="survey.tasks.themes_sentences_recent", soft_time_limit=240, time_limit=300)
def themes_sentences_recent() -> int:
    return theming.sentences_recent()


@shared_task(name="survey.tasks.themes_margins_score", soft_time_limit=600, time_limit=660)
def themes_margins_score(consultation_id: int) -> int:
    return theming.margins_score(consultation_id=consultation_id)
