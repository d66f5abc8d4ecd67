"""Fixtures: the prospectus tests' hand-built evidence, with responses cleared for publication, a
finished prospectus PDF, and the results approved and published."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from prospectus import services as prospectus_services
from prospectus.models import Export
from prospectus.selectors import placeholder_sections
from results import services
from results.models import Publication
from tests.prospectus import conftest as _prospectus
from tests.prospectus.conftest import Data, add_response, finish_text
from tests.prospectus.factories import BookingFactory

# The prospectus tests' fixtures, shared with this folder.
board_member = _prospectus.board_member
data = _prospectus.data
moderator = _prospectus.moderator
private_root = _prospectus.private_root
superuser = _prospectus.superuser


@dataclass
class Published:
    data: Data
    export: Export
    publication: Publication
    # Texts and details that must never be public.
    secrets: list[str]


def done_export(data: Data) -> Export:
    """A finished prospectus PDF of the text as it stands, recording what the render records:
    the parts still holding the seed's placeholder text."""
    export = Export.objects.create(prospectus=data.prospectus)
    relative = prospectus_services.export_file_write(
        export=export, pdf=b"%PDF-1.7 approved prospectus", now=timezone.now()
    )
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE,
        file_path=relative,
        finished_at=timezone.now(),
        placeholders=placeholder_sections(prospectus=data.prospectus),
    )
    export.refresh_from_db()
    return export


@pytest.fixture
def ready(data, private_root, board_member):
    """The evidence with r1 and r3 cleared for publication, r7 eligible but not cleared, the
    prospectus's text finished and a PDF of it: everything but the board's approval and
    publishing."""
    finish_text(data.prospectus)
    r = data.responses
    r["r7"] = add_response(
        data,
        sector=data.textiles,
        themes=["people"],
        text="Waiting for a moderator: not cleared text.",
        quote_ok=True,
    )
    services.responses_clear(responses=[r["r1"], r["r3"], r["r2"], r["r6"]], user=board_member)
    BookingFactory(
        round_table=data.responses["r1"].survey.consultation.round_tables.get(slug="textiles"),
        full_name="Jemima Bookerly",
        email="jemima.bookerly@example.com",
        job_title="Head of Widgets",
    )
    return data, done_export(data)


@pytest.fixture
def published(ready, board_member) -> Published:
    data, export = ready
    services.export_approve(export=export, user=board_member)
    publication, _ = services.results_publish(
        consultation=data.survey.consultation, user=board_member
    )
    return Published(
        data=data,
        export=export,
        publication=publication,
        secrets=[
            "Please do not quote this answer.",
            "Rejected text must not appear.",
            "Waiting for a moderator: not cleared text.",
            "Alice Smithson",
            "alice.smithson@example.com",
            "Bob Quietman",
            "bob.quietman@example.com",
            "Jemima Bookerly",
            "jemima.bookerly@example.com",
            "Head of Widgets",
            data.responses["r2"].reference,
            data.responses["r5"].reference,
            data.responses["r6"].reference,
            data.responses["r7"].reference,
        ],
    )
