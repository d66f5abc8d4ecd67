"""The booking's counts on PostgreSQL: read through the small indexes, in the plan PostgreSQL keeps
for a prepared statement, when that plan was made on a new, nearly empty table and is still used
once the waiting list is long (docs/decisions/0106-one-index-per-booking-question.md)."""

import re

import pytest
from django.db import connection

from events import availability
from events.models import Booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _generic_plan(cursor, round_table_id: int) -> str:
    cursor.execute("EXPLAIN EXECUTE booking_counts('nobody@example.com', %s)", [round_table_id])
    return "\n".join(row[0] for row in cursor.fetchall())


def test_the_prepared_count_reads_only_confirmed_places_and_this_email(book, small, before):
    first = book()
    book()  # the two places
    assert availability._LOCKED_COUNTS.row(round_table_id=small.pk, email="x@example.com") == (
        2,
        None,
    )
    sql = availability._LOCKED_COUNTS._compiled["default"].sql
    numbered = iter(range(1, 10))
    statement = re.sub(r"%s", lambda _: f"${next(numbered)}", sql).replace("%%", "%")
    with connection.cursor() as cursor:
        cursor.execute("PREPARE booking_counts AS " + statement)
        # The plan kept for any values, as PostgreSQL uses for a prepared statement after a few
        # runs, made now, on a table of two bookings that has never had statistics gathered: as
        # each server process of a new installation makes it when bookings open.
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        plans = {"made on a new table": _generic_plan(cursor, small.pk)}
        Booking.objects.bulk_create(  # a long waiting list, as in a rush
            Booking(
                round_table=small,
                reference=f"LLEP-TEST-{n:04}",
                full_name=f"Waiting {n}",
                email=f"waiting{n}@example.com",
                privacy_agreed_at=before,
                status=Booking.Status.WAITLISTED,
            )
            for n in range(500)
        )
        plans["still used with 500 waiting"] = _generic_plan(cursor, small.pk)
        cursor.execute("DEALLOCATE booking_counts")
        cursor.execute("PREPARE booking_counts AS " + statement)
        plans["made on the full table"] = _generic_plan(cursor, small.pk)
        cursor.execute("RESET plan_cache_mode")
        cursor.execute("DEALLOCATE booking_counts")
    for when, plan in plans.items():
        assert "booking_confirmed_per_table" in plan, when
        assert "one_live_booking_per_email" in plan, when
        assert "Filter" not in plan, when  # nothing read only to be thrown away
    counts = availability._LOCKED_COUNTS.row(
        round_table_id=small.pk, email=first.booking.email.upper()
    )
    assert counts == (2, first.booking.pk)
