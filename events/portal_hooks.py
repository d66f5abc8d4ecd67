"""The round tables' part in the portal-wide jobs (portal/registry.py): seeding them, and erasing
bookings' personal data."""

import datetime as dt

from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.models import Booking, RoundTable
from events.seed import round_tables_seed
from portal.privacy import ERASED_NAME, ErasureScope, Found, Line, chunks
from portal.registry import register
from portal.selectors import date_display, time_range_display, week_commencing_display


@register("seed", order=10)
def seed(*, consultation, dating, demo: bool) -> None:
    round_tables_seed(consultation=consultation, dating=dating)


@register("erase", order=10)
class BookingEraser:
    """Bookings keep round table, status, dates and attendance; who it was goes."""

    def find(self, scope: ErasureScope) -> dict[str, Found]:
        rows = list(
            self._in_scope(scope)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "reference", "full_name", "email")
        )
        return {"bookings": Found(Booking, rows)}

    @staticmethod
    def _in_scope(scope: ErasureScope):
        """The one booking with the reference (a walk-in may have no address, docs/decisions/
        0969), the person's by address, or those past the retention period."""
        if scope.reference is not None:
            return Booking.objects.filter(reference__iexact=scope.reference)
        if scope.email is not None:
            return Booking.objects.filter(email__iexact=scope.email)
        return Booking.objects.filter(
            round_table__ends_at__lt=scope.cutoff, created_at__lt=scope.cutoff
        ).exclude(anonymised_at__isnull=False)

    def erase(self, scope: ErasureScope) -> list[Line]:
        rows = scope.found["bookings"].rows
        for chunk in chunks([row[0] for row in rows]):
            Booking.objects.filter(pk__in=chunk).update(
                full_name=ERASED_NAME,
                # Unique among live bookings of one round table, so each gets its own placeholder.
                email=Concat(
                    Value("erased-"),
                    Cast("pk", models.CharField()),
                    Value("@erased.invalid"),
                    output_field=models.CharField(),
                ),
                organisation="",
                job_title="",
                access_needs="",
                dietary_needs="",
                notify_results=False,
                anonymised_at=scope.now,
            )
        return [Line("anonymise", len(rows), "booking", "bookings", [row[1] for row in rows])]


def _week_of(round_tables) -> str:
    """The week the round tables are held, as the LLEP's page words it ("w/c 14 May")."""
    if not round_tables:
        return ""
    first = min(timezone.localtime(rt.starts_at).date() for rt in round_tables)
    monday = first - dt.timedelta(days=first.weekday())
    return week_commencing_display(monday)


@register("home", order=10)
def home(*, consultation) -> dict:
    """The round tables for the home and get-involved pages, in the order the LLEP's page lists
    them: by sector as published (docs/decisions/0002)."""
    round_tables = list(RoundTable.objects.filter(consultation=consultation))
    rows = [
        {
            "sector": rt.listed_sector,
            "title": rt.title,
            "time": time_range_display(rt.starts_at, rt.ends_at),
            "date": date_display(rt.starts_at),
            "venue": rt.venue,
            "url": rt.get_absolute_url(),
        }
        for rt in sorted(round_tables, key=lambda rt: rt.listed_sector.casefold())
    ]
    return {"round_tables": rows, "round_tables_week": _week_of(round_tables)}
