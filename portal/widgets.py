"""Widgets the public forms share, where crispy-forms-gds needs help."""

from django import forms


def email_input() -> forms.TextInput:
    """An email box that shows its error border (issue 12, point 5).

    crispy-forms-gds adds `govuk-input--error` only to widgets whose class is named TextInput,
    Textarea or Select, so Django's EmailInput never gets it. A TextInput given `type` renders
    `type="email"` (Django takes the type from the attrs), keeping the phone's email keyboard.
    """
    return forms.TextInput(attrs={"type": "email", "autocomplete": "email", "spellcheck": "false"})
