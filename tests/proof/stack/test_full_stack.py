"""The portal as production runs it: gunicorn (2 workers), a Celery worker and beat, PostgreSQL,
Redis and an SMTP server, driven over HTTP as people use it."""

import pytest

from tests.proof.harness import Client, portal_stack, service_urls

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory, smtp):
    database_url, redis_url = service_urls()
    with portal_stack(
        workdir=tmp_path_factory.mktemp("full-stack"),
        server_url=database_url,
        redis_url=redis_url,
        smtp_port=smtp.port,
    ) as running:
        yield running


def test_health_check_reports_database_cache_and_broker_up(stack):
    reply = Client(stack.base_url).get("/healthz")
    assert reply.status == 200, reply.text
    assert '"status": "ok"' in reply.text
    assert '"backend": "broker"' in reply.text, "tasks must go to a real broker, not inline"
