"""A message to 1,000 attendees: the organiser's Send request that records it, and the worker's
drain that sends it, beside a floor measured in the same run.

    .venv/bin/python bench/attendee_message.py               # 1,000 people, 5 runs
    .venv/bin/python bench/attendee_message.py --people 5000

It makes its own PostgreSQL database (llep_attendee_message, dropped at the end), migrates,
seeds the LLEP consultation and writes N confirmed bookings on one round table. Then, in this
process (Django's test client, production-like settings, tasks queued to an in-memory broker so
the request does not send anything itself):

- request: an organiser's POST of the admin's "Send" form, through the whole middleware stack,
  the permission check, the form, the service (one AttendeeMessage row and N outbox rows in one
  INSERT) and the commit;
- floor: the same N outbox rows bulk-inserted alone, in one transaction;
- worker: portal.services.email_drain run as the worker runs it, batch after batch (each drain
  sends DRAIN_BATCH emails and asks for the next), into Django's in-memory mail backend, so the
  figure is the portal's own work per email, not an SMTP server's.

The best of the runs is kept (the machine is shared). Target (issue 16): the request under a
second for 1,000 people, and the worker sending in batches.
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: import bench.*
from bench._common import PG_URL, ROOT, database_create, database_drop  # noqa: E402

DB_URL = f"{PG_URL}/{os.environ.get('BENCH_DB_NAME', 'llep_attendee_message')}"


def _setup() -> None:
    os.chdir(ROOT)
    for name in ("REDIS_URL", "EMAIL_HOST", "TEST_DB_NAME"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=DB_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_BROKER_URL="memory://",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver"]


def _scene(people: int):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from events.models import Booking, RoundTable
    from portal.roles import EVENT_ORGANISERS

    call_command("migrate", verbosity=0)
    call_command("seed_llep", verbosity=0)
    round_table = RoundTable.objects.order_by("starts_at").first()
    round_table.capacity = people
    round_table.save(update_fields=["capacity"])
    Booking.objects.bulk_create(
        Booking(
            round_table=round_table,
            reference=f"LLEP-BNCH-{n:05d}",
            full_name=f"Person {n}",
            email=f"person{n}@example.com",
            organisation="Example Ltd",
            privacy_agreed_at=round_table.starts_at,
            status=Booking.Status.CONFIRMED,
        )
        for n in range(people)
    )
    organiser = User.objects.create_user("bench-organiser", password="x", is_staff=True)
    organiser.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    return round_table, organiser


def _request(client, round_table) -> float:
    from django.urls import reverse

    url = reverse("admin:events_roundtable_message", args=[round_table.pk])
    data = {
        "audience": "confirmed",
        "subject": "Joining instructions",
        "body": "Please come to reception on the ground floor.",
        "idempotency_key": str(uuid.uuid4()),
        "send": "Send",
    }
    started = time.perf_counter()
    reply = client.post(url, data)
    elapsed = time.perf_counter() - started
    assert reply.status_code == 302, reply.status_code
    return elapsed


def _floor(people: int) -> float:
    from django.db import transaction

    from portal.models import OutboundEmail

    rows = [
        OutboundEmail(to=f"person{n}@example.com", dedupe_key=f"floor-{uuid.uuid4().hex}")
        for n in range(people)
    ]
    started = time.perf_counter()
    with transaction.atomic():
        OutboundEmail.objects.bulk_create(rows, batch_size=1000)
    return time.perf_counter() - started


def _worker() -> tuple[float, int, int]:
    """Drain as the worker does until the outbox is empty: (seconds, emails sent, drains)."""
    from django.core import mail

    from portal.models import OutboundEmail
    from portal.services import email_drain

    OutboundEmail.objects.filter(dedupe_key__startswith="floor-").delete()
    mail.outbox = []
    started, sent, drains = time.perf_counter(), 0, 0
    while True:
        went = email_drain()
        drains += 1
        sent += went
        if not went:
            break
    return time.perf_counter() - started, sent, drains - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    database_create(DB_URL)
    try:
        _setup()
        from django.test import Client

        from portal.services import DRAIN_BATCH

        round_table, organiser = _scene(args.people)
        client = Client()
        client.force_login(organiser)
        _request(client, round_table)  # warm: imports, templates, prepared statements
        _worker()
        requests, floors, workers = [], [], []
        for _ in range(args.runs):
            requests.append(_request(client, round_table))
            floors.append(_floor(args.people))
            workers.append(_worker())
        best_request, best_floor = min(requests), min(floors)
        seconds, sent, drains = min(workers)
        print(f"people: {args.people}, runs: {args.runs} (best kept)")
        print(f"request (admin Send, recorded and committed): {best_request * 1000:.0f} ms")
        print(f"floor (the outbox rows bulk-inserted alone):  {best_floor * 1000:.0f} ms")
        print(f"ratio request / floor: {best_request / best_floor:.2f}")
        print(
            f"worker: {sent} emails in {drains} drains of up to {DRAIN_BATCH}, "
            f"{seconds:.2f} s ({seconds / max(sent, 1) * 1000:.2f} ms an email, in-memory mail)"
        )
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(DB_URL)


if __name__ == "__main__":
    main()
