"""Admin sign-in throttling, the Content Security Policy on every page, and `check --deploy`
under production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
LOCKED = "Too many failed sign-in attempts"


def _sign_in(client: Client, username: str, password: str):
    return client.post(
        reverse("admin:login") + "?next=/admin/", {"username": username, "password": password}
    )


def test_admin_sign_in_is_locked_after_repeated_failures_even_with_the_right_password(
    accounts, settings
):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        reply = _sign_in(client, "moderator", "wrong password")
        assert reply.status_code == 200
        assert LOCKED not in reply.content.decode()

    reply = _sign_in(client, "moderator", PASSWORD)

    page = reply.content.decode()
    assert LOCKED in page
    assert f"Try again in {settings.LOGIN_LOCK_SECONDS // 60} minutes" in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_lock_holds_for_the_username_from_another_address_too(accounts, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(attacker, "board", "guess")

    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert LOCKED in _sign_in(elsewhere, "board", PASSWORD).content.decode()
    # Another account from a clean address is not affected.
    assert _sign_in(elsewhere, "organiser", PASSWORD).status_code == 302


def test_a_successful_sign_in_before_the_limit_clears_the_count(accounts, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _sign_in(client, "organiser", "wrong")
    assert _sign_in(client, "organiser", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _sign_in(client, "organiser", "wrong")
    assert _sign_in(client, "organiser", PASSWORD).status_code == 302


# --- Content Security Policy ---------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _public_paths(llep_demo) -> list[str]:
    from events.models import RoundTable

    round_table = RoundTable.objects.filter(consultation=llep_demo).first()
    return [
        "/",
        "/industrial-strategy/",
        "/local-industrial-strategies/",
        "/leicester-and-leicestershire/",
        "/get-involved/",
        "/downloads/",
        "/privacy/",
        "/accessibility/",
        "/round-tables/",
        f"/round-tables/{round_table.slug}/",
        "/survey/",
        "/no-such-page/",
        "/admin/login/",
    ]


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def _check_page(path: str, reply) -> list[str]:
    problems = []
    policy = reply.get("Content-Security-Policy")
    if not policy:
        return [f"{path}: no Content-Security-Policy header"]
    directives = _directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    if not scripts:
        problems.append(f"{path}: no script-src or default-src")
    elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or "*" in scripts:
        problems.append(f"{path}: script-src allows {scripts}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"{path}: object-src is not 'none'")
    if "frame-ancestors" not in directives:
        problems.append(f"{path}: no frame-ancestors")
    if not path.startswith("/admin/"):
        html = reply.content.decode()
        for name, pattern in (
            ("an inline script", INLINE_SCRIPT),
            ("an inline event handler", EVENT_HANDLER),
            ("an inline style attribute", STYLE_ATTRIBUTE),
        ):
            match = pattern.search(html)
            if match:
                problems.append(f"{path}: {name}: {match.group(0)[:120]}")
    return problems


def test_every_public_page_has_a_policy_with_no_inline_scripts(llep_demo):
    client = Client()
    problems = []
    for path in _public_paths(llep_demo):
        problems += _check_page(path, client.get(path))
    assert problems == [], "\n".join(problems)


def test_forms_in_their_error_state_keep_the_policy(llep_demo):
    from events.models import RoundTable

    slug = RoundTable.objects.filter(consultation=llep_demo).first().slug
    client = Client()
    path = f"/round-tables/{slug}/"
    reply = client.post(path, {"full_name": "", "email": "not-an-address"})
    assert reply.status_code == 200
    assert _check_page(path, reply) == []


def test_staff_pages_have_the_policy_too(accounts, one_of_everything):
    client = Client()
    client.force_login(accounts["superuser"])
    problems = []
    for path in [
        "/admin/",
        "/admin/events/booking/",
        f"/admin/events/booking/{one_of_everything['booking'].pk}/change/",
        "/board/",
        "/board/evidence/responses/",
    ]:
        reply = client.get(path)
        assert reply.status_code == 200, path
        problems += _check_page(path, reply)
    assert problems == [], "\n".join(problems)


# --- Deployment checks ---------------------------------------------------------------------------


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DEBUG"))
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "proof-" + os.urandom(32).hex(),
            "ALLOWED_HOSTS": "consult.llep.org.uk",
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/llep_proof",
            "REDIS_URL": "redis://127.0.0.1:6379/7",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout
