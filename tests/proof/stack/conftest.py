"""Fixtures for the full-stack and fault tests: an SMTP sink and the portal's processes."""

import os

import pytest

from tests.proof.harness import SmtpSink

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture(scope="module")
def smtp():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def need(reason: str | None) -> None:
    """Skip with the reason where something is missing, or fail under REQUIRE_SERVICES=1."""
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)
