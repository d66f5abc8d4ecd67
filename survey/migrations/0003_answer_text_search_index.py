"""A trigram index on the text of answers, for admin's search (PostgreSQL only)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from survey.answer_search import index_create

    index_create(schema_editor.connection)


def backwards(apps, schema_editor):
    from survey.answer_search import index_drop

    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("survey", "0002_answer_one_per_choice")]

    operations = [migrations.RunPython(forwards, backwards)]
