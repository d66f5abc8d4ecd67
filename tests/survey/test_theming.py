"""Suggesting themes from keywords: whole words and phrases, any case, matched words shown."""

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


def test_suggestions_name_each_theme_with_the_words_that_matched(llep):
    suggestions = themes_suggest(
        texts=["Apprenticeships and broadband.", "Help for older people with data."]
    )
    found = {s.theme.slug: s.matched for s in suggestions}
    assert found["people"] == ("apprenticeships",)
    assert found["infrastructure"] == ("broadband",)
    assert found["ai-data-economy"] == ("data",)
    assert found["ageing-society"] == ("older people",)
    assert "clean-growth" not in found


def test_staff_keyword_edits_change_the_suggestions(llep):
    theme = Theme.objects.get(slug="clean-growth")
    theme.keywords += "\nheat pumps"
    theme.save()
    found = {s.theme.slug for s in themes_suggest(texts=["Grants for Heat Pumps"])}
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
        challenges="We must decarbonise.",
        priorities="Help.",
        interventions="Help.",
    )
    found = {s.theme.slug: s for s in response_themes_suggest(response=response)}
    assert found["clean-growth"].chosen == ("Respondent chose Clean Growth",)
    assert found["clean-growth"].matched == ()
    assert found["people"].reasons == ["Respondent rated People highest (Essential)"]


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
