"""The PDF prints every script of the consultation's languages with the faces installed from
fonts-noto-core, embedded, and the quotes come back out of it as text (docs/decisions/0901)."""

import shutil
import subprocess

import pytest
from django.conf import settings

from portal.pdf import render_pdf

QUOTES = {
    "gu": "ગ્રામીણ બસ સેવાઓ ઓછી છે",
    "pa": "ਹੁਨਰਮੰਦ ਕਾਮਿਆਂ ਦੀ ਘਾਟ ਹੈ",
    "ur": "ہنر مند کارکنوں کی کمی ہے",
    "pl": "Brakuje wykwalifikowanych pracowników",
    "en-GB": "Hosiery firms cannot find skilled machinists",
}
# Text extractors drop Gurmukhi's vowel sign I, which is drawn before its consonant (the glyph
# is in the PDF and on the page); and they mark right-to-left runs with embedding controls.
DROPPED_BY_EXTRACTORS = {"\u0a3f", "\u202a", "\u202b", "\u202c"}


def _plain(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in DROPPED_BY_EXTRACTORS)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_quotes_in_every_language_print_in_their_scripts_and_read_back():
    css = (settings.BASE_DIR / "templates" / "prospectus" / "pdf" / "print.css").read_text()
    paragraphs = "".join(
        f'<p lang="{code}"{" dir=rtl" if code == "ur" else ""}>{quote}</p>'
        for code, quote in QUOTES.items()
    )
    html = (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>Quotes</title><style>{css}</style>'
        f"</head><body>{paragraphs}</body></html>"
    )
    pdf = render_pdf(html).pdf
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    for face in (b"Noto-Sans-Gujarati", b"Noto-Sans-Gurmukhi", b"Noto-Naskh-Arabic"):
        assert face in fonts, f"{face.decode()} is not embedded"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    for code, quote in QUOTES.items():
        assert _plain(quote) in _plain(text), f"{code}: {quote!r} not read back from the PDF"
