"""/healthz reports the database, the cache and the broker separately: 200 when all are up, 503
naming what is down."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings


def _closed_port() -> int:
    """A local port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "healthz-test",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }


@pytest.mark.django_db
def test_healthz_answers_200_when_everything_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_names_the_cache_when_redis_does_not_answer(client):
    with override_settings(CACHES=_redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["cache"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_does_not_answer(client):
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0",
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.django_db
def test_healthz_names_both_when_redis_is_cache_and_broker(client):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with override_settings(
        CACHES=_redis_cache(url), CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert sorted(response.json()["down"]) == ["broker", "cache"]


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reports_a_stopped_redis_server_as_down(client):
    """A real Redis of the test's own: up, the check passes; stopped, /healthz says so."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed, though REDIS_URL is set")
    port = _closed_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        settings = {
            "CACHES": _redis_cache(url),
            "CELERY_TASK_ALWAYS_EAGER": False,
            "CELERY_BROKER_URL": url,
        }
        with override_settings(**settings):
            up = client.get("/healthz")
        assert up.status_code == 200, up.json()
        assert up.json()["checks"]["cache"]["backend"] == "redis"

        process.terminate()
        process.wait(10)
        with override_settings(**settings):
            down = client.get("/healthz")
        assert down.status_code == 503
        assert sorted(down.json()["down"]) == ["broker", "cache"]
        assert down.json()["checks"]["database"]["ok"] is True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
