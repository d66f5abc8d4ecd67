"""Round tables, their bookings (confirmed, waiting or cancelled) and what each round table said."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Consultation, Sector, Theme

# The most places a round table can have: more than any room a round-table discussion is held in,
# and far below the database column's own limit, whose raw message staff met (decision 0962).
MAX_CAPACITY = 1000
CAPACITY_TOO_MANY = "Capacity must be 1,000 places or fewer"
CAPACITY_NEGATIVE = "Capacity must be 0 or more"
# A reminder goes at most this many days before (bookings open weeks, not months, ahead).
MAX_REMINDER_DAYS = 60
REMINDER_DAYS_TOO_MANY = "Send the reminder at most 60 days before, or leave it empty for none"


class RoundTable(models.Model):
    """A sector round table discussion event."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="round_tables"
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="round_tables")
    slug = models.SlugField()
    title = models.CharField(max_length=200, help_text="As published, e.g. Textiles Round Table.")
    listed_sector = models.CharField(
        max_length=200, help_text="The sector as the published table of round tables words it."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    venue_address = models.TextField(blank=True)
    # Joining details (issue 16): shown on the page, in the emails and in the calendar file.
    room = models.CharField(max_length=200, blank=True, help_text="For example: Room 2.05.")
    directions = models.TextField(blank=True, help_text="How to get there, and parking.")
    map_url = models.URLField(blank=True, verbose_name="map link", help_text="Optional.")
    access_information = models.TextField(
        blank=True, help_text="Step-free access, hearing loops, accessible toilets and so on."
    )
    agenda = models.TextField(blank=True, help_text="One item a line, with times if known.")
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(
        default=30,
        validators=[MaxValueValidator(MAX_CAPACITY, message=CAPACITY_TOO_MANY)],
        help_text="Confirmed places, up to 1,000; anyone after them joins the waiting list.",
    )
    booking_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to close booking when the round table starts."
    )
    # Reminders: organisers choose when (N days before, at a time) or none (empty days).
    reminder_days_before = models.PositiveSmallIntegerField(
        "reminder: days before",
        null=True,
        blank=True,
        default=1,
        validators=[MaxValueValidator(MAX_REMINDER_DAYS, message=REMINDER_DAYS_TOO_MANY)],
        help_text="1 sends the reminder the day before, up to 60. Leave empty to send no reminder.",
    )
    reminder_time = models.TimeField(
        "reminder: time", default=datetime.time(9, 0), help_text="UK time, for example 09:00."
    )
    reminder_text = models.TextField(
        "reminder: extra paragraph",
        max_length=2000,
        blank=True,
        help_text="Optional. Added to the reminder email after the details of the round table.",
    )
    # Raised each time attendees are told of a change, so calendars replace the event they hold
    # (RFC 5545 SEQUENCE); set by the services, never in a form.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "slug"], name="unique_round_table_slug"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="round_table_ends_after_start",
            ),
        ]
        permissions = [("export_bookings", "Can export attendee lists and sign-in sheets")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    @property
    def closes_at(self):
        """When booking closes: the organisers' date, or the start of the round table."""
        if self.booking_closes_at and self.booking_closes_at < self.starts_at:
            return self.booking_closes_at
        return self.starts_at

    @property
    def location_display(self) -> str:
        """One line, as a calendar's LOCATION: venue, room and address."""
        address = [line.strip() for line in self.venue_address.splitlines() if line.strip()]
        return ", ".join(part for part in [self.venue, self.room, *address] if part)

    @property
    def when_display(self) -> str:
        """As people read it: "10am to 12pm, Monday 14 May 2018" (Europe/London)."""
        from events.selectors import time_range_display

        return time_range_display(self.starts_at, self.ends_at)


class Booking(models.Model):
    """One person's place, or place on the waiting list, at one round table."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    # No index of its own: the indexes below all begin with it.
    round_table = models.ForeignKey(
        RoundTable, on_delete=models.PROTECT, related_name="bookings", db_index=False
    )
    reference = models.CharField(max_length=20, unique=True)
    full_name = models.CharField(max_length=200)
    # None for a walk-in who gave no address (docs/decisions/0969): NULL, not "", so that the
    # one-live-booking-per-email constraint, which NULLs never meet, holds any number of them.
    # Every booking made online or by an organiser has one; nothing is emailed to a booking
    # without one (events/emails.py).
    email = models.EmailField(max_length=254, blank=True, null=True)
    organisation = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    access_needs = models.TextField(max_length=1000, blank=True)
    dietary_needs = models.TextField(max_length=1000, blank=True)
    notify_results = models.BooleanField(
        "email when the results are published",
        default=False,
        # Also in the database: rows written by hand (synthetic responses, benchmarks' floors)
        # need not name it.
        db_default=False,
        help_text="Asked to be emailed once when the consultation's results are published.",
    )
    privacy_agreed_at = models.DateTimeField()
    # No index of their own on status or created_at either: see Meta.indexes.
    # The language the person booked in: every email to them is written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round_table", "created_at", "pk"]
        constraints = [
            # One live booking per person per round table; the booking service relies on it.
            models.UniqueConstraint(
                "round_table",
                Lower("email"),
                condition=models.Q(status__in=["confirmed", "waitlisted"]),
                name="one_live_booking_per_email",
            )
        ]
        # One small index for each question a booking asks, and no other index that begins
        # with the round table. A new installation's tables have no statistics, and PostgreSQL
        # keeps the plan it made for a prepared statement while the table was nearly empty: with
        # a wider index to choose from it read every live booking of the round table to find
        # one email, under the booking lock (docs/decisions/0106-one-index-per-booking-question.md).
        # Staff's lists (admin filters, date hierarchy, exports) read a few thousand rows at
        # most and need none.
        indexes = [
            # The places taken: counted at every booking and every booking page.
            models.Index(
                fields=["round_table"],
                condition=models.Q(status="confirmed"),
                name="booking_confirmed_per_table",
            ),
            # The waiting list in order: promotion and a person's position.
            models.Index(
                fields=["round_table", "created_at", "id"],
                condition=models.Q(status="waitlisted"),
                name="booking_waiting_per_table",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.full_name}"


class RoundTableNote(models.Model):
    """Something a round table said: a challenge, a priority or an intervention."""

    class Kind(models.TextChoices):
        CHALLENGE = "challenge", "Challenge"
        PRIORITY = "priority", "Priority"
        INTERVENTION = "intervention", "Intervention"

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    text = models.TextField(max_length=4000)
    themes = models.ManyToManyField(Theme, blank=True, related_name="round_table_notes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_table", "kind", "pk"]
        verbose_name = "round-table note"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"RT-{self.round_table.slug.upper()}-{self.pk}"


class AttendeeMessage(models.Model):
    """A message an organiser wrote to the people booked on one round table; each person's copy
    is a row in the outbox."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed attendees"
        WAITLISTED = "waitlisted", "The waiting list"
        BOTH = "both", "Confirmed attendees and the waiting list"

    round_table = models.ForeignKey(RoundTable, on_delete=models.PROTECT, related_name="messages")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField("text", max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipient_count = models.PositiveIntegerField("sent to", default=0)
    # From the form the organiser filled in: pressing Send twice posts the same key, and the
    # unique constraint keeps the message (and so its emails) to one.
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "message to attendees"
        verbose_name_plural = "messages to attendees"

    def __str__(self):
        return f"{self.subject} ({self.round_table})"
