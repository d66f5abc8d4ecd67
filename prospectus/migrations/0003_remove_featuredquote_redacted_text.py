"""A featured quote's words are its answer's or note's public text (results.Redaction): its own
redacted text, moved there by results 0002, goes (decision 0322)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("prospectus", "0002_featured_quotes_evidence_tables_drafts"),
        ("results", "0002_featured_quote_redactions"),
    ]

    operations = [
        migrations.RemoveField(model_name="featuredquote", name="redacted_text"),
    ]
