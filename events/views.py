"""Round-table pages for stakeholders: the list, booking, the confirmation, the calendar file and
cancelling from a signed link."""

import functools

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache

from events import services
from events.forms import BookingCancelForm, BookingForm
from events.ics import booking_ics, booking_ics_filename
from events.models import Booking
from events.selectors import (
    BookingTokenExpired,
    BookingTokenInvalid,
    booking_from_token,
    booking_token,
    round_table_current,
    round_table_state,
    round_tables_listed,
    waiting_position,
)
from portal.honeypot import honeypot_filled
from portal.pagecache import render_shared
from portal.ratelimit import booking_rate_limited
from portal.selectors import consultation_current

# Said when the hidden honeypot box comes back filled in.
AUTOMATED_MESSAGE = (
    "The form was filled in in a way that looks automated, so your booking was not made. If you "
    "are a person, check your details and try again."
)


def round_table_list(request):
    consultation = consultation_current()
    round_tables = round_tables_listed(consultation=consultation) if consultation else []
    return render(request, "events/list.html", {"round_tables": round_tables})


# The unbound form's markup is the same for everyone, and rendering it through crispy is the
# page's main cost; each process renders it once per label. (It holds no user text and no token:
# the template writes the <form> tag and the CSRF token around it.)
_BLANK_FORM_HTML: dict[str, str] = {}


def _blank_form_html(label: str) -> str:
    if label not in _BLANK_FORM_HTML:
        _BLANK_FORM_HTML[label] = render_crispy_form(BookingForm(submit_label=label))
    return _BLANK_FORM_HTML[label]


def round_table_detail(request, slug: str):
    refused, status, keep_form = None, 200, False
    if request.method == "POST":
        form = BookingForm(request.POST)
        if honeypot_filled(request.POST):
            refused, status, keep_form = AUTOMATED_MESSAGE, 400, True
        elif form.is_valid():
            if booking_rate_limited(request):
                # The form is drawn again with what was typed, so nothing is lost.
                refused, status, keep_form = _rate_limit_message(), 429, True
            else:
                # The service finds the round table under its lock and checks everything again,
                # so a valid POST costs no extra read here (it is the path under load).
                try:
                    services.booking_create(round_table_slug=slug, **form.cleaned_data)
                except services.BookingRefused as exc:
                    if exc.reason == "unknown":
                        raise Http404("There is no such round table.") from None
                    refused, status = str(exc), 409
                else:
                    # The same answer whether the address was new or already had a place, so
                    # the page tells nobody who is booked; the email tells the address's owner.
                    return HttpResponseRedirect(reverse("events:sent", args=[slug]))
    else:
        form = None
    round_table = round_table_current(slug=slug)
    if round_table is None:
        raise Http404("There is no such round table.")
    state = round_table_state(round_table)
    if request.method == "POST" and refused is None and state not in {"open", "full"}:
        # A form posted to a round table that has closed meanwhile, or a crafted request.
        refused, status = services.BookingRefused.MESSAGES[state], 409
    show_form = state in {"open", "full"} and (refused is None or keep_form)
    label = "Join the waiting list" if state == "full" else "Book a place"
    if form is not None:
        form.helper_submit_label = label
    context = {
        "round_table": round_table,
        "state": state,
        "places_html": _places_html(state, round_table.places_left_now),
        "show_form": show_form,
        # A form with errors is drawn with them; otherwise the blank form's shared markup.
        "form": form if show_form else None,
        "blank_form_html": _blank_form_html(label) if show_form and form is None else "",
        "refused": refused,
    }
    if request.method == "POST":
        return render(request, "events/detail.html", context, status=status)
    # A GET shows only the round table's row, its state and its places left (as read at most a
    # second ago, selectors.ROUND_TABLE_LOCAL_SECONDS): the page is the same for everyone until
    # one of them changes. The places left change at every booking, so they are a slot filled at
    # each request, not part of the version.
    version = (state, *_row_values(round_table))
    return render_shared(
        request, "events/detail.html", context, version=version, slots=("places_html",)
    )


def booking_sent(request, slug: str):
    """Where every accepted booking lands, new or not: "we have emailed the address you gave"."""
    round_table = round_table_current(slug=slug)
    if round_table is None:
        raise Http404("There is no such round table.")
    return render(
        request,
        "events/booking_sent.html",
        {"round_table": round_table, "staff_email": settings.STAFF_EMAIL},
    )


def _rate_limit_message() -> str:
    return (
        "Too many bookings have been made from this connection in the last hour. Try again "
        f"later, or email {settings.STAFF_EMAIL} and we will book your place."
    )


@functools.lru_cache(maxsize=256)
def _places_html(state: str, places_left: int) -> str:
    """The round table's "Places" line: 12 places left, full, closed or taken place."""
    return render_to_string("events/_state.html", {"state": state, "places_left": places_left})


def _row_values(instance) -> tuple:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


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
            "new": request.GET.get("new") == "1",
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
    if booking.status == Booking.Status.CANCELLED:
        return _link_problem(request, BookingTokenExpired(), purpose="page")
    response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking_ics_filename(booking)}"'
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
