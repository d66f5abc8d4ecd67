"""The publication admin's words: the list of responses to clear has a title of its own, and the
clearing actions count in proper plurals, not "response(s)"."""

import html
import re

from django.urls import reverse

LIST = "admin:results_publishableresponse_changelist"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _act(client, action: str, *responses) -> list[str]:
    page = client.post(
        reverse(LIST),
        {"action": action, "_selected_action": [r.pk for r in responses]},
        follow=True,
    )
    return _messages(page)


def test_the_list_of_responses_to_clear_has_a_plain_title(client, published, moderator):
    client.force_login(moderator)
    content = client.get(reverse(LIST)).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S).group(1)
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert heading == "Clear responses for publication"
    assert html.unescape(title).startswith("Clear responses for publication |")
    assert "Select response to clear" not in content


def test_clearing_and_withdrawing_say_how_many_in_proper_plurals(client, published, moderator):
    client.force_login(moderator)
    r = published.data.responses
    assert _act(client, "unclear", r["r1"], r["r3"]) == ["Withdrew 2 responses from publication."]
    assert _act(client, "clear", r["r1"], r["r3"]) == ["Cleared 2 responses for publication."]
    assert _act(client, "clear", r["r7"]) == ["Cleared 1 response for publication."]
    assert _act(client, "unclear", r["r7"]) == ["Withdrew 1 response from publication."]
    assert _act(client, "clear", r["r1"]) == ["Cleared 0 responses for publication."]
