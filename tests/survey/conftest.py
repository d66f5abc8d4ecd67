"""Fixtures for the survey tests: the LLEP survey live now, and complete answers to it."""

import pytest

from tests.survey.answers import SECTION_POSTS


@pytest.fixture
def survey(llep_demo):
    from survey.selectors import survey_current

    return survey_current(consultation=llep_demo)


@pytest.fixture
def closed_survey(llep):
    from survey.selectors import survey_current

    return survey_current(consultation=llep)


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
