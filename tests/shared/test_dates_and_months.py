"""One home for the centre's today and for months: cus.core.dates and cus.api.fields."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from cus.api.fields import MonthField
from cus.core import dates
from cus.core.models import Centre


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10", dt.date(2026, 10, 1)),
        (" 2026-01 ", dt.date(2026, 1, 1)),
        ("1900-01", dt.date(1900, 1, 1)),
        ("2999-12", dt.date(2999, 12, 1)),
    ],
)
def test_month_is_the_first_day_of_it(text, expected):
    assert dates.parse_month(text) == expected


@pytest.mark.parametrize(
    "text", ["0001-01", "0000-01", "1899-12", "3000-01", "2026-13", "2026-00", "2026-1", "26-01", "2026/01", "", "x"]
)
def test_what_is_not_a_plausible_month_is_refused(text):
    assert dates.parse_month(text) is None


def test_month_arithmetic_crosses_years():
    assert dates.add_months(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
    assert dates.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert dates.month_range(dt.date(2024, 2, 17)) == (dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert dates.last_of_month(dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)


def test_today_is_the_centres_date_not_the_servers(monkeypatch):
    # 23:30 UTC on 31 December is already 1 January in Warsaw, still 31 December in UTC.
    moment = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    warsaw = Centre(timezone="Europe/Warsaw")
    assert dates.centre_today(warsaw) == dt.date(2027, 1, 1)
    assert dates.centre_today(Centre(timezone="UTC")) == dt.date(2026, 12, 31)


def test_month_bounds_are_the_centres_midnights():
    start, end = dates.month_bounds(Centre(timezone="Europe/Ljubljana"), dt.date(2026, 3, 15))
    assert start == dt.datetime(2026, 3, 1, tzinfo=ZoneInfo("Europe/Ljubljana"))
    assert end == dt.datetime(2026, 4, 1, tzinfo=ZoneInfo("Europe/Ljubljana"))
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert end.utcoffset() == dt.timedelta(hours=2)  # DST began


class _MonthInput(serializers.Serializer):
    month = MonthField()


@pytest.mark.parametrize("value", ["0001-01", "2026-13", 202601, None, "3000-01"])
def test_month_field_refuses_with_one_clear_message(value):
    serializer = _MonthInput(data={"month": value})
    assert not serializer.is_valid()
    if value is not None:
        assert serializer.errors["month"] == ["Enter a month as YYYY-MM, with a year from 1900 to 2999."]


def test_month_field_round_trips():
    serializer = _MonthInput(data={"month": "2026-07"})
    assert serializer.is_valid()
    assert serializer.validated_data["month"] == dt.date(2026, 7, 1)
    assert _MonthInput({"month": dt.date(2026, 7, 1)}).data == {"month": "2026-07"}
