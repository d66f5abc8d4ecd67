"""The public information pages, the document downloads and the health check."""

import datetime as dt
import os

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal import health, selectors
from portal.models import Document


def _page(request, template: str, **context):
    context.setdefault("consultation", selectors.consultation_current())
    context.setdefault("staff_email", settings.STAFF_EMAIL)
    return render(request, f"portal/{template}.html", context)


def _now():
    """The time the pages are shown at; tests replace it to show the survey open or closed."""
    return timezone.now()


def _survey_state(survey) -> str:
    """Whether the survey is "open", "not_open" yet or "closed", or "none" when there is none."""
    if survey is None:
        return "none"
    now = _now()
    if now < survey.opens_at:
        return "not_open"
    if now >= survey.closes_at:
        return "closed"
    return "open"


def _survey_context(consultation) -> dict:
    from survey.selectors import survey_current

    survey = survey_current(consultation=consultation) if consultation else None
    context = {"survey": survey, "survey_state": _survey_state(survey)}
    if survey is not None:
        context["survey_opens"] = selectors.datetime_display(survey.opens_at)
        context["survey_closes"] = selectors.datetime_display(survey.closes_at)
        context["survey_closes_date"] = selectors.date_display(survey.closes_at)
    return context


def _week_of(round_tables) -> str:
    """The week the round tables are held, as the LLEP's page words it ("w/c 14 May")."""
    if not round_tables:
        return ""
    first = min(timezone.localtime(rt.starts_at).date() for rt in round_tables)
    monday = first - dt.timedelta(days=first.weekday())
    return f"w/c {monday.day} {monday:%B}"


def home(request):
    from events.selectors import round_tables_listed

    consultation = selectors.consultation_current()
    round_tables = list(round_tables_listed(consultation=consultation)) if consultation else []
    return _page(
        request,
        "home",
        consultation=consultation,
        round_tables_count=len(round_tables),
        round_tables_week=_week_of(round_tables),
        **_survey_context(consultation),
    )


def industrial_strategy(request):
    return _page(request, "industrial_strategy", **selectors.themes_by_kind())


def local_strategies(request):
    return _page(request, "local_strategies")


def leicester(request):
    consultation = selectors.consultation_current()
    sectors = selectors.sectors_for(consultation=consultation) if consultation else []
    return _page(request, "leicester", consultation=consultation, sectors=sectors)


def _round_table_url(round_table) -> str:
    try:
        return round_table.get_absolute_url()
    except NoReverseMatch:  # the round-table page is not routed yet; the list still works
        return reverse("events:list")


def get_involved(request):
    from events.selectors import round_tables_listed

    consultation = selectors.consultation_current()
    round_tables = list(round_tables_listed(consultation=consultation)) if consultation else []
    # In the order the LLEP's page lists them: by sector as published (docs/decisions/0002).
    rows = [
        {
            "sector": rt.listed_sector,
            "title": rt.title,
            "time": selectors.time_range_display(rt.starts_at, rt.ends_at),
            "date": selectors.date_display(rt.starts_at),
            "venue": rt.venue,
            "url": _round_table_url(rt),
        }
        for rt in sorted(round_tables, key=lambda rt: rt.listed_sector.casefold())
    ]
    return _page(
        request,
        "get_involved",
        consultation=consultation,
        round_tables=rows,
        round_tables_week=_week_of(round_tables),
        **_survey_context(consultation),
    )


def downloads(request):
    consultation = selectors.consultation_current()
    documents = selectors.documents_for(consultation=consultation) if consultation else []
    return _page(request, "downloads", consultation=consultation, documents=documents)


def document(request, pk: int):
    doc = get_object_or_404(Document, pk=pk)
    if doc.file:
        return FileResponse(
            doc.file.open("rb"), as_attachment=False, filename=os.path.basename(doc.file.name)
        )
    if doc.url:
        return HttpResponseRedirect(doc.url)
    raise Http404("This document has not been published online yet.")


def privacy(request):
    return _page(request, "privacy", retention_days=settings.RETENTION_DAYS)


def accessibility(request):
    return _page(request, "accessibility")


@never_cache
def healthz(request):
    report = health.health_report()
    down = [name for name, part in report.items() if not part["ok"]]
    return JsonResponse(
        {"status": "down" if down else "ok", "down": down, "checks": report},
        status=503 if down else 200,
    )
