"""Checks on what people type that every public form shares: one-line fields hold one line."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# C0 and C1 control characters (tab, line feed, carriage return among them), DEL, and Unicode's
# line and paragraph separators: none belongs in a name or a title, and a line break there can
# forge lines of an email that quotes it (issue 12, point 12).
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@deconstructible
class SingleLineValidator:
    """Refuse control characters and line breaks in a one-line field. subject starts the message:
    "Full name", "Your answer to ‘Job title’"."""

    code = "single_line"

    def __init__(self, subject: str):
        self.subject = subject

    def __call__(self, value) -> None:
        if isinstance(value, str) and _NOT_ONE_LINE.search(value):
            raise ValidationError(
                _("%(subject)s must be on one line, with no line breaks or hidden characters")
                % {"subject": self.subject},
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator) and other.subject == self.subject
