"""Suggesting themes for a response from each theme's keywords (whole words, any case)."""

import re
from dataclasses import dataclass
from functools import lru_cache

from portal.models import Theme


@dataclass(frozen=True)
class ThemeSuggestion:
    theme: Theme
    matched: tuple[str, ...]  # the keywords found, as the theme lists them


@lru_cache(maxsize=512)
def _keyword_pattern(keyword: str) -> re.Pattern:
    # \b cannot be used at a keyword edge that is not a word character ("R&D", "start-up"),
    # so look for "no word character" around it instead; spaces in a phrase match any spacing.
    body = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def keywords_matched(*, text: str, keywords: list[str]) -> list[str]:
    """The keywords that occur in text as whole words or phrases, case-insensitively."""
    return [keyword for keyword in keywords if _keyword_pattern(keyword).search(text)]


def themes_suggest(*, texts: list[str], themes: list[Theme] | None = None) -> list[ThemeSuggestion]:
    """The themes whose keywords occur in any of texts, each with the words that matched, in
    the themes' own order."""
    themes = list(Theme.objects.all()) if themes is None else themes
    joined = "\n".join(text for text in texts if text)
    suggestions = []
    for theme in themes:
        matched = keywords_matched(text=joined, keywords=theme.keyword_list)
        if matched:
            suggestions.append(ThemeSuggestion(theme=theme, matched=tuple(matched)))
    return suggestions
