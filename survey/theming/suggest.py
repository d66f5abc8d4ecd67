"""Suggested themes for a response, each with its confidence and the words or answers that led
to it: from the consultation's current trained model where a theme has one, from keywords and
own choices where it has not (docs/decisions/0870-learned-theme-suggestions.md)."""

from dataclasses import dataclass

from django.core.cache import caches

from portal.models import Theme
from survey.models import ThemeModel
from survey.theming.evidence import responses_examples
from survey.theming.learn import Example, ThemeLearner, logit


@dataclass(frozen=True)
class ThemeSuggestion:
    theme: Theme
    reasons: tuple[str, ...]  # why, in words a moderator reads: own choices first
    confidence: float | None = None  # the model's probability; None where keywords decided
    source: str = "keywords"  # or "model"


@dataclass(frozen=True)
class Verdicts:
    """Every theme's verdict on one response, and how unsure the suggester is about it."""

    suggestions: list[ThemeSuggestion]
    margin: float | None
    model_version: int | None


def keyword_learner(themes: list[Theme]) -> ThemeLearner:
    """A suggester that has learnt nothing yet: keywords and own choices only."""
    return ThemeLearner(slugs=[t.slug for t in themes], keywords=themes_keywords(themes))


def themes_keywords(themes: list[Theme]) -> dict[str, list[str]]:
    return {theme.slug: theme.keyword_list for theme in themes}


def learner_current(*, consultation_id: int) -> tuple[ThemeLearner | None, int | None]:
    """The consultation's current trained suggester and its version, read from the database
    once per process and version (the process-local cache, portal/localcache.py)."""
    row = (
        ThemeModel.objects.filter(consultation_id=consultation_id, state=ThemeModel.State.CURRENT)
        .values_list("pk", "version")
        .first()
    )
    if row is None:
        return None, None
    pk, version = row
    key = f"theme-learner:{pk}"
    learner = caches["local"].get(key)
    if learner is None:
        estimator = ThemeModel.objects.values_list("estimator", flat=True).get(pk=pk)
        learner = ThemeLearner.loads(estimator)
        caches["local"].set(key, learner, timeout=None)
    if not learner.usable():  # stored by code with other features: keywords until retrained
        return None, None
    return learner, version


def example_verdicts(
    *, example: Example, themes: list[Theme], learner: ThemeLearner | None, version=None
) -> Verdicts:
    learner = learner or keyword_learner(themes)
    by_slug = {theme.slug: theme for theme in themes}
    suggestions, margins = [], []
    for scored in learner.score_one(example):
        theme = by_slug.get(scored.slug)
        if theme is None:
            continue
        if scored.confidence is not None:
            margins.append(abs(logit(scored.confidence) - logit(scored.threshold)))
        if scored.suggested:
            suggestions.append(
                ThemeSuggestion(
                    theme=theme,
                    reasons=scored.reasons,
                    confidence=scored.confidence,
                    source="keywords" if scored.confidence is None else "model",
                )
            )
    order = {theme.pk: i for i, theme in enumerate(themes)}
    suggestions.sort(key=lambda s: order[s.theme.pk])
    return Verdicts(suggestions, min(margins) if margins else None, version)


def themes_suggest(*, texts: list[str], themes: list[Theme] | None = None, chosen=None):
    """Keyword suggestions for texts (chosen maps a theme's id to the respondent's own reasons),
    in the themes' own order."""
    themes = list(Theme.objects.all()) if themes is None else themes
    slugs = {theme.pk: theme.slug for theme in themes}
    example = Example(
        text="\n".join(t for t in texts if t),
        chosen={slugs[pk]: tuple(r) for pk, r in (chosen or {}).items() if pk in slugs},
    )
    return example_verdicts(example=example, themes=themes, learner=None).suggestions


def response_verdicts(*, response, themes: list[Theme] | None = None) -> Verdicts:
    """What the suggester makes of a stored response."""
    themes = list(Theme.objects.all()) if themes is None else themes
    learner, version = learner_current(consultation_id=response.survey.consultation_id)
    slugs = {theme.pk: theme.slug for theme in themes}
    example = responses_examples(response_ids=[response.pk], slugs=slugs)[response.pk]
    return example_verdicts(example=example, themes=themes, learner=learner, version=version)


def response_themes_suggest(*, response, themes: list[Theme] | None = None):
    """The suggested themes for a stored response, each with its confidence and reasons."""
    return response_verdicts(response=response, themes=themes).suggestions
