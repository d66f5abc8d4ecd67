"""Template filters for the board page and the PDF: dates and times as the portal writes them,
figures, and a rated answer in words."""

from django import template

from portal.selectors import date_display, datetime_display
from prospectus.charts import evidence_table_chart
from prospectus.numbers import figure
from survey.kinds import Rating

register = template.Library()


@register.filter
def when(value):
    """ "5:43am on Thursday 26 November 2026" in Europe/London."""
    return datetime_display(value) if value else ""


@register.filter
def day(value):
    """ "Monday 14 May 2018" in Europe/London."""
    return date_display(value) if value else ""


@register.filter(name="figure")
def figure_filter(value):
    """ "5,424"; a mean as "3.13" (prospectus.numbers, the one format of a figure)."""
    return figure(value)


@register.filter
def lookup(mapping, key):
    """mapping[key], or nothing: a chapter's staff evidence tables, an ambition's chart."""
    return mapping.get(key) if mapping else None


@register.filter
def table_chart(table):
    """The chart of a staff evidence table's chosen column, or None."""
    return evidence_table_chart(table)


@register.filter
def score_words(answer):
    """A rated answer's score as the survey asked it: "4 – Very important"."""
    return Rating.score_words(answer.question, answer.score)
