"""A community plan's progress: each indicator's actual value, computed live in SQL, equals a plain-Python count
over the raw rows (deliveries in force, planned services, contract lines, manual values)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from cus.contracts.models import ContractLine
from cus.deliveries.models import Delivery
from cus.plans.models import PlannedService

from ..factories import (
    ClientFactory,
    ContractLineFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
)
from ..plans.factories import delivery
from .factories import ActivityFactory, CommunityPlanFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

OUTCOMES = ["delivered", "delivered", "delivered", "client_absent", "cancelled_by_provider"]


def build_case_data(centre, types, rng: random.Random, *, count: int) -> None:
    """Plans with assigned services of ``types`` and deliveries around 2026, some of them corrected."""
    lines = [
        ContractLineFactory(contract__provider__centre=centre, service_type=service_type,
                            monthly_capacity=Decimal(rng.randint(10, 500)))
        for service_type in types
    ]
    services = []
    for index in range(6):
        plan = PlanFactory(client=ClientFactory(centre=centre), status=rng.choice(["active", "active", "suspended", "closed"]),
                           start_date=dt.date(2025, 10, 1), end_date=None if index % 2 else dt.date(2027, 6, 30))
        for line in rng.sample(lines, k=rng.randint(1, len(lines))):
            services.append(PlannedServiceFactory(plan=plan, contract_line=line, start_date=plan.start_date,
                                                  end_date=plan.end_date,
                                                  status=rng.choice(["assigned", "assigned", "ended", "cancelled"])))
    logged = []
    for _ in range(count):
        service = rng.choice(services)
        day = dt.date(2025, 11, 1) + dt.timedelta(days=rng.randint(0, 500))
        minutes = rng.choice([None, 30, 45, 60, 90, 120])
        units = str(Decimal(rng.randint(1, 8)) / 2)
        logged.append(delivery(service, day, units, outcome=rng.choice(OUTCOMES), duration_minutes=minutes))
    for original in rng.sample(logged, k=count // 6):
        service = original.planned_service
        delivery(service, original.date, str(original.units + 1), outcome=original.outcome,
                 duration_minutes=original.duration_minutes and original.duration_minutes + 15, corrects=original)


def expected_from_rows(centre, kind: str, type_ids: set, start: dt.date, end: dt.date) -> Decimal:
    """The indicator's actual value recomputed from raw rows, without the ORM doing any of the work."""
    if kind in ("delivered_hours", "delivered_units", "people_served"):
        rows = list(Delivery.objects.values("id", "corrects_id", "centre_id", "service_type_id", "date", "outcome",
                                             "units", "duration_minutes", "contract_line__unit", "client_id"))
        corrected = {row["corrects_id"] for row in rows if row["corrects_id"]}
        counted = [
            row for row in rows
            if row["id"] not in corrected and row["centre_id"] == centre.pk and row["outcome"] == "delivered"
            and row["service_type_id"] in type_ids and start <= row["date"] <= end
        ]
        if kind == "delivered_units":
            return sum((row["units"] for row in counted), Decimal(0))
        if kind == "people_served":
            return Decimal(len({row["client_id"] for row in counted}))
        hours = Decimal(0)
        for row in counted:
            if row["duration_minutes"] is not None:
                hours += Decimal(row["duration_minutes"]) / 60
            elif row["contract_line__unit"] == "hour":
                hours += row["units"]
        return hours
    if kind == "plans_active":
        plans = {
            row["plan_id"]
            for row in PlannedService.objects.values("plan_id", "plan__status", "status", "centre_id", "service_type_id",
                                                     "start_date", "end_date")
            if row["centre_id"] == centre.pk and row["plan__status"] in ("active", "suspended")
            and row["status"] != "cancelled" and row["service_type_id"] in type_ids
            and row["start_date"] <= end and (row["end_date"] is None or row["end_date"] >= start)
        }
        return Decimal(len(plans))
    if kind == "contracted_capacity":
        return sum(
            (
                line.monthly_capacity or Decimal(0)
                for line in ContractLine.objects.select_related("contract")
                if line.centre_id == centre.pk and line.contract.status == "active"
                and line.service_type_id in type_ids
                and line.contract.start_date <= end and line.contract.end_date >= start
            ),
            Decimal(0),
        )
    raise AssertionError(kind)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plan_progress_equals_an_independent_count_over_raw_rows(api, manager, centre, other_centre, seed):
    rng = random.Random(seed)
    home_care = ServiceTypeFactory(unit="hour")
    meals = ServiceTypeFactory(unit="meal")
    elsewhere = ServiceTypeFactory(unit="hour")
    build_case_data(centre, [home_care, meals, elsewhere], rng, count=60)
    build_case_data(other_centre, [home_care, meals], rng, count=20)  # shared service types, another centre
    # A draft contract's capacity does not count.
    ContractLineFactory(contract__provider__centre=centre, contract__status="draft", service_type=home_care,
                        monthly_capacity=Decimal("999"))

    plan = CommunityPlanFactory(centre=centre, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    care = ActivityFactory(measure__priority__plan=plan, service_types=[home_care])
    both = ActivityFactory(measure__priority__plan=plan, service_types=[home_care, meals])
    specs = [
        (care, "delivered_hours", "year", 2026, {home_care.pk}, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        (both, "delivered_units", "plan", None, {home_care.pk, meals.pk}, (plan.start_date, plan.end_date)),
        (both, "people_served", "year", 2026, {home_care.pk, meals.pk}, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        (care, "plans_active", "plan", None, {home_care.pk}, (plan.start_date, plan.end_date)),
        (both, "contracted_capacity", "plan", None, {home_care.pk, meals.pk}, (plan.start_date, plan.end_date)),
        (care, "delivered_units", "plan", None, {home_care.pk}, (plan.start_date, plan.end_date)),
    ]
    indicators = []
    for activity, kind, period, year, type_ids, (start, end) in specs:
        expected = expected_from_rows(centre, kind, type_ids, start, end)
        target = Decimal(rng.randint(1, 500))
        indicator = IndicatorFactory(activity=activity, kind=kind, period=period, year=year, target=target)
        indicators.append((indicator, expected, target))

    response = api(manager).get(f"/api/v1/community-plans/{plan.pk}/")

    assert response.status_code == 200, response.data
    found = {
        item["id"]: item
        for priority in response.data["priorities"]
        for measure in priority["measures"]
        for activity in measure["activities"]
        for item in activity["indicators"]
    }
    assert len(found) == len(indicators)
    for indicator, expected, target in indicators:
        item = found[str(indicator.pk)]
        assert Decimal(item["actual"]) == expected.quantize(Decimal("0.01")), indicator.kind
        assert Decimal(item["progress"]) == (expected.quantize(Decimal("0.01")) / target).quantize(Decimal("0.0001"))


def test_deliveries_outside_the_indicators_year_do_not_count(api, manager, centre):
    home_care = ServiceTypeFactory(unit="hour")
    line = ContractLineFactory(contract__provider__centre=centre, service_type=home_care,
                               contract__start_date=dt.date(2025, 1, 1), contract__end_date=dt.date(2027, 12, 31))
    service = PlannedServiceFactory(plan=PlanFactory(client=ClientFactory(centre=centre), status="active"),
                                    contract_line=line)
    delivery(service, dt.date(2025, 12, 31), "2", duration_minutes=120)
    delivery(service, dt.date(2026, 1, 1), "1.5", duration_minutes=90)
    delivery(service, dt.date(2026, 12, 31), "3")  # no duration: an hourly line counts its units as hours
    delivery(service, dt.date(2027, 1, 1), "4", duration_minutes=240)
    plan = CommunityPlanFactory(centre=centre, start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 12, 31))
    indicator = IndicatorFactory(activity__measure__priority__plan=plan, activity__service_types=[home_care],
                                 kind="delivered_hours", period="year", year=2026, target=Decimal("900"))

    response = api(manager).get(f"/api/v1/indicators/{indicator.pk}/")

    assert response.status_code == 200
    assert response.data["actual"] == "4.50"
    assert response.data["period_start"] == "2026-01-01"
    assert response.data["progress"] == "0.0050"
    assert response.data["progress_percent"] == "0.5"


def test_a_corrected_log_counts_only_as_its_correction(api, manager, centre):
    meals = ServiceTypeFactory(unit="meal")
    line = ContractLineFactory(contract__provider__centre=centre, service_type=meals)
    service = PlannedServiceFactory(plan=PlanFactory(client=ClientFactory(centre=centre), status="active"),
                                    contract_line=line)
    original = delivery(service, dt.date(2026, 3, 2), "10")
    delivery(service, dt.date(2026, 3, 2), "7", corrects=original)
    indicator = IndicatorFactory(activity__measure__priority__plan__centre=centre, activity__service_types=[meals],
                                 kind="delivered_units", target=Decimal("70"))

    response = api(manager).get(f"/api/v1/indicators/{indicator.pk}/")

    assert response.data["actual"] == "7.00"
    assert response.data["progress"] == "0.1000"


def test_manual_indicator_takes_the_latest_value_in_its_period(api, manager, centre):
    plan = CommunityPlanFactory(centre=centre, start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31))
    indicator = IndicatorFactory(activity__measure__priority__plan=plan, kind="manual", target=Decimal("20"))
    IndicatorValueFactory(indicator=indicator, date=dt.date(2026, 9, 30), value=Decimal("8"))
    IndicatorValueFactory(indicator=indicator, date=dt.date(2026, 3, 31), value=Decimal("5"))
    IndicatorValueFactory(indicator=indicator, date=dt.date(2028, 3, 31), value=Decimal("99"))  # after the plan

    response = api(manager).get(f"/api/v1/community-plans/{plan.pk}/")

    item = response.data["priorities"][0]["measures"][0]["activities"][0]["indicators"][0]
    assert item["actual"] == "8.00"
    assert item["progress"] == "0.4000"


def test_an_activity_without_service_types_counts_nothing_and_a_zero_target_has_no_progress(api, manager, centre):
    meals = ServiceTypeFactory(unit="meal")
    line = ContractLineFactory(contract__provider__centre=centre, service_type=meals)
    service = PlannedServiceFactory(plan=PlanFactory(client=ClientFactory(centre=centre), status="active"),
                                    contract_line=line)
    delivery(service, dt.date(2026, 3, 2), "10")
    plan = CommunityPlanFactory(centre=centre)
    untyped = IndicatorFactory(activity__measure__priority__plan=plan, kind="delivered_units")
    zero = IndicatorFactory(activity__measure__priority__plan=plan, activity__service_types=[meals],
                            kind="delivered_units", target=Decimal("0"))

    response = api(manager).get(f"/api/v1/indicators/{untyped.pk}/")
    assert response.data["actual"] == "0.00"
    response = api(manager).get(f"/api/v1/indicators/{zero.pk}/")
    assert response.data["actual"] == "10.00"
    assert response.data["progress"] is None


def test_indicators_counting_the_same_thing_share_one_figure(api, manager, centre):
    meals = ServiceTypeFactory(unit="meal")
    line = ContractLineFactory(contract__provider__centre=centre, service_type=meals)
    service = PlannedServiceFactory(plan=PlanFactory(client=ClientFactory(centre=centre), status="active"),
                                    contract_line=line)
    delivery(service, dt.date(2026, 3, 2), "10")
    delivery(service, dt.date(2027, 3, 2), "5")
    plan = CommunityPlanFactory(centre=centre, start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31))
    first = ActivityFactory(measure__priority__plan=plan, service_types=[meals])
    second = ActivityFactory(measure__priority__plan=plan, service_types=[meals])
    twins = [IndicatorFactory(activity=activity, kind="delivered_units", target=Decimal("30")) for activity in (first, second)]
    yearly = IndicatorFactory(activity=first, kind="delivered_units", period="year", year=2027, target=Decimal("5"))

    response = api(manager).get(f"/api/v1/community-plans/{plan.pk}/")

    found = {item["id"]: item for priority in response.data["priorities"] for measure in priority["measures"]
             for activity in measure["activities"] for item in activity["indicators"]}
    assert [found[str(twin.pk)]["actual"] for twin in twins] == ["15.00", "15.00"]
    assert (found[str(yearly.pk)]["actual"], found[str(yearly.pk)]["progress"]) == ("5.00", "1.0000")
