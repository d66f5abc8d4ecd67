"""The prospectus record for a consultation, ready for staff to write its foreword and ambitions."""

from portal.models import Consultation
from prospectus.models import Prospectus


def prospectus_seed(*, consultation: Consultation) -> Prospectus:
    prospectus, _ = Prospectus.objects.get_or_create(
        consultation=consultation,
        defaults={"title": "Local Industrial Strategy Prospectus for Leicester and Leicestershire"},
    )
    return prospectus
