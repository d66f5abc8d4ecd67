"""Production mode (DEBUG off) refuses to start without each required variable, naming it, and
starts when all are set. Each case imports the settings in a fresh interpreter."""

import ast
import json
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


# Production with mail through SMTP, so that every number setting (EMAIL_PORT, HSTS) is read.
EVERY_NUMBER_READ = {**PRODUCTION, "EMAIL_HOST": "smtp.invalid"}
NUMBERS_SCRIPT = (
    "import json, portal.settings as s; "
    "print(json.dumps({n: [d, getattr(s, n, None)] for n, d in s.ENV_NUMBERS.items()}))"
)


def _numbers(env: dict[str, str]) -> dict[str, list]:
    result = subprocess.run(
        [sys.executable, "-c", NUMBERS_SCRIPT],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in CLEARED}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_every_number_setting_set_but_empty_takes_its_default():
    names = _numbers(EVERY_NUMBER_READ)
    assert {"SECURE_HSTS_SECONDS", "EMAIL_PORT", "CONN_MAX_AGE", "RETENTION_DAYS"} <= set(names)
    emptied = _numbers({**EVERY_NUMBER_READ, **{name: "" for name in names}})
    assert set(emptied) == set(names)
    for name, (default, value) in emptied.items():
        # A setting named otherwise (the email retry sits inside the beat schedule) is checked
        # by its default only; every one named after its variable must equal that default.
        assert value in (default, None), name
    assert emptied["SECURE_HSTS_SECONDS"] == [60 * 60 * 24 * 365] * 2


def test_a_number_setting_that_is_not_a_number_stops_the_start_naming_it():
    result = _import_settings({**PRODUCTION, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr.splitlines()[-1]


def test_settings_read_every_number_through_env_number():
    """A new int(env.get(...)) would bring back the crash on an empty variable."""
    tree = ast.parse((ROOT / "portal" / "settings.py").read_text())
    direct = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"int", "float"}
        and "env" in ast.unparse(node)
    ]
    assert direct == []
