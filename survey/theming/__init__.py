"""Theme suggestions, the one owner: keyword matching (keywords.py), the learned model
(learn.py), what it reads of stored responses (evidence.py), suggesting (suggest.py), training
and recording moderators' verdicts (services.py), and measuring on a labelled file
(evaluate.py). Decisions 0860 and 0870."""

from survey.theming.evidence import response_choices_themed
from survey.theming.keywords import keywords_matched
from survey.theming.suggest import (
    ThemeSuggestion,
    response_themes_suggest,
    response_verdicts,
    themes_suggest,
)

__all__ = [
    "ThemeSuggestion",
    "keywords_matched",
    "response_choices_themed",
    "response_themes_suggest",
    "response_verdicts",
    "themes_suggest",
]
