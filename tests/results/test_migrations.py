"""Migration results 0002: a featured quote's own redacted text (issue 14) becomes the one
Redaction of its answer or note, logged as moved; a redaction already made is kept."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import RoundTableNote
from prospectus.evidence import evidence_for
from results.models import Redaction, RedactionEvent
from results.redaction import public_text, redaction_save
from survey.models import Answer

BEFORE = [
    ("prospectus", "0002_featured_quotes_evidence_tables_drafts"),
    ("results", "0001_initial"),
]
AFTER = [
    ("prospectus", "0003_remove_featuredquote_redacted_text"),
    ("results", "0002_featured_quote_redactions"),
]


def _migrate(targets):
    # Rows written in this test's transaction must be checked before a table is altered
    # (PostgreSQL refuses ALTER TABLE with pending deferred constraint checks).
    connection.check_constraints()
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# DDL inside the test's transaction, rolled back after it: PostgreSQL only.
@pytest.mark.postgres
@pytest.mark.django_db
def test_featured_quotes_redacted_texts_move_into_redactions(data, moderator, capsys):
    r1_answer = Answer.objects.get(response=data.responses["r1"], question=data.text)
    r3_answer = Answer.objects.get(response=data.responses["r3"], question=data.text)
    note = RoundTableNote.objects.get(text="Finding skilled machinists.")
    plain = RoundTableNote.objects.get(text="A textiles skills academy.")
    # r3's answer was already redacted for the public pages, differently.
    redaction_save(
        item=r3_answer, text="Textile [x] could bring jobs back.", reason="other", user=moderator
    )
    old = _migrate(BEFORE)
    quote = old.get_model("prospectus", "FeaturedQuote").objects
    quote.create(
        answer_id=r1_answer.pk,
        redacted_text="Skills are scarce [M-road].",
        featured_by_id=moderator.pk,
    )
    quote.create(note_id=note.pk, redacted_text="Finding [redacted].", featured_by_id=moderator.pk)
    quote.create(answer_id=r3_answer.pk, redacted_text="Textile [y] could bring jobs back.")
    quote.create(note_id=plain.pk, redacted_text="")

    _migrate(AFTER)

    assert public_text(Answer.objects.get(pk=r1_answer.pk)) == "Skills are scarce [M-road]."
    assert public_text(RoundTableNote.objects.get(pk=note.pk)) == "Finding [redacted]."
    assert public_text(Answer.objects.get(pk=r3_answer.pk)) == "Textile [x] could bring jobs back."
    assert not Redaction.objects.filter(note=plain).exists()
    moved = RedactionEvent.objects.filter(action=RedactionEvent.Action.MIGRATED).order_by("pk")
    assert [(e.target, e.reason, e.user, e.redaction.reason) for e in moved] == [
        (f"{data.responses['r1'].reference} / {data.text.key}", "personal", moderator, "personal"),
        (note.reference, "personal", moderator, "personal"),
    ]
    assert data.responses["r3"].reference in capsys.readouterr().out  # kept: told to check it
    featured = evidence_for(consultation=data.survey.consultation).featured
    assert [q.text for q in featured] == [
        "Skills are scarce [M-road].",
        "Finding [redacted].",
        "Textile [x] could bring jobs back.",
        "A textiles skills academy.",
    ]
