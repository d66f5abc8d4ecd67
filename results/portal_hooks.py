"""The results' part in the portal-wide jobs (portal/registry.py): erased people leave the
published data, and the home page (and the booking form) know of the results once they are
published."""

from django.urls import reverse

from portal.privacy import ErasureScope, Found, Line, chunks, counted
from portal.registry import register
from results.models import Clearance, Publication, Redaction


@register("erase", order=40)
class PublishedDataEraser:
    """An erased response is no longer published: its clearance and the redacted copies of its
    answers go (the survey's eraser has already withdrawn its consent and blanked its answers),
    so the pages and files leave it out from the next request."""

    def find(self, scope: ErasureScope) -> dict[str, Found]:
        return {}

    def erase(self, scope: ErasureScope) -> list[Line]:
        found = scope.found.get("responses")
        withdrawn = copies = 0
        for chunk in chunks([row[0] for row in found.rows] if found else []):
            withdrawn += Clearance.objects.filter(response_id__in=chunk).delete()[0]
            copies += Redaction.objects.filter(answer__response_id__in=chunk).delete()[0]
        return [
            Line(
                "withdraw",
                withdrawn,
                "response from the published results",
                "responses from the published results",
                detail=f", deleting {counted(copies, 'redacted copy', 'redacted copies')}",
            )
        ]


@register("results", order=40)
def results_url(*, consultation_id: int) -> str:
    """Where the results are, once they are published (the booking form stops offering to email
    them then: docs/decisions/0967)."""
    published = Publication.objects.filter(
        consultation_id=consultation_id, is_published=True
    ).exists()
    return reverse("results:index") if published else ""
