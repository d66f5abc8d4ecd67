"""The public survey in a browser session: sections, check your answers, confirmation."""

import pytest
from django.urls import reverse

from survey.models import Answer, Draft, Response

pytestmark = pytest.mark.django_db


def fill_in(client, section_posts, *, upto=4):
    client.post(reverse("survey:begin"))
    for number in range(1, upto + 1):
        page = client.post(
            reverse("survey:section", args=[number]),
            {**section_posts[number], "action": "Continue"},
        )
        assert page.status_code == 302, page.content.decode()[:3000]
    return page


def test_start_page_links_the_privacy_notice_and_lists_the_sections(client, survey):
    page = client.get(reverse("survey:start"))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("portal:privacy") in html
    assert "About you" in html and "Start now" in html


def test_each_section_page_says_which_of_four_it_is(client, survey):
    client.post(reverse("survey:begin"))
    page = client.get(reverse("survey:section", args=[2]))
    html = page.content.decode()
    assert "Section 2 of 4" in html
    assert reverse("portal:privacy") in html
    assert html.count("<h1") == 1


def test_completing_every_section_leads_to_check_your_answers_with_change_links(
    client, survey, section_posts
):
    last = fill_in(client, section_posts)
    assert last.url == reverse("survey:check")
    page = client.get(reverse("survey:check"))
    html = page.content.decode()
    assert "Check your answers" in html
    assert "Acme Hosiery Ltd" in html
    assert f"{reverse('survey:section', args=[3])}?change=1" in html
    assert "Essential" in html  # the rating shown with its scale label


def test_change_link_returns_to_check_your_answers(client, survey, section_posts):
    fill_in(client, section_posts)
    url = reverse("survey:section", args=[1]) + "?change=1"
    page = client.post(url, {**section_posts[1], "organisation": "Other Ltd", "action": "Continue"})
    assert page.url == reverse("survey:check")


def test_sending_makes_a_response_with_answers_profile_and_a_reference(
    client, survey, section_posts, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(client, section_posts)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("survey:check"), {"receipt_email": "me@example.com"})
    assert page.url == reverse("survey:done")
    response = Response.objects.get()
    assert response.channel == "online" and response.status == "pending"
    assert response.respondent_type == "business"
    assert response.sector.slug == "textiles"
    assert response.place == "leicester"
    assert response.quote_ok is True and response.contact_ok is False
    assert response.answers.filter(question__key="foundations").count() == 5
    assert response.answers.filter(question__key="grand_challenges").count() == 2
    done = client.get(reverse("survey:done"))
    assert response.reference in done.content.decode()
    assert "govuk-panel--confirmation" in done.content.decode()
    assert len(mailoutbox) == 1
    assert response.reference in mailoutbox[0].body
    assert "Acme Hosiery Ltd" in mailoutbox[0].body


def test_sending_twice_makes_one_response(client, survey, section_posts):
    fill_in(client, section_posts)
    client.post(reverse("survey:check"), {})
    again = client.post(reverse("survey:check"), {})
    assert again.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.filter(response__isnull=False).count() > 0


def test_skipping_to_check_your_answers_sends_back_to_the_unanswered_section(
    client, survey, section_posts
):
    fill_in(client, section_posts, upto=1)
    page = client.get(reverse("survey:check"))
    assert page.url == reverse("survey:section", args=[2])


def test_errors_are_summarised_and_answers_kept(client, survey, section_posts):
    client.post(reverse("survey:begin"))
    page = client.post(
        reverse("survey:section", args=[1]),
        {"organisation": "Kept Ltd", "action": "Continue"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    assert "Select an answer to" in html
    assert "Kept Ltd" in html
    assert "<title>Error:" in html


def test_honeypot_filled_in_stores_nothing(client, survey, section_posts):
    fill_in(client, section_posts)
    page = client.post(reverse("survey:check"), {"website": "http://spam.example"})
    assert page.status_code == 400
    assert Response.objects.count() == 0


def test_rate_limit_refuses_too_many_submissions_from_one_address(
    client, survey, section_posts, settings
):
    settings.SURVEY_RATE_LIMIT = 1
    fill_in(client, section_posts)
    client.post(reverse("survey:check"), {})
    assert Response.objects.count() == 1
    other = client.__class__()
    fill_in(other, section_posts)
    page = other.post(reverse("survey:check"), {})
    assert page.status_code == 429
    assert "too many times" in page.content.decode()
    assert Response.objects.count() == 1
    assert Draft.objects.filter(submitted_at__isnull=True).count() == 1  # answers kept


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, survey, section_posts):
    hostile = '<script>alert("x")</script> مرحبا 👩‍🔬 ' + "a" * 300
    section_posts[2]["challenges"] = hostile
    fill_in(client, section_posts)
    html = client.get(reverse("survey:check")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    client.post(reverse("survey:check"), {})
    assert Answer.objects.get(question__key="challenges").text == hostile


def test_long_answers_are_counted_not_cut_off_by_the_browser(client, survey):
    client.post(reverse("survey:begin"))
    html = client.get(reverse("survey:section", args=[2])).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="2000"' in html
    assert "maxlength=" not in html.replace("data-maxlength=", "")
    assert html.count('name="csrfmiddlewaretoken"') == 1


def test_sending_costs_a_fixed_small_number_of_queries(
    client, survey, section_posts, django_assert_max_num_queries
):
    fill_in(client, section_posts)
    # Survey, session, draft, sector, the two inserts, the draft update and the transaction:
    # the question set comes from the cache.
    with django_assert_max_num_queries(10):
        page = client.post(reverse("survey:check"), {})
    assert page.status_code == 302


def test_a_question_edited_in_admin_shows_at_once(client, admin_client, survey):
    from survey.models import Question

    client.post(reverse("survey:begin"))
    assert (
        "Where are you based?" in client.get(reverse("survey:section", args=[1])).content.decode()
    )
    question = Question.objects.get(key="place")
    change = reverse("admin:survey_question_change", args=[question.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    # The English wording's box (each language has its own: docs/decisions/0910).
    data.update({"text_en_gb": "In which district are you based?", "themes": [], "sectors": []})
    for inline_admin in admin_client.get(change).context["inline_admin_formsets"]:
        formset = inline_admin.formset
        prefix = formset.prefix
        management = formset.management_form
        for name in management.fields:
            data[f"{prefix}-{name}"] = management[name].value()
        for index, inline in enumerate(formset.forms):
            for name in inline.fields:
                value = inline[name].value()
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value
    page = admin_client.post(change, data)
    assert page.status_code == 302, page.context["adminform"].form.errors
    html = client.get(reverse("survey:section", args=[1])).content.decode()
    assert "In which district are you based?" in html


def test_checking_saved_answers_uses_fields_built_once_until_the_questions_change(
    client, survey, section_posts
):
    """Sending checks every section again; the fields for that are built once per section of the
    question set the process holds, and a changed question set is checked with new ones."""
    from survey.forms import section_check_fields
    from survey.models import Question
    from survey.selectors import survey_sections, survey_structure_forget

    fill_in(client, section_posts)
    assert client.get(reverse("survey:check")).status_code == 200
    section = survey_sections(survey=survey)[2]
    assert section_check_fields(section) is section_check_fields(survey_sections(survey=survey)[2])
    # Staff add a required question to section 3 (admin forgets the question set, as here).
    Question.objects.create(
        section_id=section.pk, order=99, key="new_required", text="A new question?",
        kind=Question.Kind.SHORT_TEXT, required=True,
    )  # fmt: skip
    survey_structure_forget(survey_id=survey.pk)
    page = client.get(reverse("survey:check"))
    assert page.status_code == 302 and page.url == reverse("survey:section", args=[3])
    page = client.post(reverse("survey:check"), {})
    assert page.status_code == 302 and page.url == reverse("survey:section", args=[3])
    assert not Response.objects.exists()
