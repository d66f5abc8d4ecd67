"""Each question kind on its own (survey/kinds.py): its field, how a draft value is checked and
restored, the answer rows it is stored as, how it is shown, its CSV cells and its evidence facts.
The seeded LLEP survey has a question of every kind."""

from types import SimpleNamespace

import pytest
from django import forms
from django.utils.datastructures import MultiValueDict

from portal import widgets
from portal.validators import SingleLineValidator
from survey import kinds
from survey.forms import SectionForm
from survey.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def q(survey):
    """The seeded survey's questions by key."""
    found = Question.objects.filter(section__survey=survey).prefetch_related("choices")
    return {question.key: question for question in found}


def restored(question, value):
    """A draft value posted back (as the check before sending does) and read out of the form."""
    kind = kinds.kind_of(question)
    post = MultiValueDict()
    kind.post_data(question, value, post)
    form = SectionForm(post, questions=[question])
    assert form.is_valid(), form.errors
    return form.section_data()[question.key]


def answer(question, *, choice=None, score=None, text=""):
    """A stored answer as the kinds read it, without saving one."""
    return SimpleNamespace(
        question=question,
        choice=choice,
        choice_id=choice.pk if choice else None,
        score=score,
        text=text,
    )


def test_each_kind_value_has_its_own_class(q):
    assert isinstance(kinds.kind_of(q["organisation"]), kinds.ShortText)
    assert isinstance(kinds.kind_of(q["challenges"]), kinds.LongText)
    assert isinstance(kinds.kind_of(q["place"]), kinds.OneChoice)
    assert isinstance(kinds.kind_of(q["grand_challenges"]), kinds.SeveralChoices)
    assert isinstance(kinds.kind_of(q["foundations"]), kinds.Rating)
    assert set(kinds.KINDS) == set(Question.Kind.values)


def test_the_evidence_and_erasure_ask_sets_of_kinds_not_kinds_by_name():
    assert kinds.free_text_kinds() == ["short_text", "long_text"]
    assert kinds.quotable_kinds() == ["long_text"]
    assert kinds.choice_kinds() == ["one_choice", "several_choices"]
    assert kinds.rated_kinds() == ["rating"]
    # One choice says who the respondent is (where they are based); the others are their view.
    assert kinds.own_pick_kinds() == ["several_choices", "rating"]


def test_short_text_is_one_line_without_a_maxlength_attribute(q):
    question = q["organisation"]
    kind = kinds.kind_of(question)
    field = kind.form_fields(question)["organisation"]
    assert type(field) is forms.CharField and isinstance(field.widget, forms.TextInput)
    assert isinstance(field.validators[0], SingleLineValidator)
    assert field.max_length == 200 and "maxlength" not in field.widget.attrs
    assert field.error_messages["required"] == (
        "Enter your answer to ‘What is the name of your organisation?’"
    )
    assert kind.form_layout(question).fields == ["organisation"]
    assert kind.form_initial(question, ["not text"]) == {"organisation": ""}
    assert restored(question, "Acme Hosiery Ltd") == "Acme Hosiery Ltd"


def test_the_email_question_is_an_email_box_with_its_own_message(q):
    question = q["email"]
    field = kinds.kind_of(question).form_fields(question)["email"]
    assert isinstance(field, forms.EmailField) and field.max_length == 254
    assert type(field.widget) is type(widgets.email_input())
    assert field.error_messages["invalid"] == kinds.EMAIL_ERROR
    assert isinstance(field.validators[0], SingleLineValidator)


def test_long_text_is_a_counted_textarea_that_keeps_new_lines(q):
    question = q["challenges"]
    kind = kinds.kind_of(question)
    field = kind.form_fields(question)["challenges"]
    assert isinstance(field.widget, widgets.Textarea)
    assert not any(isinstance(v, SingleLineValidator) for v in field.validators)
    layout = kind.form_layout(question)
    assert layout.context["max_characters"] == 2000 and layout.attrs["rows"] == "6"
    assert restored(question, "Skills.\nBroadband.") == "Skills.\nBroadband."


def test_text_is_stored_as_one_row_and_blank_text_as_none(q):
    question = q["challenges"]
    kind = kinds.kind_of(question)
    assert kind.answer_rows(question, "Skills") == [(question.pk, None, "Skills", None)]
    assert kind.answer_rows(question, "   ") == []
    assert kind.answer_rows(question, ["not text"]) == []
    data = {}
    kind.answer_into(question, answer(question, text="Skills"), data)
    assert data == {"challenges": "Skills"}


def test_text_is_shown_and_exported_as_typed(q):
    question = q["challenges"]
    kind = kinds.kind_of(question)
    assert kind.display_lines(question, "Skills") == ["Skills"]
    assert kind.display_lines(question, "") == []
    assert kind.csv_columns(question) == [((question.pk, None), question.text)]
    assert kind.csv_cell(question, {}, None, "Skills", None) == ((question.pk, None), "Skills")
    assert kind.pick_reason(question, answer(question, text="Skills"), 0) is None


def test_one_choice_keeps_the_first_known_option_only(q):
    question = q["place"]
    kind = kinds.kind_of(question)
    field = kind.form_fields(question)["place"]
    assert isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.RadioSelect)
    assert field.error_messages["invalid_choice"] == (
        "Select one of the options given for ‘Where are you based?’"
    )
    assert kind.form_initial(question, ["melton"]) == {"place": "melton"}
    assert kind.form_initial(question, []) == {}
    melton = question.choices.get(value="melton")
    assert kind.answer_rows(question, ["atlantis", "melton"]) == []  # only the first is read
    assert kind.answer_rows(question, ["melton", "blaby"]) == [(question.pk, melton.pk, "", None)]
    assert kind.answer_rows(question, "melton") == [(question.pk, melton.pk, "", None)]
    assert restored(question, ["melton"]) == ["melton"]


def test_several_choices_keep_each_known_option_once(q):
    question = q["grand_challenges"]
    kind = kinds.kind_of(question)
    field = kind.form_fields(question)["grand_challenges"]
    assert isinstance(field, forms.MultipleChoiceField)
    assert isinstance(field.widget, forms.CheckboxSelectMultiple)
    clean = question.choices.get(value="clean-growth")
    rows = kind.answer_rows(question, ["clean-growth", "x", "clean-growth"])
    assert rows == [(question.pk, clean.pk, "", None)]
    chosen = ["clean-growth", "ageing-society"]
    assert restored(question, chosen) == chosen
    data = {}
    kind.answer_into(question, answer(question, choice=clean), data)
    assert data == {"grand_challenges": ["clean-growth"]}


def test_choices_are_shown_and_exported_by_their_labels(q):
    question = q["grand_challenges"]
    kind = kinds.kind_of(question)
    clean = question.choices.get(value="clean-growth")
    assert kind.display_lines(question, ["clean-growth", "gone"]) == [clean.label, "gone"]
    assert kind.csv_cell(question, {clean.pk: clean.label}, clean.pk, "", None) == (
        (question.pk, None),
        clean.label,
    )
    assert kind.pick_reason(question, answer(question, choice=clean), 0) == (
        f"Respondent chose {clean.label}"
    )
    place = q["place"]
    melton = place.choices.get(value="melton")
    assert kinds.kind_of(place).pick_reason(place, answer(place, choice=melton), 0) is None


def test_rating_has_one_field_per_item_inside_one_fieldset(q):
    question = q["foundations"]
    kind = kinds.kind_of(question)
    items = list(question.choices.all())
    fields = kind.form_fields(question)
    assert list(fields) == [f"foundations__{c.value}" for c in items]
    assert fields["foundations__people"].choices[-1] == ("5", "Essential")
    layout = kind.form_layout(question)
    assert layout.css_id == "div_id_foundations" and len(layout.fields) == len(items)
    assert kind.form_initial(question, {"people": 5, "ideas": 0}) == {"foundations__people": "5"}
    scores = {c.value: 3 for c in items}
    assert restored(question, scores) == scores


def test_rating_stores_only_scores_on_the_scale(q):
    question = q["foundations"]
    kind = kinds.kind_of(question)
    people = question.choices.get(value="people")
    rows = kind.answer_rows(question, {"people": 5, "ideas": 6, "place": "x", "nope": 3})
    assert rows == [(question.pk, people.pk, "", 5)]
    assert kind.answer_rows(question, ["people"]) == []
    data = {}
    kind.answer_into(question, answer(question, choice=people, score=5), data)
    assert data == {"foundations": {"people": 5}}


def test_rating_is_shown_and_exported_item_by_item_with_the_scale_words(q):
    question = q["foundations"]
    kind = kinds.kind_of(question)
    people = question.choices.get(value="people")
    assert kind.display_lines(question, {"people": 5, "ideas": 9}) == [f"{people.label}: Essential"]
    columns = kind.csv_columns(question)
    assert len(columns) == question.choices.count()
    assert ((question.pk, people.pk), f"{question.text}: {people.label}") in columns
    assert kind.csv_cell(question, {}, people.pk, "", 4) == (
        (question.pk, people.pk),
        "Very important",
    )
    assert kind.csv_cell(question, {}, people.pk, "", 9)[1] == "9"


def test_a_score_reads_as_its_number_and_the_scale_word_the_survey_asked_with(q):
    question = q["foundations"]
    assert kinds.Rating.score_words(question, 4) == "4 – Very important"
    assert kinds.Rating.score_words(question, 1) == "1 – Not important"
    assert kinds.Rating.score_words(question, 9) == "9"  # off the scale: the number as stored


def test_rating_points_to_themes_only_when_highest_and_above_the_middle(q):
    question = q["foundations"]
    kind = kinds.kind_of(question)
    people = question.choices.get(value="people")
    assert kind.pick_reason(question, answer(question, choice=people, score=4), 4) == (
        f"Respondent rated {people.label} highest (Very important)"
    )
    assert kind.pick_reason(question, answer(question, choice=people, score=3), 4) is None
    # Rating everything "Moderately important" (the middle) picks nothing.
    assert kind.pick_reason(question, answer(question, choice=people, score=3), 3) is None


def test_an_unknown_kind_has_no_field_no_rows_and_one_empty_column(q):
    question = q["organisation"]
    question.kind = "drawing"
    kind = kinds.kind_of(question)
    assert kind is kinds.UNKNOWN
    assert kind.form_fields(question) == {} and kind.form_layout(question) is None
    assert kind.draft_value(question, {}.get) is None
    assert kind.answer_rows(question, "x") == [] and kind.display_lines(question, "x") == []
    assert kind.csv_columns(question) == [((question.pk, None), question.text)]
    assert SectionForm(questions=[question]).fields == {}
