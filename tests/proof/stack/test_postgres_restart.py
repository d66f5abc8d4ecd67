"""Fault: PostgreSQL restarted under load. Requests meanwhile get the friendly 503 page, never a
traceback, and the portal recovers by itself, without restarting gunicorn.

Runs against a private PostgreSQL cluster (initdb in a temporary directory, on a free port),
never the machine's shared server.
"""

import threading
import time
import uuid
from collections import Counter

import pytest

from tests.proof.harness import (
    Client,
    PrivatePostgres,
    need,
    page_summary,
    portal_stack,
    private_postgres_available,
    round_table_book,
    service_urls,
    wait_for,
)

pytestmark = [pytest.mark.stack, pytest.mark.slow]

# Public pages: some are built from data the portal caches in Redis, and may keep answering
# while the database is down; the round-table pages count places live and cannot.
PAGES = ["/", "/get-involved/", "/round-tables/", "/survey/", "/leicester-and-leicestershire/"]
FRIENDLY = "Sorry, the service is unavailable"
TRACEBACK_SIGNS = ("Traceback", "OperationalError", "psycopg", 'id="traceback"')


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    need(private_postgres_available())
    server = PrivatePostgres(tmp_path_factory.mktemp("pg"))
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, smtp, postgres):
    _, redis_url = service_urls()
    with portal_stack(
        workdir=tmp_path_factory.mktemp("pg-restart"),
        server_url=postgres.url(),
        redis_url=redis_url,
        smtp_port=smtp.port,
    ) as running:
        yield running


class Load:
    """Threads requesting pages in turn until stopped, keeping every answer. Each job is a client
    (with its cookies: anonymous, signed in, halfway through the survey) and its pages."""

    def __init__(self, jobs: list[tuple[Client, list[str]]]):
        self.stop_event = threading.Event()
        self.replies: list[tuple[float, str, int, str]] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=job) for job in jobs]

    def _run(self, client: Client, pages: list[str]) -> None:
        index = 0
        while not self.stop_event.is_set():
            page = pages[index % len(pages)]
            index += 1
            try:
                reply = client.get(page, timeout=20)
                record = (time.monotonic(), page, reply.status, reply.text)
            except OSError as exc:  # a refused or dropped connection is a failure too
                record = (time.monotonic(), page, -1, repr(exc))
            with self.lock:
                self.replies.append(record)
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(30)


def _booting_count(stack) -> int:
    return stack.procs["web"].log_path.read_text().count("Booting worker")


def test_requests_during_a_restart_get_the_friendly_page_and_the_portal_recovers_alone(
    stack, postgres
):
    slug = stack.sql("SELECT slug FROM events_roundtable ORDER BY starts_at LIMIT 1")[0][0]
    PAGES.append(f"/round-tables/{slug}/")
    client = Client(stack.base_url)
    for page in PAGES:
        assert client.get(page).status == 200
    booker = Client(stack.base_url)
    form_page = booker.get(f"/round-tables/{slug}/")
    gunicorn = stack.procs["web"]
    boots_before = _booting_count(stack)

    moderator = Client(stack.base_url)
    moderator.admin_login("moderator", stack.passwords["moderator"])
    respondent = Client(stack.base_url)
    respondent.post_form("/survey/begin/", {}, page=respondent.get("/survey/"))
    jobs = [(Client(stack.base_url), PAGES[i:] + PAGES[:i]) for i in range(3)]
    jobs += [
        (moderator, ["/admin/", "/admin/events/roundtable/", "/admin/survey/response/"]),
        (respondent, ["/survey/section/1/", "/survey/"]),
    ]
    with Load(jobs) as load:
        time.sleep(1.5)
        postgres.stop(mode="fast")
        down_from = time.monotonic()
        time.sleep(3)
        # Asked while the database is surely down: pages, and a booking sent from a form
        # loaded before.
        during = [client.get(page) for page in PAGES]
        booking_during = booker.post_form(
            f"/round-tables/{slug}/",
            {
                "full_name": "Dora During",
                "email": f"during-{uuid.uuid4().hex[:6]}@example.com",
                "organisation": "Melton Foods",
                "privacy_agreed": "on",
            },
            page=form_page,
            follow=False,
        )
        down_until = time.monotonic()
        postgres.start()
        time.sleep(3)

    # Every answer was a page or the friendly 503, never a traceback or a broken connection.
    statuses = Counter(status for _, _, status, _ in load.replies)
    assert set(statuses) <= {200, 503}, statuses
    assert booking_during.status == 503, page_summary(booking_during)
    assert "have not been saved this time" in booking_during.text
    assert {reply.status for reply in during} <= {200, 503}
    assert during[-1].status == 503, "the live round-table page cannot be served without data"
    failures = [r for r in load.replies if r[2] == 503] + [
        (0, "", r.status, r.text) for r in [*during, booking_during] if r.status == 503
    ]
    for _, page, _, text in failures:
        assert FRIENDLY in text, f"{page}: {text[:500]}"
        assert not any(sign in text for sign in TRACEBACK_SIGNS), f"{page}: {text[:2000]}"
    assert any(down_from <= at <= down_until for at, _, status, _ in load.replies if status == 503)

    # Recovered by itself: every page answers 200 again on both workers, same gunicorn.
    def all_pages_ok():
        return all(Client(stack.base_url).get(page).status == 200 for page in PAGES * 2)

    wait_for(all_pages_ok, timeout=20, what="the portal to recover", on_timeout=stack.logs)
    assert gunicorn.running() and stack.procs["web"] is gunicorn
    # Signed-in staff and a respondent halfway through met the 503 too, and kept their sessions.
    for page in ("/admin/", "/survey/section/1/"):
        assert any(p == page and status == 503 for _, p, status, _ in load.replies), page
    admin = moderator.get("/admin/")
    assert admin.status == 200 and "/admin/login/" not in admin.url
    assert "Consultation administration" in admin.text
    survey_page = respondent.get("/survey/section/1/")
    assert survey_page.status == 200 and "/survey/section/1/" in survey_page.url
    assert _booting_count(stack) == boots_before, "gunicorn workers were restarted"
    slug = stack.sql("SELECT slug FROM events_roundtable ORDER BY starts_at LIMIT 1")[0][0]
    address = f"after-restart-{uuid.uuid4().hex[:6]}@example.com"
    booked = round_table_book(
        Client(stack.base_url), slug, name="Ada After", email=address, organisation="Blaby Tools"
    )
    assert booked.status == 200 and "/booking-sent/" in booked.url
    assert stack.sql("SELECT count(*) FROM events_booking WHERE email = %s", (address,)) == [(1,)]
