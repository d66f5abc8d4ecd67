"""The board sees evidence, which is approved responses only, and its pages are never kept by a
shared cache (issue 12, point 14)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


# A NUL byte anywhere in an address is refused with a 400 before any view (portal/query.py).
@pytest.mark.parametrize("status", ["any", "pending", "rejected", "spam", "bogus", ""])
def test_the_response_list_shows_approved_responses_whatever_status_is_asked_for(
    client, data, board_member, status
):
    client.force_login(board_member)
    reply = client.get(reverse("prospectus:responses"), {"status": status})
    assert reply.status_code == 200
    html = reply.content.decode()
    assert data.responses["r1"].reference in html
    assert data.responses["r5"].reference not in html  # pending
    assert data.responses["r6"].reference not in html  # rejected
    assert {r.status for r in reply.context["page"]} == {"approved"}


@pytest.mark.parametrize("key", ["r5", "r6"])
def test_a_response_that_is_not_approved_cannot_be_opened_from_the_board(
    client, data, board_member, key
):
    client.force_login(board_member)
    reference = data.responses[key].reference
    assert client.get(reverse("prospectus:response", args=[reference])).status_code == 404


def test_the_board_page_counts_other_statuses_without_linking_to_them(client, data, board_member):
    client.force_login(board_member)
    html = client.get(reverse("prospectus:board")).content.decode()
    assert "status=" not in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("prospectus:board"),
        reverse("prospectus:responses"),
        reverse("prospectus:notes"),
    ],
)
def test_board_pages_are_private_to_the_browser(client, data, board_member, url):
    client.force_login(board_member)
    reply = client.get(url)
    assert reply.status_code == 200
    assert "private" in reply["Cache-Control"]


def test_a_response_page_is_private_to_the_browser(client, data, board_member):
    client.force_login(board_member)
    reply = client.get(reverse("prospectus:response", args=[data.responses["r1"].reference]))
    assert reply.status_code == 200 and "private" in reply["Cache-Control"]
