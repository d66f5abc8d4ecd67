"""Template filters for the board page and the PDF: dates and times as the portal writes them."""

from django import template

from portal.selectors import date_display, datetime_display

register = template.Library()


@register.filter
def when(value):
    """ "5:43am on Thursday 26 November 2026" in Europe/London."""
    return datetime_display(value) if value else ""


@register.filter
def day(value):
    """ "Monday 14 May 2018" in Europe/London."""
    return date_display(value) if value else ""
