"""Publishing: nothing public before, everything public after, nothing after unpublishing; only
approved, consented and cleared responses in any public page or file; the board's workflow and
its permissions; the links from the home and survey pages."""

import json
import re

import pytest
from django.urls import reverse

from prospectus.models import Export, KeyMessage
from results import selectors, services
from results.models import Publication
from tests.prospectus.conftest import finish_text

from .conftest import done_export

PUBLIC_URLS = [
    reverse("results:what_we_heard"),
    reverse("results_files:prospectus_pdf"),
    reverse("results_files:datapackage"),
    reverse("results_files:data_file", args=["responses", "csv"]),
    reverse("results_files:data_file", args=["responses", "json"]),
    reverse("results_files:data_file", args=["notes", "csv"]),
    reverse("results_files:data_file", args=["notes", "json"]),
]


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def everything_public(client) -> str:
    """Every public results page and file, as one text."""
    pages = [client.get(reverse("results:index"))] + [client.get(url) for url in PUBLIC_URLS]
    assert all(p.status_code == 200 for p in pages), [p.status_code for p in pages]
    return "\n".join(_body(p) for p in pages if p["Content-Type"] != "application/pdf")


def assert_nothing_public(client):
    index = client.get(reverse("results:index"))
    assert index.status_code == 200
    assert "The results have not been published yet" in index.content.decode()
    assert "the summer of 2018" in index.content.decode()
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()  # the portal's own 404 page


def test_nothing_is_public_before_publication_even_once_a_pdf_is_approved(
    client, ready, board_member
):
    data, export = ready
    assert_nothing_public(client)
    services.export_approve(export=export, user=board_member)
    assert_nothing_public(client)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("results:index") not in home


def test_published_results_show_the_consented_cleared_answers_and_the_approved_pdf(
    client, published
):
    text = everything_public(client)
    r = published.data.responses
    assert "Skills are scarce on the M1 corridor." in text
    assert "Textile recycling could bring jobs back." in text
    assert r["r1"].reference in text and r["r3"].reference in text
    pdf = client.get(reverse("results_files:prospectus_pdf"))
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 approved prospectus"


def test_no_response_without_consent_approval_or_clearance_is_in_any_public_page_or_file(
    client, published
):
    text = everything_public(client)
    for secret in published.secrets:
        assert secret not in text, secret


def test_unpublishing_hides_everything_again(client, published, board_member):
    services.results_unpublish(consultation=published.data.survey.consultation, user=board_member)
    assert_nothing_public(client)
    publication = Publication.objects.get()
    assert publication.unpublished_by == board_member and publication.unpublished_at


def test_the_json_holds_the_same_rows_as_the_csv(client, published):
    rows = json.loads(
        _body(client.get(reverse("results_files:data_file", args=["responses", "json"])))
    )
    csv_text = _body(client.get(reverse("results_files:data_file", args=["responses", "csv"])))
    assert sorted(r["reference"] for r in rows) == sorted(
        [published.data.responses["r1"].reference, published.data.responses["r3"].reference]
    )
    assert len(csv_text.strip().splitlines()) == 1 + len(rows)
    # An individual's organisation is never published; an organisation's is.
    by_ref = {r["reference"]: r for r in rows}
    assert by_ref[published.data.responses["r1"].reference]["organisation"] == (
        "Smithson Haulage Ltd"
    )
    assert by_ref[published.data.responses["r3"].reference]["organisation"] == ""


def test_the_board_approves_and_publishes_from_its_page(client, ready, board_member):
    data, export = ready
    client.force_login(board_member)
    page = client.get(reverse("results_manage:manage"))
    assert page.status_code == 200 and "None approved yet" in page.content.decode()
    refused = client.post(reverse("results_manage:publish"), follow=True).content.decode()
    # A refusal is an error: GOV.UK's error summary, not a notification banner.
    summary = re.search(
        r'<div class="govuk-error-summary".*?</div>\s*</div>\s*</div>', refused, re.S
    )
    assert summary and "There is a problem" in summary.group(0)
    assert "must approve a prospectus PDF" in summary.group(0)
    assert "govuk-notification-banner" not in refused
    assert not Publication.objects.filter(is_published=True).exists()
    client.post(reverse("results_manage:approve", args=[export.pk]))
    publication = Publication.objects.get()
    assert publication.export == export and publication.approved_by == board_member
    assert publication.approved_at is not None
    client.post(reverse("results_manage:publish"))
    publication.refresh_from_db()
    assert publication.is_published and publication.published_by == board_member
    assert client.get(reverse("results:what_we_heard")).status_code == 200


def test_results_cannot_be_published_while_the_survey_is_open(ready, board_member):
    data, export = ready
    services.export_approve(export=export, user=board_member)
    survey = data.survey
    survey.closes_at = survey.closes_at.replace(year=2999)
    survey.save()
    with pytest.raises(services.PublishingError, match="after the survey has closed"):
        services.results_publish(consultation=survey.consultation, user=board_member)


def test_only_a_finished_pdf_that_is_not_a_draft_can_be_approved(ready, board_member):
    data, _ = ready
    from prospectus.models import Export

    queued = Export.objects.create(prospectus=data.prospectus)
    with pytest.raises(services.PublishingError):
        services.export_approve(export=queued, user=board_member)
    draft = Export.objects.create(prospectus=data.prospectus, status="done", draft=True)
    with pytest.raises(services.PublishingError):
        services.export_approve(export=draft, user=board_member)
    assert draft not in selectors.approvable_exports(consultation=data.survey.consultation)


def test_a_pdf_still_holding_the_seeds_draft_text_is_not_approved_and_the_refusal_names_where(
    data, private_root, board_member
):
    export = done_export(data)  # the seed's text, not yet finished by staff
    with pytest.raises(services.PublishingError) as refused:
        services.export_approve(export=export, user=board_member)
    assert str(refused.value) == (
        "This prospectus PDF still holds the draft text “[Draft for staff to edit]” in: "
        "Foreword; Introduction; Ambition 1 (statement); Ambition 2 (statement); "
        "Ambition 3 (statement); Ambition 4 (statement); Ambition 5 (statement). Finish those "
        "parts in the admin under Prospectuses, then generate the prospectus PDF again on the "
        "board page and approve the new one."
    )
    assert not Publication.objects.filter(export__isnull=False).exists()


def test_the_refusal_names_any_part_staff_left_the_draft_text_in(data, private_root, board_member):
    finish_text(data.prospectus)
    ambition = data.prospectus.ambitions.get(order=3)
    ambition.in_a_line = "[draft for staff to edit] Health"  # however it is written
    ambition.save()
    KeyMessage.objects.create(
        prospectus=data.prospectus,
        theme=data.themes["people"],
        text="[Draft for staff to edit] Skills",
    )
    with pytest.raises(
        services.PublishingError,
        match=r"in: Ambition 3 \(in a line\); Key message for People\. Finish those parts",
    ):
        services.export_approve(export=done_export(data), user=board_member)


def test_results_are_not_published_on_an_approved_pdf_holding_the_draft_text(ready, board_member):
    """A PDF approved before the rule existed (or however it came to be approved) is checked
    again when the results are published on it."""
    data, export = ready
    services.export_approve(export=export, user=board_member)
    Export.objects.filter(pk=export.pk).update(placeholders=["Foreword"])
    with pytest.raises(services.PublishingError) as refused:
        services.results_publish(consultation=data.survey.consultation, user=board_member)
    assert str(refused.value).startswith(
        "The approved prospectus PDF still holds the draft text “[Draft for staff to edit]” in: "
        "Foreword. Finish that part in the admin under Prospectuses"
    )
    assert not Publication.objects.filter(is_published=True).exists()


def test_a_pdf_generated_before_the_check_must_be_generated_again(ready, board_member):
    data, export = ready
    Export.objects.filter(pk=export.pk).update(placeholders=None)
    export.refresh_from_db()
    with pytest.raises(services.PublishingError, match="Generate the prospectus PDF again"):
        services.export_approve(export=export, user=board_member)
    Publication.objects.create(consultation=data.survey.consultation, export=export)
    with pytest.raises(services.PublishingError, match="^The approved prospectus PDF was"):
        services.results_publish(consultation=data.survey.consultation, user=board_member)


def test_the_board_is_told_on_its_page_why_a_pdf_with_draft_text_is_not_approved(
    client, data, private_root, board_member
):
    export = done_export(data)
    client.force_login(board_member)
    page = client.post(reverse("results_manage:approve", args=[export.pk]), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "This prospectus PDF still holds the draft text" in html
    assert "Foreword; Introduction; Ambition 1 (statement)" in html
    assert "is approved for publication" not in html
    assert not Publication.objects.filter(export__isnull=False).exists()


@pytest.mark.parametrize("name", ["approve", "publish", "unpublish"])
def test_people_without_the_permission_cannot_approve_or_publish(client, ready, moderator, name):
    data, export = ready
    args = [export.pk] if name == "approve" else []
    assert client.post(reverse(f"results_manage:{name}", args=args)).status_code == 302  # sign in
    client.force_login(moderator)
    assert client.post(reverse(f"results_manage:{name}", args=args)).status_code == 403
    assert not Publication.objects.filter(is_published=True).exists()
    assert not Publication.objects.filter(export__isnull=False).exists()


def test_board_and_superusers_hold_the_publish_permission(board_member, superuser, moderator):
    assert board_member.has_perms(["results.publish_results", "results.approve_prospectus"])
    assert superuser.has_perm("results.publish_results")
    assert not moderator.has_perm("results.publish_results")


def test_home_and_survey_pages_link_to_the_results_once_published(client, published):
    url = reverse("results:index")
    assert url in client.get(reverse("portal:home")).content.decode()
    assert url in client.get(reverse("survey:start")).content.decode()


def test_the_home_page_shows_publishing_and_taking_down_at_once_though_its_data_is_cached(
    client, ready, board_member
):
    """The home page keeps its data for 30 seconds (decision 0003), but not whether the results
    are public: for half a minute the board would not see what it had just done, and a link to
    results just taken down would lead to a page saying they are not published."""
    data, export = ready
    consultation, url = data.survey.consultation, reverse("results:index")
    home = reverse("portal:home")
    assert url not in client.get(home).content.decode()  # the page data is now cached
    services.export_approve(export=export, user=board_member)
    services.results_publish(consultation=consultation, user=board_member)
    assert url in client.get(home).content.decode()
    services.results_unpublish(consultation=consultation, user=board_member)
    assert url not in client.get(home).content.decode()
    assert_nothing_public(client)


def test_what_we_did_lists_each_ambition_with_links_to_its_evidence(client, published):
    from prospectus.models import Ambition

    ambition = Ambition.objects.filter(prospectus=published.data.prospectus).first()
    ambition.sectors.set([published.data.textiles])
    ambition.themes.set([published.data.themes["people"]])
    from prospectus.models import FeaturedQuote
    from survey.models import Answer

    for key in ("r3", "r7"):
        answer = Answer.objects.filter(response=published.data.responses[key]).exclude(text="")
        FeaturedQuote.objects.create(answer=answer.first(), ambition=ambition)
    page = client.get(reverse("results:index")).content.decode()
    assert ambition.title in page
    assert f"{reverse('results:what_we_heard')}#sector-textiles" in page
    assert f"{reverse('results:what_we_heard')}#theme-people" in page
    assert "Textile recycling could bring jobs back." in page
    # Chosen for the ambition, but not cleared: not shown.
    assert "Waiting for a moderator" not in page
    heard = client.get(reverse("results:what_we_heard")).content.decode()
    assert 'id="sector-textiles"' in heard and 'id="theme-people"' in heard


def test_the_board_page_links_the_board_to_publishing_and_nobody_else(
    client, ready, board_member, moderator
):
    link = reverse("results_manage:manage")
    client.force_login(board_member)
    assert f'href="{link}"' in client.get(reverse("prospectus:board")).content.decode()
    client.force_login(moderator)
    assert f'href="{link}"' not in client.get(reverse("prospectus:board")).content.decode()


def _bookable(consultation):
    """Life Sciences moved a week ahead, so that its booking form shows."""
    import datetime as dt

    from django.utils import timezone

    from events.models import RoundTable

    start = timezone.now() + dt.timedelta(days=7)
    round_table = RoundTable.objects.get(consultation=consultation, slug="life-sciences")
    RoundTable.objects.filter(pk=round_table.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), booking_closes_at=None
    )
    return round_table.get_absolute_url()


def test_the_booking_form_offers_to_email_the_results_only_until_they_are_published(
    client, ready, board_member
):
    from events.models import Booking

    data, export = ready
    consultation = data.survey.consultation
    url = _bookable(consultation)
    offer = "Email me when the results of the consultation are published"
    before = client.get(url).content.decode()
    assert offer in before and 'name="notify_results"' in before

    services.export_approve(export=export, user=board_member)
    services.results_publish(consultation=consultation, user=board_member)
    after = client.get(url).content.decode()
    assert offer not in after and 'name="notify_results"' not in after
    assert "Book a place" in after
    # A box ticked on a page drawn before publication is not read: nothing is left to tell.
    response = client.post(
        url,
        {
            "full_name": "Late Booker",
            "email": "late.booker@example.com",
            "organisation": "Example Ltd",
            "notify_results": "on",
            "privacy_agreed": "on",
        },
    )
    assert response.status_code == 302
    assert Booking.objects.get(email="late.booker@example.com").notify_results is False
    # A form drawn again with an error does not offer it either.
    redrawn = client.post(url, {"full_name": "No Email", "notify_results": "on"}).content.decode()
    assert "Enter your email address" in redrawn and offer not in redrawn

    services.results_unpublish(consultation=consultation, user=board_member)
    assert offer in client.get(url).content.decode()
