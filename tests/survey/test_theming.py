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
