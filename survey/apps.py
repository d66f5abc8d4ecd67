"""App config for the survey."""

from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = "Survey"

    def ready(self):
        from survey import checks  # noqa: F401 - registers the deploy check
