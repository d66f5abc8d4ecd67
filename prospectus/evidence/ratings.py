"""How respondents rated each foundation, and which Grand Challenges they chose."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from portal.models import Consultation, Theme
from prospectus.evidence.common import APPROVED, query_string
from prospectus.evidence.types import Rating, Tally
from prospectus.numbers import mean_of
from survey import kinds
from survey.models import Answer, Choice


@dataclass
class ThemeTags:
    """The survey's rated items tagged with a foundation and options tagged with a Grand
    Challenge (a few dozen rows), by choice id."""

    rated: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    options: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    scale_labels: list[str] = field(default_factory=list)


def theme_tags(*, consultation: Consultation) -> ThemeTags:
    """One query. Counting answers by choice id afterwards lets PostgreSQL use the answer table's
    choice index instead of joining two million answers to the tags."""
    tags = ThemeTags()
    for choice_id, theme_id, theme_kind, question_kind, labels in (
        Choice.objects.filter(
            question__section__survey__consultation=consultation,
            themes__kind__in=[Theme.Kind.FOUNDATION, Theme.Kind.GRAND_CHALLENGE],
        )
        .order_by("question__section__order", "question__order", "order")
        .values_list("pk", "themes__id", "themes__kind", "question__kind", "question__scale_labels")
    ):
        kind = kinds.kind_named(question_kind)
        if kind.rated and theme_kind == Theme.Kind.FOUNDATION:
            tags.rated[choice_id].append(theme_id)
            tags.scale_labels = tags.scale_labels or list(labels or [])
        elif kind.choice and theme_kind == Theme.Kind.GRAND_CHALLENGE:
            tags.options[choice_id].append(theme_id)
    return tags


def _rating(theme: Theme, dist: dict[int, int], scale_labels: list[str]) -> Rating:
    scores = sorted(set(dist) | set(range(1, len(scale_labels) + 1)))
    count = sum(dist.values())

    def label(score: int) -> str:
        if 1 <= score <= len(scale_labels):
            return f"{score} – {scale_labels[score - 1]}"
        return str(score)

    return Rating(
        theme=theme,
        count=count,
        mean=mean_of(sum(s * n for s, n in dist.items()), count),
        distribution=[
            Tally(
                label=label(s), count=dist.get(s, 0), query=query_string(rated=theme.slug, score=s)
            )
            for s in scores
        ],
        query=query_string(rated=theme.slug),
    )


def ratings_for(*, tags: ThemeTags, foundations: list[Theme]) -> list[Rating]:
    """Scores given to the rated items tagged with each foundation: one query."""
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for choice_id, score, n in (
        Answer.objects.filter(
            choice_id__in=list(tags.rated), response__status=APPROVED, score__isnull=False
        )
        .values_list("choice_id", "score")
        # COUNT(*), not of a column: PostgreSQL then reads the covering index alone.
        .annotate(n=Count("*"))
        .order_by()
    ):
        for theme_id in tags.rated[choice_id]:
            counts[theme_id][score] += n
    return [_rating(theme, counts[theme.pk], tags.scale_labels) for theme in foundations]


def grand_challenge_choices_for(*, tags: ThemeTags, grand_challenges: list[Theme]) -> list[Tally]:
    """Approved responses that picked an option tagged with each Grand Challenge: one query."""
    chosen: dict[int, int] = defaultdict(int)
    for choice_id, n in (
        Answer.objects.filter(choice_id__in=list(tags.options), response__status=APPROVED)
        .values_list("choice_id")
        # One row per response and option (constraint one_answer_per_choice): no DISTINCT.
        .annotate(n=Count("*"))
        .order_by()
    ):
        for theme_id in tags.options[choice_id]:
            chosen[theme_id] += n
    return [
        Tally(label=t.name, count=chosen.get(t.pk, 0), query=query_string(chose=t.slug))
        for t in grand_challenges
    ]
