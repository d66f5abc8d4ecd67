"""Quotes chosen by people, not by position: featured answers and notes lead their chapter and
replace the automatic picks there; the automatic picks skip answers too short or too generic to
be evidence; every quote's words come through quote_text."""

import pytest

from prospectus.evidence import evidence_for
from prospectus.evidence.quotes import is_evidence, quote_text
from prospectus.models import FeaturedQuote
from results.models import Reason
from results.redaction import redaction_save

from .conftest import add_response
from .factories import NoteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for asking for our views.",
        "We would be happy to take part in a round table.",
        "Please keep businesses informed about what happens next.",
        "No comment.",
        "Skills.",
    ],
)
def test_filler_is_not_evidence(text):
    assert not is_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Skills are scarce on the M1 corridor.",
        "Thank you. Our haulage firm cannot recruit HGV drivers because the nearest training "
        "centre is forty miles away and the course waiting list runs to six months.",
    ],
)
def test_a_view_about_the_economy_is_evidence(text):
    assert is_evidence(text)


def test_automatic_picks_leave_out_filler(data):
    filler = add_response(
        data, sector=data.logistics, text="Thank you for asking for our views.", quote_ok=True
    )
    evidence = evidence_for(consultation=data.survey.consultation)
    logistics = next(c for c in evidence.chapters if c.row.sector == data.logistics)
    assert filler.reference not in [q.reference for q in logistics.quotes]
    assert data.responses["r1"].reference in [q.reference for q in logistics.quotes]


def test_a_featured_answer_replaces_the_automatic_picks_of_its_sector(data, moderator):
    chosen = add_response(
        data,
        sector=data.logistics,
        text="Our drivers are called Jo Bloggs and they cannot find a training course nearby.",
        quote_ok=True,
    )
    FeaturedQuote.objects.create(answer=chosen.answers.get())
    redaction_save(
        item=chosen.answers.get(),
        text="Our drivers [name removed] cannot find a training course nearby.",
        reason=Reason.PERSONAL,
        user=moderator,
    )
    evidence = evidence_for(consultation=data.survey.consultation)
    logistics = next(c for c in evidence.chapters if c.row.sector == data.logistics)
    assert [(q.reference, q.text, q.featured) for q in logistics.quotes] == [
        (
            chosen.reference,
            "Our drivers [name removed] cannot find a training course nearby.",
            True,
        )
    ]
    textiles = next(c for c in evidence.chapters if c.row.sector == data.textiles)
    assert [q.reference for q in textiles.quotes] == [data.responses["r3"].reference]


def test_a_featured_note_leads_its_kind_and_an_answer_whose_author_withdrew_is_dropped(data):
    rt = data.textiles.round_tables.first()
    NoteFactory(round_table=rt, text="An earlier challenge the moderators did not choose.")
    featured = NoteFactory(round_table=rt, text="The one challenge the moderators chose here.")
    FeaturedQuote.objects.create(note=featured)
    r1 = data.responses["r1"]
    FeaturedQuote.objects.create(answer=r1.answers.get(question=data.text))
    r1.quote_ok = False
    r1.save()
    evidence = evidence_for(consultation=data.survey.consultation)
    textiles = next(c for c in evidence.chapters if c.row.sector == data.textiles)
    challenges = textiles.notes_by_kind[0][3]
    assert [q.reference for q in challenges] == [featured.reference]
    assert r1.reference not in [q.reference for q in evidence.featured]


def test_quote_text_prints_the_public_text_on_one_clipped_line():
    original = "Ask Jo Bloggs\nabout it."
    assert quote_text(text=original, public=original).text == "Ask Jo Bloggs about it."
    assert quote_text(text=original, public="Ask [name] about it.").text == "Ask [name] about it."
    assert quote_text(text="word " * 400, public="word " * 400).text.endswith("…")


def test_quote_text_prints_a_redacted_answer_as_redacted_never_its_translation():
    gujarati = "જો બ્લોગ્સ કહે છે કે કારીગરોની અછત છે."
    translated = quote_text(
        text=gujarati, public=gujarati, text_in_english="Jo Bloggs says", language="gu"
    )
    assert (translated.text, translated.translated_from) == ("Jo Bloggs says", "Gujarati")
    redacted = quote_text(
        text=gujarati, public="[redacted] કહે છે", text_in_english="Jo Bloggs says", language="gu"
    )
    # The translation may still hold what the redaction took out: the redacted copy is printed,
    # in the language it was written in, as the public pages print it.
    assert (redacted.text, redacted.translated_from, redacted.lang) == (
        "[redacted] કહે છે",
        None,
        "gu",
    )
