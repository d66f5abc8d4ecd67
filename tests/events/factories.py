"""Factories for round tables and bookings."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from events.models import Booking, RoundTable

LONDON = ZoneInfo("Europe/London")


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written directly, for setting the scene; real bookings go through the service."""

    class Meta:
        model = Booking

    round_table = factory.Iterator(RoundTable.objects.all())
    reference = factory.Sequence(lambda n: f"LLEP-TEST-{n:04d}")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    organisation = "Example Ltd"
    privacy_agreed_at = factory.LazyFunction(lambda: dt.datetime(2018, 5, 1, 9, 0, tzinfo=LONDON))
    status = Booking.Status.CONFIRMED
