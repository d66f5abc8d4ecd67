"""Fault: Redis (broker and cache) stopped while stakeholders book and the public submits.

Runs against a private redis-server on a free port, never the machine's shared Redis.
"""

import shutil
import uuid

import pytest

from tests.proof.harness import (
    Client,
    PrivateRedis,
    need,
    page_summary,
    portal_stack,
    round_table_book,
    service_urls,
    survey_submit,
    wait_for,
)

pytestmark = [pytest.mark.stack, pytest.mark.slow]

PAGES = ["/", "/get-involved/", "/round-tables/", "/survey/", "/privacy/"]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):

    need(None if shutil.which("redis-server") else "needs redis-server installed")
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.proc.stop(timeout=5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, smtp, redis_server):
    database_url, _ = service_urls()
    with portal_stack(
        workdir=tmp_path_factory.mktemp("redis-outage"),
        server_url=database_url,
        redis_url=redis_server.url(0),
        smtp_port=smtp.port,
    ) as running:
        yield running


def test_bookings_and_responses_survive_a_redis_outage_and_their_mail_follows(
    stack, smtp, redis_server
):
    slugs = [
        row[0] for row in stack.sql("SELECT slug FROM events_roundtable ORDER BY starts_at LIMIT 3")
    ]
    run = uuid.uuid4().hex[:6]
    stakeholders = [f"stakeholder{i}-{run}@example.com" for i in range(4)]
    residents = [f"resident{i}-{run}@example.com" for i in range(2)]
    # Before the outage everything works, and the mail path is warm.
    assert Client(stack.base_url).get("/healthz").status == 200

    redis_server.stop()
    try:
        for page in PAGES:
            reply = Client(stack.base_url).get(page)
            assert reply.status == 200, f"{page} answered {reply.status} while Redis was down"
        # Staff can still sign in (the throttle's counts are unavailable, not an error) and work.
        staff = Client(stack.base_url)
        staff.admin_login("moderator", stack.passwords["moderator"])
        for page in ("/admin/", "/admin/survey/response/"):
            reply = staff.get(page)
            assert reply.status == 200 and "/admin/login/" not in reply.url, page
        # The board asks for a PDF: with no broker it fails at once with the reason, not a 500.
        board = Client(stack.base_url)
        board.admin_login("board", stack.passwords["board"])
        generated = board.post_form(
            "/board/exports/", {"generate": "Generate"}, page=board.get("/board/")
        )
        assert generated.status == 200, page_summary(generated)
        [(status, error)] = stack.sql(
            "SELECT status, error FROM prospectus_export ORDER BY id DESC LIMIT 1"
        )
        assert status == "failed" and "task queue" in error
        for index, address in enumerate(stakeholders):
            booked = round_table_book(
                Client(stack.base_url),
                slugs[index % len(slugs)],
                name=f"Stakeholder {index}",
                email=address,
                organisation="Charnwood Engineering",
            )
            assert booked.status == 200 and "/booking-sent/" in booked.url, page_summary(booked)
        for address in residents:
            survey_submit(
                Client(stack.base_url), email=address, text=f"Broadband in rural Melton {address}"
            )
        assert Client(stack.base_url).get("/healthz").status == 503  # it notices, and says so

        # Everything is stored; the mail waits in the outbox, unsent.
        everyone = stakeholders + residents
        stored = stack.sql(
            "SELECT count(*) FROM events_booking WHERE email = ANY(%s)", (stakeholders,)
        )
        assert stored == [(len(stakeholders),)]
        responses = stack.sql(
            "SELECT count(DISTINCT response_id) FROM survey_answer WHERE text LIKE %s",
            (f"%{run}@example.com",),
        )
        assert responses == [(len(residents),)]
        unsent = stack.sql(
            'SELECT count(*) FROM portal_outboundemail WHERE "to" = ANY(%s) AND sent_at IS NULL',
            (everyone,),
        )
        assert unsent[0][0] >= len(everyone)
        assert smtp.to(stakeholders[0]) == []
    finally:
        redis_server.start()

    # Redis is back: the worker and beat reconnect by themselves and the retry sends it all.
    for address in stakeholders + residents:
        smtp.wait_for_mail(address, timeout=75)
    assert stack.sql(
        'SELECT count(*) FROM portal_outboundemail WHERE "to" = ANY(%s) AND sent_at IS NULL',
        (stakeholders + residents,),
    ) == [(0,)]
    wait_for(
        lambda: Client(stack.base_url).get("/healthz").status == 200,
        timeout=15,
        what="/healthz to report Redis back",
    )
    # And the board's next Generate goes through the worker again.
    board.post_form("/board/exports/", {"generate": "Generate"}, page=board.get("/board/"))
    wait_for(
        lambda: (
            stack.sql("SELECT status FROM prospectus_export ORDER BY id DESC LIMIT 1")
            == [("done",)]
        ),
        timeout=60,
        what="the export after the outage to be done",
        on_timeout=stack.logs,
    )
