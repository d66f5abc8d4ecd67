"""The results pages in every state (pending, published, the board's page before and after,
the admin for clearing and redacting) show no template source, and hostile input to the board's
actions is a 4xx in the portal's layout."""

from django.urls import reverse

from tests.portal.test_template_source import Visits


def test_results_pages_in_every_state_show_no_template_source(client, ready, board_member):
    data, export = ready
    visits = Visits(client)
    visits.get(reverse("results:index"))
    client.force_login(board_member)
    visits.get(reverse("results_manage:manage"))
    visits.post(reverse("results_manage:publish"), follow=True)  # refused: nothing approved
    visits.post(reverse("results_manage:approve", args=[export.pk]), follow=True)
    visits.post(reverse("results_manage:publish"), follow=True)
    for name in ("results:index", "results:what_we_heard", "results_manage:manage"):
        assert visits.get(reverse(name)).status_code == 200
    client.logout()
    visits.get(reverse("results:index"))
    assert visits.count >= 8
    assert not visits.found, "\n".join(visits.found)


def test_approving_an_export_of_another_kind_or_none_is_a_404_in_the_layout(
    client, ready, board_member
):
    from prospectus.models import Export

    data, _ = ready
    failed = Export.objects.create(prospectus=data.prospectus, status=Export.Status.FAILED)
    client.force_login(board_member)
    for pk in (failed.pk, 999_999):
        reply = client.post(reverse("results_manage:approve", args=[pk]))
        assert reply.status_code == 404
        assert 'class="govuk-template__body' in reply.content.decode()
    assert client.get(reverse("results_manage:publish")).status_code == 405


def test_unknown_data_files_are_404(client, ready):
    for path in ("/results/data/people.csv", "/results/data/responses.xlsx", "/results/data/"):
        assert client.get(path).status_code == 404


def test_hostile_numbers_opening_a_redaction_are_ignored(client, published, moderator):
    client.force_login(moderator)
    add = reverse("admin:results_redaction_add")
    for bad in ("²", "٣", "9" * 30, "-1", "abc"):
        reply = client.get(f"{add}?answer={bad}&note={bad}")
        assert reply.status_code in (200, 400), bad


def test_the_board_is_told_in_words_what_approving_and_publishing_did(client, ready, board_member):
    _, export = ready
    client.force_login(board_member)
    approved = client.post(reverse("results_manage:approve", args=[export.pk]), follow=True)
    assert "The prospectus PDF generated at " in approved.content.decode()
    published = client.post(reverse("results_manage:publish"), follow=True).content.decode()
    assert "The results are published." in published
    assert "(s)" not in published
    assert "being emailed." in published or "Nobody asked to be emailed." in published


def test_made_up_demonstration_responses_are_said_to_be_so_on_the_results_pages(client, published):
    warning = "of the responses counted here"
    for path in ("/results/", "/results/what-we-heard/"):
        assert warning not in client.get(path).content.decode(), path
    r1 = published.data.responses["r1"]
    type(r1).objects.filter(pk=r1.pk).update(is_synthetic=True)
    for path in ("/results/", "/results/what-we-heard/"):
        content = client.get(path).content.decode()
        assert "1 of the responses counted here is made-up demonstration data" in content, path
        assert 'class="govuk-warning-text"' in content
