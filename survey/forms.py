"""Forms for the survey: one form a section built from its questions, and the small forms
around it (start, save and come back later, check your answers, sending late answers to staff)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size, Submit
from django import forms

from portal import widgets
from portal.validators import SingleLineValidator
from survey.models import Question

EMAIL_ERROR = "Enter an email address in the correct format, like name@example.com"


def rating_field_name(question: Question, choice) -> str:
    return f"{question.key}__{choice.value}"


def _text_field(question: Question) -> forms.Field:
    label = question.text
    limit = 254 if question.key == "email" else question.max_length
    messages = {
        "required": f"Enter your answer to ‘{label}’",
        "max_length": (
            f"Your answer must be {limit:,} characters or fewer "
            "(you have typed %(show_value)s characters)"
        ),
        "null_characters_not_allowed": "Your answer contains a character we cannot store",
    }
    kwargs = {
        "label": label,
        "help_text": question.hint,
        "required": question.required,
        "max_length": limit,
        "error_messages": messages,
    }
    if question.key == "email":
        messages["invalid"] = EMAIL_ERROR
        field = forms.EmailField(widget=widgets.email_input(), **kwargs)
    elif question.kind == Question.Kind.LONG_TEXT:
        # widgets.Textarea: crispy-forms-gds's character count fails (a 500) on a long answer
        # without a hint unless aria-describedby is already set, and drops the count from it
        # when an error shows.
        field = forms.CharField(widget=widgets.Textarea(), **kwargs)
    else:
        field = forms.CharField(**kwargs)
    if question.kind != Question.Kind.LONG_TEXT:
        field.validators.insert(0, SingleLineValidator(f"Your answer to ‘{label}’"))
    # No maxlength attribute: a browser silently cuts pasted text at it, losing what was typed.
    # The limit is checked on the server with a message (and counted by GOV.UK's character
    # count on long answers).
    field.widget.attrs.pop("maxlength", None)
    return field


def _rating_fieldset(question: Question, names: list) -> Fieldset:
    """The outer fieldset of a rating question, with the question's hint shown and linked to it;
    its id is the one the check-your-answers "Change" link points at."""
    fieldset = Fieldset(
        *names,
        legend=question.text,
        legend_size=Size.SMALL,
        css_id=f"div_id_{question.key}",
        template="survey/_rating_fieldset.html",
    )
    fieldset.context["hint"] = question.hint
    return fieldset


class SectionForm(forms.Form):
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
            saved = draft_data.get(question.key)
            choices = list(question.choices.all())
            if question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
                self.fields[question.key] = _text_field(question)
                self.initial[question.key] = saved if isinstance(saved, str) else ""
                if question.kind == Question.Kind.LONG_TEXT:
                    parts.append(
                        Field.textarea(
                            question.key,
                            label_size=Size.SMALL,
                            rows=6,
                            max_characters=question.max_length,
                        )
                    )
                else:
                    parts.append(Field.text(question.key, label_size=Size.SMALL))
            elif question.kind == Question.Kind.ONE_CHOICE:
                self.fields[question.key] = forms.ChoiceField(
                    label=question.text,
                    help_text=question.hint,
                    required=question.required,
                    choices=[(c.value, c.label) for c in choices],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": f"Select an answer to ‘{question.text}’",
                        "invalid_choice": "Select one of the options given",
                    },
                )
                if isinstance(saved, list) and saved:
                    self.initial[question.key] = saved[0]
                parts.append(Field.radios(question.key, legend_size=Size.SMALL))
            elif question.kind == Question.Kind.SEVERAL_CHOICES:
                self.fields[question.key] = forms.MultipleChoiceField(
                    label=question.text,
                    help_text=question.hint,
                    required=question.required,
                    choices=[(c.value, c.label) for c in choices],
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={
                        "required": f"Select at least one answer to ‘{question.text}’",
                        "invalid_choice": "Select only the options given",
                    },
                )
                if isinstance(saved, list):
                    self.initial[question.key] = saved
                parts.append(Field.checkboxes(question.key, legend_size=Size.SMALL))
            elif question.kind == Question.Kind.RATING:
                scale = [(str(i), label) for i, label in enumerate(question.scale_labels, 1)]
                names = []
                for choice in choices:
                    name = rating_field_name(question, choice)
                    self.fields[name] = forms.ChoiceField(
                        label=choice.label,
                        help_text=choice.hint,
                        required=question.required,
                        choices=scale,
                        widget=forms.RadioSelect,
                        error_messages={
                            "required": f"Rate how important ‘{choice.label}’ is",
                            "invalid_choice": "Select one of the points of the scale",
                        },
                    )
                    if isinstance(saved, dict) and saved.get(choice.value):
                        self.initial[name] = str(saved[choice.value])
                    # Stacked, not inline: five inline points wrapped 2-2-1 (decision 0803).
                    names.append(Field.radios(name, small=True))
                parts.append(_rating_fieldset(question, names))
        if not layout:  # only validating saved answers: nothing will be rendered
            return
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        parts.append(Button.primary("action", "Continue"))
        # An <input type="submit"> so that the browser sends action=Save and come back later
        # (a crispy-forms-gds <button> has no value attribute, so it sent an empty action and
        # saving acted as Continue); its own id, not a second id_action.
        parts.append(
            Submit(
                "action",
                "Save and come back later",
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
                self.add_error("name", "Enter your name so that we can contact you")
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", "Enter your email address so that we can contact you")
        return cleaned

    def section_data(self) -> dict:
        """The cleaned answers in the Draft.data shape."""
        return _shape(self.questions, self.cleaned_data.get)

    def raw_data(self) -> dict:
        """What was typed, valid or not, for saving an unfinished page: text kept as typed up
        to its field's limit (what the field would accept; a draft holds no more than a sent
        response would), choices kept only when they are options of the question."""

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
    fields = section.__dict__.get("_check_fields")
    if fields is None:
        fields = SectionForm(questions=list(section.questions.all()), layout=False).fields
        section.__dict__["_check_fields"] = fields
    return fields


def _shape(questions: list[Question], get) -> dict:
    data = {}
    for question in questions:
        if question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            data[question.key] = get(question.key) or ""
        elif question.kind == Question.Kind.ONE_CHOICE:
            value = get(question.key)
            data[question.key] = [value] if value else []
        elif question.kind == Question.Kind.SEVERAL_CHOICES:
            data[question.key] = list(get(question.key) or [])
        elif question.kind == Question.Kind.RATING:
            scores = {}
            for choice in question.choices.all():
                value = get(rating_field_name(question, choice))
                if value:
                    scores[choice.value] = int(value)
            data[question.key] = scores
    return data


class StartForm(forms.Form):
    def __init__(self, *args, label: str = "Start now", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(Button.primary("start", label))


class _EmailAndButtonForm(forms.Form):
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
    email = forms.EmailField(
        label="Email address",
        validators=[SingleLineValidator("Email address")],
        widget=widgets.email_input(),
        help_text="We will email you a link to come back to your answers. It works until the "
        "survey closes.",
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": EMAIL_ERROR},
    )

    email_field, button_name, button_label = "email", "send", "Send me the link"


class CheckForm(_EmailAndButtonForm):
    receipt_email = forms.EmailField(
        label="Email address for a copy of your answers (optional)",
        validators=[SingleLineValidator("Email address")],
        widget=widgets.email_input(),
        help_text="We will email you a copy of your answers and your reference.",
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_ERROR},
    )

    email_field, button_name, button_label = "receipt_email", "submit", "Send my response"


class LateSendForm(_EmailAndButtonForm):
    email = forms.EmailField(
        label="Your email address (optional)",
        validators=[SingleLineValidator("Email address")],
        widget=widgets.email_input(),
        help_text="So that LLEP staff can reply to you.",
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_ERROR},
    )

    email_field, button_name, button_label = "email", "send", "Email my answers to LLEP staff"
