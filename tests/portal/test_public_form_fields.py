"""Checks over every field of every public form, so that a new field cannot miss them: a field
with an error is drawn with GOV.UK's error border (issue 12, point 5), and every one-line field
refuses line breaks and control characters with a message (issue 12, point 12)."""

from html.parser import HTMLParser

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms

from events.forms import BookingForm
from survey.forms import CheckForm, LateSendForm, SaveForm, SectionForm
from survey.selectors import survey_of_current_consultation, survey_sections

ERROR_CLASSES = {"govuk-input--error", "govuk-textarea--error", "govuk-select--error"}
HOSTILE_LINES = [
    "Bob\r\n\r\nIMPORTANT: your place was cancelled. Rebook at http://example.invalid/",
    "Bob\nSmith",
    "Bob\tSmith",
    "Bob\x85Smith",  # C1 next line
    "Bob\u2028Smith",  # Unicode line separator
    "Bob\u2029Smith",
    "Bob\x1bSmith",
    "Bob\x7fSmith",
    "\u200b\u200b",  # only zero-width spaces: a name blank on every list
    "\ufeff \u2060",  # a byte-order mark, a space, a word joiner
    "\u202eevil\u202c",  # a right-to-left override: shows as "live"
    "Bob\u2066Smith",  # a bidirectional isolate
]


def _public_forms() -> list[tuple[str, type, dict]]:
    """(name, form class, extra kwargs) for every form the public fills in."""
    found = [("booking", BookingForm, {}), ("save", SaveForm, {})]
    found += [("check", CheckForm, {}), ("late", LateSendForm, {})]
    survey = survey_of_current_consultation()
    for number, section in enumerate(survey_sections(survey=survey), start=1):
        found.append(
            (f"survey section {number}", SectionForm, {"questions": list(section.questions.all())})
        )
    return found


class _Controls(HTMLParser):
    """The classes of each box a person types in or picks from, by id (checkboxes and radios
    show their error on the group, as GOV.UK's pattern does)."""

    def __init__(self):
        super().__init__()
        self.classes: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        boxes = tag == "input" and attrs.get("type") in {"checkbox", "radio", "hidden"}
        if tag in {"input", "textarea", "select"} and attrs.get("id") and not boxes:
            self.classes[attrs["id"]] = set((attrs.get("class") or "").split())


def _one_line_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)
    ]


@pytest.mark.parametrize("hostile", HOSTILE_LINES)
def test_every_one_line_field_of_every_public_form_refuses_control_characters(llep_demo, hostile):
    for name, form_class, kwargs in _public_forms():
        fields = _one_line_fields(form_class(**kwargs))
        form = form_class({field: hostile for field in fields}, **kwargs)
        form.is_valid()
        for field in fields:
            # One message a field (portal.validators.PublicForm): an email address may be
            # refused first as not in the correct format.
            email = isinstance(form.fields[field], forms.EmailField)
            refusals = [["single_line"], ["invalid"]] if email else [["single_line"]]
            codes = [e.code for e in form.errors.as_data().get(field, [])]
            assert codes in refusals, f"{name}: {field} accepted {hostile!r} ({codes})"


def test_the_one_line_message_names_the_field_and_says_what_to_do(llep_demo):
    form = BookingForm({"full_name": HOSTILE_LINES[0]})
    form.is_valid()
    assert form.errors["full_name"] == [
        "Full name must be on one line, with no line breaks or hidden characters"
    ]


@pytest.mark.parametrize(
    "name",
    [
        "محمد\u200fعلی",  # a right-to-left mark, as an Urdu keyboard types it
        "ਸ਼ੇਰ\u200dਸਿੰਘ",  # a zero-width joiner, which Gurmukhi and Gujarati need
        "મિહિર\u200cભાઈ",  # a zero-width non-joiner
        "Zoë O’Brien-Łukasz",
    ],
)
def test_names_in_every_script_keep_the_invisible_characters_their_writing_needs(llep_demo, name):
    form = BookingForm({"full_name": name, "organisation": name})
    form.is_valid()
    assert "full_name" not in form.errors and "organisation" not in form.errors


def test_multi_line_fields_keep_line_breaks_but_refuse_nul(llep_demo):
    text = "Step-free access, please.\r\nA hearing loop too."
    form = BookingForm({"access_needs": text, "dietary_needs": "none\x00"})
    form.is_valid()
    assert "access_needs" not in form.errors
    assert "dietary_needs" in form.errors


def test_every_field_with_an_error_on_every_public_form_has_the_error_border(llep_demo):
    for name, form_class, kwargs in _public_forms():
        blank = form_class(**kwargs)
        # Something wrong in every box: a line break is refused by every one-line field, and a
        # non-address by every email field; an empty required field errs too.
        data = {field: "not an address\n" for field in _one_line_fields(blank)}
        form = form_class(data, **kwargs)
        form.is_valid()
        parser = _Controls()
        parser.feed(render_crispy_form(form))
        for field in form.errors:
            if field == "__all__":
                continue
            control = form[field].auto_id
            if control not in parser.classes:
                continue  # radios and checkboxes
            assert parser.classes[control] & ERROR_CLASSES, f"{name}: {field} has no error border"
