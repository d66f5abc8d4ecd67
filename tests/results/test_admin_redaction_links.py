"""The "Redact this answer" (or note) link, for one already redacted, leads to its redaction's
page, not to an add form whose saving could only fail; every other ?answer= or ?note= still opens
the add form, whatever the value."""

import pytest
from django.urls import reverse

from events.models import RoundTableNote
from results.models import Reason, Redaction
from results.redaction import redaction_save
from survey.models import Answer

ORIGINAL = "Skills are scarce on the M1 corridor."
REDACTED = "Skills are scarce on the [redacted]."
ADD = "admin:results_redaction_add"


def _answer(published) -> Answer:
    return Answer.objects.get(response=published.data.responses["r1"], text=ORIGINAL)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_redacting_an_answer_already_redacted_opens_its_redaction(client, published, moderator):
    answer = _answer(published)
    redaction = redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    client.force_login(moderator)
    page = client.get(f"{reverse(ADD)}?answer={answer.pk}")
    change = reverse("admin:results_redaction_change", args=[redaction.pk])
    assert (page.status_code, page["Location"]) == (302, change)
    followed = client.get(change)
    assert followed.status_code == 200
    assert _messages(followed) == [
        "This answer is already redacted: you can change its redaction here."
    ]
    assert REDACTED in followed.content.decode()


def test_redacting_a_note_already_redacted_opens_its_redaction(client, published, moderator):
    note = RoundTableNote.objects.get(text="Finding skilled machinists.")
    redaction = redaction_save(
        item=note, text="Finding [redacted].", reason=Reason.OFFENSIVE, user=moderator
    )
    client.force_login(moderator)
    page = client.get(f"{reverse(ADD)}?note={note.pk}")
    assert page["Location"] == reverse("admin:results_redaction_change", args=[redaction.pk])


def test_the_link_on_the_response_leads_to_the_same_page_either_way(client, published, moderator):
    """The response's page links to the add form before the redaction, to its page after: a
    copy of the first link, kept from before, leads there too."""
    answer = _answer(published)
    client.force_login(moderator)
    before = f"{reverse(ADD)}?answer={answer.pk}"
    form = client.get(before)
    assert form.status_code == 200 and ORIGINAL in form.content.decode()
    saved = client.post(
        before, {"answer": answer.pk, "note": "", "text": REDACTED, "reason": "personal"}
    )
    assert saved.status_code == 302
    redaction = Redaction.objects.get(answer=answer)
    assert client.get(before)["Location"] == reverse(
        "admin:results_redaction_change", args=[redaction.pk]
    )


def test_a_redaction_typed_while_another_moderator_redacted_is_not_thrown_away(
    client, published, moderator
):
    """A POST is never redirected: the form says why it cannot be saved, with the text kept."""
    answer = _answer(published)
    redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    client.force_login(moderator)
    page = client.post(
        f"{reverse(ADD)}?answer={answer.pk}",
        {"answer": answer.pk, "note": "", "text": "My own [redacted] copy.", "reason": "other"},
    )
    assert page.status_code == 200
    assert "My own [redacted] copy." in page.content.decode()
    assert Redaction.objects.get(answer=answer).text == REDACTED


@pytest.mark.parametrize("value", ["abc", "-1", "0", "9" * 30, "2147483648", "999999999", "²", ""])
def test_hostile_or_unknown_values_still_open_the_add_form(client, published, moderator, value):
    answer = _answer(published)
    redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    client.force_login(moderator)
    for name in ("answer", "note"):
        page = client.get(reverse(ADD), {name: value})
        assert page.status_code == 200, (name, value)
        assert page.context["adminform"].form.initial.get("text") is None


def test_the_board_is_refused_not_redirected(client, published, moderator, board_member):
    answer = _answer(published)
    redaction_save(item=answer, text=REDACTED, reason=Reason.PERSONAL, user=moderator)
    client.force_login(board_member)
    assert client.get(f"{reverse(ADD)}?answer={answer.pk}").status_code == 403
