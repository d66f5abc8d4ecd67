"""Production mode (DEBUG off) refuses to start without each required variable, naming it, and
starts when all are set. Each case imports the settings in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-" + "x" * 50,
    "ALLOWED_HOSTS": "consult.llep.org.uk",
    "DATABASE_URL": "postgresql://llep@db.invalid:5432/llep",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}
# Variables of the test run itself that would otherwise leak into the child's settings.
CLEARED = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "TEST_DB_NAME"}


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_each_required_variable(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    result = _import_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]


def test_production_counts_an_empty_variable_as_missing():
    result = _import_settings({**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]


def test_production_refuses_a_database_that_is_not_postgresql():
    result = _import_settings({**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/llep.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr.splitlines()[-1]


def test_production_starts_with_every_required_variable_set():
    result = _import_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_embedded_default_starts_with_nothing_set():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; "
            "assert s.DEBUG; assert s.CELERY_TASK_ALWAYS_EAGER; "
            "assert 'sqlite3' in s.DATABASES['default']['ENGINE']; "
            "assert 'locmem' in s.CACHES['default']['BACKEND']",
        ],
        cwd=ROOT,
        env={
            k: v for k, v in os.environ.items() if k not in CLEARED | {"CELERY_TASK_ALWAYS_EAGER"}
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("value", "threshold"), [(None, "5"), ("false", "None")])
def test_prepared_statements_are_on_unless_turned_off_for_a_pooler(value, threshold):
    env = {**PRODUCTION, **({"DATABASE_PREPARED_STATEMENTS": value} if value else {})}
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    base.pop("DATABASE_PREPARED_STATEMENTS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; "
            "print(s.DATABASES['default']['OPTIONS']['prepare_threshold'])",
        ],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == threshold


def test_the_wsgi_entry_point_sets_what_it_loaded_aside_from_the_garbage_collector():
    """A full collection then scans only what requests make (docs/decisions/0105)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, sys; import portal.wsgi; "
            "assert 'survey.admin' in sys.modules and 'events.views' in sys.modules; "
            "print(gc.get_freeze_count())",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in CLEARED},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) > 10_000
