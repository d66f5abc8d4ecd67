"""Each prospectus PDF records the parts that still held the seed's placeholder text when it was
rendered; PDFs rendered before have none recorded (null) and must be generated again before
approval (decision 0960)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("prospectus", "0003_remove_featuredquote_redacted_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="export",
            name="placeholders",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]
