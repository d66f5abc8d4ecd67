"""The admin sign-in lockout (django-axes, attempts in the database): it keeps counting while the
cache is down, and a sign-in clears only its own account's failures (issue 12, point 13)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

LOCKED = "Too many failed sign-in attempts"
PASSWORD = "correct horse battery staple 42"
DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        # As in production: a Redis error is ignored and the cache acts as empty.
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }
}


@pytest.fixture
def staff(db):
    User = get_user_model()
    return {
        name: User.objects.create_user(username=name, password=PASSWORD, is_staff=True)
        for name in ("alice", "bob", "carol", "eve")
    }


def _sign_in(client: Client, username: str, password: str):
    return client.post(
        reverse("admin:login") + "?next=/admin/", {"username": username, "password": password}
    )


def test_the_lock_holds_while_the_cache_is_down(staff, settings):
    settings.CACHES = DEAD_REDIS
    assert cache.get("anything") is None and not cache.set("probe", 1)  # really down
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 3):
        _sign_in(client, "alice", "wrong password")

    reply = _sign_in(client, "alice", PASSWORD)

    assert reply.status_code == 429
    assert LOCKED in reply.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_across_accounts_from_one_address_lock_the_address(staff, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("alice", "bob", "carol"):
        for _ in range(4):
            _sign_in(attacker, name, "guess")

    # Even an account nobody guessed at is refused from that address...
    assert LOCKED in _sign_in(attacker, "eve", PASSWORD).content.decode()
    # ...while the accounts still sign in from elsewhere (4 failures each, under the limit).
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.9"), "bob", PASSWORD).status_code == 302


def test_a_sign_in_never_clears_another_accounts_failures(staff, settings):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 13
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("alice", "bob", "carol"):
        for _ in range(4):
            _sign_in(client, name, "guess")
    # 12 failures from the address; the attacker's own account signs in between.
    assert _sign_in(client, "eve", PASSWORD).status_code == 302
    client.logout()
    _sign_in(client, "alice", "guess")  # the 13th failure from the address

    assert LOCKED in _sign_in(client, "eve", PASSWORD).content.decode()


def test_the_locked_page_is_the_admin_sign_in_page_in_the_portals_words(staff, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "alice", "wrong")

    page = _sign_in(client, "alice", "wrong").content.decode()

    assert f"{LOCKED}. Try again in {settings.LOGIN_LOCK_SECONDS // 60} minutes." in page
    assert 'name="username"' in page and "Please enter the correct" not in page
