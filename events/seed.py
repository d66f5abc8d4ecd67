"""The five round tables as published: sector, weekday, time and venue."""

from events import drafts
from events.models import RoundTable
from portal.drafts import drafts_fill
from portal.models import Consultation, Sector

# (slug, sector slug, title as the booking link, sector as listed, weekday, start hour, end hour, venue)
ROUND_TABLES = [
    (
        "textiles",
        "textiles",
        "Textiles Round Table",
        "Textiles – Design, Manufacturing & Technology",
        0,
        10,
        12,
        "De Montfort University",
    ),
    (
        "space-data-digital",
        "space-data-digital",
        "Space Data & Digital Round Table",
        "Space Data / Digital Technology",
        1,
        10,
        12,
        "National Space Centre",
    ),
    (
        "life-sciences",
        "life-sciences",
        "Life Sciences Round Table",
        "Life Sciences",
        2,
        13,
        15,
        "Charnwood Campus",
    ),
    (
        "advanced-logistics",
        "advanced-logistics",
        "Advanced Logistics Round Table",
        "Advanced Logistics",
        3,
        10,
        12,
        "Magna Park",
    ),
    (
        "manufacturing-engineering",
        "advanced-manufacturing-engineering",
        "Manf & Eng Round Table",
        "Engineering & AM",
        4,
        14,
        16,
        "Loughborough University",
    ),
]
# Not published; a room for a round-table discussion (docs/decisions/0002-seed-dates.md).
DEFAULT_CAPACITY = 30


def round_tables_seed(*, consultation: Consultation, dating) -> None:
    sectors = {s.slug: s for s in Sector.objects.filter(consultation=consultation)}
    existing = {
        rt.slug: rt
        for rt in RoundTable.objects.filter(consultation=consultation).select_related("sector")
    }
    for slug, sector_slug, title, listed, weekday, start, end, venue in ROUND_TABLES:
        sector = sectors[sector_slug]
        round_table = existing.get(slug)
        if round_table is None:
            RoundTable.objects.create(
                consultation=consultation,
                slug=slug,
                sector=sector,
                title=title,
                listed_sector=listed,
                venue=venue,
                starts_at=dating.at(weekday, start),
                ends_at=dating.at(weekday, end),
                capacity=DEFAULT_CAPACITY,
            )
        else:
            # Re-seeding restores the published facts and dates; capacity is the organisers'.
            changed = {
                "sector": sector,
                "title": title,
                "listed_sector": listed,
                "venue": venue,
                "starts_at": dating.at(weekday, start),
                "ends_at": dating.at(weekday, end),
            }
            if any(getattr(round_table, k) != v for k, v in changed.items()):
                for k, v in changed.items():
                    setattr(round_table, k, v)
                round_table.save()
    for round_table in RoundTable.objects.filter(consultation=consultation):
        drafts_fill(round_table, ["title", "listed_sector", "description"], drafts.ROUND_TABLES)
