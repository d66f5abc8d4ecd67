"""App config for the shared core."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Consultation"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import lockout, registry, roles  # noqa: F401 (lockout connects its receiver)

        # Keeps the groups' permissions exact as later migrations add models.
        post_migrate.connect(roles.roles_sync_after_migrate, sender=self)
        # Each app's part in seeding, erasure and the home page (portal/registry.py).
        registry.discover()
