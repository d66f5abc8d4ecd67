"""Survey pages for the public."""

from django.shortcuts import render

from portal.selectors import consultation_current
from survey.selectors import survey_current


def start(request):
    consultation = consultation_current()
    survey = survey_current(consultation=consultation) if consultation else None
    return render(request, "survey/start.html", {"survey": survey})
