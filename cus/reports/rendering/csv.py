"""The report as one CSV file (UTF-8 with a byte-order mark, so Excel reads the diacritics).

Layout: every table in turn; every line starts with the table's key (``overview``, ``services``, ...,
untranslated and stable). The first line of each table holds its translated column headers, the lines
after it its rows. Numbers are plain with a decimal point (``1234.50``); an empty cell means no value. Every
field is quoted and text a spreadsheet would take for a formula is neutralised (``cus.core.spreadsheets``).
"""

from __future__ import annotations

import io

from cus.core.spreadsheets import csv_writer

from .tables import Table

BOM = "\ufeff"


def render_csv(tables: list[Table]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv_writer(buffer)
    for table in tables:
        writer.writerow([table.key, *(column.header for column in table.columns)])
        for row in table.rows:
            writer.writerow([table.key, *row])
    return buffer.getvalue().encode("utf-8")
