"""A round table has at most 1,000 places, said in the portal's words (decision 0962). Validation
only: the column is unchanged."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_round_table_translations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="roundtable",
            name="capacity",
            field=models.PositiveIntegerField(
                default=30,
                help_text="Confirmed places, up to 1,000; anyone after them joins the waiting list.",
                validators=[
                    django.core.validators.MaxValueValidator(
                        1000, message="Capacity must be 1,000 places or fewer"
                    )
                ],
            ),
        ),
    ]
