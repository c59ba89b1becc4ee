"""The report as a PDF (WeasyPrint): the centre's name and logo and the funder's header on every page,
the tables, SVG charts, "page X of Y", in the centre's language (call inside ``translation.override``)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..shape import ReportData
from .charts import budget_chart, units_chart
from .tables import Cell, Column, Table, cut_off_display, funder_header

DECIMAL_PLACES = {"int": 0, "decimal": 2, "percent": 2}


@dataclass
class PdfTable:
    key: str
    title: str
    header_groups: list[tuple[str, int]]  # (label, colspan); empty when the table has one header row
    headers: list[tuple[str, bool]]  # (label, numeric)
    body: list[dict[str, object]] = field(default_factory=list)  # {"section": str} or {"cells": [(text, numeric)]}


def pdf_cell(value: Cell, column: Column) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int | Decimal) and column.numeric:
        places = 0 if isinstance(value, int) else DECIMAL_PLACES[column.kind]  # a count in a mixed column stays whole
        return number_format(value, places, force_grouping=True)
    text = str(value)
    if column.pdf_max_chars and len(text) > column.pdf_max_chars:
        return text[: column.pdf_max_chars - 1].rstrip() + "…"
    return text


def pdf_table(table: Table) -> PdfTable:
    shown = [i for i in range(len(table.columns)) if i != table.section_column]
    columns = [table.columns[i] for i in shown]
    groups: list[tuple[str, int]] = []
    if any(column.group for column in columns):
        for column in columns:
            if groups and column.group and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
    result = PdfTable(
        key=table.key,
        title=table.title,
        header_groups=groups,
        headers=[(column.pdf_header, column.numeric) for column in columns],
    )
    section: Cell = None
    for row in table.rows:
        if table.section_column is not None and row[table.section_column] != section:
            section = row[table.section_column]
            result.body.append({"section": section})
        result.body.append({"cells": [(pdf_cell(row[i], table.columns[i]), table.columns[i].numeric) for i in shown]})
    return result


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a <style> element (no quote or ``</style>`` escapes)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """``content`` for the page-number margin box: the translated "Page {page} of {pages}" as CSS."""
    template = _("Page {page} of {pages}")
    before, _sep, rest = template.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    return " ".join(
        part for part in (css_string(before), "counter(page)", css_string(middle), "counter(pages)", css_string(after))
    )


def logo_data_uri(logo: bytes | None) -> str:
    if not logo:
        return ""
    head = logo[:512].lstrip()
    if head.startswith(b"\x89PNG"):
        mime = "image/png"
    elif head.startswith(b"\xff\xd8"):
        mime = "image/jpeg"
    elif head.startswith((b"<svg", b"<?xml")):
        mime = "image/svg+xml"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        mime = "image/gif"
    else:
        return ""  # an unknown format is left out rather than breaking the report
    return f"data:{mime};base64,{base64.b64encode(logo).decode()}"


def render_pdf(data: ReportData, tables: list[Table], *, logo: bytes | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only the PDF needs it

    centre = data["centre"]
    title = _("Monthly report to funders")
    html = render_to_string(
        "reports/funder_report.html",
        {
            "language": get_language(),
            "title": title,
            "centre": centre,
            "data": data,
            "cut_off": cut_off_display(data),
            "funder_header": funder_header(data),
            "logo": logo_data_uri(logo),
            # Safe: CSS strings escaped by css_string, every text in the SVG charts XML-escaped in charts.py.
            "page_counter": mark_safe(page_counter_css()),  # noqa: S308
            "title_css": mark_safe(css_string(f"{centre.get('name', '')} – {title} {data['month']}")),  # noqa: S308
            "units_chart": mark_safe(units_chart(data["services"])),  # noqa: S308
            "budget_chart": mark_safe(budget_chart(data["contracts"])),  # noqa: S308
            "tables": [pdf_table(table) for table in tables],
        },
    )
    # Tagged for screen readers and reading order (PDF/UA-1: structure tree, language, title shown), as funders
    # must publish accessible documents (EU Web Accessibility Directive).
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1") or b""
