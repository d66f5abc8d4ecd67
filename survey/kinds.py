"""One class per question kind, owning everything that differs between kinds: the form field, how
a draft value is checked and restored, the answer rows it is stored as, how it is shown, its CSV
columns and how it counts in the evidence (docs/decisions/0205).

Draft values (Draft.data, the shape a section's form gives back) are text as str, choices as
[values] and ratings as {item value: score}. Everything else asks `kind_of(question)`; queries
ask the sets of kinds below (`free_text_kinds()` and the like) rather than naming kinds.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal import widgets
from portal.validators import (
    EMAIL_ERROR,
    SingleLineValidator,
    in_the_page_language,
    number_lazy,
)
from survey.models import Question


def rating_field_name(question: Question, choice) -> str:
    return f"{question.key}__{choice.value}"


class QuestionKind:
    """A kind nobody knows (never stored through the portal): no field, no answer rows, shown as
    nothing, one CSV column. The subclasses override what their kind does."""

    value = ""
    # Facts the evidence and the erasure ask about, as sets of kinds (see the functions below).
    free_text = False  # what a person typed in their own words: blanked when their data is erased
    quotable = False  # long enough to be quoted in the prospectus
    choice = False  # options chosen: counted as Grand Challenge choices
    rated = False  # items scored on a scale: counted as ratings of the foundations
    own_pick = False  # the respondent's own view (not a fact about them): suggests themes

    # The form

    def form_fields(self, question: Question) -> dict[str, forms.Field]:
        """The form fields by name (a kind may need several, one for each rated item)."""
        return {}

    def form_layout(self, question: Question):
        """The crispy-forms-gds layout of the question, or None."""
        return None

    def form_initial(self, question: Question, saved) -> dict:
        """A saved draft value as the fields' initial values."""
        return {}

    def draft_value(self, question: Question, get):
        """The draft value from the form, `get(field name)` giving cleaned or posted values;
        None for no value at all."""
        return None

    def post_data(self, question: Question, value, out) -> None:
        """A draft value into `out` (a MultiValueDict) as a browser posts it, to check it again."""

    # Storage

    def answer_rows(self, question: Question, value) -> list[tuple]:
        """The Answer rows of a draft value: (question id, choice id, text, score)."""
        return []

    def answer_into(self, question: Question, answer, data: dict) -> None:
        """A stored answer back into `data`, the draft shape of its response."""
        if answer.choice_id:
            data.setdefault(question.key, []).append(answer.choice.value)

    # Display

    def display_lines(self, question: Question, value) -> list[str]:
        """A draft value as lines for a summary list (check your answers, admin, receipts)."""
        return []

    # Export

    def csv_columns(self, question: Question) -> list[tuple[tuple, str]]:
        """The question's export columns: (column key, header)."""
        return [((question.pk, None), question.text)]

    def csv_cell(self, question: Question, labels: dict, choice_id, text, score) -> tuple:
        """One stored answer as (column key, cell text); a column's cells are joined with "; ".
        `labels` maps every choice id of the survey to its label."""
        return (question.pk, None), labels.get(choice_id, "") if choice_id else text

    # Themes

    def pick_reason(self, question: Question, answer, top: int) -> str | None:
        """Why a chosen option or rated item points to its themes, in words, or None when it does
        not; `top` is the respondent's highest score in the question."""
        return None


class _Text(QuestionKind):
    free_text = True
    one_line = True

    def form_fields(self, question):
        label = question.text
        limit = 254 if question.key == "email" else question.max_length
        messages = {
            "required": format_lazy(_("Enter your answer to ‘{label}’"), label=label),
            # Naming the question, as the required message does: a section has several boxes,
            # and the error summary lists the messages apart from them.
            "max_length": format_lazy(
                _(
                    "Your answer to ‘{label}’ must be {limit} characters or fewer (you have typed %(show_value)s characters)"
                ),
                label=label.replace("%", "%%"),  # Django fills in %(show_value)s
                limit=number_lazy(limit),
            ),
            "null_characters_not_allowed": _("Your answer contains a character we cannot store"),
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
        else:
            field = forms.CharField(widget=self.widget(), **kwargs)
        if self.one_line:
            field.validators.insert(
                0, SingleLineValidator(format_lazy(_("Your answer to ‘{label}’"), label=label))
            )
        # No maxlength attribute: a browser silently cuts pasted text at it, losing what was
        # typed. The limit is checked on the server with a message (and counted by GOV.UK's
        # character count on long answers). A NUL is said once, in the page's language.
        field.widget.attrs.pop("maxlength", None)
        return {question.key: in_the_page_language(field)}

    def widget(self):
        return None  # the field's own

    def form_initial(self, question, saved):
        return {question.key: saved if isinstance(saved, str) else ""}

    def draft_value(self, question, get):
        return get(question.key) or ""

    def post_data(self, question, value, out):
        out[question.key] = value if isinstance(value, str) else ""

    def answer_rows(self, question, value):
        if isinstance(value, str) and value.strip():
            return [(question.pk, None, value, None)]
        return []

    def answer_into(self, question, answer, data):
        data[question.key] = answer.text

    def display_lines(self, question, value):
        return [value] if isinstance(value, str) and value else []


class ShortText(_Text):
    value = Question.Kind.SHORT_TEXT

    def form_layout(self, question):
        return Field.text(question.key, label_size=Size.SMALL)


class LongText(_Text):
    value = Question.Kind.LONG_TEXT
    quotable = True
    one_line = False

    def widget(self):
        # widgets.Textarea: crispy-forms-gds's character count fails (a 500) on a long answer
        # without a hint unless aria-describedby is already set, and drops the count from it
        # when an error shows.
        return widgets.Textarea()

    def form_layout(self, question):
        return Field.textarea(
            question.key, label_size=Size.SMALL, rows=6, max_characters=question.max_length
        )


class _Choices(QuestionKind):
    choice = True
    most: int | None = None  # how many options may be chosen; None for any number

    def options(self, question):
        return [(c.value, c.label) for c in question.choices.all()]

    def post_data(self, question, value, out):
        out.setlist(question.key, [v for v in value or [] if isinstance(v, str)])

    def answer_rows(self, question, value):
        choices = {c.value: c for c in question.choices.all()}
        values = value if isinstance(value, list) else [value]
        return [
            (question.pk, choices[v].pk, "", None)
            for v in dict.fromkeys(values[: self.most])
            if v in choices
        ]

    def display_lines(self, question, value):
        labels = {c.value: c.label for c in question.choices.all()}
        return [labels.get(v, v) for v in value or [] if isinstance(v, str)]


class OneChoice(_Choices):
    value = Question.Kind.ONE_CHOICE
    most = 1

    def form_fields(self, question):
        field = forms.ChoiceField(
            label=question.text,
            help_text=question.hint,
            required=question.required,
            choices=self.options(question),
            widget=forms.RadioSelect,
            error_messages={
                "required": format_lazy(_("Select an answer to ‘{label}’"), label=question.text),
                # Naming the question, as the required message does. Django fills in
                # %(value)s here, so a per cent sign in the question is doubled.
                "invalid_choice": format_lazy(
                    _("Select one of the options given for ‘{label}’"),
                    label=question.text.replace("%", "%%"),
                ),
            },
        )
        return {question.key: field}

    def form_layout(self, question):
        return Field.radios(question.key, legend_size=Size.SMALL)

    def form_initial(self, question, saved):
        return {question.key: saved[0]} if isinstance(saved, list) and saved else {}

    def draft_value(self, question, get):
        value = get(question.key)
        return [value] if value else []


class SeveralChoices(_Choices):
    value = Question.Kind.SEVERAL_CHOICES
    # One-choice questions describe the respondent (where they are based); ticking several
    # options (the Grand Challenges) is their view.
    own_pick = True

    def form_fields(self, question):
        field = forms.MultipleChoiceField(
            label=question.text,
            help_text=question.hint,
            required=question.required,
            choices=self.options(question),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": format_lazy(
                    _("Select at least one answer to ‘{label}’"), label=question.text
                ),
                "invalid_choice": format_lazy(
                    _("Select only the options given for ‘{label}’"),
                    label=question.text.replace("%", "%%"),  # Django fills in %(value)s
                ),
            },
        )
        return {question.key: field}

    def form_layout(self, question):
        return Field.checkboxes(question.key, legend_size=Size.SMALL)

    def form_initial(self, question, saved):
        return {question.key: saved} if isinstance(saved, list) else {}

    def draft_value(self, question, get):
        return list(get(question.key) or [])

    def pick_reason(self, question, answer, top):
        return f"Respondent chose {answer.choice.label}"


class Rating(QuestionKind):
    """Each item (a Choice) scored from 1 to the number of points of the question's scale."""

    value = Question.Kind.RATING
    rated = True
    own_pick = True

    def form_fields(self, question):
        scale = [(str(i), label) for i, label in enumerate(question.scale_labels, 1)]
        return {
            rating_field_name(question, choice): forms.ChoiceField(
                label=choice.label,
                help_text=choice.hint,
                required=question.required,
                choices=scale,
                widget=forms.RadioSelect,
                error_messages={
                    "required": format_lazy(
                        _("Rate how important ‘{label}’ is"), label=choice.label
                    ),
                    "invalid_choice": format_lazy(
                        _("Select one of the points of the scale for ‘{label}’"),
                        label=choice.label.replace("%", "%%"),  # Django fills in %(value)s
                    ),
                },
            )
            for choice in question.choices.all()
        }

    def form_layout(self, question):
        """The outer fieldset, with the question's hint shown and linked to it; its id is the one
        the check-your-answers "Change" link points at."""
        # Stacked, not inline: five inline points wrapped 2-2-1 (decision 0803).
        names = [
            Field.radios(rating_field_name(question, choice), small=True)
            for choice in question.choices.all()
        ]
        fieldset = Fieldset(
            *names,
            legend=question.text,
            legend_size=Size.SMALL,
            css_id=f"div_id_{question.key}",
            template="survey/_rating_fieldset.html",
        )
        fieldset.context["hint"] = question.hint
        return fieldset

    def form_initial(self, question, saved):
        if not isinstance(saved, dict):
            return {}
        return {
            rating_field_name(question, choice): str(saved[choice.value])
            for choice in question.choices.all()
            if saved.get(choice.value)
        }

    def draft_value(self, question, get):
        scores = {}
        for choice in question.choices.all():
            value = get(rating_field_name(question, choice))
            if value:
                scores[choice.value] = int(value)
        return scores

    def post_data(self, question, value, out):
        scores = value if isinstance(value, dict) else {}
        for choice in question.choices.all():
            score = scores.get(choice.value)
            if score:
                out[rating_field_name(question, choice)] = str(score)

    def answer_rows(self, question, value):
        if not isinstance(value, dict):
            return []
        choices = {c.value: c for c in question.choices.all()}
        top = len(question.scale_labels)
        return [
            (question.pk, choices[v].pk, "", int(score))
            for v, score in value.items()
            if v in choices and str(score).isdigit() and 1 <= int(score) <= top
        ]

    def answer_into(self, question, answer, data):
        if answer.choice_id:
            data.setdefault(question.key, {})[answer.choice.value] = answer.score

    def display_lines(self, question, value):
        if not isinstance(value, dict):
            return []
        scale = question.scale_labels
        lines = []
        for choice in question.choices.all():
            score = value.get(choice.value)
            if score and 1 <= int(score) <= len(scale):
                lines.append(f"{choice.label}: {scale[int(score) - 1]}")
        return lines

    def csv_columns(self, question):
        return [
            ((question.pk, choice.pk), f"{question.text}: {choice.label}")
            for choice in question.choices.all()
        ]

    def csv_cell(self, question, labels, choice_id, text, score):
        return (question.pk, choice_id), self.score_label(question, score)

    @staticmethod
    def score_label(question: Question, score) -> str:
        """A score as its point of the scale ("Very important"), or the number when off it."""
        scale = question.scale_labels
        return scale[score - 1] if score and 1 <= score <= len(scale) else str(score)

    @staticmethod
    def score_words(question: Question, score) -> str:
        """A score as the survey asked it, its number and its point of the scale ("4 – Very
        important"), for staff reading one response; the number alone when off the scale."""
        scale = question.scale_labels
        return f"{score} – {scale[score - 1]}" if score and 1 <= score <= len(scale) else str(score)

    def pick_reason(self, question, answer, top):
        # Rated highest: the respondent's top score, and above the middle of the scale, so that
        # rating everything "Not important" picks nothing.
        score = answer.score
        if score and score == top and score * 2 > len(question.scale_labels) + 1:
            return (
                f"Respondent rated {answer.choice.label} highest "
                f"({self.score_label(question, score)})"
            )
        return None


KINDS: dict[str, QuestionKind] = {
    kind.value: kind for kind in (ShortText(), LongText(), OneChoice(), SeveralChoices(), Rating())
}
UNKNOWN = QuestionKind()


def kind_of(question: Question) -> QuestionKind:
    return KINDS.get(question.kind, UNKNOWN)


def kind_named(value: str) -> QuestionKind:
    """The kind of a Question.kind value read without its question (values_list)."""
    return KINDS.get(value, UNKNOWN)


def _kinds_where(fact: str) -> list[str]:
    return [value for value, kind in KINDS.items() if getattr(kind, fact)]


def free_text_kinds() -> list[str]:
    """Kinds whose answers are a person's own words: blanked when their data is erased."""
    return _kinds_where("free_text")


def quotable_kinds() -> list[str]:
    """Kinds whose answers the prospectus may quote."""
    return _kinds_where("quotable")


def choice_kinds() -> list[str]:
    """Kinds whose chosen options count as Grand Challenge choices (and the board's "chose")."""
    return _kinds_where("choice")


def rated_kinds() -> list[str]:
    """Kinds whose scored items count as ratings of the foundations (and the board's "rated")."""
    return _kinds_where("rated")


def own_pick_kinds() -> list[str]:
    """Kinds whose chosen options or rated items are the respondent's view, suggesting themes."""
    return _kinds_where("own_pick")
