"""The LLEP 2018 consultation as published (../shared/seed/llep-2018.txt), and its demo re-dating.

Every write here is an update_or_create on a natural key, so loading it twice changes nothing.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from portal import languages, registry
from portal.drafts import drafts_apply
from portal.models import Consultation, Document, Language, PageText, Sector, Theme
from portal.page_drafts import PAGE_DRAFTS
from portal.page_wording import PAGES

LONDON = ZoneInfo("Europe/London")
# Monday of the week of the round tables ("w/c 14 May").
PUBLISHED_WEEK_START = dt.date(2018, 5, 14)

# The themes' names and aims are the Industrial Strategy's, read-only in the admin: the .po files
# translate them for the public pages (docs/decisions/0914).
FOUNDATIONS = [
    (
        "ideas",
        gettext_noop("Ideas"),
        gettext_noop("the world’s most innovative economy"),
        "\n".join(
            [
                "innovat*",
                "research*",
                "R&D",
                "universit*",
                "ideas",
                "technology transfer",
                "knowledge transfer",
                "patent*",
                "commercialis*",
                "prototyp*",
                "spin-out*",
                "spin out*",
                "invent*",
                "science*",
                "scientist*",
                "lab",
                "labs",
                "laborator*",
                "academic*",
                "PhD*",
                "Innovate UK",
                "catapult*",
                "test bed*",
                "testbed*",
                "pilot*",
                "experiment*",
                "discover*",
                "new product*",
                "new material*",
                "new fibre*",
                "design-led",
                "breakthrough*",
                "cutting edge",
                "Space Park",
                "Space Centre",
            ]
        ),
    ),
    (
        "people",
        gettext_noop("People"),
        gettext_noop("good jobs and greater earning power for all"),
        "\n".join(
            [
                "skill*",
                "training",
                "trained",
                "trainee*",
                "apprentic*",
                "recruit*",
                "talent*",
                "workforce",
                "wage*",
                "pay",
                "paid",
                "pays",
                "salar*",
                "earn*",
                "graduat*",
                "job*",
                "employ*",
                "staff",
                "worker*",
                "career*",
                "college*",
                "school*",
                "young people",
                "unemploy*",
                "retrain*",
                "upskill*",
                "reskill*",
                "vacanc*",
                "hiring",
                "labour",
                "zero-hours",
                "zero hours",
                "living wage",
                "minimum wage",
                "poverty",
                "childcare",
                "ESOL",
                "qualification*",
                "teacher*",
                "education",
                "leavers",
                "brain drain",
                "work",
            ]
        ),
    ),
    (
        "infrastructure",
        gettext_noop("Infrastructure"),
        gettext_noop("a major upgrade to the UK’s infrastructure"),
        "\n".join(
            [
                "infrastructure",
                "transport",
                "road*",
                "rail",
                "railway*",
                "broadband",
                "fibre",
                "connectivity",
                "mobile signal",
                "4G",
                "5G",
                "housing",
                "houses",
                "housebuilding",
                "energy supply",
                "grid",
                "power supply",
                "sites",
                "site",
                "premises",
                "land",
                "M1",
                "A46",
                "A5",
                "A6",
                "A42",
                "A50",
                "A47",
                "junction*",
                "congest*",
                "gridlock*",
                "traffic",
                "bypass",
                "bridge*",
                "station*",
                "airport",
                "HS2",
                "Midland Main Line",
                "pothole*",
                "industrial unit*",
                "workshop*",
                "office space",
                "planning permission",
                "water supply",
                "drainage",
                "utilities",
            ]
        ),
    ),
    (
        "business-environment",
        gettext_noop("Business Environment"),
        gettext_noop("the best place to start and grow a business"),
        "\n".join(
            [
                "start-up*",
                "start up*",
                "startup*",
                "scale up",
                "scale-up*",
                "scaling up",
                "financ*",
                "invest*",
                "loan*",
                "grant*",
                "funding",
                "capital",
                "equity",
                "export*",
                "business support",
                "growth hub",
                "advice",
                "adviser*",
                "advisor*",
                "mentor*",
                "networking",
                "supply chain*",
                "supplier*",
                "procurement",
                "productivity",
                "regulat*",
                "red tape",
                "bureaucra*",
                "business rates",
                "rates",
                "rent",
                "rents",
                "costs",
                "tax*",
                "cash flow",
                "late payment*",
                "small business*",
                "SME",
                "SMEs",
                "entrepreneur*",
                "customers",
                "overseas",
                "competit*",
                "management",
                "leadership",
                "Brexit",
            ]
        ),
    ),
    (
        "place",
        gettext_noop("Place"),
        gettext_noop("prosperous communities across the UK"),
        "\n".join(
            [
                "place",
                "communities",
                "community",
                "town centre*",
                "city centre*",
                "high street*",
                "rural",
                "village*",
                "market town*",
                "regenerat*",
                "inclusive growth",
                "depriv*",
                "left behind",
                "neighbourhood*",
                "estates",
                "shops",
                "heritage",
                "touris*",
                "culture",
                "cultural",
                "visitor*",
                "quality of life",
                "pride",
                "identity",
                "reputation",
                "image",
                "move away",
                "moved away",
                "moving away",
                "coalfield*",
                "wards",
                "poorer areas",
                "vibrant",
                "derelict",
                "boarded up",
                "attractive",
            ]
        ),
    ),
]
GRAND_CHALLENGES = [
    (
        "ai-data-economy",
        gettext_noop("Artificial Intelligence and Data Economy"),
        gettext_noop(
            "putting the UK at the forefront of the artificial intelligence and data revolution"
        ),
        "\n".join(
            [
                "artificial intelligence",
                "AI",
                "data",
                "machine learning",
                "digital*",
                "automat*",
                "analytic*",
                "cyber*",
                "software",
                "robot*",
                "computer*",
                "computing",
                "online",
                "internet",
                "e-commerce",
                "cloud",
                "app",
                "apps",
                "tech",
                "coder*",
                "coding",
                "programmer*",
                "programming",
                "IT",
                "sensor*",
                "algorithm*",
                "satellite*",
                "Internet of Things",
                "IoT",
                "Industry 4.0",
                "smart",
            ]
        ),
    ),
    (
        "future-of-mobility",
        gettext_noop("Future of Mobility"),
        gettext_noop("becoming a world leader in the way people, goods and services move"),
        "\n".join(
            [
                "mobility",
                "logistics",
                "autonomous",
                "electric vehicle*",
                "electric car*",
                "electric bus*",
                "EV",
                "EVs",
                "freight",
                "distribution",
                "warehous*",
                "vehicle*",
                "movement of goods",
                "lorry",
                "lorries",
                "HGV*",
                "haulage",
                "haulier*",
                "deliveries",
                "delivery van*",
                "parcel*",
                "bus",
                "buses",
                "cycl*",
                "walking",
                "car sharing",
                "car share",
                "charging point*",
                "driverless",
                "drone*",
                "Magna Park",
                "Gateway",
                "commut*",
                "public transport",
                "taxi*",
                "car",
                "cars",
                "van",
                "vans",
                "drivers",
            ]
        ),
    ),
    (
        "clean-growth",
        gettext_noop("Clean Growth"),
        gettext_noop(
            "maximising the advantages for UK industry from the global shift to clean growth"
        ),
        "\n".join(
            [
                "clean growth",
                "low carbon",
                "carbon",
                "net zero",
                "renewabl*",
                "energy efficien*",
                "sustainab*",
                "recycl*",
                "circular economy",
                "climate",
                "emission*",
                "green",
                "solar",
                "wind turbine*",
                "wind farm*",
                "heat pump*",
                "insulat*",
                "retrofit*",
                "waste",
                "pollut*",
                "air quality",
                "environment*",
                "fossil",
                "decarbonis*",
                "energy bills",
                "reuse",
                "repair",
                "fast fashion",
                "flood*",
                "plastic*",
            ]
        ),
    ),
    (
        "ageing-society",
        gettext_noop("Ageing Society"),
        gettext_noop(
            "harnessing the power of innovation to help meet the needs of an ageing society"
        ),
        "\n".join(
            [
                "ageing",
                "aging",
                "older",
                "elderly",
                "old age",
                "pension*",
                "retire*",
                "health",
                "healthy",
                "care",
                "carer*",
                "caring",
                "care home*",
                "healthcare",
                "wellbeing",
                "well-being",
                "assistive",
                "life sciences",
                "medical",
                "medicine*",
                "NHS",
                "hospital*",
                "GP",
                "GPs",
                "dementia",
                "loneli*",
                "lonely",
                "independent living",
                "social care",
                "nurs*",
                "patient*",
                "pharma*",
                "clinical",
                "disab*",
                "frail*",
            ]
        ),
    ),
]
# Keywords in the portal's other languages, for answers written in them (issue 18, point 6): the
# common words for each theme, with a trailing * where Polish endings vary. The character
# n-grams of the learned suggester carry the rest once moderators have confirmed examples.
KEYWORDS_TRANSLATED = {
    "ideas": {
        "gu": "સંશોધન\nનવીનતા\nયુનિવર્સિટી\nટેકનોલોજી",
        "pa": "ਖੋਜ\nਨਵੀਨਤਾ\nਯੂਨੀਵਰਸਿਟੀ\nਤਕਨਾਲੋਜੀ",
        "ur": "تحقیق\nجدت\nیونیورسٹی\nٹیکنالوجی",
        "pl": "innowac*\nbadania\nbadań\nuczelni*\nuniwersyte*\nnaukow*\nwynalaz*",
    },
    "people": {
        "gu": "નોકરી\nનોકરીઓ\nકૌશલ્ય\nતાલીમ\nપગાર\nરોજગાર\nકામ",
        "pa": "ਨੌਕਰੀ\nਨੌਕਰੀਆਂ\nਹੁਨਰ\nਸਿਖਲਾਈ\nਤਨਖਾਹ\nਰੁਜ਼ਗਾਰ\nਕੰਮ",
        "ur": "نوکری\nنوکریاں\nملازمت\nہنر\nتربیت\nتنخواہ\nروزگار\nکام",
        "pl": "prac*\numiejętnoś*\nszkoleni*\nzarob*\npensj*\nwynagrodz*\npracowni*\npraktyk*",
    },
    "infrastructure": {
        "gu": "રસ્તા\nરસ્તાઓ\nટ્રાફિક\nબ્રોડબેન્ડ\nમકાન\nરેલ",
        "pa": "ਸੜਕ\nਸੜਕਾਂ\nਟ੍ਰੈਫਿਕ\nਬ੍ਰਾਡਬੈਂਡ\nਮਕਾਨ\nਰੇਲ",
        "ur": "سڑک\nسڑکیں\nٹریفک\nبراڈبینڈ\nمکان\nرہائش\nریل",
        "pl": "drog*\nkorki\nkorków\nmieszka*\nkolej*\ninternet*\nbroadband",
    },
    "business-environment": {
        "gu": "વ્યવસાય\nધંધો\nરોકાણ\nલોન\nનિકાસ",
        "pa": "ਕਾਰੋਬਾਰ\nਵਪਾਰ\nਨਿਵੇਸ਼\nਕਰਜ਼ਾ\nਨਿਰਯਾਤ",
        "ur": "کاروبار\nسرمایہ کاری\nقرض\nبرآمد\nٹیکس",
        "pl": "firm*\nbiznes*\nprzedsiębior*\ninwestyc*\nkredyt*\npodat*\neksport*",
    },
    "place": {
        "gu": "સમુદાય\nગામ\nશહેર\nદુકાનો",
        "pa": "ਭਾਈਚਾਰਾ\nਪਿੰਡ\nਸ਼ਹਿਰ\nਦੁਕਾਨਾਂ",
        "ur": "برادری\nگاؤں\nشہر\nدکانیں\nمحلہ",
        "pl": "społeczno*\nwieś\nwsi\nwios*\nmiast*\nsklep*\ncentrum\nokolic*",
    },
    "ai-data-economy": {
        "gu": "ડેટા\nકમ્પ્યુટર\nડિજિટલ\nરોબોટ\nઓનલાઇન",
        "pa": "ਡਾਟਾ\nਕੰਪਿਊਟਰ\nਡਿਜੀਟਲ\nਰੋਬੋਟ\nਆਨਲਾਈਨ",
        "ur": "ڈیٹا\nکمپیوٹر\nڈیجیٹل\nروبوٹ\nآن لائن\nمصنوعی ذہانت",
        "pl": "dane\ndanych\ncyfrow*\nkomputer*\nrobot*\nautomatyzac*\nsztuczn* inteligencj*\noprogramowani*",
    },
    "future-of-mobility": {
        "gu": "બસ\nલોજિસ્ટિક્સ\nવેરહાઉસ\nડિલિવરી\nલારી",
        "pa": "ਬੱਸ\nਲੌਜਿਸਟਿਕਸ\nਵੇਅਰਹਾਊਸ\nਡਿਲੀਵਰੀ\nਟਰੱਕ",
        "ur": "بس\nلاجسٹکس\nگودام\nڈیلیوری\nٹرک",
        "pl": "autobus*\nlogistyk*\nmagazyn*\ndostaw*\nciężarów*\nsamochod*\nelektryczn*",
    },
    "clean-growth": {
        "gu": "પર્યાવરણ\nપ્રદૂષણ\nઆબોહવા\nરિસાયક્લિંગ\nસૌર",
        "pa": "ਵਾਤਾਵਰਣ\nਪ੍ਰਦੂਸ਼ਣ\nਜਲਵਾਯੂ\nਰੀਸਾਈਕਲਿੰਗ\nਸੂਰਜੀ",
        "ur": "ماحول\nآلودگی\nموسمیاتی\nری سائیکلنگ\nشمسی",
        "pl": "klimat*\nśrodowisk*\nzanieczyszcz*\nrecykling*\nodpad*\nekolog*\nenergi* odnawialn*",
    },
    "ageing-society": {
        "gu": "આરોગ્ય\nવૃદ્ધ\nવડીલો\nસંભાળ\nહોસ્પિટલ",
        "pa": "ਸਿਹਤ\nਬਜ਼ੁਰਗ\nਦੇਖਭਾਲ\nਹਸਪਤਾਲ",
        "ur": "صحت\nبزرگ\nبوڑھے\nدیکھ بھال\nہسپتال",
        "pl": "zdrowi*\nstarsz*\nseniorów\nsenior*\nopiek*\nszpital*\nlekarz*",
    },
}
# The sectors' names as the board agreed them, and their short names for tables and charts; the
# .po files translate both for the public pages.
SECTORS = [
    ("advanced-logistics", gettext_noop("Advanced Logistics"), "Advanced Logistics"),
    (
        "advanced-manufacturing-engineering",
        gettext_noop("Advanced Manufacturing and Engineering"),
        gettext_noop("Manufacturing and Engineering"),
    ),
    ("life-sciences", gettext_noop("Life Sciences"), "Life Sciences"),
    (
        "space-data-digital",
        gettext_noop("Space, Data and Digital Technology"),
        gettext_noop("Space, Data and Digital"),
    ),
    (
        "textiles",
        gettext_noop("Textiles – Design, Manufacturing and Technology"),
        gettext_noop("Textiles"),
    ),
]
DOCUMENTS = [
    (
        "Building Our Industrial Strategy – Leicester and Leicestershire Enterprise Partnership Response",
        1310720,
    ),  # shown as 1.25 MB
    ("Local Industrial Strategy for Leicester and Leicestershire", 323564),  # shown as 315.98 KB
]


@dataclass(frozen=True)
class Dating:
    """Where the consultation's dates fall: as published, or shifted to be live now (--demo)."""

    week_start: dt.date
    survey_opens: dt.datetime
    survey_closes: dt.datetime

    @property
    def survey_closes_words(self) -> str:
        """The closing date as the LLEP's page words it: "31 May 2018"."""
        day = self.survey_closes.astimezone(LONDON).date()
        return f"{day.day} {day:%B %Y}"

    def survey_closes_in(self, language: str) -> str:
        """The closing date in words in a language, months as a date says them: "31 maja 2018"."""
        day = self.survey_closes.astimezone(LONDON).date()
        with translation.override(language):
            return formats.date_format(day, "j E Y")

    @property
    def prospectus_year(self) -> int:
        from portal.selectors import prospectus_due_year

        return prospectus_due_year(self.survey_closes)

    def at(self, weekday: int, hour: int, minute: int = 0) -> dt.datetime:
        day = self.week_start + dt.timedelta(days=weekday)
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def published_dating() -> Dating:
    # The page gives the closing date only; we take the survey as live from the Monday of the
    # round-table week (docs/decisions/0002-seed-dates.md).
    return Dating(
        week_start=PUBLISHED_WEEK_START,
        survey_opens=dt.datetime(2018, 5, 14, 9, 0, tzinfo=LONDON),
        survey_closes=dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=LONDON),
    )


def demo_dating(today: dt.date | None = None) -> Dating:
    """The same weekdays, times and gaps, starting the Monday after today; the survey open now."""
    today = today or timezone.localdate()
    week_start = today + dt.timedelta(days=7 - today.weekday())
    closes_day = week_start + (dt.date(2018, 5, 31) - PUBLISHED_WEEK_START)
    opens_day = today - dt.timedelta(days=1)
    return Dating(
        week_start=week_start,
        survey_opens=dt.datetime.combine(opens_day, dt.time(0, 0), tzinfo=LONDON),
        survey_closes=dt.datetime.combine(closes_day, dt.time(23, 59, 59), tzinfo=LONDON),
    )


@transaction.atomic
def llep_seed(*, demo: bool = False, today: dt.date | None = None) -> Consultation:
    """Load (or bring back to) the LLEP consultation: the shared core here, then each app's part
    (round tables, survey, prospectus) as it registered it (portal/registry.py). Returns it."""
    dating = demo_dating(today) if demo else published_dating()
    consultation, _ = Consultation.objects.update_or_create(
        slug="llep-2018",
        defaults={
            "title": "Local Industrial Strategy",
            "organisation": "Leicester and Leicestershire Enterprise Partnership (LLEP)",
            "summary": (
                "To help develop the Prospectus, the LLEP would like to hear your views on what "
                "you think are the key challenges, priorities and interventions needed to "
                "improve local growth and productivity."
            ),
        },
    )
    Consultation.objects.exclude(pk=consultation.pk).filter(is_current=True).update(
        is_current=False
    )
    if not consultation.is_current:
        consultation.is_current = True
        consultation.save(update_fields=["is_current"])
    themes_seed()
    pages_seed()
    _rows_seed(
        Sector,
        consultation,
        "slug",
        [
            {"slug": slug, "name": name, "short_name": short_name, "order": order}
            for order, (slug, name, short_name) in enumerate(SECTORS, start=1)
        ],
    )
    _rows_seed(
        Document,
        consultation,
        "title",
        [
            {"title": title, "size_bytes": size, "file_format": "PDF", "order": order}
            for order, (title, size) in enumerate(DOCUMENTS, start=1)
        ],
    )
    languages_seed(demo=demo)
    for seed in registry.hooks("seed"):
        seed(consultation=consultation, dating=dating, demo=demo)
    return consultation


def _rows_seed(model, consultation: Consultation, key: str, rows: list[dict]) -> None:
    """The consultation's rows of model as given, found by key: created, or brought back where
    they differ (one read, then a write per row missing or changed)."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(consultation=consultation)}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            model.objects.create(consultation=consultation, **row)
        elif any(getattr(obj, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(obj, name, value)
            obj.save()


def languages_seed(*, demo: bool) -> None:
    """The demo offers every language as the draft it is, so that anyone trying it finds them from
    the home page, each page saying its translation is a draft. The live seed offers no draft
    (as after a demo run) and leaves the languages staff have checked as they set them: English
    only until they check one (docs/decisions/0900)."""
    have = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create(
        [Language(code=code) for code, _ in settings.LANGUAGES[1:] if code not in have]
    )
    drafts = Language.objects.filter(status=Language.Status.DRAFT)
    if drafts.filter(offered=not demo).update(offered=demo):
        languages.forget()


def pages_seed() -> None:
    """The information pages' wording as published, brought back to it like the rest of the
    seed; the draft translations fill only what staff have left empty (portal/drafts.py).
    Three queries however many passages: every test's seed runs it."""
    english = build_localized_fieldname("text", settings.LANGUAGE_CODE)
    existing = {(t.page, t.key): t for t in PageText.objects.all()}
    new, changed = [], []
    for page, passages in PAGES.items():
        for order, (key, wording) in enumerate(passages, start=1):
            text = existing.get((page, key))
            if text is None:
                text = PageText(page=page, key=key, order=order, **{english: wording})
                drafts_apply(text, ["text"], PAGE_DRAFTS)
                new.append(text)
                continue
            stale = text.order != order or getattr(text, english) != wording
            text.order = order
            setattr(text, english, wording)
            if drafts_apply(text, ["text"], PAGE_DRAFTS) or stale:
                changed.append(text)
    PageText.objects.bulk_create(new)
    fields = ["order", *(build_localized_fieldname("text", code) for code, _ in settings.LANGUAGES)]
    PageText.objects.bulk_update(changed, fields + ["text"])


def themes_seed() -> None:
    """The five foundations of productivity and four Grand Challenges, national and shared (a
    read, then a write only for what is missing or changed)."""
    existing = {theme.slug: theme for theme in Theme.objects.all()}
    new = []
    for kind, rows in (
        (Theme.Kind.FOUNDATION, FOUNDATIONS),
        (Theme.Kind.GRAND_CHALLENGE, GRAND_CHALLENGES),
    ):
        for order, (slug, name, aim, keywords) in enumerate(rows, start=1):
            theme = existing.get(slug)
            if theme is None:
                new.append(
                    Theme(
                        slug=slug,
                        kind=kind,
                        name=name,
                        aim=aim,
                        keywords=keywords,
                        keywords_translated=KEYWORDS_TRANSLATED.get(slug, {}),
                        order=order,
                    )
                )
            # Staff may tune keywords in admin; a re-seed keeps their list.
            elif (theme.kind, theme.name, theme.aim, theme.order) != (kind, name, aim, order):
                theme.kind, theme.name, theme.aim, theme.order = kind, name, aim, order
                theme.save(update_fields=["kind", "name", "aim", "order"])
    Theme.objects.bulk_create(new)
