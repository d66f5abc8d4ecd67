"""Reads of the shared core: the current consultation, its sectors and themes, display helpers."""

from django.db.models import QuerySet

from portal.models import Consultation, Document, Sector, Theme


def consultation_current() -> Consultation | None:
    return Consultation.objects.filter(is_current=True).first()


def sectors_for(*, consultation: Consultation) -> QuerySet[Sector]:
    return Sector.objects.filter(consultation=consultation).order_by("order")


def themes_by_kind() -> dict[str, list[Theme]]:
    themes = list(Theme.objects.order_by("kind", "order"))
    return {
        "foundations": [t for t in themes if t.kind == Theme.Kind.FOUNDATION],
        "grand_challenges": [t for t in themes if t.kind == Theme.Kind.GRAND_CHALLENGE],
    }


def documents_for(*, consultation: Consultation) -> QuerySet[Document]:
    return Document.objects.filter(consultation=consultation).order_by("order")


def file_size_display(size_bytes: int) -> str:
    """A size as the LLEP's page shows it: binary units, two decimals ("1.25 MB", "315.98 KB")."""
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.2f} MB"
    if size_bytes >= 1024:
        return f"{size_bytes / 1024:.2f} KB"
    return f"{size_bytes} bytes"
