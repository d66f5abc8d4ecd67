"""The results pages in each language: under the language's prefix, translated, with lang, dir
and the switcher; reached from the translated home and survey pages; their data files and PDF at
one English address; the board's publishing page English and unprefixed (docs/decisions/0915)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal.languages import forget
from portal.models import Language

DIRECTION = {"gu": "ltr", "ur": "rtl"}
FILES = [
    "/results/prospectus.pdf",
    "/results/data/datapackage.json",
    "/results/data/responses.csv",
    "/results/data/responses.json",
    "/results/data/notes.csv",
    "/results/data/notes.json",
]


@pytest.fixture
def offered(db):
    Language.objects.filter(code__in=["gu", "ur"]).update(status="checked", offered=True)
    forget()
    yield
    forget()


def in_language(code: str, text: str) -> str:
    with translation.override(code):
        return translation.gettext(text)


def html_tag(content: str) -> str:
    return re.search(r"<html[^>]*>", content).group(0)


@pytest.mark.parametrize("code", ["gu", "ur"])
def test_the_published_results_answer_in_the_language_with_its_lang_dir_and_switcher(
    client, published, offered, code
):
    for path, heading in (
        ("/results/", "Results of the consultation"),
        ("/results/what-we-heard/", "What we heard"),
    ):
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, path
        content = response.content.decode()
        assert html_tag(content) == (
            f'<html lang="{code}" dir="{DIRECTION[code]}" class="govuk-template">'
        )
        assert in_language(code, heading) != heading
        assert in_language(code, heading) in content and f">{heading}<" not in content
        # The switcher leads to this page in the other languages.
        other = "ur" if code == "gu" else "gu"
        assert 'class="llep-languages' in content
        assert f'href="{path}" hreflang="en-GB"' in content
        assert f'href="/{other}{path}" hreflang="{other}"' in content
        # Links between the pages stay in the language; the files have one address.
        assert f'href="/{code}/results/' in content
    # The charts are drawn left to right whatever the page's direction (labels stay off the bars).
    heard = client.get(f"/{code}/results/what-we-heard/").content.decode()
    assert heard.count('class="llep-chart" width="100%" direction="ltr"') >= 2
    index = client.get(f"/{code}/results/").content.decode()
    assert f'href="/{code}/results/what-we-heard/"' in index
    # The themes are the Industrial Strategy's, named in the language as on its own page.
    assert f'#theme-people">{in_language(code, "People")}</a>' in index
    for file in FILES:
        assert f'href="{file}"' in index, file
    assert f"/{code}/results/data/" not in index


def test_the_pending_results_page_is_in_the_language_too(client, ready, offered):
    content = client.get("/ur/results/").content.decode()
    assert 'dir="rtl"' in html_tag(content)
    for text in ("Results of the consultation", "Find out how to get involved"):
        assert in_language("ur", text) in content and text not in content
    assert 'href="/ur/get-involved/"' in content


def test_the_translated_home_and_survey_pages_lead_to_the_translated_results(
    client, published, offered
):
    for code in ("gu", "ur"):
        # The home page's data is cached per language, with its link drawn in it.
        assert f'href="/{code}/results/"' in client.get(f"/{code}/").content.decode()
        assert f'href="/{code}/results/"' in client.get(f"/{code}/survey/").content.decode()
    assert 'href="/results/"' in client.get("/").content.decode()


def test_the_files_keep_their_english_addresses_and_have_none_in_a_language(
    client, published, offered
):
    with translation.override("gu"):
        assert reverse("results_files:data_file", args=["notes", "csv"]) == FILES[4]
        assert reverse("results:index") == "/gu/results/"
    for file in FILES:
        assert client.get(file).status_code == 200, file
        assert client.get(f"/gu{file}").status_code == 404, file
    package = client.get("/results/data/datapackage.json").json()
    assert package["homepage"].endswith("/results/")
    assert all("/gu/" not in resource["path"] for resource in package["resources"])


def test_the_publishing_page_stays_english_and_unprefixed(client, published, offered, board_member):
    with translation.override("ur"):
        assert reverse("results_manage:manage") == "/results/manage/"
        assert reverse("results_manage:publish") == "/results/manage/publish/"
    client.force_login(board_member)
    content = client.get("/results/manage/").content.decode()
    assert html_tag(content).startswith('<html lang="en-GB" dir="ltr"')
    assert "llep-languages" not in content
    for path in ("/ur/results/manage/", "/gu/results/manage/publish/"):
        assert client.get(path).status_code == 404, path
    assert client.post("/ur/results/manage/publish/").status_code == 404


def test_a_bad_or_unoffered_language_prefix_is_a_404_or_leads_to_english(
    client, published, offered
):
    for path in ("/xx/results/", "/gu-in/results/", "/results/gu/", "/ur/results/nothing/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'class="govuk-template__body' in response.content.decode(), path
    # Offered languages only: Polish is not, /en-gb/ is English's own address.
    for path in ("/pl/results/what-we-heard/", "/en-gb/results/what-we-heard/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/results/what-we-heard/"


CHART_WORDING = [
    "Responses speaking to each foundation of productivity",
    "How important respondents rated each foundation (mean rating)",
    "Who responded",
    "Responses by sector",
    "Sectors by foundation of productivity",
    "All sectors",
    "Foundation",
]


@pytest.mark.parametrize("code", ["gu", "ur"])
def test_the_charts_and_tables_speak_the_language_and_the_pdf_stays_english(
    client, published, offered, code
):
    heard = client.get(f"/{code}/results/what-we-heard/").content.decode()
    for text in CHART_WORDING:
        assert in_language(code, text) != text, text
        assert in_language(code, text) in heard, text
        assert text not in heard, text
    assert in_language(code, "Based on %(count)s approved survey response.") not in heard
    # The bars' and tables' labels: the themes' and sectors' names as the catalogue has them.
    for name in ("Ideas", "Clean Growth", "Advanced Logistics"):
        assert in_language(code, name) != name, name
        assert f">{in_language(code, name)}<" in heard and f">{name}<" not in heard, name
    # The channels and kinds of respondent are the language's too.
    index = client.get(f"/{code}/results/").content.decode()
    assert in_language(code, "Online") in index and ">Online<" not in index
    # The board's page, and so the PDF built from the same charts, stays English.
    english = client.get("/results/what-we-heard/").content.decode()
    assert all(text in english for text in CHART_WORDING)


def test_the_results_email_is_in_each_persons_language_and_links_to_their_results(
    ready, board_member, django_capture_on_commit_callbacks
):
    from django.core import mail

    from results import services

    data, export = ready
    r = data.responses
    for key, email, language in [
        ("r1", "alice.smithson@example.com", "gu"),
        ("r3", "carol@example.com", "en-gb"),
    ]:
        type(r[key]).objects.filter(pk=r[key].pk).update(
            email=email, notify_results=True, language=language
        )
    services.export_approve(export=export, user=board_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(consultation=data.survey.consultation, user=board_member)
    sent = {m.to[0]: m for m in mail.outbox}
    gujarati, english = sent["alice.smithson@example.com"], sent["carol@example.com"]
    subject = "The results of the Local Industrial Strategy consultation are published"
    assert english.subject == subject and "/results/" in english.body
    assert gujarati.subject == in_language("gu", subject) != subject
    assert "/gu/results/" in gujarati.body and "Hello" not in gujarati.body


def test_the_counts_are_written_as_the_page_language_writes_numbers(client, published, offered):
    """Written "1,234" in English and Gujarati, "1 234" (a no-break space) in Polish, never
    "1234" nor, in Polish, "1,234", which reads as one and a bit (docs/decisions/0965)."""
    from survey.models import Response
    from tests.prospectus.factories import ResponseFactory

    Language.objects.filter(code="pl").update(status="checked", offered=True)
    forget()
    Response.objects.bulk_create(
        [ResponseFactory.build(survey=published.data.survey) for _ in range(1200)]
    )
    count = client.get("/results/").context["evidence"].evidence_responses
    assert count > 1200
    written = {"": f"{count:,}", "/gu": f"{count:,}", "/pl": f"{count:,}".replace(",", "\xa0")}
    for prefix, figure in written.items():
        for path in ("/results/", "/results/what-we-heard/"):
            content = client.get(f"{prefix}{path}").content.decode()
            assert figure in content, (prefix, path)
            assert str(count) not in content, (prefix, path)
            if prefix == "/pl":
                assert f"{count:,}" not in content, path


def test_round_tables_held_are_dated_as_a_date_says_its_month_in_polish(client, published):
    Language.objects.filter(code="pl").update(status="checked", offered=True)
    forget()
    try:
        content = client.get("/pl/results/").content.decode()
    finally:
        forget()
    held = content[content.index('id="held-caption"') :]
    assert re.search(r"\d+ maja 2018", held)  # "15 maja 2018", not the nominative "15 maj"
    assert not re.search(r"\d+ maj 2018", held)
