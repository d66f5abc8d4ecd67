"""Round-table pages for stakeholders: the list, booking, the confirmation, the calendar file and
cancelling from a signed link."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from events import availability, services
from events.availability import State
from events.forms import BookingCancelForm, BookingForm
from events.ics import booking_ics, booking_ics_filename
from events.models import Booking
from events.selectors import (
    BookingTokenExpired,
    BookingTokenInvalid,
    booking_from_token,
    booking_token,
    waiting_position,
)
from portal.honeypot import honeypot_filled
from portal.pagecache import render_shared
from portal.ratelimit import booking_rate_limited
from portal.selectors import consultation_current, results_url

# Said when the hidden honeypot box comes back filled in.
AUTOMATED_MESSAGE = _(
    "The form was filled in in a way that looks automated, so your booking was not made. If you "
    "are a person, check your details and try again."
)


def round_table_list(request):
    consultation = consultation_current()
    listed = availability.listed(consultation=consultation) if consultation else []
    context = {"listed": listed, "version": availability.version_of(listed)}
    return render(request, "events/list.html", context)


def _offer_results(consultation_id: int) -> bool:
    """The form offers to email the results only until they are published (docs/decisions/0967)."""
    return not results_url(consultation_id=consultation_id)


def _booking_post(request, slug: str, *, offer_results: bool):
    """A booking POST: (response, None) when it is accepted, or (None, (form, refused, status,
    keep_form)) to draw the page again."""
    form = BookingForm(request.POST, offer_results=offer_results)
    if honeypot_filled(request.POST):
        return None, (form, AUTOMATED_MESSAGE, 400, True)
    if not form.is_valid():
        return None, (form, None, 200, True)
    if booking_rate_limited(request):
        # The form is drawn again with what was typed, so nothing is lost.
        return None, (form, _rate_limit_message(), 429, True)
    # The service finds the round table under its lock and checks everything again, so a valid
    # POST costs no extra read here (it is the path under load).
    try:
        services.booking_create(round_table_slug=slug, **form.cleaned_data)
    except services.BookingRefused as exc:
        if exc.reason == State.UNKNOWN:
            raise Http404(str(exc)) from None
        return None, (form, str(exc), 409, False)
    # The same answer whether the address was new or already had a place, so the page tells
    # nobody who is booked; the email tells the address's owner.
    return HttpResponseRedirect(reverse("events:sent", args=[slug])), None


def round_table_detail(request, slug: str):
    form, refused, status, keep_form = None, None, 200, False
    # The round table as this process read it at most a second ago; the booking service reads
    # it again under its lock.
    found = availability.current(slug=slug)
    offer_results = _offer_results(found.round_table.consultation_id) if found else True
    if request.method == "POST":
        response, redraw = _booking_post(request, slug, offer_results=offer_results)
        if response is not None:
            return response
        form, refused, status, keep_form = redraw
        found = availability.current(slug=slug)
    if found is None:
        raise Http404(availability.REFUSALS[State.UNKNOWN])
    if form is not None and refused is None and not found.state.bookable:
        # A form posted to a round table that has closed meanwhile, or a crafted request.
        refused, status = availability.REFUSALS[found.state], 409
    show_form = found.state.bookable and (refused is None or keep_form)
    label = _("Join the waiting list") if found.state == State.FULL else _("Book a place")
    if form is not None:
        form.helper_submit_label = label
    context = {
        "round_table": found.round_table,
        "availability": found,
        # A blank form is made only when the shared page is drawn (portal/pagecache.py).
        "form": (
            form
            or SimpleLazyObject(
                lambda: BookingForm(submit_label=label, offer_results=offer_results)
            )
        )
        if show_form
        else None,
        "show_form": show_form,
        "afresh": form is not None or refused is not None,
        "refused": refused,
    }
    if context["afresh"]:
        return render(request, "events/detail.html", context, status=status)
    return render_shared(
        request, "events/detail.html", context, key=f"{found.version}:{offer_results}"
    )


def booking_sent(request, slug: str):
    """Where every accepted booking lands, new or not: "we have emailed the address you gave"."""
    found = availability.current(slug=slug)
    if found is None:
        raise Http404(availability.REFUSALS[State.UNKNOWN])
    return render(
        request,
        "events/booking_sent.html",
        {"round_table": found.round_table, "staff_email": settings.STAFF_EMAIL},
    )


def _rate_limit_message() -> str:
    return _(
        "Too many bookings have been made from this connection in the last hour. Try again "
        "later, or email %(address)s and we will book your place."
    ) % {"address": settings.STAFF_EMAIL}


def _link_problem(request, exc: Exception, *, purpose: str):
    expired = isinstance(exc, BookingTokenExpired)
    return render(
        request,
        "events/link_problem.html",
        {"expired": expired, "purpose": purpose, "staff_email": settings.STAFF_EMAIL},
        status=410 if expired else 400,
    )


@never_cache
def booking_page(request, token: str):
    try:
        booking = booking_from_token(token, purpose="page")
    except (BookingTokenInvalid, BookingTokenExpired) as exc:
        return _link_problem(request, exc, purpose="page")
    return render(
        request,
        "events/booking.html",
        {
            "booking": booking,
            "round_table": booking.round_table,
            "position": waiting_position(booking),
            "token": token,
            "cancel_token": booking_token(booking, purpose="cancel"),
        },
    )


@never_cache
def booking_calendar(request, token: str):
    try:
        booking = booking_from_token(token, purpose="page")
    except (BookingTokenInvalid, BookingTokenExpired) as exc:
        return _link_problem(request, exc, purpose="page")
    # A cancelled booking's file is the cancellation, which removes the event from a calendar.
    cancelled = booking.status == Booking.Status.CANCELLED
    response = HttpResponse(
        booking_ics(booking, cancelled=cancelled), content_type="text/calendar; charset=utf-8"
    )
    filename = booking_ics_filename(booking, cancelled=cancelled)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def booking_cancel(request, token: str):
    try:
        booking = booking_from_token(token, purpose="cancel")
    except (BookingTokenInvalid, BookingTokenExpired) as exc:
        return _link_problem(request, exc, purpose="cancel")
    context = {"booking": booking, "round_table": booking.round_table}
    if booking.status == Booking.Status.CANCELLED:
        return render(request, "events/cancelled.html", {**context, "already": True})
    was_waiting = booking.status == Booking.Status.WAITLISTED
    form = BookingCancelForm(request.POST if request.method == "POST" else None, booking=booking)
    if request.method == "POST" and form.is_valid():
        booking, _ = services.booking_cancel(booking_id=booking.pk)
        return render(
            request,
            "events/cancelled.html",
            {**context, "booking": booking, "was_waiting": was_waiting},
        )
    return render(
        request,
        "events/cancel.html",
        {**context, "form": form, "position": waiting_position(booking), "waiting": was_waiting},
    )
