"""The LLEP consultation portal's shared core; importing it loads the Celery app."""

from portal.celery import app as celery_app

__all__ = ["celery_app"]
