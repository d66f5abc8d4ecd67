"""The public results pages and open data (nothing of them before the results are published),
and the board's page to approve the prospectus PDF and publish or unpublish the results."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.selectors import consultation_current, datetime_display
from prospectus.charts import alignment_tables, charts_for
from prospectus.numbers import figure
from prospectus.services import export_file_path
from prospectus.views import board_permission
from results import opendata, selectors, services
from results.models import Publication

SAFE = ["GET", "HEAD"]


def _published() -> Publication:
    """The published results, or the 404 page: nothing under /results/ but its front page is
    public before publication."""
    publication = selectors.publication_public()
    if publication is None:
        raise Http404("The results have not been published yet.")
    return publication


@never_cache
@require_http_methods(SAFE)
def index(request):
    publication = selectors.publication_public()
    if publication is None:
        consultation = consultation_current()
        return render(
            request,
            "results/pending.html",
            {"expected": selectors.results_expected(consultation=consultation)},
        )
    consultation = publication.consultation
    heard = selectors.what_we_heard(consultation=consultation)
    return render(
        request,
        "results/index.html",
        {
            "publication": publication,
            "published_on": datetime_display(publication.published_at),
            "heard": heard,
            "evidence": heard.evidence,
            "ambitions": selectors.what_we_did(consultation=consultation),
        },
    )


@never_cache
@require_http_methods(SAFE)
def what_we_heard(request):
    publication = _published()
    heard = selectors.what_we_heard(consultation=publication.consultation)
    return render(
        request,
        "results/what_we_heard.html",
        {
            "publication": publication,
            "heard": heard,
            "evidence": heard.evidence,
            "charts": charts_for(evidence=heard.evidence),
            "alignment": alignment_tables(evidence=heard.evidence),
        },
    )


@never_cache
@require_http_methods(SAFE)
def prospectus_pdf(request):
    publication = _published()
    path = export_file_path(export=publication.export) if publication.export else None
    if path is None:
        raise Http404("The prospectus PDF is not available.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename="llep-local-industrial-strategy-prospectus.pdf",
        content_type="application/pdf",
    )


def _download(stream, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_http_methods(SAFE)
def data_file(request, name: str, extension: str):
    publication = _published()
    consultation = publication.consultation
    if name == "responses":
        fields = opendata.response_fields(consultation=consultation)
        rows = opendata.response_rows(consultation=consultation)
    else:
        fields, rows = opendata.NOTE_FIELDS, opendata.note_rows(consultation=consultation)
    if extension == "csv":
        return _download(
            opendata.csv_stream(fields, rows), "text/csv; charset=utf-8", f"{name}.csv"
        )
    return _download(opendata.json_stream(rows), "application/json", f"{name}.json")


@require_http_methods(SAFE)
def datapackage(request):
    publication = _published()
    body = json.dumps(
        opendata.datapackage(consultation=publication.consultation, publication=publication),
        indent=2,
        ensure_ascii=False,
    )
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ----- the board: approve the prospectus PDF, publish and unpublish -----


def _consultation():
    consultation = consultation_current()
    if consultation is None:
        raise Http404("There is no current consultation.")
    return consultation


@require_http_methods(SAFE)
@board_permission("prospectus.view_export")
def manage(request):
    consultation = _consultation()
    return render(
        request,
        "results/manage.html",
        {
            "publication": selectors.publication_for(consultation=consultation),
            "exports": selectors.approvable_exports(consultation=consultation)[:20],
            "can_approve": request.user.has_perm("results.approve_prospectus"),
            "can_publish": request.user.has_perm("results.publish_results"),
            "published_responses": selectors.published_responses(consultation=consultation).count(),
            "notify_count": len(services.notify_addresses(consultation=consultation)),
        },
    )


@require_POST
@board_permission("prospectus.view_export", "results.approve_prospectus")
def approve(request, pk: int):
    consultation = _consultation()
    export = get_object_or_404(selectors.approvable_exports(consultation=consultation), pk=pk)
    try:
        services.export_approve(export=export, user=request.user)
    except services.PublishingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "The prospectus PDF generated at "
            f"{datetime_display(export.finished_at or export.requested_at)} is approved for "
            "publication.",
        )
    return redirect("results_manage:manage")


@require_POST
@board_permission("prospectus.view_export", "results.publish_results")
def publish(request):
    try:
        _, queued = services.results_publish(consultation=_consultation(), user=request.user)
    except services.PublishingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "The results are published. "
            + (
                f"{figure(queued)} {pluralize(queued, 'person who asked is,people who asked are')}"
                " being emailed."
                if queued
                else "Nobody asked to be emailed."
            ),
        )
    return redirect("results_manage:manage")


@require_POST
@board_permission("prospectus.view_export", "results.publish_results")
def unpublish(request):
    services.results_unpublish(consultation=_consultation(), user=request.user)
    messages.success(request, "The results are no longer public.")
    return redirect("results_manage:manage")
