"""HTML to PDF with WeasyPrint, through a URL fetcher that serves only the portal's own static files.

Everything the portal renders to PDF (the prospectus, sign-in sheets) goes through render_pdf, so
text typed by the public can never make the renderer read a local file or reach another host.
"""

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL the templates are rendered against; it names no real host and is never fetched.
PDF_BASE_URL = "https://portal.invalid/"


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _static_file(name: str) -> Path | None:
    """Where a static URL's file is: collected under STATIC_ROOT (production, where the name is
    ManifestStaticFilesStorage's hashed one, llep-mark.1a2b3c.svg), else found by the finders
    in the source folders (development)."""
    try:
        collected = Path(staticfiles_storage.path(name)).resolve()
        if collected.is_file():
            return collected
    except NotImplementedError:  # a storage with no local files: the finders alone
        pass
    found = finders.find(name)
    return Path(found).resolve() if found else None


class StaticOnlyURLFetcher(URLFetcher):
    """Serves /static/… from the portal's static files and data: URIs; refuses everything else
    (other hosts, file: paths outside the static folders, redirects) and records what it refused."""

    def __init__(self):
        super().__init__(allow_redirects=False, allowed_protocols={"data", "file", "https", "http"})
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self._local_static_file(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(
                f"The PDF renderer only loads the portal's static files, not {url[:200]}"
            )
        self.served.append(url)
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mimetype})

    def _local_static_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"}:
            base = urlsplit(PDF_BASE_URL)
            if parts.netloc != base.netloc or not parts.path.startswith(settings.STATIC_URL):
                return None
            try:
                candidate = _static_file(unquote(parts.path[len(settings.STATIC_URL) :]))
            except SuspiciousFileOperation:  # a name that climbs out of the static folders
                return None
        elif parts.scheme == "file":
            candidate = Path(unquote(parts.path)).resolve()
        else:
            return None
        if candidate is None or not candidate.is_file():
            return None
        if not any(candidate.is_relative_to(root) for root in _static_roots()):
            return None
        return candidate


@dataclass
class PdfResult:
    pdf: bytes
    page_count: int
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def render_pdf(html: str) -> PdfResult:
    """Render HTML (title, author and lang taken from it) to a tagged PDF/UA-1 document."""
    fetcher = StaticOnlyURLFetcher()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return PdfResult(
        pdf=pdf, page_count=len(document.pages), served=fetcher.served, refused=fetcher.refused
    )
