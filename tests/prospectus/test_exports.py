"""Exports: the task's states (queued, rendering, done, failed with the reason), one at a time,
the reaper for dead workers, and the permission-checked download from private storage."""

import datetime as dt
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from prospectus import services
from prospectus.models import Export
from prospectus.tasks import export_reap_stale, export_render

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_pdf(monkeypatch):
    """Stands in for WeasyPrint where a test is about states, not about the PDF itself."""
    from portal.pdf import PdfResult

    calls = []

    def fake_render(html):
        calls.append(html)
        return PdfResult(pdf=b"%PDF-1.7 fake", page_count=3)

    monkeypatch.setattr(services, "render_pdf", fake_render)
    return calls


def test_generate_renders_the_pdf_to_private_storage_and_records_it(
    data, board_member, private_root, fast_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export, created = services.export_request(prospectus=data.prospectus, user=board_member)
    assert created
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert (export.page_count, export.response_count, export.note_count) == (3, 4, 3)
    assert export.size_bytes == len(b"%PDF-1.7 fake")
    path = Path(private_root) / export.file_path
    assert path.read_bytes() == b"%PDF-1.7 fake"
    assert not Path(export.file_path).is_absolute()
    assert not path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert export.started_at and export.finished_at and export.requested_by == board_member


def test_each_pdf_records_the_parts_still_printing_the_seeds_placeholder_text(
    data, board_member, private_root, fast_pdf, django_capture_on_commit_callbacks
):
    from prospectus.models import PLACEHOLDER

    from .conftest import finish_text

    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_request(prospectus=data.prospectus, user=board_member)
    export.refresh_from_db()
    assert PLACEHOLDER in fast_pdf[-1]  # what it records is what it printed
    assert export.placeholders == [
        "Foreword",
        "Introduction",
        *[f"Ambition {n} (statement)" for n in range(1, 6)],
    ]
    finish_text(data.prospectus)
    with django_capture_on_commit_callbacks(execute=True):
        finished, _ = services.export_request(prospectus=data.prospectus, user=board_member)
    finished.refresh_from_db()
    assert PLACEHOLDER not in fast_pdf[-1]
    assert finished.placeholders == []


def test_the_exports_admin_says_where_a_pdf_still_holds_the_draft_text(client, data, superuser):
    done = Export.objects.create(
        prospectus=data.prospectus, status="done", placeholders=["Foreword", "Ambition 2 (title)"]
    )
    clean = Export.objects.create(prospectus=data.prospectus, status="done", placeholders=[])
    old = Export.objects.create(prospectus=data.prospectus, status="done")
    client.force_login(superuser)

    def said(export) -> str:
        page = client.get(reverse("admin:prospectus_export_change", args=[export.pk]))
        return page.content.decode()

    assert "Still prints “[Draft for staff to edit]” in" in said(done)
    assert '<div class="readonly">Foreword; Ambition 2 (title)</div>' in said(done)
    assert '<div class="readonly">Nowhere</div>' in said(clean)
    assert "Not checked: generated before the portal looked for it." in said(old)


def test_pressing_generate_twice_while_one_is_queued_starts_one(data, board_member, fast_pdf):
    first, created = services.export_request(prospectus=data.prospectus, user=board_member)
    second, created_again = services.export_request(prospectus=data.prospectus, user=board_member)
    assert created and not created_again and first.pk == second.pk
    assert Export.objects.count() == 1


def test_the_database_refuses_a_second_running_export(data):
    Export.objects.create(prospectus=data.prospectus, status=Export.Status.RENDERING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(prospectus=data.prospectus)


def test_pressing_generate_twice_on_the_board_page_makes_one(
    client, data, board_member, fast_pdf, private_root
):
    client.force_login(board_member)
    # Tasks are queued on commit; in this test nothing commits, so the first stays queued.
    first = client.post(reverse("prospectus:export_create"))
    second = client.post(reverse("prospectus:export_create"), follow=True)
    assert first.status_code == 302
    assert Export.objects.count() == 1
    html = second.content.decode()
    assert "already being generated" in html
    assert 'data-refresh-seconds="5"' in html
    assert "Queued" in html


def test_a_failing_render_ends_failed_with_the_reason(
    data, board_member, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(services, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_request(prospectus=data.prospectus, user=board_member)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "font cache is corrupt" in export.error
    assert export.finished_at is not None
    # A failed export no longer blocks the next one.
    again, created = services.export_request(prospectus=data.prospectus, user=board_member)
    assert created and again.pk != export.pk


def test_a_render_past_the_soft_time_limit_ends_failed(data, monkeypatch):
    def slow(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "render_pdf", slow)
    export = Export.objects.create(prospectus=data.prospectus)
    export_render.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "took longer than" in export.error


def test_a_broker_outage_fails_the_export_instead_of_leaving_it_queued(
    data, board_member, monkeypatch, django_capture_on_commit_callbacks
):
    def no_broker(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(export_render, "delay", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_request(prospectus=data.prospectus, user=board_member)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "task queue" in export.error


def test_a_redelivered_task_does_not_render_again(data, fast_pdf, private_root):
    export = Export.objects.create(prospectus=data.prospectus)
    export_render.apply(args=[export.pk])
    export_render.apply(args=[export.pk])
    assert len(fast_pdf) == 1
    export.refresh_from_db()
    assert export.status == Export.Status.DONE


def test_reaper_fails_exports_whose_worker_died_and_leaves_others(data):
    now = timezone.now()
    stuck = Export.objects.create(
        prospectus=data.prospectus,
        status=Export.Status.RENDERING,
        started_at=now - dt.timedelta(seconds=services.EXPORT_TIME_LIMIT + 60),
    )
    done = Export.objects.create(prospectus=data.prospectus, status=Export.Status.DONE)
    assert export_reap_stale.apply().get() == 1
    stuck.refresh_from_db()
    done.refresh_from_db()
    assert stuck.status == Export.Status.FAILED and "did not finish" in stuck.error
    assert done.status == Export.Status.DONE


def test_reaper_leaves_a_render_still_within_its_time_limit(data):
    running = Export.objects.create(
        prospectus=data.prospectus, status=Export.Status.RENDERING, started_at=timezone.now()
    )
    assert services.exports_reap_stale() == 0
    running.refresh_from_db()
    assert running.status == Export.Status.RENDERING


def test_reaper_fails_an_export_no_worker_picked_up(data):
    queued = Export.objects.create(prospectus=data.prospectus)
    later = timezone.now() + dt.timedelta(seconds=services.EXPORT_QUEUE_TIMEOUT + 1)
    assert services.exports_reap_stale(now=later) == 1
    queued.refresh_from_db()
    assert queued.status == Export.Status.FAILED and "No worker" in queued.error


def _done_export(data, private_root) -> Export:
    export = Export.objects.create(prospectus=data.prospectus)
    relative = services.export_file_write(export=export, pdf=b"%PDF-1.7 test", now=timezone.now())
    Export.objects.filter(pk=export.pk).update(status=Export.Status.DONE, file_path=relative)
    return export


def test_board_member_downloads_a_finished_export(client, data, board_member, private_root):
    export = _done_export(data, private_root)
    client.force_login(board_member)
    response = client.get(reverse("prospectus:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_download_is_refused_without_permission(client, data, organiser, private_root):
    export = _done_export(data, private_root)
    url = reverse("prospectus:export_download", args=[export.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    client.force_login(organiser)
    assert client.get(url).status_code == 403


def test_download_of_an_unfinished_or_escaping_export_is_404(
    client, data, board_member, private_root
):
    client.force_login(board_member)
    queued = Export.objects.create(prospectus=data.prospectus)
    assert client.get(reverse("prospectus:export_download", args=[queued.pk])).status_code == 404
    Export.objects.filter(pk=queued.pk).update(status="done", file_path="../../etc/passwd")
    assert client.get(reverse("prospectus:export_download", args=[queued.pk])).status_code == 404


def test_board_page_lists_earlier_exports_with_their_outcome_and_stops_refreshing(
    client, data, board_member, private_root
):
    done = _done_export(data, private_root)
    Export.objects.filter(pk=done.pk).update(
        requested_by=board_member, response_count=4, page_count=27, size_bytes=140_000
    )
    Export.objects.create(
        prospectus=data.prospectus,
        status=Export.Status.FAILED,
        error="The render took longer than 120 seconds and was stopped.",
    )
    client.force_login(board_member)
    html = client.get(reverse("prospectus:board")).content.decode()
    assert "data-refresh-seconds" not in html  # nothing is running
    assert "The render took longer than 120 seconds and was stopped." in html
    assert reverse("prospectus:export_download", args=[done.pk]) in html
    assert "136.7\xa0KB" in html and ">27<" in html and ">board<" in html
