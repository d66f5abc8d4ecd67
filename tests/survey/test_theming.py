"""Suggesting themes from keywords (whole words and phrases, any case, a trailing * for any
ending, every language's keywords) and from the respondent's own choices, with the reasons."""

import pytest

from portal.models import Theme
from survey.theming import keywords_matched, themes_suggest

pytestmark = pytest.mark.django_db


def test_keywords_match_whole_words_in_any_case():
    assert keywords_matched(text="We need SKILLS and training.", keywords=["skills", "train"]) == [
        "skills"
    ]


def test_short_keywords_do_not_match_inside_other_words():
    assert keywords_matched(text="A braid and a chain of paint", keywords=["AI", "M1"]) == []
    assert keywords_matched(text="Use AI, and the M1.", keywords=["AI", "M1"]) == ["AI", "M1"]


def test_phrases_and_punctuated_keywords_match():
    text = "More R&D, a start-up fund and low   carbon heat."
    assert keywords_matched(text=text, keywords=["R&D", "start-up", "low carbon", "carbon"]) == [
        "R&D",
        "start-up",
        "low carbon",
        "carbon",
    ]


def test_keywords_are_literal_not_patterns():
    assert keywords_matched(text="a.b", keywords=["a*b", "a.b"]) == ["a.b"]


def test_a_trailing_star_stands_for_any_ending_of_a_whole_word():
    keywords = ["apprentice*", "low carbon"]
    text = "Apprenticeships, an apprentice, and LOW CARBON heat; not preapprentice."
    assert keywords_matched(text=text, keywords=keywords) == keywords
    assert keywords_matched(text="preapprentice", keywords=keywords) == []


def test_keywords_in_the_portals_other_languages_suggest_their_theme(llep):
    found = {
        s.theme.slug: s.reasons
        for s in themes_suggest(texts=["Potrzebujemy więcej szkoleń i lepszej pracy."])
    }
    assert set(found) == {"people"}
    urdu = {s.theme.slug for s in themes_suggest(texts=["ہمارے بزرگوں کی صحت اور دیکھ بھال"])}
    assert "ageing-society" in urdu
    gujarati = {s.theme.slug for s in themes_suggest(texts=["યુવાનો માટે નોકરી અને તાલીમ"])}
    assert gujarati == {"people"}


def test_suggestions_name_each_theme_with_the_words_that_matched(llep):
    suggestions = themes_suggest(
        texts=["Apprenticeships and broadband.", "Help for older people with data."]
    )
    found = {s.theme.slug: s.reasons for s in suggestions}
    assert found["people"] == ("matched “apprentic*”",)
    assert found["infrastructure"] == ("matched “broadband”",)
    assert found["ai-data-economy"] == ("matched “data”",)
    assert found["ageing-society"] == ("matched “older”",)
    assert "clean-growth" not in found
    assert all(s.source == "keywords" and s.confidence is None for s in suggestions)


def test_staff_keyword_edits_change_the_suggestions(llep):
    theme = Theme.objects.get(slug="clean-growth")
    theme.keywords += "\nground loops"
    theme.save()
    found = {s.theme.slug for s in themes_suggest(texts=["Ground Loops, please"])}
    assert found == {"clean-growth"}


@pytest.fixture
def respond(llep_demo, answers):
    from survey.selectors import survey_current
    from tests.survey.factories import response_make

    survey = survey_current(consultation=llep_demo)

    def _respond(**changes):
        return response_make(survey=survey, data={**answers, **changes})

    return _respond


def test_own_choices_are_a_reason_and_count_toward_a_suggestion(respond):
    from survey.theming import response_themes_suggest

    response = respond(
        grand_challenges=["clean-growth"],
        challenges="We must act now.",
        priorities="Help.",
        interventions="Help.",
    )
    found = {s.theme.slug: s for s in response_themes_suggest(response=response)}
    assert found["clean-growth"].reasons == ("Respondent chose Clean Growth",)
    assert found["people"].reasons == ("Respondent rated People highest (Essential)",)


def test_every_item_sharing_the_top_rating_counts_but_a_low_top_rating_counts_none(respond):
    from survey.theming import response_choices_themed

    tied = {"ideas": 4, "people": 4, "infrastructure": 2, "business-environment": 1, "place": 3}
    reasons = response_choices_themed(response=respond(foundations=tied))
    rated = {
        Theme.objects.get(pk=pk).slug
        for pk, why in reasons.items()
        if any("rated" in reason for reason in why)
    }
    assert rated == {"ideas", "people"}
    low = dict.fromkeys(tied, 1)
    reasons = response_choices_themed(response=respond(foundations=low, grand_challenges=[]))
    assert reasons == {}


def test_where_a_respondent_is_based_suggests_no_theme(respond):
    from survey.theming import response_choices_themed

    reasons = response_choices_themed(
        response=respond(foundations={"ideas": 1}, grand_challenges=[], place=["leicester"])
    )
    assert Theme.objects.get(slug="place").pk not in reasons
