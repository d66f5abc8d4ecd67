"""Charts that can be read alone: an axis with its scale (1 to 5 with the scale's words for
ratings), each bar's value, how many responses the chart counts, bars that stay dark in
greyscale, and a text alternative that says all of this."""

import re

import pytest
from django.utils.html import escape

from prospectus.charts import BAR_FILL, GRID_STROKE, TEXT_FILL, charts_for
from prospectus.evidence import evidence_for

pytestmark = pytest.mark.django_db


def _grey(colour: str) -> float:
    """Relative luminance (WCAG) of a #rrggbb colour: what it becomes in greyscale."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_grey(a), _grey(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def charts(data):
    return {
        c.slug: c for c in charts_for(evidence=evidence_for(consultation=data.survey.consultation))
    }


def test_the_ratings_chart_has_a_one_to_five_axis_with_the_scales_words(charts):
    svg = str(charts["foundation-ratings"].svg)
    ticks = re.findall(r'font-size="11">(\d)</text>', svg)
    assert ticks == ["1", "2", "3", "4", "5"]
    assert "1 = Not important" in svg and "5 = Essential" in svg
    # Ideas: 5 and 4 from approved responses, 3 from r3: mean 4.00 of 3 ratings.
    assert "4.00 (3)" in svg
    assert "Based on 4 ratings in approved responses" in svg


def test_a_count_chart_has_round_ticks_values_and_what_it_is_based_on(charts):
    svg = str(charts["respondent-sectors"].svg)
    assert re.findall(r'font-size="11">([\d,]+)</text>', svg)[0] == "0"
    assert "Based on 4 approved survey responses." in svg
    assert '<text x="0"' in svg  # the basis under the chart


def test_a_tagged_count_says_its_plural_on_the_noun(charts):
    svg = str(charts["foundation-evidence"].svg)
    assert re.search(r"Based on [\d,]+ approved survey responses? staff tagged\.", svg)
    assert "taggeds" not in svg


def test_the_text_alternative_says_what_the_chart_shows_and_counts(charts):
    chart = charts["foundation-ratings"]
    assert chart.alt.startswith("How important respondents rated each foundation (mean rating).")
    assert "on a scale of 1 (Not important) to 5 (Essential)" in chart.alt
    assert "Based on 4 ratings" in chart.alt
    assert f'<title id="chart-foundation-ratings-title">{escape(chart.alt)}</title>' in str(
        chart.svg
    )


def test_bars_and_text_stay_distinct_in_greyscale():
    assert _contrast(BAR_FILL, "#ffffff") >= 7  # a bar is dark on white paper
    assert _contrast(TEXT_FILL, "#ffffff") >= 7
    assert _contrast(GRID_STROKE, BAR_FILL) >= 3  # gridlines do not read as bars
