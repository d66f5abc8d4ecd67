"""The public information pages, the document downloads and the health check."""

import os

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache

from portal import health, registry, selectors
from portal.models import Document
from portal.pagetext import page_texts

# The information pages show the same data to everyone, so what they read from the database is
# kept in the cache briefly: staff edits show within this many seconds (docs/decisions/0003).
PAGE_DATA_SECONDS = 30
PAGE_DATA_VERSION = 5  # 2: the survey carries prospectus_year; 3: results_url; 4: sizes; 5: its id


def _page(request, template: str, **context):
    context.setdefault("staff_email", settings.STAFF_EMAIL)
    # The page's wording, from the database in the active language (portal/pagetext.py).
    values = {**context, "prospectus_year": context.get("prospectus_year") or 2018}
    context["text"] = page_texts(template.replace("_", "-"), values)
    return render(request, f"portal/{template}.html", context)


def _page_data(name: str, build) -> dict:
    """The page's data from the cache, or built from the database and cached. With Redis down the
    cache answers nothing and every request builds it."""
    # Its dates are written out in the page's language.
    key = f"portal:page-data:{PAGE_DATA_VERSION}:{get_language()}:{name}"
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, PAGE_DATA_SECONDS)
    return data


def _now():
    """The time the pages are shown at; tests replace it to show the survey open or closed."""
    return timezone.now()


def _survey_context(survey: dict | None) -> dict:
    """The survey's dates and whether it is "open", "not_open" yet, "closed" or "none", decided
    at each request so that the cached data never shows it open after it has closed."""
    if survey is None:
        return {"survey_state": "none"}
    now = _now()
    if now < survey["opens_at"]:
        state = "not_open"
    elif now >= survey["closes_at"]:
        state = "closed"
    else:
        state = "open"
    return {
        "survey_state": state,
        "survey_opens": survey["opens"],
        "survey_closes": survey["closes"],
        "survey_closes_date": survey["closes_date"],
        "prospectus_year": survey["prospectus_year"],
    }


def _consultation_data() -> dict:
    """What the home and get-involved pages show of the current consultation: each app's part,
    as it registered it (portal/registry.py): the round tables, the survey's dates."""
    consultation = selectors.consultation_current()
    data = {"consultation_id": None, "round_tables": [], "round_tables_week": "", "survey": None}
    if consultation is not None:
        data["consultation_id"] = consultation.pk
        for part in registry.hooks("home"):
            data |= part(consultation=consultation)
    return data


def home(request):
    data = _page_data("round-tables", _consultation_data)
    # Whether the results are public is asked apart from the page data: the process that
    # publishes or takes them down shows it at once, every other within seconds (selectors).
    consultation_id = data["consultation_id"]
    return _page(
        request,
        "home",
        round_tables_count=len(data["round_tables"]),
        round_tables_week=data["round_tables_week"],
        results_url=selectors.results_url(consultation_id=consultation_id)
        if consultation_id
        else "",
        **_survey_context(data["survey"]),
    )


def industrial_strategy(request):
    def build():
        return {
            kind: [{"name": gettext(t.name), "aim": gettext(t.aim)} for t in themes]
            for kind, themes in selectors.themes_by_kind().items()
        }

    return _page(request, "industrial_strategy", **_page_data("themes", build))


def local_strategies(request):
    return _page(request, "local_strategies")


def leicester(request):
    def build():
        consultation = selectors.consultation_current()
        sectors = selectors.sectors_for(consultation=consultation) if consultation else []
        return {"sectors": [{"name": gettext(sector.name)} for sector in sectors]}

    survey = _page_data("round-tables", _consultation_data)["survey"]
    return _page(
        request,
        "leicester",
        prospectus_year=survey["prospectus_year"] if survey else None,
        **_page_data("sectors", build),
    )


def get_involved(request):
    data = _page_data("round-tables", _consultation_data)
    return _page(
        request,
        "get_involved",
        round_tables=data["round_tables"],
        round_tables_week=data["round_tables_week"],
        **_survey_context(data["survey"]),
    )


def downloads(request):
    def build():
        consultation = selectors.consultation_current()
        documents = selectors.documents_for(consultation=consultation) if consultation else []
        return {
            "documents": [
                {
                    "pk": doc.pk,
                    "title": doc.title,
                    "file_format": doc.file_format,
                    # Only documents the portal can hand over get a link and a size; the
                    # others say how to ask the LLEP for a copy.
                    "size_display": doc.size_display if (doc.file or doc.url) else "",
                    "link": doc.get_absolute_url() if (doc.file or doc.url) else "",
                }
                for doc in documents
            ]
        }

    return _page(request, "downloads", **_page_data("documents", build))


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
