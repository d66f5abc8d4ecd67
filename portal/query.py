"""Values from the address, read safely: the parsers board views and admin filters share, and the
middleware that refuses a NUL byte anywhere in an address (docs/decisions/0840).

Each parser answers None for a value it cannot use, so that a view or filter treats a hostile
value as "not given" (or as matching nothing) instead of passing it to int() or the database.
"""

from collections.abc import Collection, Mapping

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404

NUL = "\x00"
# The largest value a PostgreSQL integer column holds; a bigger one makes the database refuse.
INT_MAX = 2**31 - 1


def parse_int(value: str | None, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """A whole number written in ASCII digits within [minimum, maximum], else None.

    str.isdigit() alone is not enough: "²" and "٣" are digits to it, and int() refuses the first
    and reads the second as 3; a thirty-digit number overflows every integer column.
    """
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def query_int(
    params: Mapping[str, str], name: str, *, minimum: int = 0, maximum: int = INT_MAX
) -> int | None:
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)


def query_choice(params: Mapping[str, str], name: str, choices: Collection[str]) -> str | None:
    """The value if it is one of choices, else None."""
    value = params.get(name)
    return value if value in choices else None


def query_page(params: Mapping[str, str], object_list, per_page: int) -> Page:
    """The page of object_list that ?page= asks for (the first without one), or the 404 page for a
    page that is not there: 0, -1, past the last, "abc", "٣". Every paginated list answers the same
    (docs/decisions/0968). Django's Paginator.get_page would give the last page for -1 or 9999 and
    the first for "abc", so a mistyped or stale address showed other rows than it asked for."""
    paginator = Paginator(object_list, per_page)
    if not params.get("page"):  # none asked for (an empty ?page= too, as Django's ListView)
        return paginator.page(1)
    number = query_int(params, "page", minimum=1)
    try:
        if number is None:
            raise InvalidPage
        return paginator.page(number)
    except InvalidPage:
        raise Http404("There is no such page of this list.") from None


def _has_nul(params) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in params.lists())


class RefuseNulMiddleware:
    """Answer 400 to an address with a NUL byte in its path or query string.

    PostgreSQL refuses to compare text with a NUL byte, so any view or admin filter that passed
    such a value to a query answered 500. People never type one; refusing it here, before any
    view, is one rule for every URL instead of a check in each. Form bodies are left to the
    forms, whose text fields already refuse NUL with a message beside the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET):
            raise BadRequest("The address contains a NUL byte.")
        return self.get_response(request)
