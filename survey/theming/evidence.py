"""What the suggester reads of stored responses: the text of their written answers, and the
themes the respondents pointed to themselves in closed questions (decision 0860), for one
response or for many in a few queries."""

from django.db.models import Prefetch

from survey import kinds
from survey.models import Answer, Choice
from survey.theming.learn import Example


def responses_texts(*, response_ids) -> dict[int, str]:
    """Each response's written answers, joined, in the order they were stored; a moderator's
    English translation is read beside the words as given, so an answer in another language
    finds the same themes as an English one."""
    texts: dict[int, list[str]] = {}
    rows = (
        Answer.objects.filter(response_id__in=response_ids, choice__isnull=True)
        .exclude(text="")
        .order_by("response_id", "pk")
        .values_list("response_id", "text", "text_in_english")
    )
    for response_id, text, in_english in rows.iterator(chunk_size=5000):
        texts.setdefault(response_id, []).extend(t for t in (text, in_english) if t)
    return {pk: "\n".join(parts) for pk, parts in texts.items()}


def responses_choices_themed(*, response_ids) -> dict[int, dict[int, list[str]]]:
    """Per response, the themes the respondent pointed to themselves (theme id -> reasons in
    words): the options they ticked in a question of several choices (the Grand Challenges), and
    the items they rated highest in a rating question (the foundations). Each kind says whether
    its answers are the respondent's view and why an answer points to its themes."""
    answers = list(
        Answer.objects.filter(
            response_id__in=response_ids,
            choice__isnull=False,
            question__kind__in=kinds.own_pick_kinds(),
        )
        .select_related("question")
        .prefetch_related(Prefetch("choice", queryset=Choice.objects.prefetch_related("themes")))
        .order_by("response_id", "question__section__order", "question__order", "choice__order")
    )
    top: dict[tuple[int, int], int] = {}  # a respondent's highest score in a rating question
    for answer in answers:
        if answer.score:
            key = (answer.response_id, answer.question_id)
            top[key] = max(top.get(key, 0), answer.score)
    reasons: dict[int, dict[int, list[str]]] = {}
    for answer in answers:
        question = answer.question
        best = top.get((answer.response_id, question.pk), 0)
        reason = kinds.kind_of(question).pick_reason(question, answer, best)
        if reason is None:
            continue
        for theme in answer.choice.themes.all():
            reasons.setdefault(answer.response_id, {}).setdefault(theme.pk, []).append(reason)
    return reasons


def response_choices_themed(*, response) -> dict[int, list[str]]:
    """The themes one respondent pointed to themselves (theme id -> reasons)."""
    return responses_choices_themed(response_ids=[response.pk]).get(response.pk, {})


def responses_examples(*, response_ids, slugs: dict[int, str], confirmed=None) -> dict:
    """Examples for the suggester, by response id. response_ids is a list or, for many, a
    query of ids (kept a subquery: PostgreSQL takes at most 65,535 parameters). slugs maps theme
    ids to slugs; confirmed, where given, maps response ids to their confirmed theme ids."""
    texts = responses_texts(response_ids=response_ids)
    chosen = responses_choices_themed(response_ids=response_ids)
    confirmed = confirmed or {}
    return {
        pk: Example(
            text=texts.get(pk, ""),
            chosen={slugs[t]: tuple(r) for t, r in chosen.get(pk, {}).items() if t in slugs},
            themes=frozenset(slugs[t] for t in confirmed.get(pk, ()) if t in slugs),
        )
        for pk in response_ids
    }
