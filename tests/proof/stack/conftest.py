"""Fixtures for the full-stack and fault tests: an SMTP sink and the portal's processes."""

import pytest

from tests.proof.harness import SmtpSink, portal_stack, service_urls


@pytest.fixture(scope="package")
def smtp():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="package")
def stack(tmp_path_factory, smtp):
    """The portal on the machine's PostgreSQL (a database of its own) and Redis (a queue and key
    prefix of its own), shared by the modules that do not break a service. Seeded (by default)
    with a few synthetic responses, so that a prospectus render takes long enough to interrupt."""
    database_url, redis_url = service_urls()
    with portal_stack(
        workdir=tmp_path_factory.mktemp("full-stack"),
        server_url=database_url,
        redis_url=redis_url,
        smtp_port=smtp.port,
    ) as running:
        yield running
