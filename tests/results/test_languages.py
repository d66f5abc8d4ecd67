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


# The quotes' reference lines and the We did section in the page's language; what people wrote
# isolated so that it keeps its order on a right-to-left page.
URDU_QUESTION = "ترقی کو کیا روکتا ہے؟"
POLISH_QUESTION = "Co hamuje wzrost?"


@pytest.fixture
def translated(published):
    """The test's written question and the Textiles round table translated into Urdu and Polish
    (modeltranslation's fields, as staff give them in the admin), Polish offered too, and r1's
    answer featured under the first ambition."""
    from events.models import RoundTable
    from prospectus.models import FeaturedQuote
    from survey.models import Answer, Question

    data = published.data
    Question.objects.filter(pk=data.text.pk).update(text_ur=URDU_QUESTION, text_pl=POLISH_QUESTION)
    RoundTable.objects.filter(consultation=data.survey.consultation, slug="textiles").update(
        title_ur="ٹیکسٹائل گول میز", title_pl="Okrągły stół: włókiennictwo"
    )
    FeaturedQuote.objects.create(
        answer=Answer.objects.get(response=data.responses["r1"], question=data.text),
        ambition=data.prospectus.ambitions.order_by("order").first(),
    )
    Language.objects.filter(code__in=["gu", "ur", "pl"]).update(status="checked", offered=True)
    forget()
    yield published
    forget()


def _section(content: str, element_id: str) -> str:
    start = content.index(f'id="{element_id}"')
    return content[start : content.index("</section>", start)]


@pytest.mark.parametrize(
    "code, question, round_table",
    [
        ("ur", URDU_QUESTION, "ٹیکسٹائل گول میز"),
        ("pl", POLISH_QUESTION, "Okrągły stół: włókiennictwo"),
    ],
)
def test_each_quote_names_its_question_and_round_table_in_the_page_language(
    client, translated, code, question, round_table
):
    heard = client.get(f"/{code}/results/what-we-heard/").content.decode()
    assert f"<bdi>{question}</bdi>" in heard
    assert f"<bdi>{round_table}, " in heard
    assert "What holds growth back?" not in heard
    assert "Textiles Round Table" not in heard
    # The featured quote under an ambition (We did) names its question in the language too.
    we_did = _section(client.get(f"/{code}/results/").content.decode(), "we-did")
    assert "Skills are scarce on the M1 corridor." in we_did
    assert f"<bdi>{question}</bdi>" in we_did and "What holds growth back?" not in we_did


def test_a_question_not_translated_is_named_in_english_and_english_stays_english(
    client, translated
):
    assert (
        "<bdi>What holds growth back?</bdi>"
        in client.get("/gu/results/what-we-heard/").content.decode()
    )
    english = client.get("/results/what-we-heard/").content.decode()
    assert "<bdi>What holds growth back?</bdi>" in english
    assert "<bdi>Textiles Round Table, " in english
    assert URDU_QUESTION not in english


@pytest.mark.parametrize("code", ["ur", "pl"])
def test_we_did_names_the_sectors_in_the_page_language(client, translated, code):
    we_did = _section(client.get(f"/{code}/results/").content.decode(), "we-did")
    name = in_language(code, "Advanced Logistics")
    assert name != "Advanced Logistics"
    assert f'#sector-advanced-logistics">{name}</a>' in we_did
    assert ">Advanced Logistics<" not in we_did


def test_quotes_references_and_ambitions_are_isolated_on_the_urdu_pages(client, translated):
    """On a right-to-left page an English quote read "”.Wages are low … progression“" and its
    reference line "…Leicester and ?Leicestershire": each is isolated now, the quote by its
    paragraph's dir="auto" and the question and reference by <bdi>."""
    r1 = translated.data.responses["r1"]
    quote = (
        '<p class="llep-wrap" dir="auto" lang="en-gb">“Skills are scarce on the M1 corridor.”</p>'
    )
    msgid = "<bdi>%(source)s</bdi> – reference <bdi>%(reference)s</bdi>"
    line = in_language("ur", msgid)
    assert line != msgid and line.count("<bdi>") == 2  # translated, with its isolation kept
    reference = line % {"source": URDU_QUESTION, "reference": r1.reference}
    for path in ("/ur/results/what-we-heard/", "/ur/results/"):
        content = client.get(path).content.decode()
        assert 'dir="rtl"' in html_tag(content)
        assert quote in content, path
        assert reference in content, path
    # The ambitions, the prospectus's English, are isolated too.
    we_did = _section(client.get("/ur/results/").content.decode(), "we-did")
    assert we_did.count('<h3 class="govuk-heading-m" dir="auto">') >= 1
    assert '<p class="govuk-body llep-wrap" dir="auto">' in we_did


def test_each_quote_says_its_language_so_a_screen_reader_reads_it_in_that_voice(client, translated):
    """WCAG 3.1.2 (Language of Parts): an English answer on the Urdu page was read in the Urdu
    voice. Each quote says the language its response was given in (0912), on every page."""
    r1 = translated.data.responses["r1"]
    text = "Skills are scarce on the M1 corridor."
    for path in ("/ur/results/what-we-heard/", "/ur/results/", "/results/what-we-heard/"):
        assert f'lang="en-gb">“{text}”' in client.get(path).content.decode(), path
    type(r1).objects.filter(pk=r1.pk).update(language="ur")  # given on the Urdu survey
    for path in ("/results/what-we-heard/", "/results/", "/ur/results/what-we-heard/"):
        assert f'lang="ur">“{text}”' in client.get(path).content.decode(), path


def test_we_did_joins_its_lists_as_the_page_language_does(client, translated):
    """Urdu separates the items of a list with its own comma, "،"."""
    from portal.models import Sector

    ambition = translated.data.prospectus.ambitions.order_by("order").first()
    ambition.sectors.set(Sector.objects.order_by("pk")[:2])
    urdu = _section(client.get("/ur/results/").content.decode(), "we-did")
    english = _section(client.get("/results/").content.decode(), "we-did")
    assert "</a>، <a" in urdu and "</a>, <a" not in urdu
    assert "</a>, <a" in english
