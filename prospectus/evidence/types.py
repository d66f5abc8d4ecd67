"""The shapes of the evidence: what the board page, the charts and the PDF read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from events.models import RoundTable
from portal.models import Consultation, Sector, Theme
from survey.models import Survey


@dataclass
class Cell:
    theme: Theme
    responses: int = 0
    notes: int = 0
    response_query: str = ""
    note_query: str = ""


@dataclass
class SectorRow:
    sector: Sector | None
    label: str
    foundations: list[Cell]
    grand_challenges: list[Cell]
    responses: int = 0  # approved responses from this sector
    notes: int = 0
    response_query: str = ""
    note_query: str = ""


@dataclass
class Tally:
    label: str
    count: int
    query: str = ""


@dataclass
class Rating:
    theme: Theme
    count: int
    mean: Decimal | None  # rounded once, by prospectus.numbers.mean_of
    distribution: list[Tally]
    query: str = ""


@dataclass
class Quote:
    reference: str
    text: str
    source: str  # the question asked, or the round table and kind of note
    sector_id: int | None
    kind: str = ""  # challenge / priority / intervention for notes
    ambition_id: int | None = None  # featured under an ambition
    featured: bool = False  # chosen by a moderator, not picked automatically


@dataclass
class Attendance:
    round_table: RoundTable
    confirmed: int
    waitlisted: int
    attended: int
    notes: int
    note_query: str = ""


@dataclass
class SectorChapter:
    row: SectorRow
    attendance: Attendance | None
    notes_by_kind: list[tuple[str, int, str, list[Quote]]]  # label, count, query, notes shown
    quotes: list[Quote]


@dataclass
class Profile:
    """Who the approved responses came from, and how every response arrived."""

    respondent_types: list[Tally]
    places: list[Tally]
    by_sector: dict[int | None, int]
    quotable: int
    themed: int
    channels: list[dict]  # channel, label, counts by status, total
    statuses: list[tuple[str, str]]
    late: Tally
    total: int  # every status
    synthetic: int  # approved responses made up by seed_llep --responses


@dataclass
class Evidence:
    consultation: Consultation
    survey: Survey | None
    sectors: list[Sector]
    foundations: list[Theme]
    grand_challenges: list[Theme]
    rows: list[SectorRow]  # one per sector, plus "No sector given" when there are such responses
    overall: SectorRow
    ratings: list[Rating]
    scale_labels: list[str]
    grand_challenge_choices: list[Tally]
    respondent_types: list[Tally]
    places: list[Tally]
    respondent_sectors: list[Tally]
    channels: list[dict]  # channel, label, counts by status, total
    statuses: list[tuple[str, str]]
    late: Tally
    total_responses: int  # every status
    evidence_responses: int  # approved
    themed_responses: int
    quotable_responses: int
    total_notes: int
    synthetic_responses: int  # approved responses made up by seed_llep --responses
    attendance: list[Attendance]
    chapters: list[SectorChapter]
    note_kinds: list[tuple[str, str]] = field(default_factory=list)
    featured: list[Quote] = field(default_factory=list)  # every quote moderators chose
