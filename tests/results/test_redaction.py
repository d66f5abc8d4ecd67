"""Redaction: the published text is a copy beside the original, with a reason from the fixed
list; every redaction made, changed or removed is logged with who and when; everything public
reads it, and the prospectus PDF prints the same words."""

import pytest
from django.urls import reverse

from events.models import RoundTableNote
from prospectus.evidence import evidence_for
from prospectus.models import FeaturedQuote
from prospectus.services import prospectus_pdf_build
from results.models import Reason, Redaction, RedactionEvent
from results.redaction import public_text, redaction_remove, redaction_save
from survey.models import Answer
from tests.prospectus.pdftools import pages_text

from .test_publishing import everything_public

ORIGINAL = "Skills are scarce on the M1 corridor."
REDACTED = "Skills are scarce on the [redacted]."


def _answer(published) -> Answer:
    return Answer.objects.get(response=published.data.responses["r1"], text=ORIGINAL)


def test_a_redacted_answer_is_published_as_its_copy_and_the_original_is_kept(
    client, published, moderator
):
    answer = _answer(published)
    redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    answer.refresh_from_db()
    assert answer.text == ORIGINAL
    assert public_text(answer) == REDACTED
    text = everything_public(client)
    assert REDACTED in text and ORIGINAL not in text


def test_a_round_table_note_is_redacted_the_same_way(client, published, moderator):
    from events.models import RoundTableNote

    note = RoundTableNote.objects.get(text="Finding skilled machinists.")
    assert public_text(note) == "Finding skilled machinists."
    redaction_save(item=note, text="Finding [redacted].", reason=Reason.OFFENSIVE, user=moderator)
    text = everything_public(client)
    assert "Finding [redacted]." in text and "Finding skilled machinists." not in text


def _pdf_text(published) -> str:
    built = prospectus_pdf_build(prospectus=published.data.prospectus)
    return " ".join(pages_text(built.result.pdf))


def test_one_redaction_is_printed_alike_by_the_prospectus_pdf_and_the_public_pages(
    client, published, moderator
):
    data = published.data
    recycling = Answer.objects.get(
        response=data.responses["r3"], text="Textile recycling could bring jobs back."
    )
    FeaturedQuote.objects.create(answer=recycling, ambition=data.prospectus.ambitions.get(order=1))
    redactions = {
        # r1's answer is picked automatically; r3's is featured under an ambition ("We did");
        # the note is picked automatically among the round tables' challenges.
        ORIGINAL: (_answer(published), REDACTED),
        recycling.text: (recycling, "Textile [redacted] could bring jobs back."),
        "Finding skilled machinists.": (
            RoundTableNote.objects.get(text="Finding skilled machinists."),
            "Finding [redacted] machinists.",
        ),
    }
    for item, text in redactions.values():
        redaction_save(item=item, text=text, reason=Reason.PERSONAL, user=moderator)
    pdf, public = _pdf_text(published), everything_public(client)
    for original, (_, redacted) in redactions.items():
        assert redacted in pdf and redacted in public, redacted
        assert original not in pdf and original not in public, original


def test_an_answer_withheld_entirely_is_quoted_nowhere(client, published, moderator):
    data = published.data
    answer = _answer(published)
    FeaturedQuote.objects.create(answer=answer, ambition=data.prospectus.ambitions.get(order=1))
    redaction_save(item=answer, text="", reason=Reason.DEFAMATORY, user=moderator)
    evidence = evidence_for(consultation=data.survey.consultation)
    quoted = evidence.featured + [q for c in evidence.chapters for q in c.quotes]
    assert data.responses["r1"].reference not in [q.reference for q in quoted]
    assert ORIGINAL not in _pdf_text(published)
    assert ORIGINAL not in everything_public(client)


def test_the_redaction_log_records_every_change_with_who_when_and_why(published, moderator):
    answer = _answer(published)
    reference = f"{published.data.responses['r1'].reference} / {answer.question.key}"
    redaction = redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    redaction_save(item=answer, text="[redacted]", reason=Reason.DEFAMATORY, user=moderator)
    redaction_remove(redaction=Redaction.objects.get(pk=redaction.pk), user=moderator)
    events = list(RedactionEvent.objects.order_by("at", "pk"))
    assert [(e.action, e.reason, e.target, e.user) for e in events] == [
        ("redacted", "personal", reference, moderator),
        ("changed", "defamatory", reference, moderator),
        ("removed", "defamatory", reference, moderator),
    ]
    assert all(e.at is not None for e in events)
    assert public_text(Answer.objects.get(pk=answer.pk)) == ORIGINAL


def test_only_the_fixed_reasons_are_accepted(published, moderator):
    with pytest.raises(ValueError):
        redaction_save(item=_answer(published), text="x", reason="boring", user=moderator)
    assert set(Reason.values) == {"personal", "offensive", "defamatory", "other"}


def test_a_moderator_redacts_and_clears_in_the_admin_and_it_is_logged(client, published, moderator):
    client.force_login(moderator)
    answer = _answer(published)
    add = reverse("admin:results_redaction_add")
    form = client.get(f"{add}?answer={answer.pk}")
    assert form.status_code == 200 and ORIGINAL in form.content.decode()
    saved = client.post(
        add, {"answer": answer.pk, "note": "", "text": REDACTED, "reason": "personal"}
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    event = RedactionEvent.objects.get()
    assert event.user == moderator and event.action == "redacted"
    refused = client.post(add, {"answer": "", "note": "", "text": "x", "reason": "other"})
    assert "Enter the answer to redact, or a round-table note below" in refused.content.decode()

    r7 = published.data.responses["r7"]
    listing = reverse("admin:results_publishableresponse_changelist")
    assert client.get(listing).status_code == 200
    detail = client.get(reverse("admin:results_publishableresponse_change", args=[r7.pk]))
    assert "Waiting for a moderator" in detail.content.decode()
    client.post(listing, {"action": "clear", "_selected_action": [r7.pk]})
    assert hasattr(type(r7).objects.get(pk=r7.pk), "clearance")


def test_an_empty_redaction_form_says_what_is_missing_on_its_fields(client, published, moderator):
    client.force_login(moderator)
    page = client.post(reverse("admin:results_redaction_add"), {"answer": "", "note": ""})
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.errors == {
        "answer": ["Enter the answer to redact, or a round-table note below"],
        "note": ["Enter the round-table note to redact, or an answer above"],
        "reason": ["Choose why the text is redacted"],
    }
    html = page.content.decode()
    assert "Constraint" not in html and "is violated" not in html
    assert not Redaction.objects.exists()


def test_a_redaction_of_an_answer_and_a_note_at_once_is_refused_on_both(
    client, published, moderator
):
    client.force_login(moderator)
    note = RoundTableNote.objects.first()
    page = client.post(
        reverse("admin:results_redaction_add"),
        {"answer": _answer(published).pk, "note": note.pk, "text": "x", "reason": "other"},
    )
    both = ["Choose an answer or a round-table note to redact, not both"]
    assert page.context["adminform"].form.errors == {"answer": both, "note": both}
    assert "is violated" not in page.content.decode()


def test_a_saved_redaction_is_changed_in_the_admin(client, published, moderator):
    """Its answer is read-only there, so the form asks for no answer or note."""
    answer = _answer(published)
    redaction = redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    client.force_login(moderator)
    url = reverse("admin:results_redaction_change", args=[redaction.pk])
    saved = client.post(url, {"text": "[redacted] entirely", "reason": "other"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    redaction.refresh_from_db()
    assert (redaction.text, redaction.reason) == ("[redacted] entirely", "other")


def test_the_board_cannot_redact(client, published, board_member):
    client.force_login(board_member)
    assert client.get(reverse("admin:results_redaction_add")).status_code == 403
