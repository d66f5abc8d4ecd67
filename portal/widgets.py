"""Form widgets the public forms share, where crispy-forms-gds's markup needs a correction."""

from django import forms

COUNT_CLASS = "govuk-js-character-count"


def email_input() -> forms.TextInput:
    """An email box that shows its error border (issue 12, point 5).

    crispy-forms-gds adds `govuk-input--error` only to widgets whose class is named TextInput,
    Textarea or Select, so Django's EmailInput never gets it. A TextInput given `type` renders
    `type="email"` (Django takes the type from the attrs), keeping the phone's email keyboard.
    """
    return forms.TextInput(attrs={"type": "email", "autocomplete": "email", "spellcheck": "false"})


class Textarea(forms.Textarea):
    """Django's textarea under GOV.UK's character count, whose aria-describedby always holds
    the count's message ("You can enter up to N characters", id <id>-info) beside the hint and
    the errors.

    crispy-forms-gds empties aria-describedby when a field without a hint has an error, and then
    adds only the error, so the count dropped out of it exactly when the text was too long
    (decision 0804). It also reads the attribute before it sets it, hence the empty default.
    Named Textarea because crispy-forms-gds chooses the GOV.UK classes (govuk-textarea, the error
    border) from the widget's class name."""

    def __init__(self, attrs=None):
        super().__init__({"aria-describedby": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        element_id = widget_attrs.get("id")
        if element_id and COUNT_CLASS in widget_attrs.get("class", "").split():
            ids = widget_attrs.get("aria-describedby", "").split()
            hint = [i for i in ids if i.endswith("_hint")]
            errors = [i for i in ids if i.endswith("_error")]
            rest = [i for i in ids if i not in hint and i not in errors]
            # GOV.UK's order: the hint, the error, then the count.
            ordered = [*hint, *errors, *rest, f"{element_id}-info"]
            widget_attrs["aria-describedby"] = " ".join(dict.fromkeys(ordered))
        return context
