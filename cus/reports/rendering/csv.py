"""The report as one CSV file (UTF-8 with a byte-order mark, so Excel reads the diacritics).

Layout: every table in turn; every line starts with the table's key (``overview``, ``services``, ...,
untranslated and stable). The first line of each table holds its translated column headers, the lines
after it its rows. Numbers are plain with a decimal point (``1234.50``); an empty cell means no value.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .tables import Cell, Table

BOM = "\ufeff"


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def render_csv(tables: list[Table]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for table in tables:
        writer.writerow([table.key, *(column.header for column in table.columns)])
        for row in table.rows:
            writer.writerow([table.key, *(csv_cell(value) for value in row)])
    return buffer.getvalue().encode("utf-8")
