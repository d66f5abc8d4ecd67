"""Browser journeys: Playwright driving the system Chromium against pytest-django's live server."""
