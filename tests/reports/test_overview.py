"""The manager's overview (GET /api/v1/overview/): twelve months of the centre from the live records; the roles that
see reports only; another centre's records never counted; a fixed number of queries whatever the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cus.core.dates import add_months, first_of_month
from cus.plans.models import PlannedServiceStatus

from ..deliveries.factories import DeliveryFactory
from ..factories import (
    ClientFactory,
    ContractFactory,
    ContractLineFactory,
    PlanFactory,
    PlannedServiceFactory,
)
from ..volunteers.factories import HoursFactory, VolunteerFactory

URL = "/api/v1/overview/"
pytestmark = pytest.mark.django_db


def month_row(body, label):
    return next(row for row in body["months"] if row["month"] == label)


def test_the_overview_shows_twelve_months_ending_with_this_one(api, manager, last_month):
    response = api(manager).get(URL)

    assert response.status_code == 200, response.content
    body = response.json()
    this_month = first_of_month(timezone.localdate())
    assert [row["month"] for row in body["months"]] == [
        f"{add_months(this_month, offset):%Y-%m}" for offset in range(-11, 1)
    ]
    assert (body["first_month"], body["last_month"]) == (body["months"][0]["month"], body["months"][-1]["month"])
    assert body["currency"] == last_month.centre.currency


def test_delivered_and_planned_volume_per_service_type_and_month(api, manager, last_month):
    body = api(manager).get(URL).json()

    [row] = body["volumes"]
    assert row["service_type"] == last_month.line.service_type.code
    month = next(m for m in row["months"] if m["month"] == last_month.label)
    assert month["delivered"] == "2.00"  # the one delivered log of last month
    # 10 hours a week over last month's days.
    days = (add_months(last_month.month, 1) - last_month.month).days
    assert Decimal(month["planned"]) == (Decimal(10) * days / 7).quantize(Decimal("0.01"))


def test_a_logged_visit_shows_at_once(api, manager, last_month):
    """Live: no report run needed; the next request counts a new log."""
    DeliveryFactory(planned_service=last_month.service, date=last_month.day + dt.timedelta(days=1),
                    duration_minutes=60, units=Decimal("1.00"), logged_by=last_month.staff)

    body = api(manager).get(URL).json()

    month = next(m for m in body["volumes"][0]["months"] if m["month"] == last_month.label)
    assert month["delivered"] == "3.00"


def test_the_contracts_budget_burn_month_by_month(api, manager, last_month):
    body = api(manager).get(URL).json()

    [contract] = body["contracts"]
    assert contract["contract_id"] == str(last_month.contract.pk)
    assert contract["provider"] == last_month.provider.name
    assert contract["value"] == "10000.00"
    assert contract["spent"] == "100.00"  # 2 hours at 50
    assert contract["used_percent"] == "1.0"
    burn = next(m for m in contract["months"] if m["month"] == last_month.label)
    assert (burn["spent"], burn["spent_to_date"]) == ("100.00", "100.00")
    this_month = contract["months"][-1]
    assert (this_month["spent"], this_month["spent_to_date"]) == ("0.00", "100.00")


def test_plans_caseload_and_the_waiting_list(api, manager, coordinator, last_month):
    centre = last_month.centre
    waiting_since = last_month.month.replace(day=5)
    client = ClientFactory(centre=centre, coordinator=coordinator, status="active")
    plan = PlanFactory(client=client, coordinator=coordinator, status="active",
                       activated_at=timezone.now() - dt.timedelta(days=40))
    PlannedServiceFactory(plan=plan, contract_line=None, status=PlannedServiceStatus.WAITING,
                          waiting_since=waiting_since, units=Decimal("4"), per="week")
    ClientFactory(centre=centre, coordinator=None, status="referred")

    body = api(manager).get(URL).json()

    ended = month_row(body, last_month.label)
    assert ended["waiting"] == 1
    assert ended["waiting_clients"] == 1
    last_day = add_months(last_month.month, 1) - dt.timedelta(days=1)
    assert Decimal(ended["median_wait_days"]) == (last_day - waiting_since).days
    assert month_row(body, f"{add_months(last_month.month, -1):%Y-%m}")["waiting"] == 0  # before it waited
    assert body["months"][-1]["plans_active"] == 2
    caseload = body["caseload"]
    assert caseload["without_coordinator"] == 1
    assert caseload["referred"] >= 1
    assert caseload["active"] >= 1
    assert sum(row["clients"] for row in caseload["coordinators"]) + caseload["without_coordinator"] == (
        caseload["referred"] + caseload["active"]
    )


def test_verified_volunteer_hours_per_month(api, manager, last_month):
    volunteer = VolunteerFactory(centre=last_month.centre)
    HoursFactory(volunteer=volunteer, date=last_month.day, minutes=90, status="verified")
    HoursFactory(volunteer=volunteer, date=last_month.day, minutes=600, status="logged")  # not verified: not counted

    body = api(manager).get(URL).json()

    assert month_row(body, last_month.label)["volunteer_hours"] == "1.50"


def test_another_centres_records_are_not_counted(api, member, other_centre, last_month):
    other_manager = member("manager", other_centre)

    body = api(other_manager).get(URL).json()

    assert body["volumes"] == []
    assert body["contracts"] == []
    assert body["caseload"]["active"] + body["caseload"]["referred"] == 0


@pytest.mark.parametrize("role", ["coordinator", "provider", "volunteer"])
def test_roles_without_reports_get_404(api, member, centre, role):
    assert api(member(role, centre)).get(URL).status_code == 404


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_the_administrator_and_the_auditor_see_it_like_a_manager(api, member, centre, role):
    assert api(member(role, centre)).get(URL).status_code == 200


def test_a_fixed_number_of_queries_whatever_the_history(api, manager, last_month):
    client = api(manager)
    client.get(URL)  # warm the session and the membership caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for months_back in range(1, 8):
        contract = ContractFactory(provider=last_month.provider, start_date=last_month.contract.start_date,
                                   end_date=last_month.contract.end_date, funding_source=last_month.source,
                                   number=f"X/{months_back}")
        line = ContractLineFactory(contract=contract, service_type=last_month.line.service_type,
                                   unit_price=Decimal("10.00"), funding_source=last_month.source)
        service = PlannedServiceFactory(plan=last_month.service.plan, contract_line=line, units=Decimal("1"),
                                        per="week")
        DeliveryFactory(planned_service=service, date=add_months(last_month.month, -months_back).replace(day=3),
                        duration_minutes=60, units=Decimal("1.00"), logged_by=last_month.staff)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL).json()
    assert len(body["contracts"]) == 8
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_a_contracts_spending_month_by_month_over_its_period(api, manager, last_month):
    response = api(manager).get(f"{URL}contracts/{last_month.contract.pk}/")

    assert response.status_code == 200, response.content
    burn = response.json()
    months = [m["month"] for m in burn["months"]]
    assert months[0] == f"{last_month.contract.start_date:%Y-%m}"  # from the contract's first month
    assert months[-1] == f"{timezone.localdate():%Y-%m}"  # to this month (the contract runs on)
    assert next(m for m in burn["months"] if m["month"] == last_month.label)["spent"] == "100.00"
    assert burn["spent"] == "100.00"


def test_another_centres_contract_or_a_role_without_reports_gets_404(api, member, coordinator, other_centre, last_month):
    path = f"{URL}contracts/{last_month.contract.pk}/"
    assert api(member("manager", other_centre)).get(path).status_code == 404
    assert api(coordinator).get(path).status_code == 404
