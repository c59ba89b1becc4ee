"""Cells that are safe to open in a spreadsheet: the one place every CSV and XLSX writer goes through.

A spreadsheet program reads a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and, in some of them, a
tab or a carriage return) as a formula: a provider named ``=HYPERLINK("http://x","y")`` would become a live link
in a funder's workbook, and worse formulas can run commands or send the sheet's data away (CSV/formula
injection). Following the OWASP advice, such text is written with a leading single quote, so it is shown as the
text it is; only text is touched, so a negative amount (``Decimal("-12.50")``) stays a number.

- CSV: :func:`csv_writer` quotes every field (a separator inside a cell cannot start a new one, whatever
  separator the reader's locale uses) and formats each cell with :func:`csv_field`.
- XLSX: :func:`append_row` appends the neutralised values and stores every text cell as a string, never as a
  formula.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

def neutralise[T](value: T) -> T:
    """Text that a spreadsheet would take for a formula, with a single quote in front; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value  # type: ignore[return-value]
    return value


def csv_field(value: object) -> str:
    """A cell's CSV text: empty for None, 1/0 for yes/no, numbers plain with a decimal point (never neutralised),
    dates in ISO format, and any other text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return neutralise(str(value))


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """A ``csv.writer`` whose every field is quoted and every cell goes through :func:`csv_field`."""

    def __init__(self, buffer: Any) -> None:
        self._writer: _RowWriter = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([csv_field(cell) for cell in cells])


def csv_writer(buffer: Any) -> SafeCsvWriter:
    """The CSV writer for anything a person may open in a spreadsheet (CRLF line ends, as Excel expects)."""
    return SafeCsvWriter(buffer)


def append_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append one row to an XLSX sheet: text neutralised and stored as a string cell, numbers as numbers."""
    sheet.append([neutralise(value) for value in values])
    for row in sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never "f" (a formula), whatever the text
