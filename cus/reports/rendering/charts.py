"""Server-side SVG charts for the PDF (hand-written SVG: no plotting library, no JavaScript)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..shape import ContractLineRow, ServiceRow
from .tables import number, unit_label

WIDTH = 1000
LABEL_WIDTH = 300
VALUE_WIDTH = 90
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
FONT = 'font-family="DejaVu Sans, sans-serif"'
PLANNED, DELIVERED = "#9aa5b1", "#1f6fb2"
OK, WARNING, OVER = "#2e8540", "#e69f00", "#c0392b"
BUDGET_WARNING = Decimal(80)


LINE_HEIGHT = 12
LABEL_CHARACTERS = 42  # what fits in LABEL_WIDTH at 11 px


def _label_lines(text: str) -> list[str]:
    """A label wrapped to the label column, whole: a long name takes more lines, never an ellipsis."""
    return textwrap.wrap(text, LABEL_CHARACTERS, break_long_words=True) or [""]


def _label(lines: list[str], y: int) -> str:
    """The wrapped label right-aligned before the bars, its first line's baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 8}" dy="{0 if index == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{LABEL_WIDTH - 8}" y="{y}" font-size="11" text-anchor="end" {FONT}>{spans}</text>'


def _fmt(value: Decimal, places: int = 2) -> str:
    return escape(number_format(value, places, force_grouping=True))


TITLE_HEIGHT = 26


def _svg(height: int, body: list[str], title: str) -> str:
    """The chart with its title on top (inside the SVG, so the title never parts from its chart at a page break)."""
    heading = f'<text x="0" y="16" font-size="15" font-weight="bold" {FONT}>{escape(title)}</text>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height + TITLE_HEIGHT}" width="100%" '
        f'role="img"><title>{escape(title)}</title>{heading}<g transform="translate(0 {TITLE_HEIGHT})">'
        f"{''.join(body)}</g></svg>"
    )


def _legend(y: int, items: list[tuple[str, str]]) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for colour, text in items:
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{y + 9}" font-size="12" {FONT}>{escape(text)}</text>')
        x += 40 + 8 * len(text)
    return parts


def units_chart(services: list[ServiceRow]) -> str:
    """Planned against delivered units per service type, one pair of horizontal bars a type. Types count in
    different units (hours, meals, visits), so each pair is drawn on its own scale (the larger of the two fills
    the bar area) and the label names the unit: no axis mixes units."""
    rows = [
        (row["name"], row["unit"], number(row["units_planned"]) or Decimal(0),
         number(row["units_delivered"]) or Decimal(0))
        for row in services
    ]
    rows = [row for row in rows if row[2] or row[3]]
    if not rows:
        return ""
    bar = 7
    body = _legend(4, [(PLANNED, _("Planned")), (DELIVERED, _("Delivered"))])
    y = 24
    for name, unit, planned, delivered in rows:
        lines = _label_lines(f"{name} ({unit_label(unit)})" if unit else name)
        row_height = max(20, LINE_HEIGHT * len(lines) + 8)
        body.append(_label(lines, y + 13))
        top = max(planned, delivered) or Decimal(1)
        for offset, value, colour in ((2, planned, PLANNED), (2 + bar + 1, delivered, DELIVERED)):
            width = float(value / top) * BAR_AREA
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y + offset}" width="{width:.1f}" height="{bar}" fill="{colour}"/>')
            body.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + offset + 7}" font-size="9" {FONT}>'
                f"{_fmt(value)}</text>"
            )
        y += row_height
    body.append(f'<line x1="{LABEL_WIDTH}" y1="20" x2="{LABEL_WIDTH}" y2="{y}" stroke="#333" stroke-width="1"/>')
    return _svg(y + 4, body, _("Units planned and delivered by service type (each on its own scale)"))


def budget_chart(contracts: list[ContractLineRow]) -> str:
    """Budget use of each contract line with a budget: 0 to 100 % bars, the 80 % warning mark, overruns red."""
    rows = []
    for row in contracts:
        percent = number(row["budget_used_percent"])
        if percent is not None:
            rows.append((f"{row['contract_number']} – {row['provider']} – {row['service_type']}", percent))
    if not rows:
        return ""
    rows.sort(key=lambda item: item[1], reverse=True)
    bar = 11
    body = _legend(
        4, [(OK, _("below 80 %")), (WARNING, _("80 to 100 %")), (OVER, _("over budget"))]
    )
    y = 24
    for name, percent in rows:
        colour = OVER if percent > 100 else WARNING if percent >= BUDGET_WARNING else OK
        width = float(min(percent, Decimal(100)) / 100) * BAR_AREA
        lines = _label_lines(name)
        row_height = max(17, LINE_HEIGHT * len(lines) + 5)
        body.append(_label(lines, y + 11))
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{BAR_AREA}" height="{bar}" fill="#eceff1"/>')
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{width:.1f}" height="{bar}" fill="{colour}"/>')
        body.append(
            f'<text x="{LABEL_WIDTH + BAR_AREA + 6}" y="{y + 11}" font-size="11" {FONT}>{_fmt(percent)} %</text>'
        )
        y += row_height
    mark = LABEL_WIDTH + BAR_AREA * 0.8
    body.append(f'<line x1="{mark:.1f}" y1="20" x2="{mark:.1f}" y2="{y}" stroke="#555" stroke-dasharray="4 3"/>')
    return _svg(y + 4, body, _("Budget used by contract line"))
