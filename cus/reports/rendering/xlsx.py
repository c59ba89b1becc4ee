"""The report as an XLSX workbook: one sheet per table, numbers as numbers, bold header row, frozen panes.

Rows go through ``cus.core.spreadsheets.append_row``: text is stored as text (never a formula) and text that a
spreadsheet would take for a formula is neutralised.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cus.core.spreadsheets import append_row

from .tables import Table

SHEET_NAME_MAX = 31  # Excel's limit
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
NUMBER_FORMATS = {"int": "#,##0", "decimal": "#,##0.00", "percent": "0.00"}


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name from a table's title."""
    base = _FORBIDDEN_IN_SHEET_NAME.sub(" ", title).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def render_xlsx(tables: list[Table], *, title: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = title
    bold = Font(bold=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.title, taken))
        append_row(sheet, [column.header for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            append_row(sheet, row)
        widths = [len(column.header) for column in table.columns]
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            if column.numeric:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    # A count in a mixed column (the activity figures) stays whole.
                    cell.number_format = NUMBER_FORMATS["int" if isinstance(cell.value, int) else column.kind]
            for row in table.rows:
                widths[index - 1] = max(widths[index - 1], len(str(row[index - 1] or "")))
            sheet.column_dimensions[letter].width = min(max(widths[index - 1] + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
