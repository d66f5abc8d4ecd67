"""Checks behind /healthz: the database, the cache and the Celery broker, each on its own."""

import uuid

from django.conf import settings
from django.db import connection


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "backend": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means the database is down
        return {"ok": False, "error": type(exc).__name__}


def _check_cache() -> dict:
    """Writes and reads a key straight through the cache client; the portal's own cache ignores
    Redis errors, so that would hide an outage here."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return {"ok": True, "backend": "memory"}
    try:
        import redis

        client = redis.Redis.from_url(
            settings.CACHES["default"]["LOCATION"], socket_connect_timeout=1, socket_timeout=1
        )
        key = f"healthz:{uuid.uuid4().hex}"
        client.set(key, "1", ex=10)
        ok = client.get(key) == b"1"
        client.delete(key)
        return {"ok": ok, "backend": "redis"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "backend": "redis", "error": type(exc).__name__}


def _check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "backend": "inline"}
    from portal.celery import app

    try:
        # The URL is read from settings each time so that a changed broker is what is checked.
        with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=1)
        return {"ok": True, "backend": "broker"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "backend": "broker", "error": type(exc).__name__}


def health_report() -> dict[str, dict]:
    return {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
