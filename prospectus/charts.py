"""The evidence charts as inline SVG, built by server code so the board page and the PDF show the
same picture. Only SVG presentation attributes and classes: the CSP allows no style attributes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from prospectus.evidence import Evidence, Tally

WIDTH = 640
LABEL_WIDTH = 290
VALUE_WIDTH = 90
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
# LLEP navy, with text colours that pass WCAG AA contrast on white.
BAR_FILL = "#1b365d"
TEXT_FILL = "#0b0c0c"
AXIS_STROKE = "#505a5f"


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
    # Which board list the rows link to: "responses" or "notes".
    list_name: str = "responses"

    @property
    def svg(self) -> SafeString:
        return bar_chart_svg(self)


def bar_chart_svg(chart: Chart) -> SafeString:
    """A horizontal bar chart: one bar per row, the value written beside it. Scales with its
    container (viewBox) and names itself for screen readers (title and desc)."""
    height = TOP * 2 + ROW_HEIGHT * max(len(chart.rows), 1)
    top = max([r.value for r in chart.rows] + [chart.max_value or 0, 1])
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    title_id = f"chart-{chart.slug}-title"
    desc_id = f"chart-{chart.slug}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="llep-chart" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    for i, row in enumerate(chart.rows):
        y = TOP + i * ROW_HEIGHT
        bar = 0 if top == 0 else round(bar_space * row.value / top, 1)
        label = row.label if len(row.label) <= 42 else row.label[:41] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
            f'fill="{TEXT_FILL}">{escape(label)}</text>'
        )
        if bar > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_FILL}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + BAR_HEIGHT - 4}" '
            f'fill="{TEXT_FILL}">{escape(row.display)}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" '
        f'y2="{height - TOP + 4}" stroke="{AXIS_STROKE}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


def _count_chart(slug: str, title: str, description: str, label_heading: str, items) -> Chart:
    """A chart of how many approved responses fall under each label."""
    return Chart(
        slug=slug,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading="Responses",
        rows=[
            ChartRow(label=t.label, value=t.count, display=str(t.count), query=t.query)
            for t in items
        ],
    )


def charts_for(*, evidence: Evidence) -> list[Chart]:
    """The charts the board page and the PDF both show, in that order."""
    scale_top = len(evidence.scale_labels) or None
    scale_note = (
        f" on a scale of 1 ({evidence.scale_labels[0]}) to {scale_top} "
        f"({evidence.scale_labels[-1]})"
        if scale_top
        else ""
    )
    return [
        _count_chart(
            "foundation-evidence",
            "Responses speaking to each foundation of productivity",
            "How many approved survey responses staff tagged with each foundation.",
            "Foundation",
            [
                Tally(c.theme.name, c.responses, c.response_query)
                for c in evidence.overall.foundations
            ],
        ),
        _count_chart(
            "grand-challenge-evidence",
            "Responses speaking to each Grand Challenge",
            "How many approved survey responses staff tagged with each Grand Challenge.",
            "Grand Challenge",
            [
                Tally(c.theme.name, c.responses, c.response_query)
                for c in evidence.overall.grand_challenges
            ],
        ),
        Chart(
            slug="foundation-ratings",
            title="How important respondents rated each foundation (mean rating)",
            description=f"The mean rating respondents gave each foundation{scale_note}.",
            label_heading="Foundation",
            value_heading="Mean rating (responses)",
            rows=[
                ChartRow(
                    label=r.theme.name,
                    value=r.mean or 0,
                    display=f"{r.mean:.2f} ({r.count})" if r.mean is not None else "no ratings",
                    query=r.query,
                )
                for r in evidence.ratings
            ],
            max_value=scale_top,
        ),
        _count_chart(
            "grand-challenge-choices",
            "Grand Challenges respondents chose as most relevant",
            "How many approved responses chose each Grand Challenge.",
            "Grand Challenge",
            evidence.grand_challenge_choices,
        ),
        _count_chart(
            "respondent-types",
            "Who responded",
            "Approved responses by type of respondent.",
            "Respondent",
            evidence.respondent_types,
        ),
        _count_chart(
            "respondent-sectors",
            "Responses by sector",
            "Approved responses by the sector the respondent chose.",
            "Sector",
            evidence.respondent_sectors,
        ),
    ]


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
            title="Sectors by foundation of productivity",
            themes=evidence.foundations,
            rows=[(r, r.foundations) for r in evidence.rows],
            total=(evidence.overall, evidence.overall.foundations),
        ),
        AlignmentTable(
            slug="sector-grand-challenge",
            title="Sectors by Grand Challenge",
            themes=evidence.grand_challenges,
            rows=[(r, r.grand_challenges) for r in evidence.rows],
            total=(evidence.overall, evidence.overall.grand_challenges),
        ),
    ]
