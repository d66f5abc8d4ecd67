"""The board page and the evidence lists: who may see them, that every count links to what is
behind it, the charts, and that no personal data or inline style reaches the page."""

import re

import pytest
from django.urls import reverse

from prospectus.models import Export, FeaturedQuote

pytestmark = pytest.mark.django_db

BOARD_URLS = [
    ("prospectus:board", {}),
    ("prospectus:responses", {}),
    ("prospectus:notes", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), BOARD_URLS)
def test_anonymous_visitor_is_sent_to_the_admin_sign_in(client, data, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("name", "kwargs"), BOARD_URLS)
def test_staff_without_the_board_permission_get_403(client, data, organiser, name, kwargs):
    client.force_login(organiser)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_staff_without_the_board_permission_cannot_ask_for_an_export(client, data, organiser):
    client.force_login(organiser)
    assert client.post(reverse("prospectus:export_create")).status_code == 403
    assert not Export.objects.exists()


def test_board_member_sees_evidence_charts_and_links_to_what_is_behind_each_count(
    client, data, board_member
):
    client.force_login(board_member)
    response = client.get(reverse("prospectus:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<svg" in html and '<title id="chart-foundation-ratings-title">' in html
    assert "Data for the chart" in html
    # The cell Advanced Logistics x Ideas links to the two responses behind it.
    assert 'href="/board/evidence/responses/?sector=advanced-logistics&amp;theme=ideas"' in html
    assert 'href="/board/evidence/notes/?sector=textiles&amp;theme=people"' in html
    assert "Generate the prospectus PDF" in html
    # The CSP allows no inline styles or scripts; and no respondent's details reach the page.
    assert not re.search(r"\sstyle=", html)
    assert "<script>" not in html and "onclick" not in html
    assert "alice.smithson@example.com" not in html and "Alice Smithson" not in html


def test_superuser_sees_the_board_page(client, data, superuser):
    client.force_login(superuser)
    assert client.get(reverse("prospectus:board")).status_code == 200


def test_response_list_behind_a_count_shows_those_responses_without_personal_details(
    client, data, board_member
):
    client.force_login(board_member)
    response = client.get(
        reverse("prospectus:responses"), {"sector": "advanced-logistics", "theme": "ideas"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert data.responses["r1"].reference in html and data.responses["r2"].reference in html
    assert data.responses["r5"].reference not in html  # pending: not evidence
    assert "Alice Smithson" not in html and "example.com" not in html
    assert "Smithson Haulage" not in html


def test_rating_and_choice_lists_match_their_counts(client, data, board_member):
    client.force_login(board_member)
    rated = client.get(reverse("prospectus:responses"), {"rated": "ideas", "score": "5"})
    assert [r.reference for r in rated.context["page"]] == [data.responses["r1"].reference]
    chose = client.get(reverse("prospectus:responses"), {"chose": "clean-growth"})
    assert chose.context["page"].paginator.count == 2


def test_unknown_filter_values_list_nothing_rather_than_failing(client, data, board_member):
    client.force_login(board_member)
    response = client.get(
        reverse("prospectus:responses"), {"sector": "nope", "score": "x", "rated": "y"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_response_detail_leaves_out_who_the_person_is(client, data, board_member):
    client.force_login(board_member)
    r1 = data.responses["r1"]
    response = client.get(reverse("prospectus:response", args=[r1.reference]))
    html = response.content.decode()
    assert "Skills are scarce on the M1 corridor." in html
    assert "Alice Smithson" not in html and "alice.smithson" not in html
    assert client.get(reverse("prospectus:response", args=["NOPE-1"])).status_code == 404


def test_response_detail_gives_ratings_in_the_words_of_the_scale(client, data, board_member):
    client.force_login(board_member)
    r1 = data.responses["r1"]
    page = client.get(reverse("prospectus:response", args=[r1.reference]))
    ratings = [a for a in page.context["response"].board_answers if a.score is not None]
    assert sorted((a.choice.label, a.score) for a in ratings) == [("Ideas", 5), ("People", 3)]
    html = page.content.decode()
    assert "Ideas: 5 – Essential" in html
    assert "People: 3 – Moderately important" in html
    assert "Ideas: 5<" not in html
    # The rated question is asked once, its items listed under it.
    question = ratings[0].question.text
    assert ratings[0].question == ratings[1].question and html.count(question) == 1


def test_note_list_behind_a_count(client, data, board_member):
    client.force_login(board_member)
    response = client.get(reverse("prospectus:notes"), {"sector": "textiles", "theme": "people"})
    assert response.context["page"].paginator.count == 2
    assert "Finding skilled machinists." in response.content.decode()


def test_response_list_is_paginated(client, data, board_member):
    from .conftest import add_response

    for _ in range(55):
        add_response(data, sector=data.textiles)
    client.force_login(board_member)
    first = client.get(reverse("prospectus:responses"), {"sector": "textiles"})
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("prospectus:responses"), {"sector": "textiles", "page": 2})
    assert len(second.context["page"].object_list) == 6


@pytest.mark.parametrize("name", ["prospectus:responses", "prospectus:notes"])
@pytest.mark.parametrize("page", ["-1", "0", "3", "9999", "abc", "1.5", "٢", "99999999999999"])
def test_a_page_of_a_list_that_is_not_there_is_the_404_page_not_another_page(
    client, data, board_member, name, page
):
    """Not the last page (Django's get_page for -1 or 9999) nor the first ("abc"): every
    paginated list answers a page it does not have alike (docs/decisions/0968)."""
    from .conftest import add_response

    for _ in range(55):
        add_response(data, sector=data.textiles)
    client.force_login(board_member)
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="govuk-template"' in html
    for first in ({"page": "1"}, {"page": ""}, {}):
        assert client.get(reverse(name), first).status_code == 200


def test_a_quote_chosen_for_an_ambition_links_to_its_response_on_the_board_page(
    client, data, board_member
):
    r1 = data.responses["r1"]
    FeaturedQuote.objects.create(
        answer=r1.answers.get(question=data.text), ambition=data.prospectus.ambitions.get(order=1)
    )
    client.force_login(board_member)
    html = client.get(reverse("prospectus:board")).content.decode()
    assert "Skills are scarce on the M1 corridor." in html
    assert f'href="{reverse("prospectus:response", args=[r1.reference])}"' in html
