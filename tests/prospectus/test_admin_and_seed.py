"""Admin for the prospectus (Moderators edit, the count of ambitions is checked, quotes only from
those who agreed) and the idempotent seed of draft text."""

import pytest
from django.urls import reverse

from portal.seed import published_dating
from prospectus.admin import FeaturedQuoteForm
from prospectus.models import Ambition, FeaturedQuote, Prospectus
from prospectus.seed import prospectus_seed

pytestmark = pytest.mark.django_db


def test_seed_writes_five_draft_ambitions_once_and_keeps_staff_edits(llep):
    prospectus = Prospectus.objects.get(consultation=llep)
    assert prospectus.ambitions.count() == 5
    assert all(a.statement.startswith("[Draft") for a in prospectus.ambitions.all())
    assert prospectus.ambitions.get(order=3).sectors.get().slug == "life-sciences"
    prospectus.foreword = "Written by the chair."
    prospectus.save()
    prospectus.ambitions.filter(order=5).delete()
    prospectus_seed(consultation=llep, dating=published_dating())
    prospectus.refresh_from_db()
    assert prospectus.foreword == "Written by the chair."
    assert prospectus.ambitions.count() == 4  # staff removed one; the seed does not bring it back


def test_moderator_edits_the_prospectus_and_is_warned_about_the_number_of_ambitions(
    client, llep, moderator
):
    prospectus = Prospectus.objects.get(consultation=llep)
    client.force_login(moderator)
    url = reverse("admin:prospectus_prospectus_change", args=[prospectus.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "should focus on four or five" not in page.content.decode()
    Ambition.objects.filter(prospectus=prospectus, order__gte=4).delete()
    warned = client.get(url).content.decode()
    assert "should focus on four or five key defining ambitions; it has 3" in warned


def test_board_member_cannot_change_the_prospectus_in_admin(client, llep, board_member):
    prospectus = Prospectus.objects.get(consultation=llep)
    client.force_login(board_member)
    response = client.post(
        reverse("admin:prospectus_prospectus_change", args=[prospectus.pk]), {"title": "Hijacked"}
    )
    assert response.status_code == 403 or "Hijacked" not in Prospectus.objects.get().title


def test_only_answers_of_approved_responses_that_agreed_can_be_featured(data):
    refused = data.responses["r2"].answers.get(question=data.text)  # approved, did not agree
    agreed = data.responses["r1"].answers.get(question=data.text)
    form = FeaturedQuoteForm(data={"answer": refused.pk})
    assert not form.is_valid()
    assert data.responses["r2"].reference in str(form.errors["answer"])
    assert "agreed to be quoted" in str(form.errors["answer"])
    both = FeaturedQuoteForm(
        data={"answer": agreed.pk, "note": data.textiles.round_tables.first().notes.first().pk}
    )
    assert not both.is_valid()
    not_both = ["Choose an answer or a round-table note to feature, not both"]
    assert both.errors["answer"] == not_both and both.errors["note"] == not_both
    assert FeaturedQuoteForm(data={"answer": agreed.pk}).is_valid()


def test_an_empty_featured_quote_form_says_what_to_enter_on_its_fields(db):
    """Not Django's "Constraint “featured_answer_or_note” is violated"."""
    empty = FeaturedQuoteForm(data={})
    assert not empty.is_valid()
    assert empty.errors["answer"] == ["Enter the answer to feature, or a round-table note below"]
    assert empty.errors["note"] == ["Enter the round-table note to feature, or an answer above"]
    assert "Constraint" not in str(empty.errors) and not empty.non_field_errors()


def test_featured_quotes_appear_under_their_ambition_redacted_and_with_their_reference(
    data, moderator
):
    from prospectus.evidence import evidence_for
    from prospectus.selectors import ambitions_for
    from results.redaction import redaction_save

    ambition = data.prospectus.ambitions.get(order=1)
    r1 = data.responses["r1"]
    answer = r1.answers.get(question=data.text)
    FeaturedQuote.objects.create(answer=answer, ambition=ambition)
    redaction_save(
        item=answer,
        text="Skills are scarce on the [road] corridor.",
        reason="personal",
        user=moderator,
    )
    # r2 did not agree: even a row made behind the form's back is not printed.
    FeaturedQuote.objects.create(
        answer=data.responses["r2"].answers.get(question=data.text), ambition=ambition
    )
    note = data.textiles.round_tables.first().notes.first()
    FeaturedQuote.objects.create(note=note, ambition=ambition)
    evidence = evidence_for(consultation=data.survey.consultation)
    quotes = ambitions_for(prospectus=data.prospectus, evidence=evidence)[0].quotes
    assert [q.reference for q in quotes] == [r1.reference, note.reference]
    assert quotes[0].text == "Skills are scarce on the [road] corridor."
    assert all(q.featured for q in quotes)


def test_a_featured_quote_is_redacted_in_the_one_place_the_public_pages_read(
    client, data, moderator
):
    """The featured quote's page shows the published text and links to its redaction, which
    the PDF and the public results share; the quote has no redacted text of its own."""
    from results.models import Redaction

    assert "redacted_text" not in FeaturedQuoteForm.base_fields
    answer = data.responses["r1"].answers.get(question=data.text)
    quote = FeaturedQuote.objects.create(answer=answer)
    client.force_login(moderator)
    change = reverse("admin:prospectus_featuredquote_change", args=[quote.pk])
    page = client.get(change).content.decode()
    add = reverse("admin:results_redaction_add")
    assert "Skills are scarce on the M1 corridor." in page
    assert f'href="{add}?answer={answer.pk}">Redact this answer</a>' in page
    saved = client.post(
        add,
        {
            "answer": answer.pk,
            "note": "",
            "text": "Skills are scarce [redacted].",
            "reason": "personal",
        },
    )
    assert saved.status_code == 302
    redaction = Redaction.objects.get(answer=answer)
    page = client.get(change).content.decode()
    assert "Skills are scarce [redacted]." in page and "Redacted (personal information)." in page
    assert reverse("admin:results_redaction_change", args=[redaction.pk]) in page
    listing = client.get(reverse("admin:prospectus_featuredquote_changelist")).content.decode()
    assert 'alt="True"' in listing  # the Redacted column
