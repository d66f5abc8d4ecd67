"""Drafts for the people who write the prospectus: Moderators open the board page and build a
PDF marked DRAFT on every page; only the board's own export is the prospectus of record."""

import pytest
from django.urls import reverse

from prospectus.models import Export
from prospectus.services import prospectus_pdf_build

from .pdftools import pages_text

pytestmark = pytest.mark.django_db


def test_a_moderator_reads_the_board_page_and_is_offered_a_draft_only(client, data, moderator):
    client.force_login(moderator)
    response = client.get(reverse("prospectus:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Build a draft PDF" in html
    assert "Generate the prospectus PDF" not in html


def test_a_board_member_is_offered_the_prospectus_of_record(client, data, board_member):
    client.force_login(board_member)
    html = client.get(reverse("prospectus:board")).content.decode()
    assert "Generate the prospectus PDF" in html and "Build a draft PDF" not in html


@pytest.mark.parametrize("button", ["generate", "draft"])
def test_whatever_a_moderator_presses_the_export_is_a_draft(
    client, data, moderator, button, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("prospectus.tasks.export_render.delay", lambda pk: None)
    client.force_login(moderator)
    response = client.post(reverse("prospectus:export_create"), {button: "1"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.draft and export.requested_by == moderator


def test_the_board_generates_the_prospectus_of_record(client, data, board_member, monkeypatch):
    monkeypatch.setattr("prospectus.tasks.export_render.delay", lambda pk: None)
    client.force_login(board_member)
    client.post(reverse("prospectus:export_create"), {"generate": "1"})
    assert not Export.objects.get().draft


def test_a_draft_pdf_says_draft_on_every_page_and_the_record_on_none(data):
    draft = pages_text(prospectus_pdf_build(prospectus=data.prospectus, draft=True).result.pdf)
    assert len(draft) > 5
    assert all("DRAFT" in page for page in draft)
    assert "not the prospectus of record" in draft[0]
    record = pages_text(prospectus_pdf_build(prospectus=data.prospectus).result.pdf)
    assert not any("DRAFT" in page for page in record)
