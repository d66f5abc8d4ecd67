"""The booking's counts on PostgreSQL: read through the small indexes, even in the plan PostgreSQL
keeps for a prepared statement and before it has statistics on a new table."""

import re

import pytest
from django.db import connection

from events import services
from events.models import Booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_prepared_count_reads_only_confirmed_places_and_this_email(book, small, before):
    first = book()
    book()  # the two places
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
    counts = services._COUNTS.row(round_table_id=small.pk, email=first.booking.email.upper())
    assert counts == (2, first.booking.pk)
    sql = services._COUNTS._compiled["default"].sql
    numbered = iter(range(1, 10))
    statement = re.sub(r"%s", lambda _: f"${next(numbered)}", sql).replace("%%", "%")
    with connection.cursor() as cursor:
        cursor.execute("PREPARE booking_counts AS " + statement)
        # The plan kept for any values, as PostgreSQL uses for a prepared statement after a few
        # runs; statistics never gathered, as for a table that has just filled up.
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute("EXPLAIN EXECUTE booking_counts('nobody@example.com', %s)", [small.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET plan_cache_mode")
        cursor.execute("DEALLOCATE booking_counts")
    assert "booking_confirmed_per_table" in plan
    assert "one_live_booking_per_email" in plan
    assert "Filter" not in plan  # nothing read only to be thrown away
