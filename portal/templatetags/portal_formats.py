"""{{ value|number }}: a figure as the page's language writes it (portal.formats.number)."""

from django import template

from portal.formats import number as number_in_language

register = template.Library()


@register.filter
def number(value):
    """ "2,000" in English, "2 000" in Polish; empty for None."""
    if value is None or value == "":
        return ""
    return number_in_language(value)
