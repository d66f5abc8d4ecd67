"""The booking form, the cancel confirmation form and organisers' message to attendees."""

import functools

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import AttendeeMessage, Booking
from portal import widgets
from portal.validators import (
    PublicForm,
    SingleLineValidator,
    email_field,
    in_the_page_language,
    number_lazy,
)


@functools.cache
def _privacy_help(language: str) -> str:
    # Built once a language: URLs are fixed while the process runs, and a booking POST is a
    # hot path.
    return format_html(
        _(
            'Read the <a class="govuk-link" href="{}">privacy notice</a> to see how we use and keep your details.'
        ),
        reverse("portal:privacy"),
    )


class BookingForm(PublicForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        validators=[SingleLineValidator(_("Full name"))],
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 200 characters or fewer"),
        },
    )
    email = email_field(help_text=_("We will send your confirmation and calendar file here."))
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        validators=[SingleLineValidator(_("Organisation"))],
        error_messages={
            "required": _("Enter the name of your organisation"),
            "max_length": _("Organisation must be 200 characters or fewer"),
        },
    )
    job_title = forms.CharField(
        label=_("Job title (optional)"),
        max_length=200,
        validators=[SingleLineValidator(_("Job title"))],
        required=False,
        error_messages={"max_length": _("Job title must be 200 characters or fewer")},
    )
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        help_text=_("Anything we should arrange so that you can take part."),
        max_length=1000,
        required=False,
        # The count stays in aria-describedby beside an error (portal.widgets).
        widget=widgets.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": format_lazy(
                _("Access needs must be {limit} characters or fewer"), limit=number_lazy(1000)
            )
        },
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs (optional)"),
        max_length=1000,
        required=False,
        widget=widgets.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": format_lazy(
                _("Dietary needs must be {limit} characters or fewer"), limit=number_lazy(1000)
            )
        },
    )
    notify_results = forms.BooleanField(
        label=_("Email me when the results of the consultation are published (optional)"),
        help_text=_("We will email you once, at the address above, and for nothing else."),
        required=False,
    )
    privacy_agreed = forms.BooleanField(
        label=_("I agree to the LLEP using these details to manage my booking"),
        required=True,
        error_messages={"required": _("Agree to the privacy notice to book a place")},
    )

    def __init__(
        self, *args, submit_label: str = _("Book a place"), offer_results: bool = True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.helper_submit_label = submit_label
        if not offer_results:
            # The results are published: nothing is left to tell anyone about (and a box ticked
            # on a page drawn before they were is not read). docs/decisions/0967.
            del self.fields["notify_results"]
        # Set here, not with the helper: a BoundField copies its help text when first made.
        self.fields["privacy_agreed"].help_text = _privacy_help(get_language())

    @cached_property
    def helper(self) -> FormHelper:
        # Built only when the form is drawn: a valid booking POST never needs it.
        helper = FormHelper()
        # The template writes the <form> tag and the CSRF token, so that the unbound form's
        # markup, the same for everyone, can be cached (crispy rendering is the page's main cost).
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.textarea("access_needs", rows=3, max_characters=1000),
            Field.textarea("dietary_needs", rows=3, max_characters=1000),
            *([Field.checkbox("notify_results")] if "notify_results" in self.fields else []),
            Field.checkbox("privacy_agreed"),
            Submit("submit", self.helper_submit_label),
        )
        return helper


# No maxlength attributes: a browser silently cuts pasted text at them, losing what was typed.
# The limits are checked on the server, with a message beside the field, in the page's language
# (a NUL too: portal.validators.in_the_page_language).
_SEVERAL_LINES = {"access_needs": _("Access needs"), "dietary_needs": _("Dietary needs")}
for _name, _field in BookingForm.base_fields.items():
    _field.widget.attrs.pop("maxlength", None)
    in_the_page_language(_field, subject=_SEVERAL_LINES.get(_name))


class BookingCancelForm(PublicForm):
    """A bare confirmation: the signed link says which booking."""

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = booking.status == Booking.Status.WAITLISTED
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Submit(
                "submit",
                _("Leave the waiting list") if waiting else _("Cancel my place"),
                css_class="govuk-button--warning",
            )
        )


class AttendeeMessageForm(PublicForm):
    """An organiser's message to the people booked on a round table (in the admin). The key is
    made when the empty form is shown and posted back with it, so pressing Send twice sends
    one message."""

    audience = forms.ChoiceField(
        label="Send to",
        choices=AttendeeMessage.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the message goes to"},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=150,
        validators=[SingleLineValidator("Subject")],
        help_text="The round table's name is added after it.",
        error_messages={"required": "Enter a subject"},
    )
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Each person's copy begins with their name and ends with the details of "
        "their booking and its links.",
        error_messages={"required": "Enter the message"},
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
