"""Each kind of question validated, with the messages people see."""

import pytest
from django.http import QueryDict
from django.utils import translation

from survey.forms import SectionForm
from survey.models import Question

pytestmark = pytest.mark.django_db


def form_for(*keys, data):
    questions = [Question.objects.get(key=key) for key in keys]
    post = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            post.setlist(name, value)
        else:
            post[name] = value
    return SectionForm(post, questions=questions)


def test_required_short_and_long_text(survey):
    form = form_for("challenges", "organisation", data={"challenges": "   "})
    assert not form.is_valid()
    assert "Enter your answer to" in form.errors["challenges"][0]
    assert "organisation" not in form.errors  # optional


def test_text_longer_than_the_maximum_says_so_and_is_saved_for_later_up_to_the_maximum(survey):
    form = form_for("challenges", data={"challenges": "x" * 2001})
    assert not form.is_valid()
    assert form.errors["challenges"] == [
        "Your answer to ‘What are the key challenges to growth and productivity in Leicester and "
        "Leicestershire?’ must be 2,000 characters or fewer (you have typed 2,001 characters)"
    ]
    assert "x" * 2001 in str(form["challenges"])  # drawn again as typed
    # A draft holds no more than the field allows (issue 12, point 11).
    assert form.raw_data()["challenges"] == "x" * 2000


def test_one_choice_must_be_one_of_the_options(survey):
    assert "Select an answer" in form_for("place", data={}).errors["place"][0]
    assert form_for("place", data={"place": "atlantis"}).errors["place"] == [
        "Select one of the options given for ‘Where are you based?’"
    ]
    form = form_for("place", data={"place": "melton"})
    assert form.is_valid() and form.section_data() == {"place": ["melton"]}


def test_an_option_not_offered_is_said_in_the_page_language_naming_its_question(survey):
    with translation.override("pl"):
        errors = list(form_for("place", data={"place": "atlantis"}).errors["place"])
        question = Question.objects.get(key="place").text
    assert errors == [f"Wybierz jedną z opcji podanych w pytaniu ‘{question}’"]


def test_an_option_not_offered_names_its_question_even_one_with_a_per_cent_sign(survey):
    # Django fills %(value)s into this message: the question's own "%" must come through as is.
    Question.objects.filter(key="place").update(text="Where are 100% of your staff based?")
    assert form_for("place", data={"place": "atlantis"}).errors["place"] == [
        "Select one of the options given for ‘Where are 100% of your staff based?’"
    ]


def test_a_length_message_keeps_a_per_cent_sign_in_its_question(survey):
    Question.objects.filter(key="challenges").update(text="What would grow output 10%?")
    form = form_for("challenges", data={"challenges": "x" * 2001})
    assert form.errors["challenges"] == [
        "Your answer to ‘What would grow output 10%?’ must be 2,000 characters or fewer "
        "(you have typed 2,001 characters)"
    ]


def test_several_choices_need_at_least_one_known_option(survey):
    assert (
        "Select at least one" in form_for("grand_challenges", data={}).errors["grand_challenges"][0]
    )
    bad = form_for("grand_challenges", data={"grand_challenges": ["clean-growth", "x"]})
    question = Question.objects.get(key="grand_challenges").text
    assert bad.errors["grand_challenges"] == [f"Select only the options given for ‘{question}’"]
    good = form_for(
        "grand_challenges", data={"grand_challenges": ["clean-growth", "ageing-society"]}
    )
    assert good.is_valid()
    assert good.section_data() == {"grand_challenges": ["clean-growth", "ageing-society"]}


def test_rating_needs_every_item_rated_on_the_scale(survey):
    data = {f"foundations__{item}": "3" for item in ["ideas", "people", "infrastructure", "place"]}
    form = form_for("foundations", data={**data, "foundations__business-environment": "6"})
    assert form.errors["foundations__business-environment"] == [
        "Select one of the points of the scale for ‘Business Environment’"
    ]
    missing = form_for("foundations", data=data)
    assert missing.errors["foundations__business-environment"] == [
        "Rate how important ‘Business Environment’ is"
    ]
    good = form_for("foundations", data={**data, "foundations__business-environment": "5"})
    assert good.is_valid()
    assert good.section_data()["foundations"]["business-environment"] == 5


def test_name_and_email_optional_unless_contact_is_asked_for(survey):
    keys = ("quote_ok", "contact_ok", "name", "email")
    assert form_for(*keys, data={"quote_ok": "no", "contact_ok": "no"}).is_valid()
    asked = form_for(*keys, data={"quote_ok": "no", "contact_ok": "yes"})
    assert asked.errors["name"] == ["Enter your name so that we can contact you"]
    assert asked.errors["email"] == ["Enter your email address so that we can contact you"]
    bad = form_for(*keys, data={"quote_ok": "no", "contact_ok": "yes", "name": "A", "email": "x@"})
    assert bad.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_null_characters_are_refused_with_a_message(survey):
    form = form_for("challenges", data={"challenges": "bad\x00byte"})
    assert form.errors["challenges"] == ["Your answer contains a character we cannot store"]
