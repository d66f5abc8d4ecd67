"""Evidence tables staff bring from elsewhere: reading their CSV, with a clear message for each
thing wrong in it, and reading the numbers in a column that is to be charted."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

MAX_BYTES = 200_000
MAX_ROWS = 60
MAX_COLUMNS = 8
MAX_CELL = 200
# What may surround a number in a cell: a currency sign, thousands separators, a percent sign.
_DECORATION = re.compile(r"[£$€,%\s]")


def parse_number(text: str) -> Decimal:
    """ "£25,000" or "12.5%" as a number; raises ValueError when the cell is not one."""
    try:
        return Decimal(_DECORATION.sub("", text))
    except InvalidOperation:
        raise ValueError(text) from None


def evidence_csv_parse(
    data: bytes, *, chart_column: int | None = None
) -> tuple[list[str], list[list[str]]]:
    """The header and rows of an uploaded CSV, or a ValidationError naming every problem (with
    its line) so staff can fix the file in one go."""
    if len(data) > MAX_BYTES:
        raise ValidationError(f"The file is larger than {MAX_BYTES // 1000} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”."
        ) from None
    try:
        lines = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise ValidationError(f"The file is not a CSV the portal can read: {exc}.") from None
    if len(lines) < 2:
        raise ValidationError("The file needs a header row and at least one row of figures.")
    header, rows = [c.strip() for c in lines[0]], [[c.strip() for c in r] for r in lines[1:]]
    errors = _shape_errors(header, rows)
    if chart_column is not None and not errors:
        errors += _chart_errors(header, rows, chart_column)
    if errors:
        raise ValidationError(errors)
    return header, rows


def _shape_errors(header: list[str], rows: list[list[str]]) -> list[str]:
    errors = []
    if len(header) < 2 or len(header) > MAX_COLUMNS:
        errors.append(f"The header row needs between 2 and {MAX_COLUMNS} columns.")
    if any(not c for c in header):
        errors.append("Every column in the header row needs a name.")
    if len(rows) > MAX_ROWS:
        errors.append(f"The table has {len(rows)} rows; at most {MAX_ROWS} fit the prospectus.")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            errors.append(f"Line {number} has {len(row)} cells; the header has {len(header)}.")
        elif any(len(c) > MAX_CELL for c in row):
            errors.append(f"Line {number} has a cell longer than {MAX_CELL} characters.")
    return errors[:10]


def _chart_errors(header: list[str], rows: list[list[str]], chart_column: int) -> list[str]:
    if not 2 <= chart_column <= len(header):
        return [f"The column to chart must be between 2 and {len(header)} (the first is labels)."]
    errors = []
    for number, row in enumerate(rows, start=2):
        try:
            parse_number(row[chart_column - 1])
        except ValueError:
            errors.append(
                f"Line {number}: “{row[chart_column - 1]}” in {header[chart_column - 1]} is not "
                "a number, so that column cannot be charted."
            )
    return errors[:10]
