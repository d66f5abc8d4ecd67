"""iCalendar (.ics) files for a booking, written by the `icalendar` package: one event per
booking, UTC times, a UID that never changes, and a SEQUENCE that rises with every change so
that calendars replace the event they hold (docs/decisions/0110-calendar-updates.md)."""

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Booking
from events.selectors import booking_token

PRODID = "-//Leicester and Leicestershire Enterprise Partnership//Consultation portal//EN"


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.reference.lower()}@llep-consultation"


def booking_sequence(booking: Booking, *, cancelled: bool = False) -> int:
    """Rises at every change a person's calendar must take in: each change of the round table
    they were told of, their promotion from the waiting list, and the cancellation last."""
    sequence = booking.round_table.calendar_sequence + (1 if booking.promoted_at else 0)
    return sequence + (1 if cancelled else 0)


def _description(booking: Booking, *, cancelled: bool) -> str:
    round_table = booking.round_table
    lines = [f"{round_table.title}, {round_table.when_display}, {round_table.location_display}."]
    lines.append(_("Booking reference %(reference)s.") % {"reference": booking.reference})
    if cancelled:
        lines.append(_("This booking is cancelled."))
        return "\n".join(lines)
    if booking.status == Booking.Status.WAITLISTED:
        lines.append(_("You are on the waiting list; we will email you if a place comes up."))
    if round_table.agenda:
        lines += ["", _("Agenda") + ":", round_table.agenda.strip()]
    cancel = reverse("events:cancel", args=[booking_token(booking, purpose="cancel")])
    lines += [
        "",
        _("If you can no longer come, cancel your booking: %(link)s")
        % {"link": settings.SITE_URL + cancel},
    ]
    return "\n".join(lines)


def booking_ics(
    booking: Booking, *, cancelled: bool = False, now: dt.datetime | None = None
) -> str:
    """The round table as a calendar event, or (cancelled) the message that removes it
    (METHOD:CANCEL, the same UID, a higher SEQUENCE), in the language the person booked in, as
    its emails are. Times are UTC, which every calendar shows correctly in Europe/London (BST in
    May) without a VTIMEZONE block."""
    with translation.override(booking.language):
        return _calendar(booking, cancelled=cancelled, now=now)


def _calendar(booking: Booking, *, cancelled: bool, now: dt.datetime | None) -> str:
    round_table = booking.round_table
    waiting = booking.status == Booking.Status.WAITLISTED
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking_sequence(booking, cancelled=cancelled))
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", round_table.starts_at.astimezone(dt.UTC))
    event.add("dtend", round_table.ends_at.astimezone(dt.UTC))
    summary = round_table.title
    if waiting:
        summary = _("%(title)s (waiting list)") % {"title": summary}
    event.add("summary", summary)
    event.add("location", round_table.location_display)
    event.add("description", _description(booking, cancelled=cancelled))
    event.add("url", f"{settings.SITE_URL}{round_table.get_absolute_url()}")
    if cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if waiting else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def booking_ics_filename(booking: Booking, *, cancelled: bool = False) -> str:
    suffix = "-cancelled" if cancelled else ""
    return f"{booking.round_table.slug}-{booking.reference.lower()}{suffix}.ics"
