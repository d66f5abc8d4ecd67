"""Fixtures for the survey tests: the LLEP survey live now, and complete answers to it."""

import pytest


@pytest.fixture
def survey(llep_demo):
    from survey.selectors import survey_current

    return survey_current(consultation=llep_demo)


@pytest.fixture
def closed_survey(llep):
    from survey.selectors import survey_current

    return survey_current(consultation=llep)


SECTION_POSTS = {
    1: {
        "respondent_type": "business",
        "organisation": "Acme Hosiery Ltd",
        "sector": "textiles",
        "place": "leicester",
    },
    2: {
        "challenges": "Skills shortages and poor broadband hold us back.",
        "foundations__ideas": "4",
        "foundations__people": "5",
        "foundations__infrastructure": "3",
        "foundations__business-environment": "4",
        "foundations__place": "2",
    },
    3: {
        "grand_challenges": ["clean-growth", "ai-data-economy"],
        "priorities": "Apprenticeships in advanced manufacturing.",
        "interventions": "A low carbon fund for small firms.",
        "anything_else": "",
    },
    4: {"quote_ok": "yes", "contact_ok": "no", "name": "", "email": ""},
}


@pytest.fixture
def section_posts():
    import copy

    return copy.deepcopy(SECTION_POSTS)


@pytest.fixture
def answers():
    """Complete answers in the Draft.data shape."""
    return {
        "respondent_type": ["business"],
        "organisation": "Acme Hosiery Ltd",
        "sector": ["textiles"],
        "place": ["leicester"],
        "challenges": "Skills shortages and poor broadband hold us back.",
        "foundations": {
            "ideas": 4,
            "people": 5,
            "infrastructure": 3,
            "business-environment": 4,
            "place": 2,
        },
        "grand_challenges": ["clean-growth", "ai-data-economy"],
        "priorities": "Apprenticeships in advanced manufacturing.",
        "interventions": "A low carbon fund for small firms.",
        "anything_else": "",
        "quote_ok": ["yes"],
        "contact_ok": ["no"],
        "name": "",
        "email": "",
    }
