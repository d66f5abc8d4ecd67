"""Checks on what people type that every public form shares: one-line fields hold one line, a
hidden NUL character gets one message in the page's language, the numbers in a length message
are written as the page's language writes them, and a field shows one message at a time."""

import re
import unicodedata

from django import forms
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import widgets
from portal.formats import number

# C0 and C1 control characters (tab, line feed, carriage return among them), DEL, and Unicode's
# line and paragraph separators: none belongs in a name or a title, and a line break there can
# forge lines of an email that quotes it (issue 12, point 12).
# Also the bidirectional embeddings, overrides and isolates, which reorder what follows them
# ("\u202eevil" shows as "live"): a name that reads other than it is written. The marks a
# right-to-left keyboard types (U+200E, U+200F) and the joiners Indic and Arabic scripts need
# (U+200C, U+200D) stay allowed.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# What every public email field says when an address is malformed or too long.
EMAIL_ERROR = gettext_lazy("Enter an email address in the correct format, like name@example.com")
EMAIL_TOO_LONG = gettext_lazy("Email address must be 254 characters or fewer")


# A figure inside a message made when the form is built (once per process, for the survey):
# written when the message is shown, in that page's language.
number_lazy = lazy(number, str)


def _nothing_shown(value: str) -> bool:
    """Whether value is only spaces and invisible characters (zero-width spaces, joiners, a
    byte-order mark): a name that would be blank on every list it is shown in."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in value)


@deconstructible
class SingleLineValidator:
    """Refuse control characters and line breaks in a one-line field. subject starts the message:
    "Full name", "Your answer to ‘Job title’"."""

    code = "single_line"

    def __init__(self, subject: str):
        self.subject = subject

    def __call__(self, value) -> None:
        if (
            isinstance(value, str)
            and value
            and (_NOT_ONE_LINE.search(value) or _nothing_shown(value))
        ):
            raise ValidationError(
                _("%(subject)s must be on one line, with no line breaks or hidden characters")
                % {"subject": self.subject},
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator) and other.subject == self.subject


class _Figure(int):
    """A count that is still a number to Django's own messages (their "%(show_value)d" and the
    plural they choose by it) and, as text ("%(show_value)s"), is written as the page's
    language writes it when the message is shown."""

    def __str__(self):
        return number(int(self))


class MaxLengthValidator(validators.MaxLengthValidator):
    """Django's length check, with the numbers its message shows ("you have typed 2,345
    characters") written as the page's language writes them. A field without a message of its
    own keeps Django's, which needs the numbers as numbers: a string there was a server error."""

    def __call__(self, value):
        try:
            super().__call__(value)
        except ValidationError as error:
            params = {k: _Figure(v) if isinstance(v, int) else v for k, v in error.params.items()}
            raise ValidationError(error.message, code=error.code, params=params) from None


def hidden_character_message(subject) -> str:
    """A NUL in a field that may hold several lines, naming the field ("Access needs")."""
    return format_lazy(
        gettext_lazy("{subject} must not contain hidden characters"), subject=subject
    )


def in_the_page_language(field: forms.Field, *, subject=None) -> forms.Field:
    """Make a public form field's checks speak the page's language (docs/decisions/0966).

    - A NUL: Django's CharField refuses it with its own "Null characters are not allowed.", which
      Django's catalogues leave untranslated in Punjabi and Urdu and lack in Gujarati, and which
      came on top of the field's own message where the field already refuses a NUL. A one-line
      field (SingleLineValidator: "… with no line breaks or hidden characters") and an email
      address (EmailValidator: a NUL makes it malformed) say it already, so Django's check is
      taken off them; any other text field says it with hidden_character_message(subject),
      unless it names its own message.
    - Its length limit: Django's check replaced by MaxLengthValidator above.
    Returns the field, changed in place (for a form's base_fields, at import)."""
    checks_nul = any(
        isinstance(v, validators.ProhibitNullCharactersValidator) for v in field.validators
    )
    own = [
        MaxLengthValidator(v.limit_value) if type(v) is validators.MaxLengthValidator else v
        for v in field.validators
        if not isinstance(v, validators.ProhibitNullCharactersValidator)
    ]
    says_nul = any(isinstance(v, (SingleLineValidator, validators.EmailValidator)) for v in own)
    if checks_nul and not says_nul:
        own.append(validators.ProhibitNullCharactersValidator())
        if subject is not None:
            field.error_messages.setdefault(
                "null_characters_not_allowed", hidden_character_message(subject)
            )
        elif "null_characters_not_allowed" not in field.error_messages:
            raise ValueError(f"{field!r}: name the subject of its message for a NUL")
    field.validators = own
    return field


class PublicForm(forms.Form):
    """A form the portal lays out with GOV.UK's patterns (the public's, and the organisers'
    message to attendees): each field shows one message, the first its checks found, as
    GOV.UK's error message pattern asks ("if there's more than one error with a field, only
    show the most important one"). A hostile post of 300 characters that are not an address
    used to get both "the correct format" and "254 characters or fewer" under one box."""

    def full_clean(self):
        super().full_clean()
        for name, errors in (self._errors or {}).items():
            if name != NON_FIELD_ERRORS:
                del errors[1:]


def email_field(*, label=None, help_text="", required=True) -> forms.EmailField:
    """An email address field as every public form has it: on one line, at most 254 characters,
    GOV.UK's messages, the email box that shows its error border (portal.widgets)."""
    messages = {"invalid": EMAIL_ERROR, "max_length": EMAIL_TOO_LONG}
    if required:
        messages["required"] = gettext_lazy("Enter your email address")
    return forms.EmailField(
        label=label or gettext_lazy("Email address"),
        validators=[SingleLineValidator(gettext_lazy("Email address"))],
        widget=widgets.email_input(),
        help_text=help_text,
        required=required,
        max_length=254,
        error_messages=messages,
    )
