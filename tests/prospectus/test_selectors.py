"""The evidence, counted exactly on a hand-built data set, in a number of queries that does not
grow with the number of responses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prospectus.evidence import evidence_for

from .conftest import add_response
from .factories import NoteFactory

pytestmark = pytest.mark.django_db


def _cells(row, kind="foundations"):
    return {c.theme.slug: (c.responses, c.notes) for c in getattr(row, kind)}


def _row(evidence, sector):
    return next(r for r in evidence.rows if r.sector == sector)


def test_sector_by_theme_matrix_counts_approved_responses_and_notes(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    logistics = _row(evidence, data.logistics)
    textiles = _row(evidence, data.textiles)
    assert _cells(logistics)["ideas"] == (2, 0)  # r1 and r2; r5 is pending
    assert _cells(logistics)["people"] == (1, 0)
    assert _cells(textiles)["people"] == (0, 2)  # r6 is rejected; two textiles notes
    assert _cells(textiles, "grand_challenges")["clean-growth"] == (1, 1)
    assert _cells(logistics, "grand_challenges")["ai-data-economy"] == (0, 1)
    overall = evidence.overall
    assert _cells(overall)["ideas"] == (2, 0)
    assert _cells(overall)["people"] == (1, 2)
    assert _cells(overall, "grand_challenges")["clean-growth"] == (1, 1)
    assert logistics.responses == 2 and textiles.responses == 1
    assert logistics.notes == 1 and textiles.notes == 2
    # r4 gave no sector: its own row, so no response disappears from the table.
    assert evidence.rows[-1].sector is None and evidence.rows[-1].responses == 1


def test_foundation_ratings_give_mean_and_distribution_of_approved_responses(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    ratings = {r.theme.slug: r for r in evidence.ratings}
    assert ratings["ideas"].count == 3
    assert ratings["ideas"].mean == pytest.approx(4.0)
    assert [t.count for t in ratings["ideas"].distribution] == [0, 0, 1, 1, 1]
    assert ratings["ideas"].distribution[4].label == "5 – Essential"
    assert ratings["people"].mean == pytest.approx(3.0)
    assert ratings["place"].count == 0 and ratings["place"].mean is None


def test_grand_challenge_choices_count_each_approved_response_once(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    chosen = {t.label: t.count for t in evidence.grand_challenge_choices}
    assert chosen["Artificial Intelligence and Data Economy"] == 2
    assert chosen["Clean Growth"] == 2  # r1 and r3; r6 is rejected
    assert chosen["Ageing Society"] == 0


def test_respondent_profile_and_methodology_counts(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    types = {t.label: t.count for t in evidence.respondent_types}
    assert types["Business"] == 2 and types["University or college"] == 1
    assert types["Individual"] == 1
    places = {t.label: t.count for t in evidence.places}
    assert places["Leicester"] == 2 and places["Melton"] == 1 and places["Charnwood"] == 1
    channels = {c["channel"]: {t.label: t.count for t in c["counts"]} for c in evidence.channels}
    assert channels["online"] == {"Pending": 1, "Approved": 2, "Rejected": 1, "Spam": 0}
    assert channels["email"]["Approved"] == 1 and channels["paper"]["Approved"] == 1
    assert evidence.late.count == 1
    assert evidence.total_responses == 6 and evidence.evidence_responses == 4
    assert evidence.themed_responses == 3
    assert evidence.quotable_responses == 3
    assert evidence.total_notes == 3


def test_attendance_counts_confirmed_waiting_and_attended_not_cancelled(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    textiles = next(a for a in evidence.attendance if a.round_table.slug == "textiles")
    assert (textiles.confirmed, textiles.waitlisted, textiles.attended) == (2 + 1, 1, 2)
    assert textiles.notes == 2


def test_quotes_only_from_approved_responses_that_agreed_without_personal_details(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    quotes = [q for chapter in evidence.chapters for q in chapter.quotes]
    assert {q.reference for q in quotes} == {
        data.responses["r1"].reference,
        data.responses["r3"].reference,
    }
    by_sector = {c.row.sector.slug: [q.text for q in c.quotes] for c in evidence.chapters}
    assert by_sector["advanced-logistics"] == ["Skills are scarce on the M1 corridor."]
    assert by_sector["textiles"] == ["Textile recycling could bring jobs back."]
    assert all("Alice" not in q.text and "example.com" not in q.text for q in quotes)
    notes = {c.row.sector.slug: c.notes_by_kind for c in evidence.chapters}
    challenges = notes["textiles"][0]
    assert challenges[0] == "Challenges" and challenges[1] == 1
    assert challenges[3][0].reference.startswith("RT-TEXTILES-")


def test_quotes_are_capped_per_sector_and_question_however_many_agree(data):
    for i in range(6):
        add_response(
            data,
            sector=data.textiles,
            text=f"Extra quote {i}: our textile firms cannot find skilled machinists.",
            quote_ok=True,
        )
    evidence = evidence_for(consultation=data.survey.consultation)
    textiles = next(c for c in evidence.chapters if c.row.sector == data.textiles)
    assert len(textiles.quotes) == 2  # QUOTES_PER_SECTOR_QUESTION
    assert textiles.row.responses == 7  # the counts still take every response


def _grow(data, n: int) -> None:
    for i in range(n):
        add_response(
            data,
            sector=data.logistics if i % 2 else data.textiles,
            themes=["ideas", "ageing-society"],
            ratings={"ideas": 1 + i % 5, "people": 2},
            chose=["ai-data-economy"],
            text=f"More evidence {i}",
            quote_ok=bool(i % 3),
        )
        NoteFactory(round_table=data.textiles.round_tables.first(), themes=[data.themes["place"]])


def test_evidence_takes_the_same_number_of_queries_at_two_data_sizes(
    data, django_assert_num_queries
):
    consultation = data.survey.consultation
    with CaptureQueriesContext(connection) as small:
        evidence_for(consultation=consultation)
    _grow(data, 40)
    with django_assert_num_queries(len(small.captured_queries)):
        evidence = evidence_for(consultation=consultation)
    assert evidence.evidence_responses == 44
    assert len(small.captured_queries) <= 20


def test_made_up_demonstration_responses_are_counted_so_the_board_is_told(data):
    add_response(data, sector=data.textiles, is_synthetic=True)
    add_response(data, sector=data.textiles, is_synthetic=True, status="pending")
    evidence = evidence_for(consultation=data.survey.consultation)
    assert evidence.synthetic_responses == 1
