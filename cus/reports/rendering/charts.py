"""Server-side SVG charts for the PDF (hand-written SVG: no plotting library, no JavaScript)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..shape import ContractLineRow, ServiceRow
from .tables import number

WIDTH = 1000
LABEL_WIDTH = 300
VALUE_WIDTH = 90
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
FONT = 'font-family="DejaVu Sans, sans-serif"'
PLANNED, DELIVERED = "#9aa5b1", "#1f6fb2"
OK, WARNING, OVER = "#2e8540", "#e69f00", "#c0392b"
BUDGET_WARNING = Decimal(80)


def _label(text: str, limit: int = 44) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


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
    """Planned against delivered units per service type, one pair of horizontal bars a type."""
    rows = [
        (row["name"], number(row["units_planned"]) or Decimal(0), number(row["units_delivered"]) or Decimal(0))
        for row in services
    ]
    rows = [row for row in rows if row[1] or row[2]]
    if not rows:
        return ""
    top = max(max(planned, delivered) for _name, planned, delivered in rows) or Decimal(1)
    row_height, bar = 20, 7
    body = _legend(4, [(PLANNED, _("Planned")), (DELIVERED, _("Delivered"))])
    y = 24
    for name, planned, delivered in rows:
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" font-size="11" text-anchor="end" {FONT}>{_label(name)}</text>')
        for offset, value, colour in ((2, planned, PLANNED), (2 + bar + 1, delivered, DELIVERED)):
            width = float(value / top) * BAR_AREA
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y + offset}" width="{width:.1f}" height="{bar}" fill="{colour}"/>')
            body.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + offset + 7}" font-size="9" {FONT}>'
                f"{_fmt(value)}</text>"
            )
        y += row_height
    body.append(f'<line x1="{LABEL_WIDTH}" y1="20" x2="{LABEL_WIDTH}" y2="{y}" stroke="#333" stroke-width="1"/>')
    return _svg(y + 4, body, _("Units planned and delivered by service type"))


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
    row_height, bar = 17, 11
    body = _legend(
        4, [(OK, _("below 80 %")), (WARNING, _("80 to 100 %")), (OVER, _("over budget"))]
    )
    y = 24
    for name, percent in rows:
        colour = OVER if percent > 100 else WARNING if percent >= BUDGET_WARNING else OK
        width = float(min(percent, Decimal(100)) / 100) * BAR_AREA
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 11}" font-size="11" text-anchor="end" {FONT}>{_label(name, 48)}</text>')
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{BAR_AREA}" height="{bar}" fill="#eceff1"/>')
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{width:.1f}" height="{bar}" fill="{colour}"/>')
        body.append(
            f'<text x="{LABEL_WIDTH + BAR_AREA + 6}" y="{y + 11}" font-size="11" {FONT}>{_fmt(percent)} %</text>'
        )
        y += row_height
    mark = LABEL_WIDTH + BAR_AREA * 0.8
    body.append(f'<line x1="{mark:.1f}" y1="20" x2="{mark:.1f}" y2="{y}" stroke="#555" stroke-dasharray="4 3"/>')
    return _svg(y + 4, body, _("Budget used by contract line"))
