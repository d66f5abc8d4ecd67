"""Everything that writes for the prospectus: asking for an export, rendering it to a PDF file,
failing it with a reason, and reaping exports whose worker died."""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.pdf import PdfResult, render_pdf
from prospectus.charts import alignment_tables, ambition_chart, charts_for
from prospectus.evidence import NOTES_PER_SECTOR_KIND, QUOTES_PER_SECTOR_QUESTION, evidence_for
from prospectus.evidence.quotes import GENERIC_PHRASES, QUOTE_MIN_WORDS
from prospectus.models import Export, Prospectus
from prospectus.selectors import (
    ambitions_for,
    evidence_tables_for,
    placeholder_sections,
    summary_for,
)

logger = logging.getLogger(__name__)

EXPORT_DIR = "prospectus"
# The task's limits (seconds). The soft limit ends a render cleanly as failed; the hard limit
# kills the worker process, after which the reaper marks the export failed.
EXPORT_SOFT_TIME_LIMIT = settings.PROSPECTUS_EXPORT_SOFT_TIME_LIMIT
EXPORT_TIME_LIMIT = settings.PROSPECTUS_EXPORT_TIME_LIMIT
# An export nobody has picked up after this long is failed: no worker is listening.
EXPORT_QUEUE_TIMEOUT = settings.PROSPECTUS_EXPORT_QUEUE_TIMEOUT

RUNNING = [Export.Status.QUEUED, Export.Status.RENDERING]


@dataclass
class Built:
    html: str
    result: PdfResult
    response_count: int
    note_count: int
    # The parts still holding the seed's placeholder text: such a PDF is never approved.
    placeholders: list[str]


def prospectus_context(
    *, prospectus: Prospectus, now: dt.datetime | None = None, draft: bool = False
) -> dict:
    """What the PDF template needs; the board page shows the same evidence, summary and charts."""
    now = now or timezone.now()
    evidence = evidence_for(consultation=prospectus.consultation)
    ambitions = ambitions_for(prospectus=prospectus, evidence=evidence)
    tables = evidence_tables_for(prospectus=prospectus)
    return {
        "prospectus": prospectus,
        "consultation": prospectus.consultation,
        "evidence": evidence,
        "summary": summary_for(prospectus=prospectus, evidence=evidence, now=now),
        "charts": charts_for(evidence=evidence),
        "alignment": alignment_tables(evidence=evidence),
        "ambitions": ambitions,
        "ambition_charts": {a.ambition.pk: ambition_chart(a) for a in ambitions},
        "tables_by_sector": tables,
        "generated_at": timezone.localtime(now),
        "draft": draft,
        "quotes_per_question": QUOTES_PER_SECTOR_QUESTION,
        "notes_per_kind": NOTES_PER_SECTOR_KIND,
        "quote_min_words": QUOTE_MIN_WORDS,
        "generic_phrases": GENERIC_PHRASES,
    }


def prospectus_html_render(
    *, prospectus: Prospectus, now: dt.datetime | None = None, draft: bool = False
) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the prospectus is English
        return render_to_string(
            "prospectus/pdf/prospectus.html",
            prospectus_context(prospectus=prospectus, now=now, draft=draft),
        )


def prospectus_pdf_build(
    *, prospectus: Prospectus, now: dt.datetime | None = None, draft: bool = False
) -> Built:
    """The prospectus as a PDF, rendered through the portal's static-only fetcher; a draft is
    marked DRAFT on every page. Says which parts still print the seed's placeholder text. In
    English, whatever language the request that asked for it was in: the charts and theme names
    follow the active language (the results pages use that)."""
    placeholders = placeholder_sections(prospectus=prospectus)
    with translation.override(settings.LANGUAGE_CODE):
        context = prospectus_context(prospectus=prospectus, now=now, draft=draft)
        html = render_to_string("prospectus/pdf/prospectus.html", context)
    result = render_pdf(html)
    if result.refused:
        logger.warning("The prospectus PDF asked for %d refused URLs", len(result.refused))
    evidence = context["evidence"]
    return Built(
        html=html,
        result=result,
        response_count=evidence.evidence_responses,
        note_count=evidence.total_notes,
        placeholders=placeholders,
    )


def export_request(
    *, prospectus: Prospectus, user: AbstractBaseUser | None, draft: bool = False
) -> tuple[Export, bool]:
    """Ask for a PDF, a draft or the board's of record. Returns (export, created): while one is
    queued or rendering, pressing again returns that one (the database's partial unique
    constraint decides races)."""
    from prospectus.tasks import export_render

    running = Export.objects.filter(prospectus=prospectus, status__in=RUNNING).first()
    if running:
        return running, False
    try:
        with transaction.atomic():
            export = Export.objects.create(prospectus=prospectus, requested_by=user, draft=draft)
    except IntegrityError:
        running = Export.objects.filter(prospectus=prospectus, status__in=RUNNING).first()
        if running is None:  # it finished between the insert and this read
            raise
        return running, False

    def enqueue():
        try:
            export_render.delay(export.pk)
        except Exception as exc:  # noqa: BLE001 -- a broker outage must not leave it queued
            logger.exception("Could not queue prospectus export %s", export.pk)
            export_fail(export_id=export.pk, reason=f"Could not reach the task queue: {exc}")

    transaction.on_commit(enqueue)
    return export, True


def export_render(*, export_id: int, now: dt.datetime | None = None) -> Export | None:
    """Render one export to a private file. Idempotent: only a queued export is started, so a
    redelivered task does nothing. Any error ends the export as failed with the reason."""
    started = now or timezone.now()
    claimed = Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
        status=Export.Status.RENDERING, started_at=started
    )
    if not claimed:
        return Export.objects.filter(pk=export_id).first()
    export = Export.objects.select_related("prospectus__consultation").get(pk=export_id)
    try:
        built = prospectus_pdf_build(prospectus=export.prospectus, now=started, draft=export.draft)
        relative = export_file_write(export=export, pdf=built.result.pdf, now=started)
    except Exception as exc:  # noqa: BLE001 -- whatever happened, the export must not stay running
        logger.exception("Prospectus export %s failed", export_id)
        return export_fail(export_id=export_id, reason=_reason(exc))
    Export.objects.filter(pk=export_id, status=Export.Status.RENDERING).update(
        status=Export.Status.DONE,
        finished_at=timezone.now(),
        file_path=relative,
        size_bytes=len(built.result.pdf),
        page_count=built.result.page_count,
        response_count=built.response_count,
        note_count=built.note_count,
        placeholders=built.placeholders,
        error="",
    )
    export.refresh_from_db()
    return export


def _reason(exc: BaseException) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return f"The render took longer than {EXPORT_SOFT_TIME_LIMIT} seconds and was stopped."
    text = str(exc).strip() or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:1000]


def export_file_write(*, export: Export, pdf: bytes, now: dt.datetime) -> str:
    """Write the PDF under PRIVATE_STORAGE_ROOT (never public media), atomically; returns the
    path relative to that root."""
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    kind = "draft" if export.draft else "prospectus"
    relative = f"{EXPORT_DIR}/{kind}-{export.pk}-{stamp}.pdf"
    target = Path(settings.PRIVATE_STORAGE_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    return relative


def export_fail(*, export_id: int, reason: str, now: dt.datetime | None = None) -> Export | None:
    """End a queued or rendering export as failed; a finished one is left as it is."""
    Export.objects.filter(pk=export_id, status__in=RUNNING).update(
        status=Export.Status.FAILED, finished_at=now or timezone.now(), error=reason[:1000]
    )
    return Export.objects.filter(pk=export_id).first()


def exports_reap_stale(*, now: dt.datetime | None = None) -> int:
    """Fail exports whose worker died or that no worker picked up, so none stays "running"."""
    now = now or timezone.now()
    rendering = Export.objects.filter(
        status=Export.Status.RENDERING,
        started_at__lt=now - dt.timedelta(seconds=EXPORT_TIME_LIMIT + 30),
    ).update(
        status=Export.Status.FAILED,
        finished_at=now,
        error=(
            f"The render did not finish within {EXPORT_TIME_LIMIT} seconds: its worker stopped "
            "or was killed. Press Generate to try again."
        ),
    )
    queued = Export.objects.filter(
        status=Export.Status.QUEUED,
        requested_at__lt=now - dt.timedelta(seconds=EXPORT_QUEUE_TIMEOUT),
    ).update(
        status=Export.Status.FAILED,
        finished_at=now,
        error=(
            f"No worker started the render within {EXPORT_QUEUE_TIMEOUT // 60} minutes. "
            "Check that the Celery workers are running, then press Generate again."
        ),
    )
    return rendering + queued


def export_file_path(*, export: Export) -> Path | None:
    """The absolute path of a finished export's file, or None when it is not there. Refuses any
    path that would leave PRIVATE_STORAGE_ROOT."""
    if export.status != Export.Status.DONE or not export.file_path:
        return None
    root = Path(settings.PRIVATE_STORAGE_ROOT).resolve()
    path = (root / export.file_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
