"""How each shipped service type is bought and planned in the demo: the price a Polish centre pays, who pays,
and how often a client usually gets it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cus.contracts.models import FundingKind

ESF = FundingKind.ESF_PLUS
CITY = FundingKind.MUNICIPAL
MINISTRY = FundingKind.MINISTRY


@dataclass(frozen=True)
class Rate:
    price: str  # PLN per unit
    funding: str  # the FundingKind that usually pays for it
    per: str  # week, month or total
    occasions: tuple[int, ...]  # how many times per ``per`` (one is drawn per planned service)
    size: tuple[str, ...] = ("1",)  # units each time (one is drawn per planned service)
    minutes_per_unit: int | None = None  # a timed visit: its length is the units times this
    senior: bool = True  # planned for older people
    adult: bool = False  # planned for younger adults

    @property
    def unit_price(self) -> Decimal:
        return Decimal(self.price)


RATES: dict[str, Rate] = {
    "home_care": Rate("45.00", CITY, "week", (2, 3, 5), ("1", "1.5", "2"), 60),
    "specialist_home_care": Rate("65.00", CITY, "week", (1, 2), ("1", "2"), 60, adult=True),
    "personal_assistance": Rate("50.00", MINISTRY, "week", (2, 3), ("2", "3"), 60, adult=True),
    "respite_care": Rate("250.00", MINISTRY, "month", (1, 2)),
    "telecare": Rate("35.00", MINISTRY, "month", (1,)),
    "day_centre": Rate("90.00", CITY, "week", (3, 5)),
    "residential_care": Rate("180.00", CITY, "week", (7,)),
    "sheltered_housing": Rate("60.00", CITY, "week", (7,), adult=True),
    "nursing": Rate("80.00", CITY, "week", (1, 2), ("1",), 45),
    "rehabilitation": Rate("90.00", CITY, "week", (1, 2), ("1",), 45, adult=True),
    "meals": Rate("18.00", CITY, "week", (5, 7)),
    "household_help": Rate("40.00", CITY, "week", (1, 2), ("2", "3"), 60),
    "transport": Rate("35.00", CITY, "month", (2, 4), adult=True),
    "social_counselling": Rate("120.00", ESF, "month", (1, 2), ("1",), 60, adult=True),
    "psychological_support": Rate("150.00", ESF, "month", (2, 4), ("1",), 50, adult=True),
    "crisis_intervention": Rate("150.00", ESF, "total", (3, 5), ("1",), 60, senior=False, adult=True),
    "family_support": Rate("70.00", ESF, "week", (1, 2), ("2",), 60, senior=False, adult=True),
    "early_intervention": Rate("130.00", ESF, "month", (2, 4), ("1",), 60, senior=False, adult=True),
    "senior_activation": Rate("25.00", ESF, "week", (1, 2), ("1",), 90),
    "leisure_activity": Rate("20.00", ESF, "month", (2, 4), ("1",), 120),
    "social_rehabilitation": Rate("60.00", ESF, "week", (2, 3), ("1",), 180, senior=False, adult=True),
    "employment_support": Rate("100.00", ESF, "month", (2, 4), ("1",), 60, senior=False, adult=True),
    "shelter": Rate("70.00", CITY, "week", (7,), senior=False, adult=True),
    "street_work": Rate("40.00", CITY, "month", (2, 4), senior=False, adult=True),
    "legal_advice": Rate("120.00", ESF, "total", (2, 3), ("1",), 60, adult=True),
    "interpretation": Rate("110.00", MINISTRY, "month", (1, 2), ("1", "2"), 60, senior=False, adult=True),
}

WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)


def yearly_units(rate: Rate) -> Decimal:
    """What one client typically uses in a year: the middle frequency at the middle size."""
    each = Decimal(rate.size[len(rate.size) // 2]) * rate.occasions[len(rate.occasions) // 2]
    if rate.per == "week":
        return each * WEEKS_PER_YEAR
    if rate.per == "month":
        return each * MONTHS_PER_YEAR
    return each
