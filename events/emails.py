"""The emails a booking sends: confirmation, waiting list, promotion, cancellation, reminder, and
organisers' messages to attendees."""

import datetime as dt
import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.ics import booking_ics, booking_ics_filename
from events.models import AttendeeMessage, Booking
from events.selectors import booking_token, date_display, waiting_position
from portal.services import email_queue

SIGN_OFF = _("Leicester and Leicestershire Enterprise Partnership (LLEP)")


def _in_their_language(queue):
    """Write the email in the language the person booked in (their links lead to it too)."""

    @functools.wraps(queue)
    def in_language(booking: Booking, *args, **kwargs):
        with translation.override(booking.language):
            return queue(booking, *args, **kwargs)

    return in_language


def _to_an_address(queue):
    """Nothing is sent to a booking without an address (a walk-in who gave none): the queue
    function then records nothing and answers False."""

    @functools.wraps(queue)
    def addressed(booking: Booking, *args, **kwargs):
        if not booking.email:
            return False
        return queue(booking, *args, **kwargs)

    return addressed


def _dear(booking: Booking) -> str:
    return _("Dear %(name)s,") % {"name": booking.full_name} + "\n\n"


def _keep_or_cancel(page: str, cancel: str) -> str:
    return (
        _("See your booking: %(link)s") % {"link": page}
        + "\n"
        + _(
            "If you can no longer come, please cancel so that someone else can have your "
            "place: %(link)s"
        )
        % {"link": cancel}
        + f"\n\n{SIGN_OFF}\n"
    )


def _links(booking: Booking) -> tuple[str, str]:
    page = settings.SITE_URL + reverse(
        "events:booking", args=[booking_token(booking, purpose="page")]
    )
    cancel = settings.SITE_URL + reverse(
        "events:cancel", args=[booking_token(booking, purpose="cancel")]
    )
    return page, cancel


def _details(booking: Booking) -> str:
    round_table = booking.round_table
    return (
        f"{_('Round table')}: {round_table.title}\n"
        f"{_('When')}: {round_table.when_display}\n"
        f"{_('Where')}: {round_table.location_display}\n"
        f"{_('Booking reference')}: {booking.reference}\n"
    ) + _joining(round_table)


def _joining(round_table) -> str:
    """The joining details the organisers filled in (directions, map, access, agenda), each
    under its own heading; nothing for those left empty."""
    parts = [
        (_("Getting there"), round_table.directions.strip()),
        (_("Map"), round_table.map_url),
        (_("Access"), round_table.access_information.strip()),
        (_("Agenda"), round_table.agenda.strip()),
    ]
    return "".join(f"\n{heading}:\n{text}\n" for heading, text in parts if text)


def _ics_attachment(booking: Booking, *, cancelled: bool = False) -> list[dict]:
    return [
        {
            "filename": booking_ics_filename(booking, cancelled=cancelled),
            "mimetype": "text/calendar",
            "content": booking_ics(booking, cancelled=cancelled),
        }
    ]


@_to_an_address
def booking_confirmation_queue(
    booking: Booking, *, again: bool = False, now: dt.datetime | None = None
) -> None:
    """A place, or a place on the waiting list, with the calendar file and the cancel link.

    Recorded here, written by the worker when it is sent (booking_confirmation_write): this runs
    inside the booking's lock, where every millisecond holds up the next person."""
    # A resend goes at most once an hour per booking, so nobody can flood a person's inbox by
    # booking again with their address.
    resend_key = None
    if again:
        hour = timezone.localtime(now or timezone.now()).strftime("%Y%m%d%H")
        resend_key = f"events-booking-resend-{booking.pk}-{hour}"
    email_queue(
        to=booking.email,
        write_with="events.emails.booking_confirmation_write",
        write_args={"booking_id": booking.pk, "again": again},
        dedupe_key=resend_key,
    )


def booking_confirmation_write(*, booking_id: int, again: bool) -> dict | None:
    """The confirmation as the booking stands when it is sent: a place, or the waiting list
    with the person's position then, in the language the person booked in. None once the
    booking is cancelled or anonymised."""
    booking = Booking.objects.select_related("round_table").filter(pk=booking_id).first()
    if booking is None or booking.anonymised_at or booking.status == Booking.Status.CANCELLED:
        return None
    with translation.override(booking.language):
        return _confirmation(booking, again=again)


def _confirmation(booking: Booking, *, again: bool) -> dict:
    page, cancel = _links(booking)
    round_table = booking.round_table
    names = {"title": round_table.title, "reference": booking.reference}
    intro = _dear(booking)
    if again:
        # The booking page answers every attempt the same way (it tells nobody who is booked),
        # so this email is where the address's owner learns what they already hold.
        held = (
            _(
                "Someone, perhaps you, asked to book again for the %(title)s with this email "
                "address. It already has a place, so we have not made a second booking. Here it "
                "is once more. If it was not you, you need do nothing."
            )
            if booking.status == Booking.Status.CONFIRMED
            else _(
                "Someone, perhaps you, asked to book again for the %(title)s with this email "
                "address. It is already on the waiting list, so we have not made a second "
                "booking. Here it is once more. If it was not you, you need do nothing."
            )
        )
        intro += held % names + "\n\n"
    if booking.status == Booking.Status.CONFIRMED:
        subject = _("Your place at the %(title)s: %(reference)s") % names
        body = intro + (
            _("Your place at the %(title)s is confirmed.") % names
            + f"\n\n{_details(booking)}\n"
            + _("The attached calendar file adds it to your calendar.")
            + "\n\n"
            + _("See your booking: %(link)s") % {"link": page}
            + "\n"
            + _(
                "If you can no longer come, please cancel so that someone on the waiting list "
                "can have your place: %(link)s"
            )
            % {"link": cancel}
            + "\n"
        )
    else:
        subject = _("You are on the waiting list for the %(title)s: %(reference)s") % names
        body = intro + (
            _(
                "The %(title)s is full, so you are on the waiting list, number %(position)s. If "
                "a place comes up it goes to the first person on the list, and we will email you "
                "at once."
            )
            % {**names, "position": waiting_position(booking)}
            + f"\n\n{_details(booking)}\n"
            + _("The attached calendar file holds the date, marked as tentative.")
            + "\n\n"
            + _("See your booking: %(link)s") % {"link": page}
            + "\n"
            + _("To leave the waiting list: %(link)s") % {"link": cancel}
            + "\n"
        )
    return {
        "subject": subject,
        "body": body + f"\n{SIGN_OFF}\n",
        "attachments": _ics_attachment(booking),
    }


@_to_an_address
@_in_their_language
def booking_promoted_queue(booking: Booking) -> None:
    page, cancel = _links(booking)
    round_table = booking.round_table
    names = {"title": round_table.title, "reference": booking.reference}
    body = (
        _dear(booking)
        + _(
            "A place has come up at the %(title)s and it is yours: you are no longer on the "
            "waiting list and your place is confirmed."
        )
        % names
        + f"\n\n{_details(booking)}\n"
        + _("The attached calendar file adds it to your calendar.")
        + "\n\n"
        + _("See your booking: %(link)s") % {"link": page}
        + "\n"
        + _("If you can no longer come, please cancel: %(link)s") % {"link": cancel}
        + f"\n\n{SIGN_OFF}\n"
    )
    email_queue(
        to=booking.email,
        subject=_("A place has come up for you at the %(title)s: %(reference)s") % names,
        body=body,
        attachments=_ics_attachment(booking),
        dedupe_key=f"events-booking-promoted-{booking.pk}",
    )


@_to_an_address
@_in_their_language
def booking_cancelled_queue(booking: Booking, *, was_waiting: bool) -> None:
    round_table = booking.round_table
    names = {"title": round_table.title, "when": round_table.when_display}
    what = (
        _("You have left the waiting list for the %(title)s, %(when)s.")
        if was_waiting
        else _("Your place is cancelled at the %(title)s, %(when)s.")
    )
    body = (
        _dear(booking)
        + what % names
        + "\n"
        + f"{_('Booking reference')}: {booking.reference}\n\n"
        + _("You can book again from %(link)s while booking is open.")
        % {"link": settings.SITE_URL + round_table.get_absolute_url()}
        + f"\n\n{SIGN_OFF}\n"
    )
    email_queue(
        to=booking.email,
        subject=_("Cancelled: %(title)s, %(reference)s")
        % {"title": round_table.title, "reference": booking.reference},
        body=body,
        # Removes the event from the person's calendar (METHOD:CANCEL, the same UID).
        attachments=_ics_attachment(booking, cancelled=True),
        dedupe_key=f"events-booking-cancelled-{booking.pk}",
    )


@_to_an_address
def round_table_changed_queue(booking: Booking) -> bool:
    """The round table's new date, time or place, with the updated calendar file (same UID,
    higher SEQUENCE). Once per booking per change: False when already queued."""
    subject, body = round_table_changed_text(booking)
    email = email_queue(
        to=booking.email,
        subject=subject,
        body=body,
        attachments=_ics_attachment(booking),
        dedupe_key=f"events-round-table-changed-{booking.pk}-{booking.round_table.calendar_sequence}",
    )
    return email is not None


@_in_their_language
def round_table_changed_text(booking: Booking) -> tuple[str, str]:
    """The change email's subject and body (the admin previews it before it goes)."""
    page, cancel = _links(booking)
    round_table = booking.round_table
    names = {"title": round_table.title, "when": round_table.when_display}
    body = (
        _dear(booking)
        + _("The %(title)s has changed. Here are its details as they are now:") % names
        + f"\n\n{_details(booking)}\n"
        + _("The attached calendar file updates the event in your calendar.")
        + "\n\n"
        + _keep_or_cancel(page, cancel)
    )
    return _("Changed: %(title)s, now %(when)s") % names, body


@_to_an_address
@_in_their_language
def round_table_cancelled_queue(booking: Booking) -> bool:
    """The round table is cancelled: the email, and the calendar file that removes it."""
    round_table = booking.round_table
    names = {"title": round_table.title, "when": round_table.when_display}
    body = (
        _dear(booking)
        + _(
            "We are sorry: the %(title)s, %(when)s, has been cancelled. Your booking is "
            "cancelled and you need do nothing more."
        )
        % names
        + f"\n{_('Booking reference')}: {booking.reference}\n\n"
        + _("The attached calendar file removes it from your calendar.")
        + "\n\n"
        + _("If you have questions, email %(address)s.") % {"address": settings.STAFF_EMAIL}
        + f"\n\n{SIGN_OFF}\n"
    )
    email = email_queue(
        to=booking.email,
        subject=_("Cancelled by the organisers: %(title)s, %(when)s") % names,
        body=body,
        attachments=_ics_attachment(booking, cancelled=True),
        dedupe_key=f"events-round-table-cancelled-{booking.pk}",
    )
    return email is not None


def _reminder_when(round_table, now: dt.datetime | None) -> tuple[str, str]:
    """The reminder's sentence and its subject's first word: tomorrow the day before, today on
    the day, otherwise the day by name and date."""
    today = timezone.localtime(now or timezone.now()).date()
    day = timezone.localtime(round_table.starts_at).date()
    if day - today == dt.timedelta(days=1):
        return _("A reminder that the %(title)s is tomorrow."), _("Tomorrow")
    if day == today:
        return _("A reminder that the %(title)s is today."), _("Today")
    return _("A reminder that the %(title)s is on %(date)s."), _("Reminder")


@_to_an_address
@_in_their_language
def booking_reminder_queue(booking: Booking, *, now: dt.datetime | None = None) -> bool:
    """Queued once per booking (dedupe key); False when it had been queued already. Says when
    the round table is as seen from the moment it is sent, and carries the organisers' extra
    paragraph when they wrote one."""
    page, cancel = _links(booking)
    round_table = booking.round_table
    when, subject_word = _reminder_when(round_table, now)
    extra = round_table.reminder_text.strip()
    body = (
        _dear(booking)
        + when % {"title": round_table.title, "date": date_display(round_table.starts_at)}
        + f"\n\n{_details(booking)}\n"
        + (f"{extra}\n\n" if extra else "")
        + _keep_or_cancel(page, cancel)
    )
    email = email_queue(
        to=booking.email,
        subject=f"{subject_word}: {round_table.title}, {round_table.when_display}",
        body=body,
        attachments=_ics_attachment(booking),
        dedupe_key=f"events-booking-reminder-{booking.pk}",
    )
    return email is not None


def attendee_message_compose(*, subject: str, body: str, booking: Booking) -> dict:
    """One person's copy of an organiser's message: the preview shows exactly this."""
    page, cancel = _links(booking)
    # The organisers' own words as they wrote them; what the portal adds, in the person's language.
    with translation.override(booking.language):
        return {
            "subject": f"{subject.strip()}: {booking.round_table.title}",
            "body": (
                _dear(booking)
                + f"{body.strip()}\n\n{_details(booking)}\n"
                + _keep_or_cancel(page, cancel)
            ),
        }


def attendee_message_write(*, message_id: int, booking_id: int) -> dict | None:
    """Written by the worker when it sends the copy (the request only records who gets one).
    None, and so not sent, once the person has cancelled or been anonymised."""
    booking = Booking.objects.select_related("round_table").filter(pk=booking_id).first()
    message = AttendeeMessage.objects.filter(pk=message_id).first()
    if (
        booking is None
        or message is None
        or booking.anonymised_at
        or booking.status == Booking.Status.CANCELLED
    ):
        return None
    return attendee_message_compose(subject=message.subject, body=message.body, booking=booking)


def attendee_message_dedupe_key(*, message_id: int, booking_id: int) -> str:
    """One copy per person per message, enforced by the outbox's unique dedupe key."""
    return f"events-message-{message_id}-{booking_id}"
