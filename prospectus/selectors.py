"""Reads behind the board page and the PDF: the evidence, counted by the database.

Every figure is an aggregate (COUNT ... GROUP BY) or a capped, windowed pick of quotes, so the
number of queries and the size of what comes back do not grow with the number of responses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from events.models import Booking, RoundTable, RoundTableNote
from portal.models import Consultation, Sector, Theme
from portal.query import query_int
from prospectus.models import Ambition, Export, Prospectus
from survey.models import Answer, Choice, Question, Response, Survey

APPROVED = Response.Status.APPROVED
# Question keys that hold who a person is; never shown to the board nor quoted.
PERSONAL_KEYS = {"name", "email", "organisation", "contact_ok", "quote_ok", "phone", "job_title"}
# The PDF stays concise whatever the number of responses: at most this many quotes per sector
# and question, and this many round-table notes per sector and kind.
QUOTES_PER_SECTOR_QUESTION = 2
# Quotes are taken from this many of each sector's earliest quotable responses.
QUOTE_CANDIDATES_PER_SECTOR = 12
NOTES_PER_SECTOR_KIND = 5
QUOTE_MAX_CHARS = 600
# Stands for "every sector" when summing the matrix.
ALL = object()


def query_string(**filters) -> str:
    """The query string of a board evidence list; empty values left out."""
    return urlencode({k: v for k, v in filters.items() if v not in (None, "")})


def _choice_tallies(choices, counts: dict[str, int], filter_name: str) -> list[Tally]:
    """A tally for each choice, and one for "Not given" when some responses left it blank."""
    tallies = [
        Tally(label=label, count=counts.get(value, 0), query=query_string(**{filter_name: value}))
        for value, label in choices
    ]
    if counts.get(""):
        tallies.append(
            Tally(label="Not given", count=counts[""], query=query_string(**{filter_name: "none"}))
        )
    return tallies


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
    mean: float | None
    distribution: list[Tally]
    query: str = ""


@dataclass
class Quote:
    reference: str
    text: str
    source: str  # the question asked, or the round table and kind of note
    sector_id: int | None
    kind: str = ""  # challenge / priority / intervention for notes


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


def _responses(consultation: Consultation) -> QuerySet[Response]:
    return Response.objects.filter(survey__consultation=consultation)


def evidence_for(*, consultation: Consultation) -> Evidence:
    """Everything the board page and the PDF show, in a fixed number of queries."""
    sectors = list(Sector.objects.filter(consultation=consultation).order_by("order"))
    themes = list(Theme.objects.order_by("kind", "order"))
    foundations = [t for t in themes if t.kind == Theme.Kind.FOUNDATION]
    grand_challenges = [t for t in themes if t.kind == Theme.Kind.GRAND_CHALLENGE]
    survey = Survey.objects.filter(consultation=consultation).order_by("-opens_at").first()
    responses = _responses(consultation)
    evidence = responses.filter(status=APPROVED)

    # Sector by theme, responses: staff themes of approved responses.
    response_cells: dict[tuple[int | None, int], int] = {}
    for row in (
        Response.themes.through.objects.filter(
            response__survey__consultation=consultation, response__status=APPROVED
        )
        .values("response__sector_id", "theme_id")
        # A response carries a theme once (the through table is unique), so no DISTINCT; COUNT(*)
        # lets PostgreSQL read the through table's unique index alone.
        .annotate(n=Count("*"))
        .order_by()
    ):
        response_cells[(row["response__sector_id"], row["theme_id"])] = row["n"]

    # Sector by theme, round-table notes.
    note_cells: dict[tuple[int | None, int], int] = {}
    for row in (
        RoundTableNote.themes.through.objects.filter(
            roundtablenote__round_table__consultation=consultation
        )
        .values("roundtablenote__round_table__sector_id", "theme_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        note_cells[(row["roundtablenote__round_table__sector_id"], row["theme_id"])] = row["n"]

    # Respondent profile of the evidence and how many may be quoted, in one grouped query; then
    # how many carry at least one staff theme.
    by_type: dict[str, int] = defaultdict(int)
    by_place: dict[str, int] = defaultdict(int)
    by_sector: dict[int | None, int] = defaultdict(int)
    quotable = 0
    for row in (
        evidence.values("respondent_type", "place", "sector_id")
        .annotate(n=Count("id"), quotable=Count("id", filter=Q(quote_ok=True)))
        .order_by()
    ):
        by_type[row["respondent_type"]] += row["n"]
        by_place[row["place"]] += row["n"]
        by_sector[row["sector_id"]] += row["n"]
        quotable += row["quotable"]
    themed = evidence.filter(
        Exists(Response.themes.through.objects.filter(response_id=OuterRef("pk")))
    ).count()

    # Methodology: every response by channel and status, and the late ones.
    by_channel_status: dict[tuple[str, str], int] = defaultdict(int)
    late = 0
    synthetic = 0
    for row in (
        responses.values("channel", "status", "is_late", "is_synthetic")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_channel_status[(row["channel"], row["status"])] += row["n"]
        if row["is_late"] and row["status"] == APPROVED:
            late += row["n"]
        if row["is_synthetic"] and row["status"] == APPROVED:
            synthetic += row["n"]

    # Notes by sector and kind.
    notes_count: dict[tuple[int, str], int] = {}
    for row in (
        RoundTableNote.objects.filter(round_table__consultation=consultation)
        .values("round_table__sector_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        notes_count[(row["round_table__sector_id"], row["kind"])] = row["n"]

    # The rated items and options tagged with a theme (a few dozen rows). Counting answers by
    # choice id afterwards lets PostgreSQL use the answer table's choice index instead of joining
    # two million answers to the tags.
    rated_themes: dict[int, list[int]] = defaultdict(list)
    option_themes: dict[int, list[int]] = defaultdict(list)
    scale_labels: list[str] = []
    for choice_id, theme_id, theme_kind, question_kind, labels in (
        Choice.objects.filter(
            question__section__survey__consultation=consultation,
            themes__kind__in=[Theme.Kind.FOUNDATION, Theme.Kind.GRAND_CHALLENGE],
        )
        .order_by("question__section__order", "question__order", "order")
        .values_list("pk", "themes__id", "themes__kind", "question__kind", "question__scale_labels")
    ):
        if question_kind == Question.Kind.RATING and theme_kind == Theme.Kind.FOUNDATION:
            rated_themes[choice_id].append(theme_id)
            if not scale_labels:
                scale_labels = list(labels or [])
        elif (
            question_kind in (Question.Kind.ONE_CHOICE, Question.Kind.SEVERAL_CHOICES)
            and theme_kind == Theme.Kind.GRAND_CHALLENGE
        ):
            option_themes[choice_id].append(theme_id)

    # Ratings of each foundation: scores given to rated items tagged with it.
    rating_counts: dict[tuple[int, int], int] = defaultdict(int)
    for row in (
        Answer.objects.filter(
            choice_id__in=list(rated_themes),
            response__status=APPROVED,
            score__isnull=False,
        )
        .values("choice_id", "score")
        # COUNT(*), not of a column: PostgreSQL then reads the covering index alone.
        .annotate(n=Count("*"))
        .order_by()
    ):
        for theme_id in rated_themes[row["choice_id"]]:
            rating_counts[(theme_id, row["score"])] += row["n"]

    # Grand Challenges chosen: responses that picked an option tagged with one.
    chosen: dict[int, int] = defaultdict(int)
    for row in (
        Answer.objects.filter(choice_id__in=list(option_themes), response__status=APPROVED)
        .values("choice_id")
        # One row per response and option (constraint one_answer_per_choice): no DISTINCT.
        .annotate(n=Count("*"))
        .order_by()
    ):
        for theme_id in option_themes[row["choice_id"]]:
            chosen[theme_id] += row["n"]

    # Round-table attendance.
    round_tables = list(
        RoundTable.objects.filter(consultation=consultation)
        .select_related("sector")
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
            waitlisted=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
            attended_count=Count(
                "bookings",
                filter=Q(bookings__attended=True) & ~Q(bookings__status=Booking.Status.CANCELLED),
            ),
        )
        .order_by("starts_at")
    )

    quotes = response_quotes(consultation=consultation)
    note_quotes = notes_quoted(consultation=consultation)

    # ----- assembled in Python from the fixed-size results above -----
    def cells(sector_key, theme_list, sector_slug):
        out = []
        for theme in theme_list:
            out.append(
                Cell(
                    theme=theme,
                    responses=sum(
                        n
                        for (s, t), n in response_cells.items()
                        if t == theme.pk and (sector_key is ALL or s == sector_key)
                    ),
                    notes=sum(
                        n
                        for (s, t), n in note_cells.items()
                        if t == theme.pk and (sector_key is ALL or s == sector_key)
                    ),
                    response_query=query_string(sector=sector_slug, theme=theme.slug),
                    note_query=query_string(sector=sector_slug, theme=theme.slug),
                )
            )
        return out

    note_kinds = list(RoundTableNote.Kind.choices)
    plural = {"challenge": "Challenges", "priority": "Priorities", "intervention": "Interventions"}
    rows = []
    for sector in sectors:
        rows.append(
            SectorRow(
                sector=sector,
                label=sector.short_name or sector.name,
                foundations=cells(sector.pk, foundations, sector.slug),
                grand_challenges=cells(sector.pk, grand_challenges, sector.slug),
                responses=by_sector.get(sector.pk, 0),
                notes=sum(notes_count.get((sector.pk, k), 0) for k, _ in note_kinds),
                response_query=query_string(sector=sector.slug),
                note_query=query_string(sector=sector.slug),
            )
        )
    if by_sector.get(None):
        rows.append(
            SectorRow(
                sector=None,
                label="No sector given",
                foundations=cells(None, foundations, "none"),
                grand_challenges=cells(None, grand_challenges, "none"),
                responses=by_sector[None],
                response_query=query_string(sector="none"),
            )
        )
    total_notes = sum(notes_count.values())
    overall = SectorRow(
        sector=None,
        label="All",
        foundations=cells(ALL, foundations, ""),
        grand_challenges=cells(ALL, grand_challenges, ""),
        responses=sum(by_sector.values()),
        notes=total_notes,
    )

    ratings = []
    for theme in foundations:
        dist = {score: n for (t, score), n in rating_counts.items() if t == theme.pk}
        scores = sorted(set(dist) | set(range(1, len(scale_labels) + 1)))
        count = sum(dist.values())
        mean = sum(s * n for s, n in dist.items()) / count if count else None
        ratings.append(
            Rating(
                theme=theme,
                count=count,
                mean=mean,
                distribution=[
                    Tally(
                        label=(
                            f"{s} – {scale_labels[s - 1]}"
                            if 1 <= s <= len(scale_labels)
                            else str(s)
                        ),
                        count=dist.get(s, 0),
                        query=query_string(rated=theme.slug, score=s),
                    )
                    for s in scores
                ],
                query=query_string(rated=theme.slug),
            )
        )

    attendance = [
        Attendance(
            round_table=rt,
            confirmed=rt.confirmed,
            waitlisted=rt.waitlisted,
            attended=rt.attended_count,
            notes=sum(notes_count.get((rt.sector_id, k), 0) for k, _ in note_kinds),
            note_query=query_string(round_table=rt.slug),
        )
        for rt in round_tables
    ]
    attendance_by_sector = {a.round_table.sector_id: a for a in attendance}

    chapters = []
    for row in rows:
        if row.sector is None:
            continue
        sid = row.sector.pk
        chapters.append(
            SectorChapter(
                row=row,
                attendance=attendance_by_sector.get(sid),
                notes_by_kind=[
                    (
                        plural.get(kind, label),
                        notes_count.get((sid, kind), 0),
                        query_string(sector=row.sector.slug, kind=kind),
                        [q for q in note_quotes if q.sector_id == sid and q.kind == kind],
                    )
                    for kind, label in note_kinds
                ],
                quotes=[q for q in quotes if q.sector_id == sid],
            )
        )

    channels = []
    statuses = list(Response.Status.choices)
    for channel, label in Response.Channel.choices:
        counts = [
            Tally(
                label=status_label,
                count=by_channel_status.get((channel, status), 0),
                query=query_string(channel=channel, status=status),
            )
            for status, status_label in statuses
        ]
        channels.append(
            {
                "channel": channel,
                "label": label,
                "counts": counts,
                "total": sum(c.count for c in counts),
                "query": query_string(channel=channel, status="any"),
            }
        )

    return Evidence(
        consultation=consultation,
        survey=survey,
        sectors=sectors,
        foundations=foundations,
        grand_challenges=grand_challenges,
        rows=rows,
        overall=overall,
        ratings=ratings,
        scale_labels=scale_labels,
        grand_challenge_choices=[
            Tally(label=t.name, count=chosen.get(t.pk, 0), query=query_string(chose=t.slug))
            for t in grand_challenges
        ],
        respondent_types=_choice_tallies(Response.RespondentType.choices, by_type, "type"),
        places=_choice_tallies(Response.Place.choices, by_place, "place"),
        respondent_sectors=[Tally(r.label, r.responses, r.response_query) for r in rows],
        channels=channels,
        statuses=statuses,
        late=Tally(label="Received after the survey closed", count=late, query="late=1"),
        total_responses=sum(by_channel_status.values()),
        evidence_responses=sum(by_sector.values()),
        themed_responses=themed,
        quotable_responses=quotable,
        total_notes=total_notes,
        synthetic_responses=synthetic,
        attendance=attendance,
        chapters=chapters,
        note_kinds=note_kinds,
    )


def response_quotes(*, consultation: Consultation) -> list[Quote]:
    """Answers a person agreed to have quoted (without name, email or organisation): at most
    QUOTES_PER_SECTOR_QUESTION for each sector and question, from the earliest quotable responses
    of each sector. Two queries: a windowed pick of candidate responses (the response table only),
    then their long-text answers."""
    candidates = {
        r["pk"]: r
        for r in _responses(consultation)
        .filter(status=APPROVED, quote_ok=True)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("sector_id")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=QUOTE_CANDIDATES_PER_SECTOR)
        .values("pk", "reference", "sector_id", "submitted_at")
    }
    answers = (
        Answer.objects.filter(
            response_id__in=list(candidates), question__kind=Question.Kind.LONG_TEXT
        )
        .exclude(text="")
        .exclude(question__key__in=PERSONAL_KEYS)
        .values(
            "response_id",
            "text",
            "question_id",
            "question__text",
            "question__section__order",
            "question__order",
        )
    )
    rows = sorted(
        answers,
        key=lambda a: (
            a["question__section__order"],
            a["question__order"],
            candidates[a["response_id"]]["submitted_at"],
            a["response_id"],
        ),
    )
    taken: dict[tuple[int | None, int], int] = defaultdict(int)
    quotes = []
    for a in rows:
        response = candidates[a["response_id"]]
        key = (response["sector_id"], a["question_id"])
        if taken[key] >= QUOTES_PER_SECTOR_QUESTION:
            continue
        taken[key] += 1
        quotes.append(
            Quote(
                reference=response["reference"],
                text=_clip(a["text"]),
                source=a["question__text"],
                sector_id=response["sector_id"],
            )
        )
    return quotes


def notes_quoted(*, consultation: Consultation) -> list[Quote]:
    """Round-table notes, at most NOTES_PER_SECTOR_KIND for each sector and kind: one query."""
    rows = (
        RoundTableNote.objects.filter(round_table__consultation=consultation)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("round_table__sector_id"), F("kind")],
                order_by=[F("pk").asc()],
            )
        )
        .filter(rank__lte=NOTES_PER_SECTOR_KIND)
        .values("pk", "text", "kind", "round_table__slug", "round_table__title")
        .annotate(sector_id=F("round_table__sector_id"))
    )
    return [
        Quote(
            reference=note_reference(r["round_table__slug"], r["pk"]),
            text=_clip(r["text"]),
            source=r["round_table__title"],
            sector_id=r["sector_id"],
            kind=r["kind"],
        )
        for r in sorted(rows, key=lambda r: r["pk"])
    ]


def note_reference(slug: str, pk: int) -> str:
    """The same reference as RoundTableNote.reference, without loading the round table."""
    return f"RT-{slug.upper()}-{pk}"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[: QUOTE_MAX_CHARS - 1].rstrip() + "…"


def prospectus_for(*, consultation: Consultation) -> Prospectus | None:
    return Prospectus.objects.filter(consultation=consultation).first()


@dataclass
class AmbitionView:
    ambition: Ambition
    sectors: list[Sector]
    themes: list[Theme]
    quotes: list[Quote]


def ambitions_for(*, prospectus: Prospectus) -> list[AmbitionView]:
    """The ambitions in order with their sectors, themes and chosen quotes; the chosen responses
    only count when their author agreed to be quoted and the response is evidence."""
    quote_answers = Prefetch(
        "answers",
        queryset=Answer.objects.filter(question__kind=Question.Kind.LONG_TEXT)
        .exclude(text="")
        .exclude(question__key__in=PERSONAL_KEYS)
        .select_related("question")
        .order_by("question__section__order", "question__order"),
        to_attr="quote_answers",
    )
    ambitions = (
        Ambition.objects.filter(prospectus=prospectus)
        .order_by("order")
        .prefetch_related(
            "sectors",
            "themes",
            Prefetch(
                "quoted_responses",
                queryset=Response.objects.filter(status=APPROVED, quote_ok=True)
                .order_by("pk")
                .prefetch_related(quote_answers),
            ),
            Prefetch(
                "quoted_notes",
                queryset=RoundTableNote.objects.select_related("round_table").order_by("pk"),
            ),
        )
    )
    out = []
    for ambition in ambitions:
        quotes = []
        for response in ambition.quoted_responses.all():
            for answer in response.quote_answers[:1]:
                quotes.append(
                    Quote(
                        reference=response.reference,
                        text=_clip(answer.text),
                        source=answer.question.text,
                        sector_id=response.sector_id,
                    )
                )
        for note in ambition.quoted_notes.all():
            quotes.append(
                Quote(
                    reference=note.reference,
                    text=_clip(note.text),
                    source=f"{note.round_table.title}, {note.get_kind_display().lower()}",
                    sector_id=note.round_table.sector_id,
                    kind=note.kind,
                )
            )
        out.append(
            AmbitionView(
                ambition=ambition,
                sectors=list(ambition.sectors.all()),
                themes=list(ambition.themes.all()),
                quotes=quotes,
            )
        )
    return out


def exports_for(*, prospectus: Prospectus, limit: int = 20) -> list[Export]:
    return list(Export.objects.filter(prospectus=prospectus).select_related("requested_by")[:limit])


# ----- the board's evidence lists: the responses and notes behind each count -----


@dataclass
class ListFilter:
    label: str
    value: str


def evidence_responses(
    *, consultation: Consultation, params
) -> tuple[QuerySet[Response], list[ListFilter]]:
    """Responses matching the board list's filters (approved unless status is given), and a
    description of the filters for the page. Unknown values match nothing rather than erroring."""
    qs = _responses(consultation)
    described: list[ListFilter] = []
    status = params.get("status") or APPROVED
    if status != "any":
        qs = qs.filter(status=status)
        described.append(ListFilter("Status", dict(Response.Status.choices).get(status, status)))
    if sector := params.get("sector"):
        if sector == "none":
            qs = qs.filter(sector__isnull=True)
            described.append(ListFilter("Sector", "No sector given"))
        else:
            qs = qs.filter(sector__slug=sector, sector__consultation=consultation)
            described.append(ListFilter("Sector", _sector_name(consultation, sector)))
    if theme := params.get("theme"):
        qs = qs.filter(themes__slug=theme)
        described.append(ListFilter("Speaks to", _theme_name(theme)))
    if channel := params.get("channel"):
        qs = qs.filter(channel=channel)
        described.append(
            ListFilter("Channel", dict(Response.Channel.choices).get(channel, channel))
        )
    if rtype := params.get("type"):
        qs = qs.filter(respondent_type="" if rtype == "none" else rtype)
        described.append(
            ListFilter("Respondent", dict(Response.RespondentType.choices).get(rtype, "Not given"))
        )
    if place := params.get("place"):
        qs = qs.filter(place="" if place == "none" else place)
        described.append(ListFilter("Place", dict(Response.Place.choices).get(place, "Not given")))
    if params.get("quote") == "1":
        qs = qs.filter(quote_ok=True)
        described.append(ListFilter("Quote", "agreed to be quoted"))
    if params.get("late") == "1":
        qs = qs.filter(is_late=True)
        described.append(ListFilter("Received", "after the survey closed"))
    if rated := params.get("rated"):
        answers = Answer.objects.filter(
            question__kind=Question.Kind.RATING, choice__themes__slug=rated, score__isnull=False
        )
        score = query_int(params, "score")
        if score is not None:
            answers = answers.filter(score=score)
            described.append(ListFilter(f"Rated {_theme_name(rated)}", score))
        else:
            described.append(ListFilter("Rated", _theme_name(rated)))
        qs = qs.filter(pk__in=answers.values("response_id"))
    if chose := params.get("chose"):
        qs = qs.filter(
            pk__in=Answer.objects.filter(
                question__kind__in=[Question.Kind.ONE_CHOICE, Question.Kind.SEVERAL_CHOICES],
                choice__themes__slug=chose,
            ).values("response_id")
        )
        described.append(ListFilter("Chose", _theme_name(chose)))
    qs = (
        qs.distinct()
        .select_related("sector")
        .prefetch_related("themes")
        .only(
            "pk",
            "reference",
            "channel",
            "status",
            "is_late",
            "submitted_at",
            "respondent_type",
            "place",
            "quote_ok",
            "sector__name",
            "sector__short_name",
        )
        .order_by("submitted_at", "pk")
    )
    return qs, described


def evidence_notes(
    *, consultation: Consultation, params
) -> tuple[QuerySet[RoundTableNote], list[ListFilter]]:
    qs = RoundTableNote.objects.filter(round_table__consultation=consultation)
    described: list[ListFilter] = []
    if sector := params.get("sector"):
        qs = qs.filter(round_table__sector__slug=sector)
        described.append(ListFilter("Sector", _sector_name(consultation, sector)))
    if round_table := params.get("round_table"):
        qs = qs.filter(round_table__slug=round_table)
        title = RoundTable.objects.filter(consultation=consultation, slug=round_table).values_list(
            "title", flat=True
        )
        described.append(ListFilter("Round table", title.first() or round_table))
    if theme := params.get("theme"):
        qs = qs.filter(themes__slug=theme)
        described.append(ListFilter("Speaks to", _theme_name(theme)))
    if kind := params.get("kind"):
        qs = qs.filter(kind=kind)
        described.append(ListFilter("Kind", dict(RoundTableNote.Kind.choices).get(kind, kind)))
    qs = (
        qs.distinct()
        .select_related("round_table", "round_table__sector")
        .prefetch_related("themes")
        .order_by("round_table__starts_at", "kind", "pk")
    )
    return qs, described


def _sector_name(consultation: Consultation, slug: str) -> str:
    name = Sector.objects.filter(consultation=consultation, slug=slug).values_list(
        "name", flat=True
    )
    return name.first() or slug


def _theme_name(slug: str) -> str:
    return Theme.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def response_for_board(*, consultation: Consultation, reference: str) -> Response | None:
    """One response with its answers, without the questions that say who the person is."""
    return (
        _responses(consultation)
        .filter(reference=reference)
        .select_related("sector", "survey")
        .prefetch_related(
            "themes",
            Prefetch(
                "answers",
                queryset=Answer.objects.exclude(question__key__in=PERSONAL_KEYS)
                .select_related("question", "choice")
                .order_by("question__section__order", "question__order", "pk"),
                to_attr="board_answers",
            ),
        )
        .first()
    )
