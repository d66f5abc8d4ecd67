"""Shared fixtures, and the rule for tests that need a real service: they skip with the reason
where the service is missing, except when REQUIRE_SERVICES=1 (CI), where a missing service fails
the run instead."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from threadpoolctl import threadpool_limits

# One BLAS thread a test worker (decision 0950): OpenBLAS otherwise starts a thread per core in
# each of the two workers, and its threads spin while they wait, so one worker's matrix products
# (the sentence model) and the other's Chromium fought over the two cores: the theme tests took
# 60-120 s under `make test` against 3-9 s alone. The variable for a BLAS loaded later (scipy's),
# the limit for those loaded already (numpy's, by pytest's plugins).
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    threadpool_limits(1, user_api="blas")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _missing_service(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or None when it can."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if marker in {"postgres", "stack"}:
        if not database_url.startswith(("postgres://", "postgresql://")):
            return "needs PostgreSQL: set DATABASE_URL=postgresql://..."
        if not _reachable(database_url, 5432):
            return f"PostgreSQL is not reachable at {database_url}"
    if marker in {"redis", "stack"}:
        if not redis_url:
            return "needs Redis: set REDIS_URL=redis://..."
        if not _reachable(redis_url, 6379):
            return f"Redis is not reachable at {redis_url}"
    if marker == "browser" and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "stack", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing_service(marker)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    _seed_again_if_emptied(item)


def _group(item) -> str:
    return "stack" if item.get_closest_marker("stack") else item.nodeid.split("::")[0]


def _minutes(item) -> float:
    """How long a test's group runs on one worker, as its slow marker says (slow(minutes=8));
    a slow test that does not say, 1; any other, 0."""
    marker = item.get_closest_marker("slow")
    return marker.kwargs.get("minutes", 1) if marker else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Groups for pytest-xdist (`--dist loadgroup`, docs/decisions/0950): a module's tests run on
    one worker, so its module-scoped fixtures (a rendered PDF, Chromium) are made once; every
    stack test runs on the same worker, sharing one started stack and its template database.
    Groups holding a slow test are handed out first, the longest first, so that no long one is
    left to run alone at the end while the other worker waits (the Makefile turns off xdist's
    own reordering, by number of tests, which would put them last)."""
    minutes: dict[str, float] = {}
    for item in items:
        minutes[_group(item)] = max(minutes.get(_group(item), 0), _minutes(item))
    items.sort(key=lambda item: -minutes[_group(item)])
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def _flushes(item) -> bool:
    """Whether the test empties the database at its end (a transactional test)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


_emptied = False  # a transactional test has emptied this process's test database


def _seed_again_if_emptied(item):
    """A test after a transactional one finds the session's seed again. pytest-django runs
    transactional tests last, but a pytest-xdist worker runs whole groups in turn, so another
    module's tests can come after one that emptied the database."""
    global _emptied
    if _emptied and not _flushes(item):
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.sql import emit_post_migrate_signal
        from pytest_django.plugin import blocking_manager_key

        from portal.seed import llep_seed

        with item.config.stash[blocking_manager_key].unblock():
            # What migrate made and the flush took: content types, permissions and the roles'
            # groups (portal.roles syncs them after migrate), then the consultation.
            emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
            ContentType.objects.clear_cache()
            llep_seed(demo=False)
        _emptied = False


def pytest_runtest_teardown(item, nextitem):
    global _emptied
    _emptied = _emptied or _flushes(item)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and sign-in throttles live in the cache, shared pages, the survey's questions
    and the booking pages' round tables in the process too; each test starts with none."""
    from django.core.cache import cache, caches

    caches["local"].clear()

    # django-redis deletes only this run's keys (its KEY_PREFIX), never the broker's queues.
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Passwords hashed with MD5 in tests: hashing is not under test, and the production hasher
    (PBKDF2, a million rounds) costs about a second of CPU for every account a test makes and
    every sign-in (docs/decisions/0950)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in English: a request in another language leaves that language active
    in the thread (LocaleMiddleware sets one at every request), and reverse() would prefix it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the LLEP consultation seeded once, as published. Each test runs
    in a transaction rolled back at its end, so it starts from this; the llep and llep_demo
    fixtures still run the seed, which on rows already as seeded only reads them. A
    transactional test (live_server, the browser journeys) empties the database after it, and
    pytest-django runs those after all the others: their seed then writes the rows again."""
    from portal.seed import llep_seed

    with django_db_blocker.unblock():
        llep_seed(demo=False)


@pytest.fixture
def llep(db):
    """The LLEP 2018 consultation loaded as published (seed_llep without --demo)."""
    from portal.seed import llep_seed

    return llep_seed(demo=False)


@pytest.fixture
def llep_demo(db):
    """The LLEP consultation re-dated to be live now (seed_llep --demo, without accounts)."""
    from portal.seed import llep_seed

    return llep_seed(demo=True)
