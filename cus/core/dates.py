"""Dates as the centre sees them, and months: one home for "today", month arithmetic and the YYYY-MM form.

The server runs in UTC; a centre's day starts at its own midnight (``Centre.timezone``). Months are held as the
date of their first day; a month parameter is ``YYYY-MM`` with a year from 1900 to 2999 (earlier or later is
certainly a typing error, and PostgreSQL's and Python's date ranges differ at the edges).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone

if TYPE_CHECKING:
    from .models import Centre

MIN_YEAR = 1900
MAX_YEAR = 2999
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def centre_zone(centre: Centre) -> ZoneInfo:
    return ZoneInfo(centre.timezone)


def centre_today(centre: Centre) -> dt.date:
    """Today's date where the centre is: what "not in the future" and "overdue" mean there."""
    return timezone.localdate(timezone=centre_zone(centre))


def local_midnight(day: dt.date, centre: Centre) -> dt.datetime:
    """The start of ``day`` in the centre's time zone, as an aware time."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=centre_zone(centre))


def parse_month(value: str) -> dt.date | None:
    """``YYYY-MM`` (year 1900-2999) as the first day of that month, or None when it is not such a month."""
    match = _MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(month: dt.date) -> tuple[dt.date, dt.date]:
    """The month's first day and the first day after it: ``date >= start AND date < end`` (an index serves it)."""
    start = first_of_month(month)
    return start, add_months(start, 1)


def month_bounds(centre: Centre, month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's first instant and the first instant after it, in the centre's time zone."""
    start, end = month_range(month)
    return local_midnight(start, centre), local_midnight(end, centre)
