"""Every ambition shows its evidence: the approved responses and round-table notes from its
sectors that carry its themes, counted in a fixed number of queries, listed on the board page
behind each number, and an ambition with none flagged to staff in the admin."""

import pytest
from django.urls import reverse

from prospectus.evidence import evidence_for
from prospectus.selectors import ambitions_for

from .conftest import add_response

pytestmark = pytest.mark.django_db


def test_an_ambition_counts_the_evidence_of_its_sectors_and_themes(data):
    evidence = evidence_for(consultation=data.survey.consultation)
    by_order = {
        a.ambition.order: a for a in ambitions_for(prospectus=data.prospectus, evidence=evidence)
    }
    # 2: manufacturing and textiles; ideas, business environment, clean growth.
    second = by_order[2]
    assert (second.responses, second.notes) == (1, 1)
    assert {c.theme.slug: (c.responses, c.notes) for c in second.by_theme} == {
        "ideas": (0, 0),
        "business-environment": (0, 0),
        "clean-growth": (1, 1),
    }
    assert not by_order[3].has_evidence  # life sciences: nothing yet


def test_the_count_does_not_grow_in_queries_with_the_responses(data, django_assert_max_num_queries):
    for _ in range(20):
        add_response(data, sector=data.textiles, themes=["clean-growth", "ideas"])
    evidence = evidence_for(consultation=data.survey.consultation)
    # The ambitions, their sectors, their themes; then two counts for each of the five.
    with django_assert_max_num_queries(3 + 2 * 5):
        items = ambitions_for(prospectus=data.prospectus, evidence=evidence)
    assert items[1].responses == 21


def test_the_board_lists_the_responses_and_notes_behind_an_ambitions_numbers(
    client, data, board_member
):
    client.force_login(board_member)
    page = client.get(reverse("prospectus:board")).content.decode()
    assert 'href="/board/evidence/responses/?ambition=2"' in page
    responses = client.get(reverse("prospectus:responses"), {"ambition": "2"})
    assert [r.reference for r in responses.context["page"].object_list] == [
        data.responses["r3"].reference
    ]
    notes = client.get(reverse("prospectus:notes"), {"ambition": "2"})
    assert [n.text for n in notes.context["page"].object_list] == ["Finding skilled machinists."]
    for unknown in ("99", "two", "١"):
        answer = client.get(reverse("prospectus:responses"), {"ambition": unknown})
        assert answer.status_code == 200 and not answer.context["page"].object_list
        assert "No such ambition" in answer.content.decode()


def test_the_admin_flags_an_ambition_with_no_evidence(client, data, moderator):
    client.force_login(moderator)
    url = reverse("admin:prospectus_prospectus_change", args=[data.prospectus.pk])
    html = client.get(url).content.decode()
    assert "Ambition 3, “Turn life sciences strengths" in html
    assert "has no evidence" in html
    assert "Ambition 2, " not in html
