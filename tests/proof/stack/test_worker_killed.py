"""Fault: the Celery worker killed (SIGKILL, the whole process group) in the middle of a
prospectus render. The export must not stay "rendering" for ever: the reaper ends it as failed
with a reason the board can read, and a later Generate works."""

import time

import pytest

from tests.proof.harness import Client, page_summary, wait_for

pytestmark = [pytest.mark.stack, pytest.mark.slow]

# The reaper fails a render that has run longer than the task's hard time limit plus a margin
# (prospectus.services.EXPORT_TIME_LIMIT + 30 s). Rather than wait minutes, the test runs the
# reaper with its clock moved on by that much; everything else is real.
REAP_LATER = (
    "import datetime as dt; from django.utils import timezone; "
    "from prospectus import services; "
    "print(services.exports_reap_stale(now=timezone.now() + "
    "dt.timedelta(seconds=services.EXPORT_TIME_LIMIT + 31)))"
)


def _export(stack, export_id):
    return stack.sql("SELECT status, error FROM prospectus_export WHERE id = %s", (export_id,))[0]


def _generate(board: Client) -> None:
    page = board.get("/board/")
    assert page.status == 200, page_summary(page)
    reply = board.post_form("/board/exports/", {"generate": "Generate"}, page=page)
    assert reply.status == 200


def test_a_render_killed_with_its_worker_ends_failed_with_a_reason_and_a_later_one_works(stack):
    board = Client(stack.base_url)
    board.admin_login("board", stack.passwords["board"])
    worker = stack.procs["worker"]

    _generate(board)
    [(export_id,)] = stack.sql("SELECT max(id) FROM prospectus_export")
    wait_for(
        lambda: _export(stack, export_id)[0] != "queued",
        timeout=30,
        interval=0.02,
        what="the worker to start rendering",
        on_timeout=stack.logs,
    )
    worker.kill()

    status, _ = _export(stack, export_id)
    assert status == "rendering", f"the render finished before the kill ({status}); seed more"
    stack.start_worker()
    time.sleep(2)
    assert _export(stack, export_id)[0] == "rendering"  # nothing pretends it finished

    assert stack.manage("shell", "-c", REAP_LATER).split()[-1] == "1"

    status, error = _export(stack, export_id)
    assert status == "failed"
    assert "killed" in error and "try again" in error.lower()
    assert error.split(":")[0] in board.get("/board/").text

    _generate(board)
    [(again_id,)] = stack.sql("SELECT max(id) FROM prospectus_export")
    assert again_id != export_id
    final = wait_for(
        lambda: _export(stack, again_id)[0] in ("done", "failed") and _export(stack, again_id),
        timeout=60,
        what="the new export to finish",
        on_timeout=stack.logs,
    )
    assert final == ("done", "")
    download = board.get(f"/board/exports/{again_id}/download/")
    assert download.status == 200 and download.body.startswith(b"%PDF")
