"""Flags on a service log: possible but unusual, so accepted and shown to the coordinator until resolved.

A flag is stored as data (``{"code": ..., **values}`` in ``Delivery.flags``) and written in the reader's language
when read: the same log reads in Polish to a Polish coordinator and in English to an English auditor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

ABOVE_FREQUENCY = "above_frequency"
OFF_SCHEDULE = "off_schedule"
SECOND_VISIT = "second_visit"
CODES = (ABOVE_FREQUENCY, OFF_SCHEDULE, SECOND_VISIT)

# ISO weekdays (1 Monday ... 7 Sunday) by name, for the messages.
_WEEKDAY = {day: dt.date(2024, 1, day) for day in range(1, 8)}  # 2024-01-01 was a Monday


def weekday_name(day: int) -> str:
    return date_format(_WEEKDAY[day], "l")


def above_frequency(*, per: str, planned: str, logged: str, tolerance: int) -> dict[str, Any]:
    return {"code": ABOVE_FREQUENCY, "per": per, "planned": planned, "logged": logged, "tolerance": tolerance}


def off_schedule(*, weekday: int, weekdays: list[int]) -> dict[str, Any]:
    return {"code": OFF_SCHEDULE, "weekday": weekday, "weekdays": sorted(weekdays)}


def second_visit(*, other: str) -> dict[str, Any]:
    return {"code": SECOND_VISIT, "other": other}


def message(flag: Mapping[str, Any]) -> str:
    """The flag's reason, in the active language."""
    code = flag.get("code")
    if code == ABOVE_FREQUENCY:
        values = {"logged": flag["logged"], "planned": flag["planned"], "tolerance": flag["tolerance"]}
        if flag["per"] == "week":
            return _("Above the plan: %(logged)s units this week against %(planned)s planned "
                     "(more than %(tolerance)s%% above).") % values
        if flag["per"] == "month":
            return _("Above the plan: %(logged)s units this month against %(planned)s planned "
                     "(more than %(tolerance)s%% above).") % values
        return _("Above the plan: %(logged)s units in all against %(planned)s planned "
                 "(more than %(tolerance)s%% above).") % values
    if code == OFF_SCHEDULE:
        return _("Logged on a %(day)s; the plan covers %(days)s.") % {
            "day": weekday_name(flag["weekday"]),
            "days": ", ".join(weekday_name(day) for day in flag["weekdays"]),
        }
    if code == SECOND_VISIT:
        return _("A second visit of this service on the same day.")
    return str(code)
