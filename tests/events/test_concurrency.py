"""Many people booking the last places at once, on PostgreSQL: never oversold, the rest waiting in
the order they arrived. Two organisers cancelling one round table at once: one cancels it, the
other is told it was already cancelled."""

import pytest
from django.db import connection

from events.models import Booking, RoundTable
from tests.together import together

from .conftest import BEFORE

THREADS = 24
CAPACITY = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_booking_the_last_places_at_once_never_oversell(settings):
    from events.services import booking_create
    from portal.seed import llep_seed

    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert connection.vendor == "postgresql"
    llep_seed(demo=False)
    round_table = RoundTable.objects.get(slug="textiles")
    round_table.capacity = CAPACITY
    round_table.save()

    def book(who: str):
        return lambda: booking_create(
            round_table_id=round_table.pk,
            full_name=who,
            email=f"{who.replace(' ', '')}@example.com",
            organisation="Race Ltd",
            privacy_agreed=True,
            now=BEFORE,
        )

    for n in range(CAPACITY - 2):  # already some places taken: the race is for the last ones
        book(f"Early {n}")()
    outcomes = together(*(book(f"Racer {n}") for n in range(THREADS)))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert len(outcomes) == THREADS
    confirmed = Booking.objects.filter(round_table=round_table, status="confirmed")
    waiting = list(
        Booking.objects.filter(round_table=round_table, status="waitlisted").order_by(
            "created_at", "pk"
        )
    )
    assert confirmed.count() == CAPACITY
    assert len(waiting) == THREADS - 2
    # Arrival order is the order the lock was granted: every confirmed racer arrived before
    # every waiting one, and waiting positions follow arrival with no gaps or repeats.
    last_confirmed = max(b.created_at for b in confirmed)
    assert all(b.created_at >= last_confirmed for b in waiting)
    positions = sorted(o.position for o in outcomes if o.position is not None)
    assert positions == list(range(1, THREADS - 1))
    by_booking = {o.booking.pk: o.position for o in outcomes if o.position is not None}
    assert [by_booking[b.pk] for b in waiting] == list(range(1, THREADS - 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisers_cancelling_at_once_cancel_it_once(book, textiles, settings):
    from events.services import round_table_cancel

    settings.CELERY_TASK_ALWAYS_EAGER = True
    book()

    def cancel():
        return round_table_cancel(round_table_id=textiles.pk, now=BEFORE)

    results = together(cancel, cancel)

    # The second waited on the row lock and found it cancelled: None, not "nobody booked" ([]).
    assert sorted(len(r) if r is not None else -1 for r in results) == [-1, 1]
