"""The published text of an answer or a round-table note: the one place that says what of it
may be made public. Everything public (the results pages, the open data, the prospectus's
quotes) reads it from here; the original text is never changed.

A redaction is a moderator's copy of the text with the offending part taken out, and a reason
from a fixed list; every change is logged (RedactionEvent) with who and when."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import RoundTableNote
from results.models import Reason, Redaction, RedactionEvent
from survey.models import Answer


def public_text(item: Answer | RoundTableNote) -> str:
    """What the public may read of this answer or note: its redacted copy, or the original."""
    try:
        return item.redaction.text
    except Redaction.DoesNotExist:
        return item.text


def public_text_expression(*through: str):
    """public_text as a database expression, for annotating many answers or notes in one
    query: `Answer.objects.annotate(public=public_text_expression())`. From another model,
    name the relations to an answer or note (`FeaturedQuote.objects.annotate(
    public=public_text_expression("answer", "note"))`): the first one set gives the text."""
    prefixes = [f"{name}__" for name in through] or [""]
    fields = [F(f"{p}{field}") for p in prefixes for field in ("redaction__text", "text")]
    return Coalesce(*fields, output_field=TextField())


def _target(item: Answer | RoundTableNote) -> dict:
    return {"answer": item} if isinstance(item, Answer) else {"note": item}


@transaction.atomic
def redaction_save(*, item: Answer | RoundTableNote, text: str, reason: str, user) -> Redaction:
    """Set the published text of an answer or note, and log it."""
    if reason not in Reason.values:
        raise ValueError(f"unknown reason {reason!r}")
    now = timezone.now()
    redaction, created = Redaction.objects.select_for_update().update_or_create(
        **_target(item),
        defaults={"text": text, "reason": reason, "updated_by": user, "updated_at": now},
    )
    RedactionEvent.objects.create(
        redaction=redaction,
        target=redaction.target_reference[:120],
        action=RedactionEvent.Action.REDACTED if created else RedactionEvent.Action.CHANGED,
        reason=reason,
        user=user,
        at=now,
    )
    return redaction


@transaction.atomic
def redaction_remove(*, redaction: Redaction, user) -> None:
    """Publish the original text again, and log it."""
    RedactionEvent.objects.create(
        redaction=None,
        target=redaction.target_reference[:120],
        action=RedactionEvent.Action.REMOVED,
        reason=redaction.reason,
        user=user,
        at=timezone.now(),
    )
    redaction.delete()
