"""One redaction mechanism (decision 0322): every featured quote's own redacted text
(prospectus.FeaturedQuote.redacted_text, removed by prospectus 0003) becomes the Redaction of its
answer or note, with the reason "personal information" (the only use that field's help text
allowed) and a "migrated" entry in the redaction log. Where the answer or note already has a
Redaction, that one is kept: it is what the public pages already print."""

from django.db import migrations, models
from django.utils import timezone

PERSONAL = "personal"
MIGRATED = "migrated"


def _reference(quote) -> str:
    if quote.answer_id:
        return f"{quote.answer.response.reference} / {quote.answer.question.key}"
    return f"RT-{quote.note.round_table.slug.upper()}-{quote.note_id}"


def redactions_from_featured_quotes(apps, schema_editor):
    FeaturedQuote = apps.get_model("prospectus", "FeaturedQuote")
    Redaction = apps.get_model("results", "Redaction")
    RedactionEvent = apps.get_model("results", "RedactionEvent")
    now = timezone.now()
    kept = []
    quotes = (
        FeaturedQuote.objects.exclude(redacted_text="")
        .select_related("answer__response", "answer__question", "note__round_table")
        .order_by("pk")
    )
    for quote in quotes:
        if not quote.redacted_text.strip():
            continue
        target = {"answer_id": quote.answer_id} if quote.answer_id else {"note_id": quote.note_id}
        existing = Redaction.objects.filter(**target).first()
        if existing is not None:
            if existing.text != quote.redacted_text:
                kept.append(_reference(quote))
            continue
        redaction = Redaction.objects.create(
            **target,
            text=quote.redacted_text,
            reason=PERSONAL,
            updated_by_id=quote.featured_by_id,
            updated_at=now,
        )
        RedactionEvent.objects.create(
            redaction=redaction,
            target=_reference(quote)[:120],
            action=MIGRATED,
            reason=PERSONAL,
            user_id=quote.featured_by_id,
            at=now,
        )
    if kept:
        print(
            "\n  These featured quotes' redacted texts differed from the redaction the public "
            "pages print, which was kept (check them in Redactions): " + ", ".join(kept)
        )


def featured_quotes_from_redactions(apps, schema_editor):
    """Back again: each migrated redaction returns to its featured quote's redacted text."""
    FeaturedQuote = apps.get_model("prospectus", "FeaturedQuote")
    RedactionEvent = apps.get_model("results", "RedactionEvent")
    events = RedactionEvent.objects.filter(action=MIGRATED, redaction__isnull=False)
    for event in events.select_related("redaction"):
        redaction = event.redaction
        FeaturedQuote.objects.filter(
            answer_id=redaction.answer_id, note_id=redaction.note_id
        ).update(redacted_text=redaction.text)
        event.delete()
        redaction.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("prospectus", "0002_featured_quotes_evidence_tables_drafts"),
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="redactionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("redacted", "Redacted"),
                    ("changed", "Changed"),
                    ("removed", "Removed (original text published)"),
                    ("migrated", "Moved from a featured quote's redacted text"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(redactions_from_featured_quotes, featured_quotes_from_redactions),
    ]
