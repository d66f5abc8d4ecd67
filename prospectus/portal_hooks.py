"""The prospectus's part in the portal-wide jobs (portal/registry.py): seeding its draft text,
and withdrawing erased responses from the featured quotes."""

from portal.privacy import ErasureScope, Found, Line, chunks
from portal.registry import register
from prospectus.models import FeaturedQuote
from prospectus.seed import prospectus_seed


@register("seed", order=30)
def seed(*, consultation, dating, demo: bool) -> None:
    prospectus_seed(consultation=consultation, dating=dating)


@register("erase", order=30)
class QuoteEraser:
    """A response whose author's data is erased is no longer quoted: its featured answers are
    withdrawn (their redactions go with the published data, results/portal_hooks.py)."""

    def find(self, scope: ErasureScope) -> dict[str, Found]:
        return {}

    def erase(self, scope: ErasureScope) -> list[Line]:
        found = scope.found.get("responses")
        withdrawn = 0
        for chunk in chunks([row[0] for row in found.rows] if found else []):
            withdrawn += FeaturedQuote.objects.filter(answer__response_id__in=chunk).delete()[0]
        return [
            Line(
                "withdraw",
                withdrawn,
                "quote from the prospectus",
                "quotes from the prospectus",
            )
        ]
