"""Every write about bookings: booking, cancelling, promoting the waiting list, capacity, attendance,
reminders, messages to attendees. The only code that decides whether a place is free."""

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from events import availability, emails
from events.availability import State
from events.models import MAX_CAPACITY, AttendeeMessage, Booking, RoundTable
from events.selectors import cancelled_with, waiting_list, waiting_position
from portal.models import OutboundEmail
from portal.prepared import PreparedInsert, PreparedQuery
from portal.selectors import datetime_display
from portal.services import emails_queue_many

logger = logging.getLogger(__name__)

# No 0/O or 1/I: references are read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class BookingRefused(Exception):
    """Booking is not possible: reason is the round table's state (unknown, closed, past; the
    words are availability.REFUSALS) or "consent"."""

    MESSAGES = {
        **availability.REFUSALS,
        "consent": "Agree to the privacy notice to book a place.",
        "walk_in_full": "Every place is taken, so the walk-in was not added. If the room can take "
        "more people, raise the round table's capacity first.",
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


@dataclass
class BookingOutcome:
    booking: Booking
    created: bool  # False: this email already had a live booking, which is returned

    @cached_property
    def position(self) -> int | None:
        """On the waiting list, 1 for the first; None when confirmed. Counted when asked, not
        under the lock: a booking page POST never asks."""
        return waiting_position(self.booking)


def _reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"LLEP-{chars[:4]}-{chars[4:]}"


def _locked(**where):
    return (
        RoundTable.objects.select_for_update(of=("self",))
        .filter(**where)
        .order_by()
        .annotate(consultation_is_current=F("consultation__is_current"))
    )


# The queries of a booking, built once per process: building SQL from a QuerySet costs more CPU
# than PostgreSQL spends answering these, and a rush runs them hundreds of times a second.
_LOCKED_BY_ID = PreparedQuery(lambda pk: _locked(pk=pk), pk=int)
_LOCKED_BY_SLUG = PreparedQuery(
    lambda slug: _locked(slug=slug, consultation__is_current=True), slug=str
)
_BOOKING_INSERT = PreparedInsert(Booking)


def _round_table_locked(
    round_table_id: int | None = None, *, slug: str | None = None
) -> RoundTable:
    """The round table (by id, or by slug in the current consultation), its row locked until the
    transaction ends (PostgreSQL), with consultation_is_current. SQLite has no row locks; there
    the IMMEDIATE transactions the settings ask for serialise every writer."""
    if round_table_id is not None:
        found = _LOCKED_BY_ID.objects(pk=round_table_id)
    else:
        found = _LOCKED_BY_SLUG.objects(slug=slug)
    if not found:
        raise RoundTable.DoesNotExist
    return found[0]


def _booking_insert(
    round_table, now, status, full_name, email, organisation, job_title, access_needs,
    dietary_needs, **extra,
) -> Booking:  # fmt: skip
    """The booking's row, as every way of booking writes it (called under the lock)."""
    return _BOOKING_INSERT.create(
        round_table=round_table,
        reference=_reference(),
        full_name=full_name.strip(),
        email=email,
        organisation=organisation.strip(),
        job_title=job_title.strip(),
        access_needs=access_needs.strip(),
        dietary_needs=dietary_needs.strip(),
        privacy_agreed_at=now,
        status=status,
        language=get_language() or settings.LANGUAGE_CODE,
        **extra,
    )


def booking_create(
    *,
    round_table_id: int | None = None,
    round_table_slug: str | None = None,
    full_name: str,
    email: str,
    organisation: str,
    job_title: str = "",
    access_needs: str = "",
    dietary_needs: str = "",
    privacy_agreed: bool,
    notify_results: bool = False,
    now: dt.datetime | None = None,
) -> BookingOutcome:
    """Book a place, or a place on the waiting list when the round table is full.

    The round table's row is locked while counting and inserting, so two people can never take
    the last place. The same email booking again gets its existing booking back, and its
    confirmation email again. The round table is named by id, or by slug in the current
    consultation (what a booking page posts).
    """
    if (round_table_id is None) == (round_table_slug is None):
        raise TypeError("Give round_table_id or round_table_slug")
    now = now or timezone.now()
    if not privacy_agreed:
        raise BookingRefused("consent")
    email = email.strip()
    with transaction.atomic():
        # Everything between this lock and the commit is kept to a few statements: it is the
        # part of a booking that cannot run in parallel (docs/decisions/0101-booking-lock.md).
        try:
            round_table = _round_table_locked(round_table_id, slug=round_table_slug)
        except RoundTable.DoesNotExist:
            raise BookingRefused(State.UNKNOWN) from None
        if not round_table.consultation_is_current:
            raise BookingRefused(State.UNKNOWN)
        confirmed, existing_id = availability.counted_for_booking(
            round_table_id=round_table.pk, email=email
        )
        state = availability.state_of(round_table, confirmed=confirmed, now=now)
        if not state.bookable:
            raise BookingRefused(state)
        if existing_id is not None:
            existing = Booking.objects.select_related("round_table").get(pk=existing_id)
            emails.booking_confirmation_queue(existing, again=True, now=now)
            return BookingOutcome(booking=existing, created=False)
        # Nobody waiting can be ahead of a place that is free, so a waitlisted booking is last.
        status = Booking.Status.CONFIRMED if state == State.OPEN else Booking.Status.WAITLISTED
        booking = _booking_insert(
            round_table, now, status, full_name, email, organisation, job_title,
            access_needs, dietary_needs, notify_results=notify_results,
        )  # fmt: skip
        emails.booking_confirmation_queue(booking)
    return BookingOutcome(booking=booking, created=True)


def waiting_list_promote(*, round_table: RoundTable, now: dt.datetime) -> list[Booking]:
    """Give free places to the waiting list, first come first served, and email each person.

    The caller holds the round table's lock in its transaction. Nobody is promoted once the
    round table has started: a place then is no use to them.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("waiting_list_promote must run inside the booking transaction")
    if now >= round_table.starts_at:
        return []
    free = round_table.capacity - availability.confirmed_count(round_table=round_table)
    if free <= 0:
        return []
    promoted = list(waiting_list(round_table=round_table).select_related("round_table")[:free])
    for booking in promoted:
        booking.status = Booking.Status.CONFIRMED
        booking.promoted_at = now
        booking.save(update_fields=["status", "promoted_at"])
        emails.booking_promoted_queue(booking)
    if promoted:
        logger.info("Promoted %s from the waiting list of %s", len(promoted), round_table.slug)
    return promoted


def booking_cancel(
    *, booking_id: int, now: dt.datetime | None = None, notify: bool = True
) -> tuple[Booking, bool]:
    """Cancel a place or leave the waiting list; a freed place goes at once to the waiting list.

    Returns the booking and whether it was cancelled now (False when it was already).
    """
    now = now or timezone.now()
    with transaction.atomic():
        round_table_id = Booking.objects.values_list("round_table_id", flat=True).get(pk=booking_id)
        round_table = _round_table_locked(round_table_id)
        booking = Booking.objects.select_related("round_table").get(pk=booking_id)
        if booking.status == Booking.Status.CANCELLED:
            return booking, False
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        if notify:
            emails.booking_cancelled_queue(booking, was_waiting=not was_confirmed)
        if was_confirmed:
            waiting_list_promote(round_table=round_table, now=now)
    return booking, True


@dataclass
class SpamCancelled:
    cancelled: list[Booking]
    promoted: list[Booking]


def bookings_cancel_as_spam(
    *, booking_ids: list[int], now: dt.datetime | None = None
) -> SpamCancelled:
    """Cancel many bookings made by a bot, without emailing their (made-up) addresses, then
    promote each round table's waiting list once, all in one transaction.

    Round tables are locked in id order, so two organisers doing this at once cannot deadlock.
    Spam on the waiting list is cancelled before the promotion, so it is never offered a place.
    """
    now = now or timezone.now()
    with transaction.atomic():
        round_table_ids = sorted(
            set(
                Booking.objects.filter(
                    pk__in=booking_ids, status__in=availability.LIVE
                ).values_list("round_table_id", flat=True)
            )
        )
        cancelled: list[Booking] = []
        promoted: list[Booking] = []
        for round_table_id in round_table_ids:
            round_table = _round_table_locked(round_table_id)
            spam = list(
                Booking.objects.filter(
                    pk__in=booking_ids, round_table_id=round_table_id, status__in=availability.LIVE
                ).select_related("round_table")
            )
            for booking in spam:
                booking.status = Booking.Status.CANCELLED
                booking.cancelled_at = now
            Booking.objects.bulk_update(spam, ["status", "cancelled_at"])
            cancelled += spam
            promoted += waiting_list_promote(round_table=round_table, now=now)
    logger.info("Cancelled %s bookings as spam; promoted %s", len(cancelled), len(promoted))
    return SpamCancelled(cancelled=cancelled, promoted=promoted)


def round_table_capacity_change(
    *, round_table_id: int, capacity: int, now: dt.datetime | None = None
) -> list[Booking]:
    """Set the capacity. Raising it promotes the waiting list; lowering it never removes anyone
    already confirmed, it only stops new confirmations. Returns who was promoted."""
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ValueError(f"Capacity must be from 0 to {MAX_CAPACITY}")
    now = now or timezone.now()
    with transaction.atomic():
        round_table = _round_table_locked(round_table_id)
        if round_table.capacity != capacity:
            round_table.capacity = capacity
            round_table.save(update_fields=["capacity"])
        return waiting_list_promote(round_table=round_table, now=now)


# A change to any of these is one people booked must hear about, with an updated calendar file.
FIELDS_PEOPLE_MUST_HEAR_ABOUT = ("starts_at", "ends_at", "venue", "venue_address", "room")


def round_table_change_record(*, round_table_id: int) -> int:
    """A date, time or place has changed: raise the calendar SEQUENCE, so the updated calendar
    files replace the events people hold. Returns the new sequence. Nobody is emailed until an
    organiser asks (round_table_change_notify)."""
    with transaction.atomic():
        round_table = _round_table_locked(round_table_id)
        round_table.calendar_sequence += 1
        round_table.save(update_fields=["calendar_sequence"])
    return round_table.calendar_sequence


def round_table_change_notify(*, round_table_id: int) -> int:
    """Email everyone booked (confirmed and waiting) the round table as it is now, with the
    updated calendar file. Once per person per change, however often it is asked: returns how
    many were queued now."""
    with transaction.atomic():
        _round_table_locked(round_table_id)
        booked = Booking.objects.filter(
            round_table_id=round_table_id, status__in=availability.LIVE
        ).select_related("round_table")
        return sum(emails.round_table_changed_queue(booking) for booking in booked)


def round_table_cancel(
    *, round_table_id: int, now: dt.datetime | None = None
) -> list[Booking] | None:
    """The organisers cancel a round table: nobody can book it any more (its state is
    cancelled), every live booking is cancelled and each person is emailed with the calendar
    file that removes it. Nobody is promoted. Returns the bookings cancelled now (empty when
    nobody was booked), or None when it was already cancelled: two organisers pressing at once
    queue on the row lock, and the second is told so rather than that nobody was booked."""
    now = now or timezone.now()
    with transaction.atomic():
        round_table = _round_table_locked(round_table_id)
        if round_table.cancelled_at is not None:
            return None
        round_table.cancelled_at = now
        round_table.save(update_fields=["cancelled_at"])
        booked = list(
            Booking.objects.filter(
                round_table_id=round_table_id, status__in=availability.LIVE
            ).select_related("round_table")
        )
        for booking in booked:
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
        Booking.objects.bulk_update(booked, ["status", "cancelled_at"])
        for booking in booked:
            emails.round_table_cancelled_queue(booking)
    logger.info("Cancelled round table %s and its %s bookings", round_table.slug, len(booked))
    return booked


class ReinstateRefused(Exception):
    """A cancelled round table cannot be put back on: the message says why and what to do."""


def reinstate_refusal(round_table: RoundTable, *, now: dt.datetime | None = None) -> str | None:
    """Why a cancelled round table cannot be reinstated now, or None when it can: the one rule,
    which the admin's confirmation page shows before anyone presses."""
    if (now or timezone.now()) >= round_table.starts_at:
        return (
            f"The {round_table.title} cannot be reinstated: it was due to start at "
            f"{datetime_display(round_table.starts_at)}, which has passed. Give it a date still "
            "to come, then reinstate it."
        )
    return None


@dataclass
class Reinstated:
    round_table: RoundTable
    left_cancelled: int  # bookings its cancellation cancelled, which stay cancelled


def round_table_reinstate(
    *, round_table_id: int, now: dt.datetime | None = None
) -> Reinstated | None:
    """The organisers put a cancelled round table back on: it is open to bookings again, in
    whatever state its date and places give it (availability.state_of). The bookings its
    cancellation cancelled stay cancelled and nobody is emailed: those people were told it was
    off and that they need do nothing more, so none is booked again without asking; they can
    book again like anyone else (decision 0961). Refused once its start has passed: give it a
    date still to come first. None when it was not cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        round_table = _round_table_locked(round_table_id)
        if round_table.cancelled_at is None:
            return None
        if refusal := reinstate_refusal(round_table, now=now):
            raise ReinstateRefused(refusal)
        left_cancelled = cancelled_with(round_table).count()
        round_table.cancelled_at = None
        round_table.save(update_fields=["cancelled_at"])
    logger.info("Reinstated round table %s", round_table.slug)
    return Reinstated(round_table=round_table, left_cancelled=left_cancelled)


def booking_attendance_mark(
    *, booking_ids: list[int], attended: bool | None, round_table_id: int | None = None
) -> int:
    """Record who came. Only confirmed places can be marked (of one round table, when given);
    returns how many were."""
    bookings = Booking.objects.filter(pk__in=booking_ids, status=Booking.Status.CONFIRMED)
    if round_table_id is not None:
        bookings = bookings.filter(round_table_id=round_table_id)
    return bookings.update(attended=attended)


def booking_attendance_set(
    *, round_table_id: int, booking_id: int, attended: bool | None
) -> Booking | None:
    """Mark one confirmed place at this round table as attended, or undo that (None: not
    recorded). The door page's one tap. Returns the booking, or None when it is not a confirmed
    place at this round table (cancelled meanwhile, or an id from elsewhere)."""
    changed = booking_attendance_mark(
        booking_ids=[booking_id], attended=attended, round_table_id=round_table_id
    )
    if not changed:
        return None
    return Booking.objects.get(pk=booking_id)


def booking_walk_in_add(
    *,
    round_table_id: int,
    full_name: str,
    email: str | None = None,
    organisation: str,
    job_title: str = "",
    access_needs: str = "",
    dietary_needs: str = "",
    now: dt.datetime | None = None,
) -> BookingOutcome:
    """Record someone who came without booking as a confirmed place, marked attended.

    Under the booking lock like any booking, so the places stay right, but allowed after booking
    has closed and on the day (that is when people walk in). Refused when every place is taken
    (docs/decisions/0120-walk-ins.md). Someone already booked is marked attended instead; someone
    waiting gets the free place. No email: the person is in the room, and the organiser tells
    them about the privacy notice as when booking by phone. The email address is optional
    (walk-ins often give none, docs/decisions/0969): without one nobody can be found by it, so
    the walk-in is always a new place.
    """
    now = now or timezone.now()
    email = (email or "").strip() or None
    with transaction.atomic():
        try:
            round_table = _round_table_locked(round_table_id)
        except RoundTable.DoesNotExist:
            raise BookingRefused(State.UNKNOWN) from None
        if not round_table.consultation_is_current:
            raise BookingRefused(State.UNKNOWN)
        if email is None:
            confirmed, existing_id = availability.confirmed_count(round_table=round_table), None
        else:
            confirmed, existing_id = availability.counted_for_booking(
                round_table_id=round_table.pk, email=email
            )
        existing = Booking.objects.get(pk=existing_id) if existing_id is not None else None
        if existing is not None and existing.status == Booking.Status.CONFIRMED:
            existing.attended = True
            existing.save(update_fields=["attended"])
            return BookingOutcome(booking=existing, created=False)
        if not availability.place_free(round_table, confirmed=confirmed):
            raise BookingRefused("walk_in_full")
        if existing is not None:  # waiting: the free place is theirs
            existing.status = Booking.Status.CONFIRMED
            existing.promoted_at = now
            existing.attended = True
            existing.save(update_fields=["status", "promoted_at", "attended"])
            return BookingOutcome(booking=existing, created=False)
        booking = _booking_insert(
            round_table, now, Booking.Status.CONFIRMED, full_name, email, organisation,
            job_title, access_needs, dietary_needs, attended=True,
        )  # fmt: skip
    return BookingOutcome(booking=booking, created=True)


def reminder_due_at(round_table: RoundTable) -> dt.datetime | None:
    """When a round table's reminders go: its organisers' number of days before, at their time
    (Europe/London); None when they chose no reminder."""
    if round_table.reminder_days_before is None:
        return None
    day = timezone.localtime(round_table.starts_at).date()
    day -= dt.timedelta(days=round_table.reminder_days_before)
    return timezone.make_aware(dt.datetime.combine(day, round_table.reminder_time))


def booking_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind confirmed attendees when each round table's organisers chose (the day before at
    9am unless they changed it), once each. Returns how many were queued.

    Runs every 15 minutes: for each round table whose reminder time has come and which has not
    started, each confirmed booking not yet reminded is locked (skipping any another worker
    holds), queued with a dedupe key and marked. A booking made after that time is reminded at
    the next run. Round tables are few, so which are due is worked out here, not in SQL.
    """
    now = now or timezone.now()
    upcoming = RoundTable.objects.filter(starts_at__gt=now, reminder_days_before__isnull=False)
    due_ids = [rt.pk for rt in upcoming if reminder_due_at(rt) <= now]
    if not due_ids:
        return 0
    sent = 0
    with transaction.atomic():
        due = (
            Booking.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("round_table")
            .filter(
                status=Booking.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                round_table_id__in=due_ids,
                email__isnull=False,  # a walk-in who gave no address
            )
            .order_by("pk")
        )
        for booking in due:
            if emails.booking_reminder_queue(booking, now=now):
                sent += 1
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
    return sent


AUDIENCE_STATUSES = {
    AttendeeMessage.Audience.CONFIRMED: [Booking.Status.CONFIRMED],
    AttendeeMessage.Audience.WAITLISTED: [Booking.Status.WAITLISTED],
    AttendeeMessage.Audience.BOTH: [Booking.Status.CONFIRMED, Booking.Status.WAITLISTED],
}


def attendee_message_recipients(*, round_table_id: int, audience: str):
    """The bookings a message to this audience goes to: live, not anonymised, with an address
    (a walk-in may have given none), in booking order."""
    return Booking.objects.filter(
        round_table_id=round_table_id,
        status__in=AUDIENCE_STATUSES[audience],
        anonymised_at__isnull=True,
        email__isnull=False,
    ).order_by("created_at", "pk")


@dataclass
class MessageOutcome:
    message: AttendeeMessage
    created: bool  # False: this form had been sent already; nothing more was queued


def attendee_message_send(
    *,
    round_table_id: int,
    audience: str,
    subject: str,
    body: str,
    idempotency_key: uuid.UUID,
    sent_by_id: int | None,
) -> MessageOutcome:
    """Record an organiser's message and one outbox row per person, sent by the worker after
    the commit. The same form sent twice (the same idempotency key) records nothing more and
    returns the first message: the key is unique in the table, so this holds however the two
    requests interleave. A constant number of queries, however many people are booked."""
    if audience not in AUDIENCE_STATUSES:
        raise ValueError(f"Unknown audience {audience!r}")
    try:
        with transaction.atomic():
            message = AttendeeMessage.objects.create(
                round_table_id=round_table_id,
                audience=audience,
                subject=subject.strip(),
                body=body.strip(),
                idempotency_key=idempotency_key,
                sent_by_id=sent_by_id,
            )
            recipients = attendee_message_recipients(
                round_table_id=round_table_id, audience=audience
            ).values_list("pk", "email")
            message.recipient_count = emails_queue_many(
                [_message_copy(message.pk, booking_id, to) for booking_id, to in recipients]
            )
            message.save(update_fields=["recipient_count"])
    except IntegrityError:
        existing = AttendeeMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return MessageOutcome(message=existing, created=False)
    logger.info("Message %s queued to %s people", message.pk, message.recipient_count)
    return MessageOutcome(message=message, created=True)


def _message_copy(message_id: int, booking_id: int, to: str) -> OutboundEmail:
    args = {"message_id": message_id, "booking_id": booking_id}
    return OutboundEmail(
        to=to,
        write_with="events.emails.attendee_message_write",
        write_args=args,
        dedupe_key=emails.attendee_message_dedupe_key(**args),
    )
