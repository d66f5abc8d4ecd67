"""Answers in any language are evidence like English ones: counted on the board page and in the
PDF, and quoted in a moderator's English translation that says which language it came from."""

import io
import re

from django.urls import reverse
from pypdf import PdfReader

from prospectus.evidence import evidence_for
from prospectus.models import FeaturedQuote
from prospectus.services import prospectus_pdf_build
from survey.models import Answer

from .conftest import add_response

GUJARATI = "કાપડ ઉદ્યોગમાં કુશળ કારીગરોની અછત છે."
URDU = "ہمیں ہنر مند کارکنوں کی کمی ہے۔"


def _languages(data):
    """Four approved, quotable textiles responses, in Gujarati (translated), Urdu (not yet
    translated), Polish and Punjabi."""
    gu = add_response(
        data, sector=data.textiles, language="gu", text=GUJARATI, quote_ok=True, themes=["people"]
    )
    Answer.objects.filter(response=gu, text=GUJARATI).update(
        text_in_english="The textile industry is short of skilled workers."
    )
    ur = add_response(data, sector=data.textiles, language="ur", text=URDU, quote_ok=True)
    add_response(data, sector=data.logistics, language="pl", text="Brakuje kierowców.")
    add_response(data, sector=data.logistics, language="pa", text="ਹੁਨਰ ਦੀ ਘਾਟ ਹੈ।")
    return gu, ur


def test_every_response_counts_whatever_its_language(data):
    before = evidence_for(consultation=data.survey.consultation)
    _languages(data)
    after = evidence_for(consultation=data.survey.consultation)
    assert after.evidence_responses == before.evidence_responses + 4
    assert after.total_responses == before.total_responses + 4
    people = next(c for c in after.overall.foundations if c.theme.slug == "people")
    was = next(c for c in before.overall.foundations if c.theme.slug == "people")
    assert people.responses == was.responses + 1


def test_board_page_counts_and_quotes_translated_answers(client, data, board_member):
    before = evidence_for(consultation=data.survey.consultation).evidence_responses
    gu, ur = _languages(data)
    ambition = data.prospectus.ambitions.get(order=1)
    for answer in Answer.objects.filter(text__in=[GUJARATI, URDU]):
        FeaturedQuote.objects.create(answer=answer, ambition=ambition)
    client.force_login(board_member)
    html = client.get(reverse("prospectus:board")).content.decode()
    assert f">{before + 4}</a> of" in html
    assert "The textile industry is short of skilled workers." in html
    assert "translated from Gujarati" in html
    assert GUJARATI not in html  # the English translation is quoted, not the original
    # An answer not translated yet is quoted as given, marked as Urdu for the reader's browser.
    assert f'lang="ur" dir="auto">“{URDU}”' in html


def test_pdf_counts_every_language_and_says_translated_from(data):
    before = evidence_for(consultation=data.survey.consultation).evidence_responses
    _languages(data)
    built = prospectus_pdf_build(prospectus=data.prospectus)
    reader = PdfReader(io.BytesIO(built.result.pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "The textile industry is short of skilled workers." in text
    assert re.search(r"translated from\s+Gujarati", text)
    evidence = evidence_for(consultation=data.survey.consultation)
    assert evidence.evidence_responses == before + 4
    assert f"Evidence from {evidence.evidence_responses} survey responses" in text
    assert f"{evidence.evidence_responses} of {evidence.total_responses}" in text


def test_board_response_page_shows_the_language_and_the_translation_beside_the_original(
    client, data, board_member
):
    gu, _ = _languages(data)
    client.force_login(board_member)
    html = client.get(reverse("prospectus:response", args=[gu.reference])).content.decode()
    assert "Gujarati" in html
    assert f'lang="gu" dir="auto">{GUJARATI}</span>' in html
    assert "English translation: </span>" in html
    assert "The textile industry is short of skilled workers." in html


def test_the_prospectus_is_english_whatever_language_is_active_when_it_is_built(data):
    """The charts and theme names follow the active language on the results pages; a PDF asked
    for while another language is active (a task run inline in a translated request) must not
    take it up."""
    from django.utils import translation

    from prospectus.services import prospectus_html_render

    with translation.override("gu"):
        html = prospectus_html_render(prospectus=data.prospectus)
    assert "Responses speaking to each foundation of productivity" in html
    assert "Data for the chart: Who responded" in html
    assert ">All sectors<" in html
    assert "ઉત્પાદકતા" not in html
