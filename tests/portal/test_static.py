"""Under production settings WhiteNoise serves the collected static files compressed (brotli or
gzip) with far-future cache headers. Runs collectstatic into a temporary STATIC_ROOT in a fresh
interpreter, so the test run's own settings are untouched."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

# Only the portal's own files: the admin's hundreds would slow the test and prove nothing more.
call_command("collectstatic", "--no-input", "--ignore", "admin", verbosity=0)
client = Client()
found = {}
for name in ("css/portal.css", "js/portal.js"):
    url = static(name)
    for encoding in ("br", "gzip"):
        r = client.get(url, HTTP_ACCEPT_ENCODING=encoding, secure=True)
        found[f"{name} {encoding}"] = {
            "url": url,
            "status": r.status_code,
            "encoding": r.headers.get("Content-Encoding", ""),
            "cache": r.headers.get("Cache-Control", ""),
        }
print(json.dumps(found))
"""


@pytest.mark.slow
def test_static_files_are_compressed_with_far_future_cache_headers_in_production(tmp_path):
    settings_module = tmp_path / "static_check_settings.py"
    settings_module.write_text(
        "from portal.settings import *  # noqa\n"
        f"STATIC_ROOT = {str(tmp_path / 'static')!r}\n"
        "ALLOWED_HOSTS = ['testserver']\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "TEST_DB_NAME"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="static-check-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        # Never connected to: static files are answered before any database or cache use.
        DATABASE_URL="postgresql://llep@db.invalid:5432/llep",
        REDIS_URL="redis://redis.invalid:6379/0",
        DJANGO_SETTINGS_MODULE="static_check_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]),
    )
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for key, response in found.items():
        name, encoding = key.split()
        assert response["status"] == 200, key
        # Hashed names (portal.3f2a….css) are what make a year's caching safe.
        assert response["url"] != f"/static/{name}", key
        assert response["encoding"] == encoding, key
        max_age = re.search(r"max-age=(\d+)", response["cache"])
        assert max_age and int(max_age.group(1)) >= 31536000, key  # a year or more
        assert "immutable" in response["cache"], key
