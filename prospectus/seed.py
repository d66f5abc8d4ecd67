"""The prospectus record for a consultation, with a draft foreword, introduction and five draft
ambitions drawn from the published criteria, ready for staff to rewrite in admin.

Idempotent: the drafts are written only where staff have written nothing yet, so re-seeding never
overwrites their text; the foreword's draft alone follows the seed's dates (its "summer of ...").
"""

import re

from portal.models import Consultation, Sector, Theme
from prospectus.models import PLACEHOLDER, Ambition, Prospectus

DRAFT = PLACEHOLDER + " "

FOREWORD = (
    DRAFT + "The LLEP Board agreed to develop a Local Industrial Strategy Prospectus for "
    "Leicester and Leicestershire by the summer of {year}. It will be used as the basis of further "
    "discussions with Government around the development of a full Local Industrial Strategy.\n\n"
    "This prospectus is a concise document. It focuses on four or five key defining ambitions, "
    "is sector focused, and demonstrates local strengths and opportunities. We thank everyone who "
    "came to the round tables and answered the survey: what you told us is the evidence it rests on."
)

INTRODUCTION = (
    DRAFT + "The aim of the Industrial Strategy is to create an economy that boosts productivity "
    "and earning power throughout the UK. Local Industrial Strategies will be long-term, based on "
    "clear evidence and aligned to the national Industrial Strategy.\n\n"
    "Five sectors have been agreed by the Board for inclusion in the Prospectus: Advanced "
    "Logistics; Advanced Manufacturing and Engineering; Life Sciences; Space, Data and Digital "
    "Technology; and Textiles – Design, Manufacturing and Technology. The ambitions that follow "
    "represent the distinctiveness of Leicester and Leicestershire, are based on sector and place "
    "strengths, reflect cross-border partnership growth opportunities, are strategic and "
    "long-term, and are evidence based. Each chapter after them sets out what the consultation "
    "heard from one sector, and the annex explains how the evidence was gathered."
)

# (title, statement, sector slugs, theme slugs)
AMBITIONS = [
    (
        "Lead the way in advanced logistics and the future of mobility",
        "Build on the area’s place at the heart of the country’s road and rail network to lead in "
        "the way people, goods and services move.",
        ["advanced-logistics"],
        ["infrastructure", "business-environment", "future-of-mobility", "ai-data-economy"],
    ),
    (
        "Grow high-value manufacturing, engineering and textiles",
        "Raise productivity across advanced manufacturing, engineering and textiles through "
        "innovation, design and the shift to clean growth.",
        ["advanced-manufacturing-engineering", "textiles"],
        ["ideas", "business-environment", "clean-growth"],
    ),
    (
        "Turn life sciences strengths into better health for an ageing society",
        "Connect research, businesses and health services so that new ideas help meet the needs "
        "of an ageing society.",
        ["life-sciences"],
        ["ideas", "people", "ageing-society"],
    ),
    (
        "Grow the space, data and digital economy",
        "Put Leicester and Leicestershire at the forefront of the artificial intelligence and "
        "data revolution, building on its space and digital technology strengths.",
        ["space-data-digital"],
        ["ideas", "people", "ai-data-economy"],
    ),
    (
        "Skills, infrastructure and places that share the growth",
        "Good jobs and greater earning power for all, in prosperous communities across Leicester "
        "and Leicestershire, with the skills and infrastructure every sector needs.",
        [
            "advanced-logistics",
            "advanced-manufacturing-engineering",
            "life-sciences",
            "space-data-digital",
            "textiles",
        ],
        ["people", "infrastructure", "place"],
    ),
]


def _seed_foreword(text: str) -> bool:
    """Whether the foreword is still the seed's draft, for whichever year it was dated."""
    pattern = re.escape(FOREWORD).replace(re.escape("{year}"), r"\d{4}")
    return re.fullmatch(pattern, text) is not None


def prospectus_seed(*, consultation: Consultation, dating) -> Prospectus:
    prospectus, _ = Prospectus.objects.get_or_create(
        consultation=consultation,
        defaults={"title": "Local Industrial Strategy Prospectus for Leicester and Leicestershire"},
    )
    changed = []
    foreword = FOREWORD.format(year=dating.prospectus_year)
    if not prospectus.foreword:
        prospectus.foreword = foreword
        changed.append("foreword")
    elif prospectus.foreword != foreword and _seed_foreword(prospectus.foreword):
        # The seed's draft follows the dates (published or --demo); staff's own text is kept.
        # Not a staff edit, so updated_at stays, and a re-seed restores every row exactly.
        Prospectus.objects.filter(pk=prospectus.pk).update(foreword=foreword)
        prospectus.foreword = foreword
    if not prospectus.introduction:
        prospectus.introduction = INTRODUCTION
        changed.append("introduction")
    if changed:
        prospectus.save(update_fields=[*changed, "updated_at"])
    if not prospectus.ambitions.exists():
        sectors = {s.slug: s for s in Sector.objects.filter(consultation=consultation)}
        themes = {t.slug: t for t in Theme.objects.all()}
        for order, (title, statement, sector_slugs, theme_slugs) in enumerate(AMBITIONS, start=1):
            ambition = Ambition.objects.create(
                prospectus=prospectus, order=order, title=title, statement=DRAFT + statement
            )
            ambition.sectors.set([sectors[s] for s in sector_slugs if s in sectors])
            ambition.themes.set([themes[t] for t in theme_slugs if t in themes])
    return prospectus
