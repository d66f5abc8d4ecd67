"""Everything that writes for the theme suggester: training a consultation's model (in a Celery
task, never in a request) and keeping it only when it is no worse; recording a moderator's
verdict on each suggestion; scoring pending responses by how unsure the suggester is."""

import dataclasses
import datetime as dt
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from portal.models import Theme
from survey.models import Response, ThemeModel, ThemeSuggestionDecision
from survey.theming.evidence import responses_examples
from survey.theming.learn import ThemeLearner, keyword_phrases
from survey.theming.sentences import sentence_vectors
from survey.theming.suggest import ThemeSuggestion, learner_current, themes_keywords


def examples_confirmed(*, consultation_id: int):
    """The responses a moderator has confirmed themes for: what the suggester learns from."""
    return Response.objects.filter(
        survey__consultation_id=consultation_id, themes_confirmed_at__isnull=False
    ).exclude(status=Response.Status.SPAM)


def themes_train(*, consultation_id: int, learner_fit=None) -> ThemeModel:
    """Train on every confirmed response and store the result. It becomes current only if its
    cross-validated macro F1 is at least the current model's; a failure or a worse model is
    kept, with why, and the current one stays. learner_fit is for tests to make training fail."""
    themes = list(Theme.objects.all())
    slugs = {theme.pk: theme.slug for theme in themes}
    ids = examples_confirmed(consultation_id=consultation_id).values("pk")
    confirmed: dict[int, list[int]] = {}
    for response_id, theme_id in Response.themes.through.objects.filter(
        response_id__in=ids
    ).values_list("response_id", "theme_id"):
        confirmed.setdefault(response_id, []).append(theme_id)
    examples = list(
        responses_examples(
            response_ids=ids.values_list("pk", flat=True), slugs=slugs, confirmed=confirmed
        ).values()
    )
    started = time.perf_counter()
    learner = ThemeLearner(slugs=list(slugs.values()), keywords=themes_keywords(themes))
    try:
        (learner_fit or learner.fit)(examples)
    except Exception as error:  # noqa: BLE001 - any failure must leave the current model be
        return _model_store(
            consultation_id=consultation_id,
            learner=None,
            n_examples=len(examples),
            seconds=time.perf_counter() - started,
            note=f"{type(error).__name__}: {error}",
        )
    return _model_store(
        consultation_id=consultation_id,
        learner=learner,
        n_examples=len(examples),
        seconds=time.perf_counter() - started,
    )


@transaction.atomic
def _model_store(*, consultation_id, learner, n_examples, seconds, note="") -> ThemeModel:
    current = (
        ThemeModel.objects.select_for_update()
        .filter(consultation_id=consultation_id, state=ThemeModel.State.CURRENT)
        .first()
    )
    latest = ThemeModel.objects.filter(consultation_id=consultation_id).aggregate(v=Max("version"))
    model = ThemeModel(
        consultation_id=consultation_id,
        version=(latest["v"] or 0) + 1,
        trained_at=timezone.now(),
        seconds=round(seconds, 2),
        n_examples=n_examples,
        note=note,
    )
    if learner is None:
        model.state = ThemeModel.State.FAILED
        model.save()
        return model
    model.scores = {slug: dataclasses.asdict(s) for slug, s in learner.scores.items()}
    model.macro_f1 = round(learner.macro_f1(), 4)
    if current is not None and model.macro_f1 < current.macro_f1:
        model.state = ThemeModel.State.REJECTED
        model.note = (
            f"Macro F1 {model.macro_f1:.3f} is below the current version {current.version}'s "
            f"{current.macro_f1:.3f}; the current model stays."
        )
        model.save()
        return model
    if current is not None:
        # Only the current model keeps its fitted estimator; the others keep their figures.
        ThemeModel.objects.filter(pk=current.pk).update(
            state=ThemeModel.State.SUPERSEDED, estimator=None
        )
    model.state = ThemeModel.State.CURRENT
    model.estimator = learner.dumps()
    model.save()
    transaction.on_commit(lambda: _margins_queue(consultation_id))
    return model


def _margins_queue(consultation_id: int) -> None:
    from survey.tasks import themes_margins_score

    themes_margins_score.delay(consultation_id)


def training_due(*, consultation_id: int) -> bool:
    """Whether THEMES_RETRAIN_EVERY responses have been confirmed since the last training."""
    last = ThemeModel.objects.filter(consultation_id=consultation_id).aggregate(
        at=Max("trained_at")
    )
    fresh = examples_confirmed(consultation_id=consultation_id)
    if last["at"] is not None:
        fresh = fresh.filter(themes_confirmed_at__gt=last["at"])
    return fresh.count() >= settings.THEMES_RETRAIN_EVERY


def training_queue_if_due(*, consultation_id: int) -> bool:
    """After a confirmation: queue a training when enough are new, once (a cache lock covers
    the time the task takes to start and finish)."""
    if not training_due(consultation_id=consultation_id):
        return False
    if not cache.add(f"themes-train-queued:{consultation_id}", 1, timeout=600):
        return False
    from survey.tasks import themes_train as task

    transaction.on_commit(lambda: task.delay(consultation_id))
    return True


def suggestions_decide(
    *, response: Response, suggestions: list[ThemeSuggestion], themes, user, version=None
) -> None:
    """Record a moderator's saving of a response's themes: each suggestion accepted (kept
    ticked) or rejected, and the response becomes an example to learn from."""
    now = timezone.now()
    chosen = {theme.pk for theme in themes}
    ThemeSuggestionDecision.objects.bulk_create(
        [
            ThemeSuggestionDecision(
                response=response,
                theme=s.theme,
                accepted=s.theme.pk in chosen,
                source=s.source,
                confidence=s.confidence,
                model_version=version if s.source == "model" else None,
                decided_by=user,
                decided_at=now,
            )
            for s in suggestions
        ],
        update_conflicts=True,
        unique_fields=["response", "theme"],
        update_fields=[
            "accepted", "source", "confidence", "model_version", "decided_by", "decided_at",
        ],
    )  # fmt: skip
    Response.objects.filter(pk=response.pk).update(themes_confirmed_at=now)
    training_queue_if_due(consultation_id=response.survey.consultation_id)


def acceptance_rates(*, consultation_id: int) -> dict[int, tuple[int, int]]:
    """Theme id -> (suggestions decided, of which accepted)."""
    rows = (
        ThemeSuggestionDecision.objects.filter(response__survey__consultation_id=consultation_id)
        .values("theme_id")
        .annotate(decided=Count("pk"), accepted=Count("pk", filter=Q(accepted=True)))
    )
    return {row["theme_id"]: (row["decided"], row["accepted"]) for row in rows}


def sentences_recent(*, minutes: int = 10) -> int:
    """Work out the sentence vector of every response received in the last minutes (every five
    minutes, by beat, so the windows overlap), so that a moderator opening one waits for none
    (decision 0873); and of every theme's keyword phrases, so that the first training after staff
    edit the keywords does not work them out itself (13 s for the seeded 342, decision 0878).
    Returns how many responses were looked at; what is already kept costs a read."""
    since = timezone.now() - dt.timedelta(minutes=minutes)
    ids = list(Response.objects.filter(submitted_at__gte=since).values_list("pk", flat=True))
    examples = responses_examples(response_ids=ids, slugs={})
    keywords = themes_keywords(list(Theme.objects.all())).values()
    phrases = [phrase for listed in keywords for phrase in keyword_phrases(listed)]
    sentence_vectors([example.text for example in examples.values()] + phrases)
    return len(ids)


def margins_exist() -> bool:
    """Whether any pending response has been scored by margins_score (the admin says so when a
    moderator sorts by a margin that no response has yet)."""
    return Response.objects.filter(
        status=Response.Status.PENDING, theme_margin__isnull=False
    ).exists()


def margins_score(*, consultation_id: int, batch: int = 2000) -> int:
    """Score every pending response by how unsure the current model is about it, so that the
    moderators' list can put the most unsure first. Returns how many were scored."""
    learner, _ = learner_current(consultation_id=consultation_id)
    if learner is None:
        return 0
    slugs = {theme.pk: theme.slug for theme in Theme.objects.all()}
    pending = Response.objects.filter(
        survey__consultation_id=consultation_id, status=Response.Status.PENDING
    ).order_by("pk")
    ids = list(pending.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        examples = responses_examples(response_ids=chunk, slugs=slugs)
        margins = learner.margins([examples[pk] for pk in chunk])
        Response.objects.bulk_update(
            [Response(pk=pk, theme_margin=m) for pk, m in zip(chunk, margins, strict=True)],
            ["theme_margin"],
        )
    return len(ids)
