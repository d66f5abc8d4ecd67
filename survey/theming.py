"""Suggesting themes for a response: from each theme's keywords (whole words, any case) and from
what the respondent chose themselves (the options they ticked, the items they rated highest)."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch

from portal.models import Theme
from survey import kinds
from survey.models import Answer, Choice


@dataclass(frozen=True)
class ThemeSuggestion:
    theme: Theme
    matched: tuple[str, ...] = ()  # the keywords found, as the theme lists them
    chosen: tuple[str, ...] = ()  # the respondent's own choices that point to it, as reasons

    @property
    def reasons(self) -> list[str]:
        """Why it is suggested, in words a moderator reads: own choices first, then keywords."""
        reasons = list(self.chosen)
        if self.matched:
            reasons.append("matched " + ", ".join(f"“{word}”" for word in self.matched))
        return reasons


@lru_cache(maxsize=512)
def _keyword_pattern(keyword: str) -> re.Pattern:
    # \b cannot be used at a keyword edge that is not a word character ("R&D", "start-up"),
    # so look for "no word character" around it instead; spaces in a phrase match any spacing.
    body = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def keywords_matched(*, text: str, keywords: list[str]) -> list[str]:
    """The keywords that occur in text as whole words or phrases, case-insensitively."""
    return [keyword for keyword in keywords if _keyword_pattern(keyword).search(text)]


def themes_suggest(
    *,
    texts: list[str],
    themes: list[Theme] | None = None,
    chosen: dict[int, list[str]] | None = None,
) -> list[ThemeSuggestion]:
    """The themes whose keywords occur in any of texts, or that the respondent chose (chosen
    maps a theme's id to the reasons), each with why, in the themes' own order."""
    themes = list(Theme.objects.all()) if themes is None else themes
    chosen = chosen or {}
    joined = "\n".join(text for text in texts if text)
    suggestions = []
    for theme in themes:
        matched = keywords_matched(text=joined, keywords=theme.keyword_list)
        reasons = chosen.get(theme.pk, [])
        if matched or reasons:
            suggestions.append(
                ThemeSuggestion(theme=theme, matched=tuple(matched), chosen=tuple(reasons))
            )
    return suggestions


def response_choices_themed(*, response) -> dict[int, list[str]]:
    """The themes the respondent pointed to themselves, each with the reasons in words: the
    options they ticked in a question of several choices (the Grand Challenges), and the items
    they rated highest in a rating question (the foundations). Each kind says whether its
    answers are the respondent's view and why an answer points to its themes (survey/kinds.py)."""
    answers = list(
        Answer.objects.filter(
            response=response, choice__isnull=False, question__kind__in=kinds.own_pick_kinds()
        )
        .select_related("question")
        .prefetch_related(Prefetch("choice", queryset=Choice.objects.prefetch_related("themes")))
        .order_by("question__section__order", "question__order", "choice__order")
    )
    top: dict[int, int] = {}  # the respondent's highest score in each rating question
    for answer in answers:
        if answer.score:
            top[answer.question_id] = max(top.get(answer.question_id, 0), answer.score)
    reasons: dict[int, list[str]] = {}
    for answer in answers:
        question = answer.question
        reason = kinds.kind_of(question).pick_reason(question, answer, top.get(question.pk, 0))
        if reason is None:
            continue
        for theme in answer.choice.themes.all():
            reasons.setdefault(theme.pk, []).append(reason)
    return reasons


def response_themes_suggest(
    *, response, themes: list[Theme] | None = None
) -> list[ThemeSuggestion]:
    """The suggested themes for a stored response: keywords in its written answers, and its
    own choices."""
    # A moderator's English translation is read beside the words as given, so an answer in
    # another language finds the same themes as an English one.
    texts = [
        text
        for pair in Answer.objects.filter(response=response, choice__isnull=True)
        .exclude(text="")
        .order_by("pk")
        .values_list("text", "text_in_english")
        for text in pair
        if text
    ]
    return themes_suggest(
        texts=texts, themes=themes, chosen=response_choices_themed(response=response)
    )
