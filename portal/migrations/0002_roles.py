"""Create the Moderators, Event organisers and Board groups with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.roles import roles_sync

    roles_sync(apps)


def remove_roles(apps, schema_editor):
    from portal.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("survey", "0001_initial"),
        ("prospectus", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
