"""How the portal writes numbers and times in each language: `number()` (template filter
`number`, portal/templatetags/portal_formats.py) for every figure a page shows, and the date,
time and number formats of the languages Django has none for (FORMAT_MODULE_PATH): the 12-hour
clock Gujarati, Punjabi and Urdu readers expect, and their digit grouping (docs/decisions/0914,
0965)."""

import functools

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language


@functools.cache
def _conventions(language: str) -> tuple[str, str, int | tuple[int, ...]]:
    """The language's decimal sign, thousands separator and grouping, as Django's formats (and
    ours, for Gujarati, Punjabi and Urdu) give them; fixed while the process runs."""
    return (
        get_format("DECIMAL_SEPARATOR", language),
        get_format("THOUSAND_SEPARATOR", language),
        get_format("NUMBER_GROUPING", language),
    )


def _grouped(value: int, separator: str, grouping: int | tuple[int, ...]) -> str:
    """A whole number's digits grouped from the right: 3 is thousands, (3, 2, 0) thousands then
    lakhs and crores (Django's NUMBER_GROUPING)."""
    digits, groups = str(abs(value)), []
    sizes = [grouping] if isinstance(grouping, int) else list(grouping)
    size = sizes[0]
    while len(digits) > size > 0:
        groups.append(digits[-size:])
        digits = digits[:-size]
        if len(sizes) > 1 and sizes[1] != 0:
            sizes.pop(0)
        size = sizes[0] if sizes[0] else size
    groups.append(digits)
    return ("-" if value < 0 else "") + separator.join(reversed(groups))


def number(value, decimal_pos: int | None = None) -> str:
    """value grouped as the page's language writes it, whatever its size: "2,000" in English,
    "2 000" (a no-break space) in Polish, "1,00,000" in Gujarati and Punjabi (the lakh), and a
    decimal comma in Polish ("1,25"). Django groups only with USE_THOUSAND_SEPARATOR, which would
    also group the numbers in addresses and attributes, so figures ask for it here. With no
    language active (a worker, a command) it is English's."""
    decimal, separator, grouping = _conventions(get_language() or settings.LANGUAGE_CODE)
    if type(value) is int and decimal_pos is None:
        # Counts are most figures (a board page writes about 460): half the time of Django's.
        return _grouped(value, separator, grouping)
    return numberformat.format(
        value, decimal, decimal_pos, grouping, separator, force_grouping=True
    )
