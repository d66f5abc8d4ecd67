"""The board page (evidence, charts, exports), the evidence lists behind each count, and the
permission-checked download of an export."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from portal.query import query_page
from portal.selectors import consultation_current
from prospectus import selectors, services
from prospectus.forms import ExportForm
from prospectus.models import Export, Prospectus

PAGE_SIZE = 50
# While an export is queued or rendering, the board page reloads itself this often (portal.js).
REFRESH_SECONDS = 5


def board_permission(*perms: str):
    """Anonymous people go to the admin sign-in; signed-in people without every permission get
    403, whatever their staff status. Every answer is `Cache-Control: private`: board pages show
    evidence not yet published, which no shared cache may keep."""

    def decorator(view):
        @login_required
        def checked(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = checked(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response

        return wrapped

    return decorator


def _prospectus() -> Prospectus:
    consultation = consultation_current()
    prospectus = (
        selectors.prospectus_for(consultation=consultation) if consultation is not None else None
    )
    if prospectus is None:
        raise Http404("There is no prospectus for the current consultation.")
    return prospectus


@require_http_methods(["GET", "HEAD"])
@board_permission("prospectus.view_evidence")
def board(request):
    prospectus = _prospectus()
    exports = selectors.exports_for(prospectus=prospectus)
    running = any(e.status in services.RUNNING for e in exports)
    record = request.user.has_perm("prospectus.add_export")
    draft = request.user.has_perm("prospectus.build_draft")
    context = services.prospectus_context(prospectus=prospectus)
    context.update(
        {
            "exports": exports,
            "running": running,
            "refresh_seconds": REFRESH_SECONDS,
            "can_generate": record or draft,
            "export_form": ExportForm(running=running, record=record, draft=draft),
            "can_download": request.user.has_perm("prospectus.view_export"),
            "links": True,
        }
    )
    return render(request, "prospectus/board.html", context)


@require_POST
@board_permission("prospectus.view_evidence")
def export_create(request):
    """The board's PDF of record (add_export), or a draft (build_draft: Moderators, who write
    it); someone who may only build drafts gets a draft whichever button they send."""
    record = request.user.has_perm("prospectus.add_export")
    if not (record or request.user.has_perm("prospectus.build_draft")):
        raise PermissionDenied
    draft = "draft" in request.POST or not record
    prospectus = _prospectus()
    export, created = services.export_request(prospectus=prospectus, user=request.user, draft=draft)
    if created:
        messages.success(
            request,
            f"The {'draft ' if draft else 'prospectus '}PDF is being generated. "
            "This page shows its progress.",
        )
    else:
        messages.info(
            request,
            "A prospectus PDF is already being generated; it is shown below. "
            "No second one was started.",
        )
    return redirect("prospectus:board")


@require_http_methods(["GET", "HEAD"])
@board_permission("prospectus.view_export")
def export_download(request, pk: int):
    export = get_object_or_404(Export, pk=pk)
    path = services.export_file_path(export=export)
    if path is None:
        raise Http404("This export has no file to download.")
    stamp = timezone.localtime(export.finished_at or export.requested_at).strftime("%Y-%m-%d")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"llep-prospectus-{stamp}-{export.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
@board_permission("prospectus.view_evidence")
def evidence_responses(request):
    prospectus = _prospectus()
    qs, filters = selectors.evidence_responses(
        consultation=prospectus.consultation, params=request.GET
    )
    page = query_page(request.GET, qs, PAGE_SIZE)
    return render(
        request,
        "prospectus/responses.html",
        {"page": page, "filters": filters, "query": _without_page(request)},
    )


@require_http_methods(["GET", "HEAD"])
@board_permission("prospectus.view_evidence")
def evidence_response(request, reference: str):
    prospectus = _prospectus()
    response = selectors.response_for_board(
        consultation=prospectus.consultation, reference=reference
    )
    if response is None:
        raise Http404("No response has that reference.")
    return render(request, "prospectus/response.html", {"response": response})


@require_http_methods(["GET", "HEAD"])
@board_permission("prospectus.view_evidence")
def evidence_notes(request):
    prospectus = _prospectus()
    qs, filters = selectors.evidence_notes(consultation=prospectus.consultation, params=request.GET)
    page = query_page(request.GET, qs, PAGE_SIZE)
    return render(
        request,
        "prospectus/notes.html",
        {"page": page, "filters": filters, "query": _without_page(request)},
    )


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
