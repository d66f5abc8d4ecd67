"""Each figure of the evidence on its own (prospectus/evidence/), on the hand-built data set of
test_selectors.py, and the fixed number of queries each one costs."""

import pytest

from portal.models import Theme
from prospectus.evidence.matrix import sector_rows, theme_counts
from prospectus.evidence.profile import profile_for
from prospectus.evidence.quotes import clip, featured_quotes, notes_quoted, response_quotes
from prospectus.evidence.ratings import grand_challenge_choices_for, ratings_for, theme_tags
from prospectus.evidence.round_tables import attendance_for, note_counts, notes_by_sector

pytestmark = pytest.mark.django_db


def _themes(kind):
    return list(Theme.objects.filter(kind=kind).order_by("order"))


def test_theme_counts_take_two_queries_and_count_only_approved_responses(
    data, django_assert_num_queries
):
    consultation = data.survey.consultation
    with django_assert_num_queries(2):
        responses, notes = theme_counts(consultation=consultation)
    ideas = data.themes["ideas"].pk
    assert responses[(data.logistics.pk, ideas)] == 2  # r1, r2; r5 is pending
    assert notes[(data.textiles.pk, data.themes["people"].pk)] == 2


def test_sector_rows_add_a_row_for_responses_without_a_sector_and_a_total(data):
    consultation = data.survey.consultation
    rows, overall = sector_rows(
        sectors=list(consultation.sectors.order_by("order")),
        foundations=_themes(Theme.Kind.FOUNDATION),
        grand_challenges=_themes(Theme.Kind.GRAND_CHALLENGE),
        counts=theme_counts(consultation=consultation),
        responses_by_sector={data.logistics.pk: 2, None: 1},
        notes_by_sector={data.textiles.pk: 2},
    )
    assert rows[-1].label == "No sector given" and rows[-1].responses == 1
    assert overall.responses == 3 and overall.notes == 2
    people = next(c for c in overall.foundations if c.theme.slug == "people")
    assert (people.responses, people.notes) == (1, 2)
    assert people.response_query == "theme=people"


def test_profile_counts_who_responded_and_every_channel_in_three_queries(
    data, django_assert_num_queries
):
    consultation = data.survey.consultation
    with django_assert_num_queries(3):
        profile = profile_for(consultation=consultation)
    assert {t.label: t.count for t in profile.respondent_types}["Business"] == 2
    assert profile.by_sector[None] == 1
    assert (profile.total, profile.quotable, profile.themed, profile.late.count) == (6, 3, 3, 1)
    online = next(c for c in profile.channels if c["channel"] == "online")
    assert online["total"] == 4
    # Only approved responses are listed to the board; the other statuses are counted, unlinked.
    links = {t.label: t.query for t in online["counts"]}
    assert links == {"Pending": "", "Approved": "channel=online", "Rejected": "", "Spam": ""}


def test_ratings_come_from_items_tagged_with_each_foundation(data, django_assert_num_queries):
    consultation = data.survey.consultation
    with django_assert_num_queries(1):
        tags = theme_tags(consultation=consultation)
    assert tags.scale_labels[-1] == "Essential"
    foundations = _themes(Theme.Kind.FOUNDATION)
    with django_assert_num_queries(1):
        ratings = ratings_for(tags=tags, foundations=foundations)
    ideas = next(r for r in ratings if r.theme.slug == "ideas")
    assert (ideas.count, ideas.mean) == (3, pytest.approx(4.0))
    assert ideas.distribution[2].query == "rated=ideas&score=3"


def test_grand_challenge_choices_are_counted_in_one_query(data, django_assert_num_queries):
    tags = theme_tags(consultation=data.survey.consultation)
    grand_challenges = _themes(Theme.Kind.GRAND_CHALLENGE)
    with django_assert_num_queries(1):
        chosen = grand_challenge_choices_for(tags=tags, grand_challenges=grand_challenges)
    assert {t.label: t.count for t in chosen}["Clean Growth"] == 2
    assert chosen[0].query.startswith("chose=")


def test_attendance_and_notes_by_sector_in_two_queries(data, django_assert_num_queries):
    consultation = data.survey.consultation
    with django_assert_num_queries(2):
        counts = note_counts(consultation=consultation)
        attendance = attendance_for(consultation=consultation, counts=counts)
    assert notes_by_sector(counts)[data.textiles.pk] == 2
    textiles = next(a for a in attendance if a.round_table.slug == "textiles")
    assert (textiles.confirmed, textiles.waitlisted, textiles.attended, textiles.notes) == (
        3,
        1,
        2,
        2,
    )


def test_quotes_take_four_queries_and_only_agreed_approved_answers(data, django_assert_num_queries):
    consultation = data.survey.consultation
    with django_assert_num_queries(4):
        featured = featured_quotes(consultation=consultation)
        quotes = response_quotes(consultation=consultation, featured=featured)
        notes = notes_quoted(consultation=consultation, featured=featured)
    assert {q.reference for q in quotes} == {
        data.responses["r1"].reference,
        data.responses["r3"].reference,
    }
    assert all(n.reference.startswith("RT-") for n in notes)


def test_a_long_quote_is_clipped_to_one_line_with_an_ellipsis():
    text = clip("word\n" * 400)
    assert "\n" not in text and len(text) == 600 and text.endswith("…")
