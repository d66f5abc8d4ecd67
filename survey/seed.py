"""The LLEP survey: its dates and question set."""

from portal.models import Consultation
from survey.models import Survey


def survey_seed(*, consultation: Consultation, dating) -> Survey:
    survey, _ = Survey.objects.update_or_create(
        consultation=consultation,
        slug="local-industrial-strategy",
        defaults={
            "title": "Local Industrial Strategy survey",
            "opens_at": dating.survey_opens,
            "closes_at": dating.survey_closes,
        },
    )
    return survey
