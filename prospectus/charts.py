"""The evidence charts as inline SVG, built by server code so the board page and the PDF show the
same picture. Only SVG presentation attributes and classes: the CSP allows no style attributes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.selectors import date_display
from prospectus.evidence import Evidence, Tally
from prospectus.evidence.ambitions import AmbitionEvidence
from prospectus.evidence.tables import parse_number
from prospectus.models import EvidenceTable
from prospectus.numbers import figure

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 110
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
AXIS_HEIGHT = 22  # tick labels under the bars
NOTE_LINE = 18  # each line of the scale's words and of what the chart is based on
LABEL_CHARS = 34
# LLEP navy bars (dark in greyscale too), text colours that pass WCAG AA contrast on white, and
# light gridlines that stay behind the bars when printed in black and white.
BAR_FILL = "#1b365d"
TEXT_FILL = "#0b0c0c"
AXIS_STROKE = "#505a5f"
GRID_STROKE = "#d8dadc"


@dataclass
class ChartRow:
    label: str
    value: float
    display: str
    query: str = ""


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    rows: list[ChartRow]
    max_value: float | None = None
    # A scale that starts above 0 (ratings run from 1 to 5): bars start at the scale's bottom.
    min_value: float = 0
    scale_words: list[str] = field(default_factory=list)
    basis: str = ""  # how many responses or notes the chart counts, printed under it
    # Which board list the rows link to: "responses" or "notes".
    list_name: str = "responses"

    @property
    def alt(self) -> str:
        """The chart's text alternative: what it shows and what it is based on; the data table
        beside it holds every value."""
        return " ".join(p for p in (f"{self.title}.", self.description, self.basis) if p)

    @property
    def svg(self) -> SafeString:
        return bar_chart_svg(self)


def _ticks(chart: Chart, top: float) -> list[float]:
    """The axis's ticks: every point of a rating scale, else 0 and round steps (1, 2 or 5 times
    a power of ten), at most five of them."""
    if chart.scale_words:
        return [float(v) for v in range(int(chart.min_value), int(top) + 1)]
    step = 1.0
    while top / step > 5:
        for factor in (2, 2.5, 2):
            step *= factor
            if top / step <= 5:
                break
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _scale_note(chart: Chart) -> list[str]:
    """The scale's words, in lines short enough for the chart's width."""
    words = [f"{i} = {w}" for i, w in enumerate(chart.scale_words, start=int(chart.min_value) or 1)]
    lines, line = [], ""
    for word in words:
        candidate = f"{line}; {word}" if line else _("Scale: %(word)s") % {"word": word}
        if len(candidate) > 84 and line:
            lines.append(line + ";")
            candidate = word
        line = candidate
    return [*lines, line] if line else lines


def _label_lines(label: str) -> list[str]:
    """A bar's label on one line, or two split at a space when it is long; clipped only when
    even two lines cannot hold it."""
    if len(label) <= LABEL_CHARS:
        return [label]
    cut = label.rfind(" ", 0, LABEL_CHARS)
    first, rest = (
        (label[:cut], label[cut + 1 :]) if cut > 0 else (label[:LABEL_CHARS], label[LABEL_CHARS:])
    )
    if len(rest) > LABEL_CHARS:
        rest = rest[: LABEL_CHARS - 1] + "…"
    return [first, rest]


def bar_chart_svg(chart: Chart) -> SafeString:
    """A horizontal bar chart that reads alone: one bar per row with its value beside it, an
    axis with its scale, the scale's words, and how many responses it counts. Scales with its
    container (viewBox); its title is the text alternative (a tagged Figure in the PDF)."""
    notes = _scale_note(chart) + ([chart.basis] if chart.basis else [])
    bars_height = TOP + ROW_HEIGHT * max(len(chart.rows), 1)
    height = bars_height + AXIS_HEIGHT + NOTE_LINE * len(notes) + TOP
    top = max([r.value for r in chart.rows] + [chart.max_value or 0, 1])
    ticks = _ticks(chart, top)
    top = max(top, ticks[-1])
    bottom = chart.min_value
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def x(value: float) -> float:
        return round(LABEL_WIDTH + bar_space * (value - bottom) / ((top - bottom) or 1), 1)

    title_id = f"chart-{chart.slug}-title"
    parts = [
        # Laid out left to right by its coordinates: on a right-to-left page (Urdu) the inherited
        # direction would turn each label's text-anchor round, onto its bar.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="llep-chart" width="100%" direction="ltr" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{title_id}" '
        f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(chart.alt)}</title>',
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick)}" y1="{TOP - 4}" x2="{x(tick)}" y2="{bars_height}" '
            f'stroke="{GRID_STROKE}" stroke-width="1"/>'
            f'<text x="{x(tick)}" y="{bars_height + 15}" text-anchor="middle" '
            f'fill="{TEXT_FILL}" font-size="11">{escape(figure(int(tick)))}</text>'
        )
    for i, row in enumerate(chart.rows):
        y = TOP + i * ROW_HEIGHT
        end = x(max(row.value, bottom))
        lines = _label_lines(row.label)
        first = y + BAR_HEIGHT - 4 if len(lines) == 1 else y + 5
        parts.extend(
            f'<text x="{LABEL_WIDTH - 8}" y="{first + 13 * n}" text-anchor="end" '
            f'fill="{TEXT_FILL}">{escape(line)}</text>'
            for n, line in enumerate(lines)
        )
        if end > LABEL_WIDTH:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{round(end - LABEL_WIDTH, 1)}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_FILL}"/>'
            )
        parts.append(
            f'<text x="{end + 6}" y="{y + BAR_HEIGHT - 4}" fill="{TEXT_FILL}" '
            f'font-weight="bold">{escape(row.display)}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{bars_height}" x2="{x(top)}" y2="{bars_height}" '
        f'stroke="{AXIS_STROKE}" stroke-width="1"/>'
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" y2="{bars_height}" '
        f'stroke="{AXIS_STROKE}" stroke-width="1"/>'
    )
    for i, line in enumerate(notes):
        parts.append(
            f'<text x="0" y="{bars_height + AXIS_HEIGHT + NOTE_LINE * (i + 1) - 4}" '
            f'fill="{TEXT_FILL}" font-size="12">{escape(line)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


def _count_chart(
    slug: str, title: str, description: str, label_heading: str, items, basis: str = ""
) -> Chart:
    """A chart of how many approved responses fall under each label. Labels (theme and sector
    names, kinds of respondent) are read through the catalogue, which holds the Industrial
    Strategy's and the LLEP's names in each language; in English they are as stored."""
    return Chart(
        slug=slug,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=_("Responses"),
        rows=[
            ChartRow(label=_(t.label), value=t.count, display=figure(t.count), query=t.query)
            for t in items
        ],
        basis=basis,
    )


def _approved_basis(count: int) -> str:
    return ngettext(
        "Based on %(count)s approved survey response.",
        "Based on %(count)s approved survey responses.",
        count,
    ) % {"count": figure(count)}


def _tagged_basis(count: int) -> str:
    return ngettext(
        "Based on %(count)s approved survey response staff tagged.",
        "Based on %(count)s approved survey responses staff tagged.",
        count,
    ) % {"count": figure(count)}


def charts_for(*, evidence: Evidence) -> list[Chart]:
    """The charts the board page and the PDF both show, in that order; the results pages show
    them too, in the reader's language (the PDF and the board page are in English)."""
    themed = _tagged_basis(evidence.themed_responses)
    approved = _approved_basis(evidence.evidence_responses)
    return [
        _count_chart(
            "foundation-evidence",
            _("Responses speaking to each foundation of productivity"),
            _("How many approved survey responses staff tagged with each foundation."),
            _("Foundation"),
            [
                Tally(c.theme.name, c.responses, c.response_query)
                for c in evidence.overall.foundations
            ],
            themed,
        ),
        _count_chart(
            "grand-challenge-evidence",
            _("Responses speaking to each Grand Challenge"),
            _("How many approved survey responses staff tagged with each Grand Challenge."),
            _("Grand Challenge"),
            [
                Tally(c.theme.name, c.responses, c.response_query)
                for c in evidence.overall.grand_challenges
            ],
            themed,
        ),
        _ratings_chart(evidence),
        _count_chart(
            "grand-challenge-choices",
            _("Grand Challenges respondents chose as most relevant"),
            _("How many approved responses chose each Grand Challenge."),
            _("Grand Challenge"),
            evidence.grand_challenge_choices,
            f"{approved} {_('A response can choose more than one.')}",
        ),
        _count_chart(
            "respondent-types",
            _("Who responded"),
            _("Approved responses by type of respondent."),
            _("Respondent"),
            evidence.respondent_types,
            approved,
        ),
        _count_chart(
            "respondent-sectors",
            _("Responses by sector"),
            _("Approved responses by the sector the respondent chose."),
            _("Sector"),
            evidence.respondent_sectors,
            approved,
        ),
    ]


def _ratings_chart(evidence: Evidence) -> Chart:
    """The mean rating of each foundation, on the rating question's own scale."""
    scale = evidence.scale_labels
    description = (
        _(
            "The mean rating respondents gave each foundation on a scale of 1 (%(lowest)s) "
            "to %(points)s (%(highest)s)."
        )
        % {"lowest": scale[0], "points": len(scale), "highest": scale[-1]}
        if scale
        else _("The mean rating respondents gave each foundation.")
    )
    ratings = sum(r.count for r in evidence.ratings)
    return Chart(
        slug="foundation-ratings",
        title=_("How important respondents rated each foundation (mean rating)"),
        description=description,
        label_heading=_("Foundation"),
        value_heading=_("Mean rating (ratings)"),
        rows=[
            ChartRow(
                label=_(r.theme.name),
                value=float(r.mean or 0),
                display=(
                    f"{figure(r.mean)} ({figure(r.count)})"
                    if r.mean is not None
                    else _("no ratings")
                ),
                query=r.query,
            )
            for r in evidence.ratings
        ],
        max_value=len(scale) or None,
        min_value=1 if scale else 0,
        scale_words=scale,
        basis=ngettext(
            "Based on %(count)s rating in approved responses; each bar's number of ratings is "
            "in brackets.",
            "Based on %(count)s ratings in approved responses; each bar's number of ratings is "
            "in brackets.",
            ratings,
        )
        % {"count": figure(ratings)},
    )


def ambition_chart(item: AmbitionEvidence) -> Chart:
    """An ambition's evidence by theme: approved responses from its sectors tagged with each of
    its themes (round-table notes in the data table)."""
    order = item.ambition.order
    return Chart(
        slug=f"ambition-{order}-evidence",
        title=_(
            "Evidence for ambition %(number)s: responses from its sectors on each of its themes"
        )
        % {"number": order},
        description=_(
            "How many approved survey responses from the ambition's sectors staff tagged "
            "with each of its themes; round-table notes in brackets."
        ),
        label_heading=_("Theme"),
        value_heading=_("Responses (round-table notes)"),
        rows=[
            ChartRow(
                label=_(c.theme.name),
                value=c.responses,
                display=f"{figure(c.responses)} ({figure(c.notes)})",
                query=c.response_query,
            )
            for c in item.by_theme
        ],
        basis=_(
            "Based on %(responses)s approved responses and %(notes)s round-table notes that "
            "speak to this ambition."
        )
        % {"responses": figure(item.responses), "notes": figure(item.notes)},
    )


def evidence_table_chart(table: EvidenceTable) -> Chart | None:
    """A staff evidence table's chosen column as bars, labelled by its first column."""
    if table.chart_column is None:
        return None
    column = table.chart_column - 1
    return Chart(
        slug=f"evidence-table-{table.pk}",
        title=table.title,
        description=_("%(value)s by %(label)s.")
        % {"value": table.columns[column], "label": table.columns[0].lower()},
        label_heading=table.columns[0],
        value_heading=table.columns[column],
        rows=[
            ChartRow(label=row[0], value=float(parse_number(row[column])), display=row[column])
            for row in table.rows
        ],
        basis=_("Source: %(source)s, %(date)s.")
        % {"source": table.source, "date": date_display(table.source_date)},
    )


@dataclass
class AlignmentTable:
    slug: str
    title: str
    themes: list
    rows: list  # SectorRow-like: label, cells, response_query
    total: object


def alignment_tables(*, evidence: Evidence) -> list[AlignmentTable]:
    """Sector by foundation and sector by Grand Challenge: responses (and round-table notes)."""
    return [
        AlignmentTable(
            slug="sector-foundation",
            title=_("Sectors by foundation of productivity"),
            themes=evidence.foundations,
            rows=[(r, r.foundations) for r in evidence.rows],
            total=(evidence.overall, evidence.overall.foundations),
        ),
        AlignmentTable(
            slug="sector-grand-challenge",
            title=_("Sectors by Grand Challenge"),
            themes=evidence.grand_challenges,
            rows=[(r, r.grand_challenges) for r in evidence.rows],
            total=(evidence.overall, evidence.overall.grand_challenges),
        ),
    ]
