"""App config for round tables."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    # Not "Round tables", the name of its main model: the admin's trail read "Round tables ›
    # Round tables" (docs/decisions/0802).
    verbose_name = "Round tables and bookings"
