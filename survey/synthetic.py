"""Plausible synthetic survey responses for demonstrations and benchmarks (seed_llep --responses).

Every one is labelled is_synthetic=True with a reference starting DEMO-. Responses, answers and
themes are written in batches with COPY on PostgreSQL (executemany on SQLite), because 100,000 responses carry close to two million answer rows.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import Sector, Theme
from survey.answer_search import index_create, index_drop
from survey.models import Response, Survey
from survey.selectors import survey_questions

BATCH = 5000
# From this many responses, drop admin's answer-search index and build it again after loading.
SEARCH_INDEX_REBUILD_FROM = 20_000

# Sentences by theme slug, written the way businesses and residents wrote to LEPs in 2018.
CHALLENGES = {
    "ideas": [
        "Too few small firms work with our universities on research and development.",
        "Innovation support is hard to find and the paperwork puts small businesses off.",
        "Good ideas from local universities rarely reach commercialisation here.",
    ],
    "people": [
        "We cannot recruit engineers and technicians with the right skills.",
        "Young people leave the county after university and few graduates come back.",
        "Wages are low and too many jobs offer no route to progression.",
        "Apprenticeships are hard for a small employer to arrange.",
    ],
    "infrastructure": [
        "Congestion on the A6 and around junction 21 of the M1 costs us hours every week.",
        "Rural broadband is too slow for a modern business.",
        "There are not enough good quality premises for firms that want to grow.",
        "Rail connections to London and Birmingham need to be faster.",
    ],
    "business-environment": [
        "Access to finance for scale up businesses is the biggest barrier we face.",
        "Business support is fragmented and changes every few years.",
        "Exporting is daunting for small manufacturers without specialist advice.",
        "Productivity in our supply chain lags behind competitors abroad.",
    ],
    "place": [
        "The city centre needs more reasons for people to visit and stay.",
        "Some communities have been left behind while others have grown.",
        "Market towns are losing shops and local services.",
    ],
    "ai-data-economy": [
        "Firms do not know how to use data and automation to improve what they do.",
        "There is a shortage of people with digital and software skills.",
        "Cyber security is a growing worry for small businesses.",
    ],
    "future-of-mobility": [
        "Logistics firms struggle to find drivers and warehouse staff.",
        "Freight traffic through the county keeps growing.",
        "Electric vehicles need charging points on business parks.",
    ],
    "clean-growth": [
        "Energy costs are rising and firms need help with energy efficiency.",
        "Manufacturers want to move to low carbon processes but lack the capital.",
        "Recycling and the circular economy could create jobs in textiles.",
    ],
    "ageing-society": [
        "Our workforce is ageing and we need to keep older people in work.",
        "Health and care services need more staff and new technology.",
        "Life sciences firms could do more with the local hospitals.",
    ],
}
PRIORITIES = {
    "ideas": [
        "Build on the Space Park and the universities' research strengths.",
        "Make it easier for small firms to take part in innovation projects.",
    ],
    "people": [
        "Make skills training match what local employers need.",
        "Keep more graduates in Leicester and Leicestershire.",
        "Raise earnings through better jobs, not just more jobs.",
    ],
    "infrastructure": [
        "Invest in transport links and broadband across the whole county.",
        "Bring forward employment sites along the M1 corridor.",
    ],
    "business-environment": [
        "Help more businesses scale up and start exporting.",
        "Simplify business support into one clear offer.",
    ],
    "place": [
        "Regenerate the city centre and market towns together.",
        "Make sure growth is inclusive and reaches every community.",
    ],
    "ai-data-economy": [
        "Become a centre for space data and digital technology.",
        "Help manufacturers adopt automation and analytics.",
    ],
    "future-of-mobility": [
        "Lead the country in advanced logistics and the movement of goods.",
    ],
    "clean-growth": [
        "Support firms to cut carbon and use renewable energy.",
        "Grow sustainable textiles manufacturing.",
    ],
    "ageing-society": [
        "Use our life sciences strengths to support healthy ageing.",
    ],
}
INTERVENTIONS = {
    "ideas": [
        "Innovation vouchers so small firms can buy time from university researchers.",
        "A shared prototype workshop for manufacturers.",
    ],
    "people": [
        "An apprenticeship levy transfer scheme run by the LLEP.",
        "Employer-led training academies for each priority sector.",
        "Careers advice in schools that shows the local jobs on offer.",
    ],
    "infrastructure": [
        "Full fibre broadband to every business park.",
        "Improvements to junction 21 and better bus links to employment sites.",
        "Grants to bring empty premises back into use.",
    ],
    "business-environment": [
        "A growth fund offering loans and equity to scale up businesses.",
        "One front door for business support through the growth hub.",
        "Export missions for sector groups.",
    ],
    "place": [
        "A regeneration programme for town centre high streets.",
        "Community-based projects in the most deprived neighbourhoods.",
    ],
    "ai-data-economy": [
        "Digital skills bootcamps and data science courses with local colleges.",
        "Help with cyber security for small businesses.",
    ],
    "future-of-mobility": [
        "Driver training and warehouse apprenticeships for the logistics sector.",
        "Charging points for electric vehicles on every business park.",
    ],
    "clean-growth": [
        "Energy efficiency grants and audits for manufacturers.",
        "A circular economy programme for textiles recycling.",
    ],
    "ageing-society": [
        "Partnerships between care providers and assistive technology firms.",
        "Support for older workers to retrain.",
    ],
}
ANYTHING_ELSE = [
    "Thank you for asking for our views.",
    "Please keep businesses informed about what happens next.",
    "We would be happy to take part in a round table.",
    "The strategy should be joined up with the councils' own plans.",
]
ORGANISATIONS = [
    "Acme Hosiery Ltd",
    "Charnwood Precision Engineering",
    "Soar Valley Logistics",
    "Midlands Data Works",
    "Harborough Foods",
    "Melton Mowbray Pies Co-operative",
    "Hinckley Knitwear",
    "Loughborough Composites",
    "City Life Sciences Ltd",
    "Wigston Print and Pack",
]
FIRST_NAMES = ["Asha", "Ben", "Chen", "Dev", "Emma", "Farah", "Gareth", "Hannah", "Imran", "Jo"]
LAST_NAMES = ["Patel", "Smith", "Khan", "Jones", "Mistry", "Taylor", "Begum", "Walker"]
# Which themes each sector's respondents lean towards.
SECTOR_THEMES = {
    "advanced-logistics": ["future-of-mobility", "infrastructure", "people"],
    "advanced-manufacturing-engineering": ["ideas", "people", "clean-growth"],
    "life-sciences": ["ageing-society", "ideas", "people"],
    "space-data-digital": ["ai-data-economy", "ideas", "infrastructure"],
    "textiles": ["clean-growth", "people", "business-environment"],
}
STATUSES = [
    (Response.Status.APPROVED, 55),
    (Response.Status.PENDING, 30),
    (Response.Status.REJECTED, 10),
    (Response.Status.SPAM, 5),
]
CHANNELS = [
    (Response.Channel.ONLINE, 85),
    (Response.Channel.EMAIL, 10),
    (Response.Channel.PAPER, 5),
]
RESPONDENT_TYPES = [
    ("business", 50),
    ("education", 10),
    ("public_sector", 12),
    ("voluntary", 8),
    ("individual", 20),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def responses_fit_dates(*, survey: Survey, now: dt.datetime | None = None) -> int:
    """Move synthetic responses the re-dated survey would contradict (before it opened, after now
    or after it closed, or late while it is still open) to a time inside its opening, spread by
    id. --demo calls it, so a demo database re-dated on a later day stays consistent. Returns
    how many moved."""
    now = now or timezone.now()
    end = min(survey.closes_at, now)
    if end <= survey.opens_at:
        return 0
    open_now = now < survey.closes_at
    wrong = Response.objects.filter(survey=survey, is_synthetic=True).filter(
        Q(submitted_at__lt=survey.opens_at)
        | Q(submitted_at__gt=now)
        | Q(is_late=False, submitted_at__gt=survey.closes_at)
        | Q(is_late=True, submitted_at__lte=survey.closes_at)
        | (Q(is_late=True) if open_now else Q(pk__in=[]))
    )
    moved = list(wrong.only("pk", "submitted_at", "is_late"))
    span = end - survey.opens_at
    for response in moved:
        response.submitted_at = survey.opens_at + span * ((response.pk * 7919 % 1000) / 1000)
        response.is_late = False
    Response.objects.bulk_update(moved, ["submitted_at", "is_late"], batch_size=500)
    return len(moved)


RESPONSE_COLUMNS = [
    "id", "survey_id", "reference", "channel", "status", "is_late", "is_synthetic",
    "submitted_at", "respondent_type", "place", "sector_id", "organisation", "name", "email",
    "quote_ok", "contact_ok", "moderated_at",
]  # fmt: skip
ANSWER_COLUMNS = ["response_id", "question_id", "choice_id", "text", "score"]


@dataclass
class _Plan:
    """What every synthetic response of one call draws on: the survey's questions and choices,
    its sectors and themes, the random numbers, and the times they may be dated in."""

    survey: Survey
    now: dt.datetime
    rng: random.Random
    start: int  # DEMO- references already made
    questions: dict
    choices: dict
    sectors: list
    themes: dict  # slug -> pk
    theme_slugs: list
    span: float  # seconds the survey has been open (all of it once closed)
    late_seconds: float  # up to three days after closing, once that time has come


def _plan_make(survey: Survey, seed: int | None, now: dt.datetime) -> _Plan:
    questions = {q.key: q for q in survey_questions(survey=survey)}
    themes = {t.slug: t.pk for t in Theme.objects.all()}
    start = Response.objects.filter(reference__startswith="DEMO-").count()
    return _Plan(
        survey=survey,
        now=now,
        rng=random.Random(seed if seed is not None else start + 2018),
        start=start,
        questions=questions,
        choices={key: {c.value: c.pk for c in q.choices.all()} for key, q in questions.items()},
        sectors=list(Sector.objects.filter(consultation=survey.consultation).order_by("order")),
        themes=themes,
        theme_slugs=[slug for slug in CHALLENGES if slug in themes] or list(CHALLENGES),
        span=(min(survey.closes_at, now) - survey.opens_at).total_seconds(),
        late_seconds=min(72 * 3600.0, (now - survey.closes_at).total_seconds()),
    )


def responses_generate(
    *, survey: Survey, count: int, seed: int | None = None, now: dt.datetime | None = None
) -> int:
    """Make count synthetic responses with their answers. Returns how many were made.

    Each is dated as a real one could be: between the survey's opening and now, never after it
    closes; once it has closed, a few sent by email or on paper arrive late, between its closing
    and now. Before the survey opens there can be none."""
    now = now or timezone.now()
    if survey is None or count <= 0 or now <= survey.opens_at:
        return 0
    plan = _plan_make(survey, seed, now)
    made = 0
    # Loading many rows is quicker without the trigram index, built again once at the end; not
    # inside a caller's transaction, where PostgreSQL refuses to build it over pending checks.
    rebuild_index = count >= SEARCH_INDEX_REBUILD_FROM and not connection.in_atomic_block
    if rebuild_index:
        index_drop(connection)
    try:
        while made < count:
            size = min(BATCH, count - made)
            _batch_insert(plan, first_number=plan.start + made + 1, size=size)
            made += size
    finally:
        if rebuild_index:
            index_create(connection)
    _statistics_refresh()
    return made


def _batch_insert(plan: _Plan, *, first_number: int, size: int) -> None:
    """size responses, their answers and (approved ones) their themes, in one transaction."""
    through = Response.themes.through
    with transaction.atomic():
        ids = _ids_reserve(Response._meta.db_table, size)
        responses, answers, themes = [], [], []
        for i, pk in enumerate(ids):
            row, answer_rows, theme_rows = _response_rows(plan, pk, first_number + i)
            responses.append(row)
            answers.extend(answer_rows)
            themes.extend(theme_rows)
        _insert_rows(Response._meta.db_table, RESPONSE_COLUMNS, responses)
        _insert_rows(Response.answers.rel.related_model._meta.db_table, ANSWER_COLUMNS, answers)
        _insert_rows(through._meta.db_table, ["response_id", "theme_id"], themes)


def _response_rows(plan: _Plan, pk: int, number: int) -> tuple[tuple, list, list]:
    """One synthetic response's row, its answers' rows and its confirmed themes' rows."""
    rng, survey = plan.rng, plan.survey
    sector = rng.choice(plan.sectors) if plan.sectors and rng.random() < 0.9 else None
    leaning = SECTOR_THEMES.get(sector.slug, []) if sector else []
    picked = list(
        dict.fromkeys(
            [rng.choice(leaning or plan.theme_slugs)]
            + rng.sample(plan.theme_slugs, k=rng.randint(0, 2))
        )
    )
    channel = _weighted(rng, CHANNELS)
    late = channel != Response.Channel.ONLINE and rng.random() < 0.15 and plan.late_seconds > 1
    submitted = (
        survey.closes_at + dt.timedelta(seconds=rng.uniform(1, plan.late_seconds))
        if late
        else survey.opens_at + dt.timedelta(seconds=rng.uniform(0, plan.span))
    )
    status = _weighted(rng, STATUSES)
    profile = _profile(rng, sector, number)
    adapt = connection.ops.adapt_datetimefield_value
    row = (
        pk, survey.pk, f"DEMO-{number:08d}", channel, status, late, True, adapt(submitted),
        profile["respondent_type"], profile["place"], sector.pk if sector else None,
        profile["organisation"], profile["name"], profile["email"], profile["quote_ok"],
        profile["contact_ok"], adapt(plan.now) if status != Response.Status.PENDING else None,
    )  # fmt: skip
    answers = _answer_rows(rng, pk, profile, picked, plan.questions, plan.choices)
    approved = status == Response.Status.APPROVED
    themes = [(pk, plan.themes[s]) for s in picked if s in plan.themes] if approved else []
    return row, answers, themes


def _profile(rng: random.Random, sector, number: int) -> dict:
    """Who a synthetic respondent is: a third leave a made-up name and address to contact."""
    rtype = _weighted(rng, RESPONDENT_TYPES)
    contact = rng.random() < 0.3
    return {
        "respondent_type": rtype,
        "place": rng.choice(Response.Place.values),
        "sector": sector.slug if sector else "none",
        "organisation": "" if rtype == "individual" else rng.choice(ORGANISATIONS),
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if contact else "",
        "email": f"demo{number}@example.invalid" if contact else "",
        "quote_ok": rng.random() < 0.6,
        "contact_ok": contact,
    }


def _statistics_refresh() -> None:
    """Fresh statistics, so the admin's plans and its row estimate see the new rows at once
    instead of after autovacuum gets round to them. Outside a transaction also VACUUM, as
    autovacuum would, so that index-only scans (the prospectus's counts) work at once."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = [
        Response._meta.db_table,
        Response.answers.rel.related_model._meta.db_table,
        Response.themes.through._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table}")


def _ids_reserve(table: str, size: int) -> list[int]:
    """Primary keys for size new rows, taken from the sequence on PostgreSQL; on SQLite the
    write lock of the IMMEDIATE transaction makes max(id) + 1 onwards safe."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, size],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + size))


def _answer_rows(rng, pk, profile, picked, questions, choices) -> list[tuple]:
    """The answer rows of one synthetic response, as tuples for _insert_rows."""
    rows = []

    def text(key, value):
        if key in questions and value:
            rows.append((pk, questions[key].pk, None, value, None))

    def choice(key, value, score=None):
        choice_id = choices.get(key, {}).get(value)
        if choice_id is not None:
            rows.append((pk, questions[key].pk, choice_id, "", score))

    choice("respondent_type", profile["respondent_type"])
    text("organisation", profile["organisation"])
    choice("sector", profile["sector"])
    choice("place", profile["place"])
    text("challenges", " ".join(rng.choice(CHALLENGES[slug]) for slug in picked))
    for item in choices.get("foundations", {}):
        boost = 1 if item in picked else 0
        choice("foundations", item, score=min(5, rng.randint(2, 4) + boost))
    grand = [slug for slug in picked if slug in choices.get("grand_challenges", {})]
    for slug in grand or [rng.choice(list(choices.get("grand_challenges", {"x": 0})))]:
        choice("grand_challenges", slug)
    text("priorities", " ".join(rng.choice(PRIORITIES[slug]) for slug in picked))
    text("interventions", " ".join(rng.choice(INTERVENTIONS[slug]) for slug in picked))
    if rng.random() < 0.2:
        text("anything_else", rng.choice(ANYTHING_ELSE))
    choice("quote_ok", "yes" if profile["quote_ok"] else "no")
    choice("contact_ok", "yes" if profile["contact_ok"] else "no")
    text("name", profile["name"])
    text("email", profile["email"])
    return rows
