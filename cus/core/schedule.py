"""How many units a frequency (units per week, per month, or in total) amounts to within a period: pure
arithmetic, no database. The plans app plans with it; contracts and reports count planned volume with it.

A service of ``units`` per week or per month is spread evenly over the days it runs; ``total`` units
are spread evenly over the service's whole period (or, when it has no end, counted in full from its start).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cus.core.dates import first_of_month, last_of_month

CENT = Decimal("0.01")


def _days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``month`` (both inclusive, as ``planned_units`` windows are)."""
    return first_of_month(month), last_of_month(month)


def planned_units(
    *,
    units: Decimal,
    per: str,
    start: dt.date,
    end: dt.date | None,
    window_start: dt.date,
    window_end: dt.date,
) -> Decimal:
    """Units planned between ``window_start`` and ``window_end`` (both inclusive), rounded to cents."""
    if per == "total" and end is None:
        return units if window_start <= start <= window_end else Decimal(0)
    overlap_start = max(start, window_start)
    overlap_end = min(end or window_end, window_end)
    if overlap_end < overlap_start:
        return Decimal(0)
    if per == "week":
        value = units * _days(overlap_start, overlap_end) / 7
    elif per == "month":
        value = Decimal(0)
        cursor = overlap_start
        while cursor <= overlap_end:
            first, last = month_bounds(cursor)
            part_end = min(last, overlap_end)
            value += units * _days(cursor, part_end) / _days(first, last)
            cursor = part_end + dt.timedelta(days=1)
    elif per == "total":
        assert end is not None
        value = units * _days(overlap_start, overlap_end) / _days(start, end)
    else:
        raise ValueError(f"unknown period {per!r}")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
