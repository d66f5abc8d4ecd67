"""Playwright fixtures for the browser journeys: one Chromium for the folder, a fresh context per
test, the LLEP demo data on a live server, email read from the in-process outbox, and a
screenshot of every page a test visited kept under test-artifacts/ when the test fails."""

import contextlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an event loop registered in this thread for as long as the browser
# lives, so Django would refuse ORM calls made from the test bodies as if they came from async
# code. Only this check is switched off.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(item) -> bool:
    return any(
        getattr(item, f"report_{when}", None) is not None and getattr(item, f"report_{when}").failed
        for when in ("setup", "call")
    )


@pytest.fixture(scope="package")
def browser():
    """One Chromium for this folder's tests, closed when they are done (before the stack tests
    start their own processes)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def portal_settings(settings, live_server, tmp_path):
    """Links in emails point at the live server; tasks (sending mail, rendering the prospectus)
    run inline even when the environment has a broker (CI sets REDIS_URL); prospectus PDFs are
    written to the test's own folder."""
    from portal.celery import app

    settings.SITE_URL = live_server.url
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    yield settings
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def portal(llep_demo, portal_settings, live_server):
    """The LLEP consultation, live now (round tables next week, the survey open), served live."""
    return llep_demo


class Pages:
    """Opens pages in fresh browser contexts and keeps a screenshot of every page they load."""

    def __init__(self, browser, base_url: str, shots_dir: Path):
        self.browser = browser
        self.base_url = base_url
        self.shots_dir = shots_dir
        self.contexts = []
        self.count = 0
        self.console_errors: list[str] = []

    def new(self, viewport: dict | None = None):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or DESKTOP,
            locale="en-GB",
            timezone_id="Europe/London",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("load", lambda: self.shoot(page))
        page.on("console", lambda message: self._console(page, message))
        return page

    def _console(self, page, message) -> None:
        # A 4xx page (a form sent with errors) logs "Failed to load resource"; that is expected.
        # What is not: the Content Security Policy refusing an inline script or style, or a
        # script error.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.console_errors.append(f"{page.url}: {message.text}")

    def shoot(self, page, label: str = "") -> None:
        """A full-page screenshot, numbered in the order the test saw the pages."""
        self.count += 1
        path = urlsplit(page.url).path.strip("/") or "home"
        name = re.sub(r"[^A-Za-z0-9]+", "-", f"{path}-{label}".strip("-"))[:80].strip("-")
        # A page closed or navigating away cannot be shot; the next load is shot instead.
        with contextlib.suppress(Exception):
            page.screenshot(
                path=str(self.shots_dir / f"{self.count:02d}-{name}.png"), full_page=True
            )

    def close(self, keep_in: Path | None) -> None:
        for context in self.contexts:
            if keep_in is not None:
                for page in context.pages:
                    self.shoot(page, "at-failure")
                    try:
                        html = page.content()
                    except Exception:
                        continue
                    (self.shots_dir / f"{self.count:02d}-at-failure.html").write_text(html)
            context.close()
        if keep_in is not None:
            shutil.rmtree(keep_in, ignore_errors=True)
            keep_in.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(self.shots_dir, keep_in)


@pytest.fixture
def pages(browser, live_server, request, tmp_path):
    """pages.new(viewport) opens a page; on failure the test's screenshots (and the HTML of the
    pages still open) go to test-artifacts/<test name>/."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    opened = Pages(browser, live_server.url, shots)
    yield opened
    failed = _failed(request.node)
    console = not failed and opened.console_errors
    keep = None
    if failed or console:
        keep = ARTEFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    opened.close(keep)
    if console:
        pytest.fail(
            "the browser console reported errors (a CSP refusal or a script error):\n"
            + "\n".join(opened.console_errors),
            pytrace=False,
        )


@pytest.fixture
def page(pages):
    """A desktop-sized page on the live portal."""
    return pages.new()


@pytest.fixture
def narrow_page(pages):
    """A page 320 CSS pixels wide, the narrowest phone the portal supports."""
    return pages.new(NARROW)


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()
