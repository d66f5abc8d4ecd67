"""Forms for the survey: one form a section built from its questions, and the small forms
around it (start, save and come back later, check your answers, sending late answers to staff)."""

import functools

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from portal.validators import (
    PublicForm,
    email_field,
    in_the_page_language,
)
from survey.kinds import kind_of
from survey.models import Question

SAVE_LABEL = _("Save and come back later")


@functools.cache
def _save_labels() -> frozenset[str]:
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(str(SAVE_LABEL))
    return frozenset(labels)


def is_save_action(value: str | None) -> bool:
    """The "Save and come back later" button was pressed, in whichever language its page was:
    a page posted to its English address after its language was switched off still saves."""
    return value in _save_labels()


TOO_LONG_TO_SAVE_MESSAGE = _(
    "Your answers are not saved yet: an answer is longer than the survey can keep. Shorten it, "
    "then save again."
)


class SectionForm(PublicForm):
    """The questions of one section. Draft data goes in as initial values and comes out again
    through section_data(), in the Draft.data shape (text as str, choices as [values], ratings
    as {item value: score})."""

    def __init__(
        self,
        *args,
        questions: list[Question],
        draft_data: dict | None = None,
        layout: bool = True,
        shared_fields: dict | None = None,
        **kw,
    ):
        self.questions = questions
        draft_data = draft_data or {}
        super().__init__(*args, **kw)
        if shared_fields is not None:
            # Only checking saved answers (section_check_fields): never drawn, so the fields,
            # which validating only reads, are shared rather than built again.
            self.fields = shared_fields
            return
        parts = []
        for question in questions:
            kind = kind_of(question)
            self.fields.update(kind.form_fields(question))
            self.initial.update(kind.form_initial(question, draft_data.get(question.key)))
            if layout and (part := kind.form_layout(question)) is not None:
                parts.append(part)
        if not layout:  # only validating saved answers: nothing will be rendered
            return
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        parts.append(Button.primary("action", _("Continue")))
        # An <input type="submit"> so that the browser sends action=Save and come back later
        # (a crispy-forms-gds <button> has no value attribute, so it sent an empty action and
        # saving acted as Continue); its own id, not a second id_action.
        parts.append(
            Submit(
                "action",
                SAVE_LABEL,
                css_class="govuk-button--secondary",
                css_id="id_action_save",
            )
        )
        self.helper.layout = Layout(*parts)

    def clean(self):
        cleaned = super().clean()
        keys = {q.key for q in self.questions}
        if {"contact_ok", "name", "email"} <= keys and cleaned.get("contact_ok") == "yes":
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", _("Enter your name so that we can contact you"))
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", _("Enter your email address so that we can contact you"))
        wants_results = {"notify_results", "email"} <= keys and (
            cleaned.get("notify_results") == "yes"
        )
        if wants_results and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Enter your email address so that we can tell you about the results")
            )
        return cleaned

    def section_data(self) -> dict:
        """The cleaned answers in the Draft.data shape."""
        return _shape(self.questions, self.cleaned_data.get)

    def too_long_to_save(self) -> bool:
        """Whether an answer is longer than its field allows, so that saving it for later would
        cut it (decision 0822). If so, the form keeps only those answers' length messages and
        says nothing is saved yet: the page is drawn again with everything typed in it."""
        over = {
            name
            for name, field in self.fields.items()
            if getattr(field, "max_length", None)
            and len(self.data.get(self.add_prefix(name), "")) > field.max_length
        }
        if not over:
            return False
        self.is_valid()
        for name in set(self.errors) - over:
            del self.errors[name]
        self.add_error(None, TOO_LONG_TO_SAVE_MESSAGE)
        return True

    def raw_data(self) -> dict:
        """What was typed, valid or not, for saving an unfinished page: text as typed (the
        section view first refuses any longer than its field, too_long_to_save; the cut at the
        limit here only keeps a draft from ever holding more than a sent response would),
        choices kept only when they are options of the question."""

        def raw(name):
            field = self.fields.get(name)
            if isinstance(field, forms.MultipleChoiceField):
                values = self.data.getlist(self.add_prefix(name))
                allowed = {str(v) for v, _ in field.choices}
                return [v for v in values if v in allowed]
            value = self.data.get(self.add_prefix(name), "")
            if isinstance(field, forms.ChoiceField):
                return value if value in {str(v) for v, _ in field.choices} else ""
            return value.replace("\x00", "")[: getattr(field, "max_length", None) or 0]

        return _shape(self.questions, raw)


def section_check_fields(section) -> dict:
    """The fields of a section's form, for checking saved answers without drawing them: built once
    for each section object and kept on it. survey_sections hands out the same objects for a few
    seconds and new ones once the question set has changed, so a change is never checked against
    old fields. Building them was a quarter of the CPU of sending a response, which checks every
    section again."""
    # One set per language: the fields carry the wording (labels, error messages) of the
    # language active when they were built.
    key = f"_check_fields:{translation.get_language()}"
    fields = section.__dict__.get(key)
    if fields is None:
        fields = SectionForm(questions=list(section.questions.all()), layout=False).fields
        section.__dict__[key] = fields
    return fields


def _shape(questions: list[Question], get) -> dict:
    data = {}
    for question in questions:
        value = kind_of(question).draft_value(question, get)
        if value is not None:
            data[question.key] = value
    return data


def post_data_of(questions: list[Question], data: dict) -> MultiValueDict:
    """Draft data back into the shape a browser posts, to validate a saved section again."""
    form_data = MultiValueDict()
    for question in questions:
        kind_of(question).post_data(question, data.get(question.key), form_data)
    return form_data


class StartForm(PublicForm):
    def __init__(self, *args, label: str = _("Start now"), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(Button.primary("start", label))


class _EmailAndButtonForm(PublicForm):
    """One email field and one button, laid out inside a <form> the template writes."""

    email_field = button_name = button_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            Field.text(self.email_field, field_width=20, autocomplete="email", spellcheck="false"),
            Button.primary(self.button_name, self.button_label),
        )


class SaveForm(_EmailAndButtonForm):
    email = email_field(
        help_text=_(
            "We will email you a link to come back to your answers. It works until the "
            "survey closes."
        )
    )

    email_field, button_name, button_label = "email", "send", _("Send me the link")


class CheckForm(_EmailAndButtonForm):
    receipt_email = email_field(
        label=_("Email address for a copy of your answers (optional)"),
        help_text=_("We will email you a copy of your answers and your reference."),
        required=False,
    )

    email_field, button_name, button_label = "receipt_email", "submit", _("Send my response")


class LateSendForm(_EmailAndButtonForm):
    email = email_field(
        label=_("Your email address (optional)"),
        help_text=_("So that LLEP staff can reply to you."),
        required=False,
    )

    email_field, button_name, button_label = "email", "send", _("Email my answers to LLEP staff")


# A NUL typed into an email address is said once, as a malformed address, in the page's
# language (portal.validators.in_the_page_language).
for _form in (SaveForm, CheckForm, LateSendForm):
    for _field in _form.base_fields.values():
        in_the_page_language(_field)
