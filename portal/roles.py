"""The staff roles (groups) and exactly the permissions each has; the one place that says so.

The groups are created by a migration and kept exact after every migrate (so a permission of a
model added later still reaches its group). Superusers have every permission.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

MODERATORS = "Moderators"
EVENT_ORGANISERS = "Event organisers"
BOARD = "Board"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    MODERATORS: [
        "portal.view_consultation",
        "portal.view_sector",
        "portal.view_theme",
        # Moderators theme the responses, so they tune the keywords that suggest themes.
        "portal.change_theme",
        # They run the content, so they upload the LLEP's documents on the downloads page.
        # Not delete: the seed lists the documents, and replacing a file is a change.
        "portal.view_document",
        "portal.add_document",
        "portal.change_document",
        # They run the content, translations included: whether a language's translation has
        # been checked, and whether it is offered to the public (docs/decisions/0900).
        "portal.view_language",
        "portal.change_language",
        "survey.view_survey",
        "survey.view_section",
        "survey.view_question",
        "survey.view_response",
        "survey.add_response",
        "survey.change_response",
        "survey.moderate_response",
        "survey.export_responses",
        # The theme suggester's figures: how far to trust it (decision 0870).
        "survey.view_thememodel",
        "events.view_roundtable",
        "events.view_roundtablenote",
        "events.add_roundtablenote",
        "events.change_roundtablenote",
        "events.delete_roundtablenote",
        "prospectus.view_prospectus",
        "prospectus.change_prospectus",
        "prospectus.view_ambition",
        "prospectus.add_ambition",
        "prospectus.change_ambition",
        "prospectus.delete_ambition",
        # They write the prospectus, so they read the board page and build DRAFT-marked PDFs
        # of it; only the board's own export is of record.
        "prospectus.view_evidence",
        "prospectus.build_draft",
        "prospectus.view_export",
        "prospectus.view_keymessage",
        "prospectus.add_keymessage",
        "prospectus.change_keymessage",
        "prospectus.delete_keymessage",
        "prospectus.view_featuredquote",
        "prospectus.add_featuredquote",
        "prospectus.change_featuredquote",
        "prospectus.delete_featuredquote",
        "prospectus.view_evidencetable",
        "prospectus.add_evidencetable",
        "prospectus.change_evidencetable",
        "prospectus.delete_evidencetable",
        # They prepare the results for publication: clear responses and redact what the public
        # must not read (docs/decisions/0320).
        "results.view_publishableresponse",
        "results.add_clearance",
        "results.view_redaction",
        "results.add_redaction",
        "results.change_redaction",
        "results.delete_redaction",
        "results.view_redactionevent",
    ],
    EVENT_ORGANISERS: [
        "portal.view_consultation",
        "portal.view_sector",
        "portal.view_theme",
        "events.view_roundtable",
        "events.add_roundtable",
        "events.change_roundtable",
        "events.view_booking",
        "events.add_booking",
        "events.change_booking",
        "events.export_bookings",
        "events.view_roundtablenote",
        "events.view_attendeemessage",
        "events.add_attendeemessage",
    ],
    BOARD: [
        "portal.view_consultation",
        "portal.view_sector",
        "portal.view_theme",
        "prospectus.view_evidence",
        "prospectus.view_prospectus",
        "prospectus.view_ambition",
        "prospectus.view_export",
        "prospectus.add_export",
        # The board approves the prospectus PDF of record and publishes the results.
        "results.view_publication",
        "results.approve_prospectus",
        "results.publish_results",
    ],
}


def roles_sync(apps=global_apps) -> None:
    """Create the three groups and give each exactly the permissions in ROLE_PERMISSIONS."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, which a migration's
        # historical app configs lack; the real registry's is put back as it was (leaving it
        # None made every later post_migrate skip every app).
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    for group_name, perm_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm_name in perm_names:
            app_label, codename = perm_name.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # a model not migrated yet; the post-migrate sync adds it
                wanted.append(perm)
        group.permissions.set(wanted)


def roles_sync_after_migrate(sender, **kwargs) -> None:
    roles_sync()
