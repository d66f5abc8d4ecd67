"""Settings for bench/pages.py: the portal's own (production mode, read from the environment) with
the bench's URLconf, which adds the bare floor, and static files collected into a temporary folder."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
