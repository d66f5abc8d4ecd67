"""Reads of the shared core: the current consultation, its sectors and themes, display helpers."""

import datetime as dt

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from portal import registry
from portal.formats import number
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


# How long a process keeps whether the results are published before it asks again (and at once
# in the process that published or unpublished them: see results_url_forget).
RESULTS_URL_SECONDS = 5


def results_url(*, consultation_id: int) -> str:
    """The address of the consultation's published results in the page's language, or "" while
    they are not published, as the results app says (portal/registry.py) and this process read
    it at most RESULTS_URL_SECONDS ago: the round table's page asks at every request of a rush."""
    key = f"results-url:{consultation_id}:{get_language()}"
    found = caches["local"].get(key)
    if found is None:
        found = next(
            (
                url
                for hook in registry.hooks("results")
                if (url := hook(consultation_id=consultation_id))
            ),
            "",
        )
        caches["local"].set(key, found, RESULTS_URL_SECONDS)
    return found


def results_url_forget(*, consultation_id: int) -> None:
    """The results were published or unpublished: this process asks again at its next page."""
    caches["local"].delete_many(
        [f"results-url:{consultation_id}:{code}" for code, _name in settings.LANGUAGES]
    )


def documents_for(*, consultation: Consultation) -> QuerySet[Document]:
    return Document.objects.filter(consultation=consultation).order_by("order")


def file_size_display(size_bytes: int) -> str:
    """A size as the LLEP's page shows it: binary units, two decimals ("1.25 MB", "315.98 KB"),
    the number as the page's language writes it ("1,25 MB" in Polish)."""
    if size_bytes >= 1024 * 1024:
        return f"{number(f'{size_bytes / (1024 * 1024):.2f}')} MB"
    if size_bytes >= 1024:
        return f"{number(f'{size_bytes / 1024:.2f}')} KB"
    return ngettext("%(size)s byte", "%(size)s bytes", size_bytes) % {"size": number(size_bytes)}


def _english() -> bool:
    return get_language() in (None, settings.LANGUAGE_CODE)


def _clock(value: dt.datetime) -> str:
    """10am, 12pm, 1:30pm: the GOV.UK style in English; elsewhere the language's TIME_FORMAT (the
    24-hour clock in Polish, the 12-hour one in Gujarati, Punjabi and Urdu: portal/formats/)."""
    if not _english():
        return time_format(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "12pm"  # GOV.UK style writes midday as 12pm, not 12 noon or 12:00pm
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def time_range_display(start: dt.datetime, end: dt.datetime) -> str:
    """ "10am to 12pm" in Europe/London."""
    return _("%(start)s to %(end)s") % {
        "start": _clock(timezone.localtime(start)),
        "end": _clock(timezone.localtime(end)),
    }


def date_display(value: dt.datetime | dt.date) -> str:
    """ "Monday 14 May 2018" in Europe/London, the names in the page's language."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    if not _english():
        return date_format(value, "l j E Y")  # E: the month as a date says it (Polish "maja")
    return f"{value:%A} {value.day} {value:%B %Y}"


def week_commencing_display(value: dt.date) -> str:
    """The week that starts on the Monday given, as the LLEP's page words it ("w/c 14 May"); in
    another language its own words for "the week commencing 14 May"."""
    if _english():
        return f"w/c {value.day} {value:%B}"
    return _("w/c %(date)s") % {"date": date_format(value, "j E")}


def prospectus_due_year(survey_closes: dt.datetime) -> int:
    """The year of "by the summer of ..." for the prospectus: the first summer (to the end of
    August) after the survey closes. 2018 for the published consultation, which closed on
    31 May 2018; the demo's re-dated survey moves it (docs/decisions/0002-seed-dates.md)."""
    closes = timezone.localtime(survey_closes).date()
    return closes.year if closes.month <= 8 else closes.year + 1


def datetime_display(value: dt.datetime) -> str:
    """ "11:59pm on Thursday 31 May 2018" in Europe/London."""
    return _("%(time)s on %(date)s") % {
        "time": _clock(timezone.localtime(value)),
        "date": date_display(value),
    }
