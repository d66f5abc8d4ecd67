"""Answers given in another language, read in English: the language a response is given in, its
name, and an answer's text as the evidence quotes it (docs/decisions/0912)."""

from typing import NamedTuple

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from survey.models import PERSONAL_KEYS

ENGLISH = settings.LANGUAGE_CODE


class InEnglish(NamedTuple):
    text: str
    translated_from: str | None  # "Gujarati" when the text is a moderator's translation
    lang: str  # the language of text, for the page's lang attribute; "" for English


def language_now() -> str:
    """The active language as one of settings.LANGUAGES (English when none of them is active).
    Matched here rather than by get_supported_language_variant, which also asks for Django's
    own catalogue of the language, and Django has none for Gujarati."""
    active = (translation.get_language() or ENGLISH).lower()
    codes = [code for code, _ in settings.LANGUAGES]
    if active in codes:
        return active
    base = active.split("-")[0]
    return next((code for code in codes if code.split("-")[0] == base), ENGLISH)


def language_name(code: str) -> str:
    """The language's name in English: "Gujarati", "Punjabi", "Urdu", "Polish", "English"."""
    if is_english(code):
        return "English"
    try:
        return translation.get_language_info(code)["name"]
    except KeyError:
        return code


def is_english(code: str) -> bool:
    return not code or code.split("-")[0] == "en"


def english_text(*, text: str, text_in_english: str = "", language: str = ENGLISH) -> InEnglish:
    """An answer as the English evidence shows it: the moderator's English translation when there
    is one (saying which language it was translated from), otherwise the words as given."""
    if is_english(language):
        return InEnglish(text, None, "")
    if text_in_english.strip():
        return InEnglish(text_in_english, language_name(language), "")
    return InEnglish(text, None, language)


def translatable(answers: QuerySet) -> QuerySet:
    """The written answers a moderator may give an English translation: all but the respondent's
    own details (name, email address, organisation), which are kept as typed."""
    return answers.exclude(text="").exclude(question__key__in=PERSONAL_KEYS)
