"""Reads of the survey, its questions and responses."""

from portal.models import Consultation
from survey.models import Survey


def survey_current(*, consultation: Consultation) -> Survey | None:
    return Survey.objects.filter(consultation=consultation).order_by("-opens_at").first()
