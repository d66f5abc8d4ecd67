"""What every figure of the evidence shares: which responses count, and the links behind a count."""

from urllib.parse import urlencode

from django.db.models import QuerySet

from portal.models import Consultation
from survey.models import Response

APPROVED = Response.Status.APPROVED
# Question keys that hold who a person is; never shown to the board nor quoted.
PERSONAL_KEYS = {"name", "email", "organisation", "contact_ok", "quote_ok", "phone", "job_title"}


def query_string(**filters) -> str:
    """The query string of a board evidence list; empty values left out."""
    return urlencode({k: v for k, v in filters.items() if v not in (None, "")})


def responses_of(consultation: Consultation) -> QuerySet[Response]:
    """Every response to the consultation's surveys, whatever its status."""
    return Response.objects.filter(survey__consultation=consultation)
