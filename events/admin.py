"""Admin for organisers: round tables with their counts, bookings (cancel, attendance, CSV export),
sign-in sheets, messages to attendees, and round-table notes. Every action checks a permission, not just staff status."""

import csv
import uuid
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from events import availability, emails, services
from events.forms import AttendeeMessageForm
from events.models import (
    CAPACITY_NEGATIVE,
    CAPACITY_TOO_MANY,
    MAX_CAPACITY,
    MAX_REMINDER_DAYS,
    REMINDER_DAYS_TOO_MANY,
    AttendeeMessage,
    Booking,
    RoundTable,
    RoundTableNote,
)
from events.selectors import attendees_for, cancelled_with, needs_summary, with_waiting_position
from portal.models import OutboundEmail
from portal.pdf import render_pdf

EXPORT_PERMISSION = "events.export_bookings"
MESSAGE_PERMISSION = "events.add_attendeemessage"
# Marking attendance and adding walk-ins at the door change bookings (Event organisers).
DOOR_PERMISSION = "events.change_booking"
# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a stream."""

    def write(self, value):
        return value


CSV_HEADER = [
    "Reference",
    "Round table",
    "Status",
    "Full name",
    "Email",
    "Organisation",
    "Job title",
    "Access needs",
    "Dietary needs",
    "Booked at",
    "Attended",
]


def bookings_csv_rows(bookings: Iterable[Booking]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # the BOM makes Excel read UTF-8
    for booking in bookings:
        attended = {True: "Yes", False: "No", None: ""}[booking.attended]
        yield writer.writerow(
            [
                csv_safe(v)
                for v in (
                    booking.reference,
                    booking.round_table.title,
                    booking.get_status_display(),
                    booking.full_name,
                    booking.email,
                    booking.organisation,
                    booking.job_title,
                    booking.access_needs,
                    booking.dietary_needs,
                    timezone.localtime(booking.created_at).strftime("%Y-%m-%d %H:%M"),
                    attended,
                )
            ]
        )


def bookings_csv_response(bookings, *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        bookings_csv_rows(bookings.select_related("round_table").iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def people_named(bookings: list[Booking]) -> str:
    """ "Ann Lee (LLEP-AB12) and Raj Patel (LLEP-CD34)": names with references, in order."""
    names = [f"{b.full_name} ({b.reference})" for b in bookings]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def promoted_message(promoted: list[Booking]) -> str:
    return ngettext(
        "%(names)s moved from the waiting list to a confirmed place and has been emailed.",
        "%(names)s moved from the waiting list to confirmed places and have been emailed.",
        len(promoted),
    ) % {"names": people_named(promoted)}


def cancel_message(count: int, promoted: list[Booking]) -> str:
    """What the organiser is told after cancelling: how many, and who got the places."""
    if not count:
        return "No bookings cancelled: the selected ones were already cancelled."
    done = ngettext("%(count)d booking cancelled.", "%(count)d bookings cancelled.", count) % {
        "count": count
    }
    if not promoted:
        return f"{done} Nobody was moved up from the waiting list."
    offered = ngettext(
        "The place was offered to %(names)s, who has been emailed.",
        "Places were offered to %(names)s, who have been emailed.",
        len(promoted),
    ) % {"names": people_named(promoted)}
    return f"{done} {offered}"


def preview_of_change(round_table: RoundTable) -> tuple[str, str] | None:
    """The change email as the first person booked would receive it, or None with nobody."""
    first = (
        Booking.objects.filter(round_table=round_table, status__in=availability.LIVE)
        .select_related("round_table")
        .first()
    )
    return emails.round_table_changed_text(first) if first else None


def told_message(count: int) -> str:
    if not count:
        return (
            "Nobody was emailed: nobody is booked, or everyone booked had already been emailed "
            "about this change."
        )
    return (
        ngettext("%d person booked has been emailed.", "%d people booked have been emailed.", count)
        % count
    )


def cancelled_message(round_table: RoundTable, cancelled: list[Booking] | None) -> str:
    """What the organiser is told after cancelling a round table: its bookings were cancelled
    with it and each person emailed, or there were none, or someone else had cancelled it
    first (None from the service)."""
    if cancelled is None:
        return (
            f"The {round_table.title} had already been cancelled, perhaps by another organiser "
            "at the same moment: nothing more was done and nobody was emailed again."
        )
    if not cancelled:
        return f"The {round_table.title} is cancelled. Nobody was booked, so nobody was emailed."
    return f"The {round_table.title} is cancelled. " + told_message(len(cancelled))


class RoundTableNoteInline(admin.StackedInline):
    model = RoundTableNote
    extra = 0
    fields = ["kind", "text", "themes"]
    filter_horizontal = ["themes"]


@admin.register(RoundTable)
class RoundTableAdmin(TranslationAdmin):
    list_display = [
        "title",
        "when",
        "venue",
        "capacity",
        "confirmed",
        "waiting",
        "places_left",
        "attendance",
        "downloads",
        "write_to_attendees",
    ]
    list_filter = ["consultation", "sector"]
    search_fields = ["title", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoundTableNoteInline]
    actions = ["reinstate"]

    def get_queryset(self, request):
        return availability.with_no_shows(availability.with_counts(super().get_queryset(request)))

    # Moderators record what a round table said inline on its page without being able to change
    # the round table itself: for them its page opens for the notes, its own fields read-only.

    def _may_change_round_table(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if self._may_change_round_table(request, obj):
            return True
        return obj is not None and request.user.has_perm("events.add_roundtablenote")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self._may_change_round_table(request, obj):
            return [
                f.name
                for f in self.model._meta.get_fields()
                if f.concrete and f.editable and not f.auto_created
            ]
        return super().get_readonly_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "map_url":
            # A map link typed without a scheme is taken as https (Django 6's default).
            kwargs["assume_scheme"] = "https"
        if db_field.name == "capacity":
            # The form checks the range itself, in the portal's words, before the model does.
            kwargs["max_value"] = MAX_CAPACITY
            kwargs["error_messages"] = {
                "max_value": CAPACITY_TOO_MANY,
                "min_value": CAPACITY_NEGATIVE,
                "invalid": "Enter the capacity as a whole number of places, like 30",
            }
        if db_field.name == "reminder_days_before":
            kwargs["max_value"] = MAX_REMINDER_DAYS
            kwargs["error_messages"] = {
                "max_value": REMINDER_DAYS_TOO_MANY,
                "min_value": "Enter 0 for the day itself, 1 for the day before, or more",
                "invalid": "Enter the number of days before as a whole number, like 1",
            }
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_change_round_table": self._may_change_round_table(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and not self._may_change_round_table(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description="When", ordering="starts_at")
    def when(self, obj):
        return obj.when_display

    @admin.display(description="Confirmed", ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description="Waiting", ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description="Places left", ordering="places_left")
    def places_left(self, obj):
        return obj.places_left

    @admin.display(description="Attendance")
    def attendance(self, obj):
        """No-shows once the round table has taken place (when attendance was recorded), and the
        door page for marking it."""
        door = format_html(
            '<a href="{}">Door page</a>', reverse("admin:events_roundtable_door", args=[obj.pk])
        )
        if availability.of(obj).state != availability.State.PAST:
            return door
        if not obj.attendance_count:
            return format_html("Not recorded<br>{}", door)
        no_shows = ngettext("%d no-show", "%d no-shows", obj.no_show_count) % obj.no_show_count
        return format_html("{}<br>{}", no_shows, door)

    def get_list_display(self, request):
        hidden = set()
        if not request.user.has_perm(EXPORT_PERMISSION):
            hidden.add("downloads")
        if not request.user.has_perm(MESSAGE_PERMISSION):
            hidden.add("write_to_attendees")
        if not request.user.has_perm(DOOR_PERMISSION):
            hidden.add("attendance")
        return [name for name in self.list_display if name not in hidden]

    @admin.display(description="Messages")
    def write_to_attendees(self, obj):
        return format_html(
            '<a href="{}">Write to attendees<span class="visually-hidden"> of the {}</span></a>',
            reverse("admin:events_roundtable_message", args=[obj.pk]),
            obj.title,
        )

    @admin.display(description="Attendees")
    def downloads(self, obj):
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">Sign-in sheet (PDF)</a>',
            reverse("admin:events_roundtable_attendees_csv", args=[obj.pk]),
            reverse("admin:events_roundtable_sign_in_sheet", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        if change and not self._may_change_round_table(request, obj):
            return  # only its notes were sent; the round table is not written
        if change and "capacity" in form.changed_data:
            # Capacity goes through the booking service, which locks the row and promotes the
            # waiting list in the same transaction as the change.
            new_capacity = obj.capacity
            obj.capacity = form.initial["capacity"]
            super().save_model(request, obj, form, change)
            promoted = services.round_table_capacity_change(
                round_table_id=obj.pk, capacity=new_capacity
            )
            obj.capacity = new_capacity
            if promoted:
                self.message_user(request, promoted_message(promoted), messages.SUCCESS)
        else:
            super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(services.FIELDS_PEOPLE_MUST_HEAR_ABOUT):
            obj.calendar_sequence = services.round_table_change_record(round_table_id=obj.pk)
            request.llep_round_table_changed = True  # response_change offers to tell people

    def response_change(self, request, obj):
        # After a change of date, time or place, offer to email everyone booked (never silently).
        response = super().response_change(request, obj)
        if getattr(request, "llep_round_table_changed", False):
            booked = availability.of(obj)
            if booked.confirmed or booked.waiting:
                return HttpResponseRedirect(
                    reverse("admin:events_roundtable_tell_people", args=[obj.pk])
                )
        return response

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, RoundTableNote) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def get_urls(self):
        return [
            path(
                "<int:pk>/attendees.csv",
                self.admin_site.admin_view(self.attendees_csv_view),
                name="events_roundtable_attendees_csv",
            ),
            path(
                "<int:pk>/sign-in-sheet.pdf",
                self.admin_site.admin_view(self.sign_in_sheet_view),
                name="events_roundtable_sign_in_sheet",
            ),
            path(
                "<int:pk>/message/",
                self.admin_site.admin_view(self.message_view),
                name="events_roundtable_message",
            ),
            path(
                "<int:pk>/tell-people/",
                self.admin_site.admin_view(self.tell_people_view),
                name="events_roundtable_tell_people",
            ),
            path(
                "<int:pk>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="events_roundtable_cancel",
            ),
            path(
                "<int:pk>/reinstate/",
                self.admin_site.admin_view(self.reinstate_view),
                name="events_roundtable_reinstate",
            ),
            path(
                "<int:pk>/door/",
                self.admin_site.admin_view(self.door_view),
                name="events_roundtable_door",
            ),
            path(
                "<int:pk>/door/walk-in/",
                self.admin_site.admin_view(self.walk_in_view),
                name="events_roundtable_walk_in",
            ),
            *super().get_urls(),
        ]

    def message_view(self, request, pk: int):
        """Write, preview, then send a message to the people booked (services do the sending)."""
        if not request.user.has_perm(MESSAGE_PERMISSION):
            raise PermissionDenied
        round_table = get_object_or_404(RoundTable, pk=pk)
        step = "write"
        if request.method != "POST":
            form = AttendeeMessageForm(initial={"idempotency_key": uuid.uuid4()})
        else:
            form = AttendeeMessageForm(request.POST)
            if form.is_valid() and "send" in request.POST:
                return self._message_send(request, round_table, form.cleaned_data)
            if form.is_valid() and "preview" in request.POST:
                step = "preview"
            elif "idempotency_key" in form.errors:
                # A tampered or lost key: a fresh one, so the next Send is a new message.
                form.data = form.data.copy()
                form.data["idempotency_key"] = str(uuid.uuid4())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Write to the people booked on the {round_table.title}",
            "round_table": round_table,
            "form": form,
            "step": step,
            "sent": AttendeeMessage.objects.filter(round_table=round_table)[:20],
        }
        if step == "preview":
            context.update(self._message_preview(round_table, form.cleaned_data))
        return render(request, "admin/events/roundtable/message.html", context)

    def _message_preview(self, round_table, data) -> dict:
        recipients = services.attendee_message_recipients(
            round_table_id=round_table.pk, audience=data["audience"]
        ).select_related("round_table")
        example = recipients.first() or Booking(
            pk=0, round_table=round_table, full_name="[Their name]", reference="LLEP-XXXX-XXXX"
        )
        return {
            "recipient_count": recipients.count(),
            "preview": emails.attendee_message_compose(
                subject=data["subject"], body=data["body"], booking=example
            ),
            "preview_for": example,
        }

    def _message_send(self, request, round_table, data):
        outcome = services.attendee_message_send(
            round_table_id=round_table.pk,
            audience=data["audience"],
            subject=data["subject"],
            body=data["body"],
            idempotency_key=data["idempotency_key"],
            sent_by_id=request.user.pk,
        )
        message = outcome.message
        if outcome.created:
            text = ngettext(
                "Your message is on its way to %(count)d person.",
                "Your message is on its way to %(count)d people.",
                message.recipient_count,
            ) % {"count": message.recipient_count}
            self.message_user(request, text, messages.SUCCESS)
        else:
            self.message_user(
                request,
                "This message had already been sent, so it was not sent again.",
                messages.WARNING,
            )
        return redirect(
            reverse("admin:events_attendeemessage_changelist")
            + f"?round_table__id__exact={round_table.pk}"
        )

    def _changeable(self, request, pk: int) -> RoundTable:
        round_table = get_object_or_404(RoundTable, pk=pk)
        if not self._may_change_round_table(request, round_table):
            raise PermissionDenied
        return round_table

    def _confirm_page(self, request, round_table, template: str, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "round_table": round_table,
            "availability": availability.of(round_table),
            "title": extra.pop("title"),
            **extra,
        }
        return TemplateResponse(request, template, context)

    def tell_people_view(self, request, pk: int):
        """Confirm, then email everyone booked the round table's new details and calendar file."""
        round_table = self._changeable(request, pk)
        change_url = reverse("admin:events_roundtable_change", args=[pk])
        if request.method == "POST":
            sent = services.round_table_change_notify(round_table_id=pk)
            self.message_user(request, told_message(sent), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        return self._confirm_page(
            request,
            round_table,
            "admin/events/roundtable/tell_people.html",
            title=f"Email everyone booked on the {round_table.title} about the change?",
            change_url=change_url,
            preview=preview_of_change(round_table),
        )

    def cancel_view(self, request, pk: int):
        """Confirm, then cancel the round table: every booking, with an email to each person."""
        round_table = self._changeable(request, pk)
        change_url = reverse("admin:events_roundtable_change", args=[pk])
        if round_table.cancelled_at is None and request.method == "POST":
            cancelled = services.round_table_cancel(round_table_id=pk)
            level = messages.WARNING if cancelled is None else messages.SUCCESS
            self.message_user(request, cancelled_message(round_table, cancelled), level)
            return HttpResponseRedirect(change_url)
        return self._confirm_page(
            request,
            round_table,
            "admin/events/roundtable/cancel.html",
            title=f"Cancel the {round_table.title}?",
            change_url=change_url,
        )

    def reinstate_view(self, request, pk: int):
        """Confirm, then put a cancelled round table back on: open to bookings again; the
        bookings its cancellation cancelled stay cancelled, and nobody is emailed."""
        round_table = self._changeable(request, pk)
        change_url = reverse("admin:events_roundtable_change", args=[pk])
        if round_table.cancelled_at is not None and request.method == "POST":
            self._reinstate(request, round_table)
            return HttpResponseRedirect(change_url)
        cancelled = cancelled_with(round_table)
        return self._confirm_page(
            request,
            round_table,
            "admin/events/roundtable/reinstate.html",
            title=f"Reinstate the {round_table.title}?",
            change_url=change_url,
            left_cancelled=cancelled.count(),
            bookings_url=reverse("admin:events_booking_changelist")
            + "?"
            + urlencode({"round_table__id__exact": pk, "status__exact": "cancelled"}),
            refusal=services.reinstate_refusal(round_table),
        )

    def _reinstate(self, request, round_table: RoundTable) -> None:
        """Reinstate through the service and tell the organiser what happened, in words."""
        try:
            done = services.round_table_reinstate(round_table_id=round_table.pk)
        except services.ReinstateRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        if done is None:
            self.message_user(
                request, f"The {round_table.title} is not cancelled.", messages.WARNING
            )
            return
        left = done.left_cancelled
        kept = (
            ngettext(
                "The %(count)d booking cancelled with it stays cancelled",
                "The %(count)d bookings cancelled with it stay cancelled",
                left,
            )
            % {"count": left}
            + ": nobody was booked again or emailed."
            if left
            else "Nobody was booked on it when it was cancelled."
        )
        self.message_user(
            request,
            f"The {round_table.title} is reinstated and open to bookings again. {kept}",
            messages.SUCCESS,
        )

    def has_reinstate_permission(self, request):
        return self._may_change_round_table(request)

    @admin.action(
        description="Reinstate the selected cancelled round tables", permissions=["reinstate"]
    )
    def reinstate(self, request, queryset):
        for round_table in queryset.order_by("starts_at"):
            self._reinstate(request, round_table)

    def _export_allowed(self, request):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied

    def attendees_csv_view(self, request, pk: int):
        self._export_allowed(request)
        round_table = get_object_or_404(RoundTable, pk=pk)
        return bookings_csv_response(
            attendees_for(round_table=round_table),
            filename=f"{round_table.slug}-attendees.csv",
        )

    def sign_in_sheet_view(self, request, pk: int):
        self._export_allowed(request)
        round_table = get_object_or_404(RoundTable, pk=pk)
        attendees = list(attendees_for(round_table=round_table))
        needs = needs_summary(attendees)
        html = render_to_string(
            "events/sign_in_sheet.html",
            {
                "round_table": round_table,
                "attendees": attendees,
                "needs": needs,
                "needs_lists": [("Access needs", needs.access), ("Dietary needs", needs.dietary)],
            },
        )
        result = render_pdf(html)
        response = HttpResponse(result.pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{round_table.slug}-sign-in-sheet.pdf"'
        )
        return response

    # The door page: a phone at the entrance (templates/admin/events/door.html).

    def _door_round_table(self, request, pk: int) -> RoundTable:
        if not request.user.has_perm(DOOR_PERMISSION):
            raise PermissionDenied
        return get_object_or_404(RoundTable, pk=pk)

    def _door_context(self, request, round_table: RoundTable, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "round_table": round_table,
            **extra,
        }

    def door_view(self, request, pk: int):
        round_table = self._door_round_table(request, pk)
        if request.method == "POST":
            return self._door_mark(request, round_table)
        form = DoorSearchForm(request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        attendees = list(attendees_for(round_table=round_table))
        context = self._door_context(
            request,
            round_table,
            title=f"At the door: {round_table.title}",
            search=form,
            query=query,
            attendees=[b for b in attendees if door_matches(b, query)],
            total=len(attendees),
            here=sum(1 for b in attendees if b.attended),
        )
        return TemplateResponse(request, "admin/events/door.html", context)

    def _door_mark(self, request, round_table: RoundTable):
        form = DoorMarkForm(request.POST)
        if not form.is_valid():
            raise BadRequest("The attendance form was not understood.")
        attended = form.cleaned_data["attended"] == "yes"
        booking = services.booking_attendance_set(
            round_table_id=round_table.pk,
            booking_id=form.cleaned_data["booking"],
            attended=True if attended else None,
        )
        if booking is None:
            self.message_user(
                request, "That place is no longer confirmed, so it was not marked.", messages.ERROR
            )
        elif attended:
            self.message_user(request, f"{booking.full_name} marked as attended.", messages.SUCCESS)
        else:
            self.message_user(request, f"{booking.full_name} no longer marked as attended.")
        return door_redirect(round_table, query=form.cleaned_data["q"], booking=booking)

    def walk_in_view(self, request, pk: int):
        round_table = self._door_round_table(request, pk)
        form = WalkInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = services.booking_walk_in_add(
                    round_table_id=round_table.pk, **form.cleaned_data
                )
            except services.BookingRefused as exc:
                form.add_error(None, str(exc))
            else:
                booking = outcome.booking
                done = "added as a walk-in" if outcome.created else "was already booked"
                self.message_user(
                    request,
                    f"{booking.full_name} {done}, and is marked as attended.",
                    messages.SUCCESS,
                )
                return door_redirect(round_table, query="", booking=booking)
        context = self._door_context(
            request, round_table, title=f"Add a walk-in: {round_table.title}", form=form
        )
        # After a POST only when the form had errors or the service refused: shown again with
        # what was typed, with a 200 as the admin's own forms do (a 4xx page is the portal's).
        return TemplateResponse(request, "admin/events/walk_in.html", context)


class DoorSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)


class DoorMarkForm(DoorSearchForm):
    booking = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    attended = forms.ChoiceField(choices=[("yes", "Attended"), ("undo", "Undo")])


def door_matches(booking: Booking, query: str) -> bool:
    """The door page's search: every word somewhere in the name, organisation or reference. In
    Python, not SQL: a round table's confirmed list is a few dozen people, already loaded."""
    haystack = f"{booking.full_name} {booking.organisation} {booking.reference}".casefold()
    return all(word in haystack for word in query.casefold().split())


def door_redirect(round_table: RoundTable, *, query: str, booking: Booking | None):
    url = reverse("admin:events_roundtable_door", args=[round_table.pk])
    if query:
        url += "?" + urlencode({"q": query})
    if booking is not None:
        url += f"#booking-{booking.pk}"
    return HttpResponseRedirect(url)


class WalkInForm(forms.ModelForm):
    """Someone who came without booking: the booking service decides whether there is room. The
    email address is optional: walk-ins often give none (docs/decisions/0969)."""

    class Meta:
        model = Booking
        fields = ["full_name", "email", "organisation", "access_needs", "dietary_needs"]
        labels = {"email": "Email address"}
        help_texts = {
            "email": "If they give one. Nothing is emailed to a walk-in; the LLEP may use it to "
            "follow up. Without one they are added as a new place, so check the list first."
        }
        error_messages = {
            "full_name": {"required": "Enter their full name"},
            "email": {"invalid": "Enter an email address like name@example.com"},
            "organisation": {"required": "Enter their organisation"},
        }

    def full_clean(self):
        super().full_clean()
        # Each field with an error points at its message, for screen readers.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-describedby": f"id_{name}_error", "aria-invalid": "true"}
                )


class BookingAddForm(forms.ModelForm):
    """An organiser booking on someone's behalf (by phone): the service still decides. The
    email address is required here, unlike at the door: the confirmation goes to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    class Meta:
        model = Booking
        fields = [
            "round_table",
            "full_name",
            "email",
            "organisation",
            "job_title",
            "access_needs",
            "dietary_needs",
        ]

    def clean_round_table(self):
        round_table = self.cleaned_data["round_table"]
        state = availability.of(round_table).state
        if state in availability.REFUSALS:
            raise forms.ValidationError(availability.REFUSALS[state])
        return round_table


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    # Narrow enough to show every column at 1280px beside the filters (decision 0861): the
    # organisation sits under the name, and the booking time is short.
    list_display = [
        "reference",
        "attendee",
        "email",
        "round_table",
        "status_and_position",
        "booked",
        "attended",
    ]
    list_filter = ["round_table", "status", "attended"]
    search_fields = ["reference", "full_name", "email", "organisation"]
    list_select_related = ["round_table"]
    date_hierarchy = "created_at"
    actions = [
        "cancel_bookings",
        "cancel_as_spam",
        "mark_attended",
        "mark_not_attended",
        "export_csv",
    ]
    readonly_change = [
        "reference",
        "round_table",
        "email",
        "status",
        "created_at",
        "privacy_agreed_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
    ]

    @admin.display(description="Attendee", ordering="full_name")
    def attendee(self, obj):
        if not obj.organisation:
            return obj.full_name
        return format_html(
            '{}<span class="llep-admin-quiet">{}</span>', obj.full_name, obj.organisation
        )

    def get_queryset(self, request):
        return with_waiting_position(super().get_queryset(request))

    @admin.display(description="Status", ordering="status")
    def status_and_position(self, obj):
        position = getattr(obj, "waiting_position", None)
        if position is None:
            return obj.get_status_display()
        return f"{obj.get_status_display()} (number {position})"

    @admin.display(description="Booked", ordering="created_at")
    def booked(self, obj):
        local = timezone.localtime(obj.created_at)
        return f"{local.day} {local:%b %Y, %H:%M}"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = BookingAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return BookingAddForm.Meta.fields
        return [
            *self.readonly_change,
            "full_name",
            "organisation",
            "job_title",
            "access_needs",
            "dietary_needs",
            "attended",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_change if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a place without promoting anyone: cancel instead.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            outcome = services.booking_create(
                round_table_id=obj.round_table_id,
                full_name=obj.full_name,
                email=obj.email,
                organisation=obj.organisation,
                job_title=obj.job_title,
                access_needs=obj.access_needs,
                dietary_needs=obj.dietary_needs,
                notify_results=obj.notify_results,
                # The organiser takes the booking and tells the person about the privacy notice.
                privacy_agreed=True,
            )
        except services.BookingRefused as exc:
            # The admin's transaction must not commit a half-made object; tell the organiser.
            transaction.set_rollback(True)
            self.message_user(request, f"Not booked: {exc}", messages.ERROR)
            obj.pk = None
            return
        obj.__dict__.update(
            {k: v for k, v in outcome.booking.__dict__.items() if not k.startswith("_")}
        )
        if not outcome.created:
            self.message_user(
                request,
                "That email already had a live booking for this round table; it was kept and "
                "its confirmation sent again.",
                messages.WARNING,
            )

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return HttpResponseRedirect(reverse("admin:events_booking_changelist"))
        return super().response_add(request, obj, post_url_continue)

    def log_addition(self, request, obj, message):
        if obj.pk is None:
            return None
        return super().log_addition(request, obj, message)

    @admin.action(
        description="Cancel the selected bookings (promotes the waiting list)",
        permissions=["change"],
    )
    def cancel_bookings(self, request, queryset):
        # One moment for the whole action: the service stamps each promotion with it, which
        # is how the message finds who was offered the places.
        now = timezone.now()
        count = 0
        round_table_ids = set()
        for booking_id, round_table_id in queryset.values_list("pk", "round_table_id"):
            _, cancelled = services.booking_cancel(booking_id=booking_id, now=now)
            count += cancelled
            round_table_ids.add(round_table_id)
        promoted = Booking.objects.filter(round_table_id__in=round_table_ids, promoted_at=now)
        self.message_user(request, cancel_message(count, list(promoted)), messages.SUCCESS)

    @admin.action(
        description="Cancel the selected bookings as spam (no email to them; promotes the "
        "waiting list)",
        permissions=["change"],
    )
    def cancel_as_spam(self, request, queryset):
        result = services.bookings_cancel_as_spam(
            booking_ids=list(queryset.values_list("pk", flat=True))
        )
        count = len(result.cancelled)
        message = ngettext("%d booking cancelled as spam.", "%d bookings cancelled as spam.", count)
        message %= count
        if result.promoted:
            names = ", ".join(f"{b.full_name} ({b.round_table.title})" for b in result.promoted)
            message += " " + ngettext(
                "%d person on the waiting list was offered a place: %s.",
                "%d people on the waiting list were offered places: %s.",
                len(result.promoted),
            ) % (len(result.promoted), names)
        else:
            message += " Nobody on the waiting list was offered a place."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Mark the selected people as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        count = services.booking_attendance_mark(
            booking_ids=list(queryset.values_list("pk", flat=True)), attended=True
        )
        self.message_user(request, f"{count} marked as attended (confirmed places only).")

    @admin.action(description="Mark the selected people as not attended", permissions=["change"])
    def mark_not_attended(self, request, queryset):
        count = services.booking_attendance_mark(
            booking_ids=list(queryset.values_list("pk", flat=True)), attended=False
        )
        self.message_user(request, f"{count} marked as not attended (confirmed places only).")

    @admin.action(description="Export the selected bookings as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return bookings_csv_response(
            queryset.order_by("round_table", "created_at", "pk"), filename="bookings.csv"
        )

    def has_export_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)


@admin.register(RoundTableNote)
class RoundTableNoteAdmin(admin.ModelAdmin):
    list_display = ["round_table", "kind", "short_text", "theme_list", "created_by"]
    list_filter = ["round_table", "kind", "themes"]
    search_fields = ["text"]
    fields = ["round_table", "kind", "text", "themes"]
    filter_horizontal = ["themes"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("round_table", "created_by")
            .prefetch_related("themes")
        )

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description="Themes")
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AttendeeMessage)
class AttendeeMessageAdmin(admin.ModelAdmin):
    """The record of what was sent: written from a round table's "Write to attendees" page,
    never added, changed or deleted here."""

    list_display = [
        "subject",
        "round_table",
        "when",
        "sent_by",
        "audience",
        "recipient_count",
        "sent",
    ]
    list_filter = ["round_table", "audience"]
    list_select_related = ["round_table", "sent_by"]
    fields = [
        "round_table",
        "audience",
        "subject",
        "body",
        "sent_by",
        "created_at",
        "recipient_count",
    ]
    readonly_fields = fields

    @admin.display(description="When", ordering="created_at")
    def when(self, obj):
        local = timezone.localtime(obj.created_at)
        return f"{local.day} {local:%b %Y, %H:%M}"

    @admin.display(description="Delivered so far")
    def sent(self, obj):
        return OutboundEmail.objects.filter(
            dedupe_key__startswith=emails.attendee_message_dedupe_key(
                message_id=obj.pk, booking_id=""
            ),
            sent_at__isnull=False,
        ).count()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
