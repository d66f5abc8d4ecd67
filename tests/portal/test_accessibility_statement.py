"""The accessibility statement says what is known not to meet WCAG 2.2 AA and what was tested,
rather than "listed below" above nothing."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(client) -> str:
    html = client.get(reverse("portal:accessibility")).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_statement_lists_what_does_not_comply_under_its_compliance_status(client, llep):
    text = _text(client)
    after = text.split("due to the non-compliances and exemptions listed below", 1)[1]
    listed = after.split("Non-compliance with the accessibility regulations", 1)[1]
    listed = listed.split("Disproportionate burden", 1)[0]
    assert "staff pages" in listed and "may not meet it" in listed
    assert "we know of no failure" in listed
    assert "1.1.1, 1.3.1 and 2.4.2" in after  # the 2018 PDFs, out of scope


def test_statement_says_what_was_tested_and_how(client, llep):
    text = _text(client)
    for tested in (
        "axe-core",
        "keyboard alone",
        "at least 3 to 1",
        "each link in the list of problems",
        "accessibility tree",
        "320 pixels wide",
        "not yet tested the website by hand with screen readers",
    ):
        assert tested in text, tested


def test_statement_says_user_style_sheets_and_text_spacing_extensions_work(client, llep):
    text = _text(client)
    assert "User style sheets, and browser extensions that change the spacing of text" in text
