"""Production fidelity: with DEBUG off the templates name static files by their hashed,
collected names (manifest storage); the PDF renderer must still serve them, so the cover shows
the LLEP logo, not its alternative text."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from prospectus.services import prospectus_pdf_build

from .pdftools import pages_text

pytestmark = pytest.mark.django_db


MANIFEST_STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with the production storage, once for the module (it compresses every
    file, the admin's too)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root, STORAGES={**django_settings.STORAGES, **MANIFEST_STORAGES}
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {**settings.STORAGES, **MANIFEST_STORAGES}
    return settings.STATIC_ROOT


def test_the_pdf_loads_the_portals_hashed_static_files_and_refuses_nothing(data, production_static):
    logo = static("images/llep-mark.svg")
    assert logo != "/static/images/llep-mark.svg"  # a hashed name, as in production
    built = prospectus_pdf_build(prospectus=data.prospectus)
    assert built.result.refused == []
    assert f"https://portal.invalid{logo}" in built.result.served
    assert "LLEP logo" not in pages_text(built.result.pdf)[0]


def test_a_hashed_name_outside_the_collected_files_is_still_refused(data, production_static):
    from portal.pdf import render_pdf

    result = render_pdf(
        '<html lang="en-GB"><head><title>t</title></head><body>'
        '<img src="https://portal.invalid/static/../../../etc/passwd" alt="x">'
        '<img src="https://portal.invalid/static/images/missing.0123456789ab.svg" alt="y">'
        "</body></html>"
    )
    assert len(result.refused) == 2 and result.served == []
