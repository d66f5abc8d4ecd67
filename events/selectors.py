"""Reads of round tables and bookings that views, admin and the prospectus share."""

from django.db.models import QuerySet

from events.models import RoundTable
from portal.models import Consultation


def round_tables_listed(*, consultation: Consultation) -> QuerySet[RoundTable]:
    return RoundTable.objects.filter(consultation=consultation).select_related("sector")
