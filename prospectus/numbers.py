"""How the prospectus writes a figure, on the board page, in the charts and in the PDF alike: one
format (thousands separators, as the language of the page writes them: the PDF and the board are
English, the results' charts are in every language) and one rounding of a mean, done once where
the mean is computed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from portal.formats import number

MEAN_PLACES = Decimal("0.01")


def mean_of(total: int, count: int) -> Decimal | None:
    """total / count rounded half up to two places (3.125 is 3.13), from the exact integers, so a
    chart, a table and a sentence can never round the same mean two ways."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def figure(value) -> str:
    """5424 as "5,424", a rounded mean as "3.13" (in Polish "5 424" and "3,13"), None as an en
    dash."""
    if value is None or value == "":
        return "–"
    return number(value if isinstance(value, Decimal) else int(value))
