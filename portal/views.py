"""The public information pages, the document downloads and the health check."""

from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from portal import health, selectors
from portal.models import Document


def _page(request, template: str, **context):
    consultation = selectors.consultation_current()
    context.setdefault("consultation", consultation)
    return render(request, f"portal/{template}.html", context)


def home(request):
    return _page(request, "home")


def industrial_strategy(request):
    return _page(request, "industrial_strategy", **selectors.themes_by_kind())


def local_strategies(request):
    return _page(request, "local_strategies")


def leicester(request):
    consultation = selectors.consultation_current()
    sectors = selectors.sectors_for(consultation=consultation) if consultation else []
    return _page(request, "leicester", sectors=sectors)


def get_involved(request):
    from events.selectors import round_tables_listed
    from survey.selectors import survey_current

    consultation = selectors.consultation_current()
    round_tables = round_tables_listed(consultation=consultation) if consultation else []
    survey = survey_current(consultation=consultation) if consultation else None
    return _page(request, "get_involved", round_tables=round_tables, survey=survey)


def downloads(request):
    consultation = selectors.consultation_current()
    documents = selectors.documents_for(consultation=consultation) if consultation else []
    return _page(request, "downloads", documents=documents)


def document(request, pk: int):
    doc = get_object_or_404(Document, pk=pk)
    if doc.file:
        return FileResponse(doc.file.open("rb"), as_attachment=False, filename=doc.file.name)
    if doc.url:
        return HttpResponseRedirect(doc.url)
    raise Http404("This document has not been published online yet.")


def privacy(request):
    from django.conf import settings

    return _page(request, "privacy", retention_days=settings.RETENTION_DAYS)


def accessibility(request):
    return _page(request, "accessibility")


@never_cache
def healthz(request):
    report = health.health_report()
    status = 200 if all(part["ok"] for part in report.values()) else 503
    down = [name for name, part in report.items() if not part["ok"]]
    return JsonResponse(
        {"status": "ok" if not down else "down", "down": down, "checks": report}, status=status
    )
