"""App config for the prospectus."""

from django.apps import AppConfig


class ProspectusConfig(AppConfig):
    name = "prospectus"
    verbose_name = "Prospectus"
