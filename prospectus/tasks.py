"""Celery tasks of the prospectus: rendering an export, and failing exports whose worker died."""

from celery import shared_task

from prospectus import services


@shared_task(
    name="prospectus.tasks.export_render",
    soft_time_limit=services.EXPORT_SOFT_TIME_LIMIT,
    time_limit=services.EXPORT_TIME_LIMIT,
    acks_late=True,
)
def export_render(export_id: int) -> str | None:
    export = services.export_render(export_id=export_id)
    return export.status if export else None


@shared_task(name="prospectus.tasks.export_reap_stale", soft_time_limit=30, time_limit=60)
def export_reap_stale() -> int:
    return services.exports_reap_stale()
