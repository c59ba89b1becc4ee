"""What keeps a month from being closed (GET /month-closes/blockers/?month=): statements not approved, and contracts
with logs in the month but no statement; the same list a refused close names. Read in a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.models import Role
from cus.deliveries import selectors as deliveries_selectors

from ..deliveries.factories import DeliveryFactory, MonthlyStatementFactory
from ..factories import (
    ClientFactory,
    ContractFactory,
    ContractLineFactory,
    PlanFactory,
    PlannedServiceFactory,
    ProviderFactory,
    ServiceTypeFactory,
)

URL = "/api/v1/month-closes/blockers/"
pytestmark = pytest.mark.django_db


def blockers(api, user, month):
    return api(user).get(URL, {"month": month})


def another_contract_with_a_log(last_month, *, provider=None):
    """A second contract (of ``provider``, by default the same one) with a log on last month's 10th."""
    contract = ContractFactory(
        provider=provider or last_month.provider, start_date=last_month.contract.start_date,
        end_date=last_month.contract.end_date,
    )
    line = ContractLineFactory(contract=contract, service_type=ServiceTypeFactory(unit="hour"), unit_price=Decimal("10"))
    plan = PlanFactory(client=ClientFactory(centre=last_month.centre), status="active", start_date=contract.start_date,
                       end_date=contract.end_date)
    service = PlannedServiceFactory(plan=plan, contract_line=line, units=Decimal("1"), per="week")
    DeliveryFactory(planned_service=service, date=last_month.day, duration_minutes=60, units=Decimal("1.00"),
                    logged_by=last_month.staff)
    return contract


def test_a_month_with_logs_and_no_statement_is_blocked_by_the_contract(api, manager, last_month):
    response = blockers(api, manager, last_month.label)

    assert response.status_code == 200, response.content
    assert response.json() == [{
        "contract": str(last_month.contract.pk), "contract_number": last_month.contract.number,
        "provider": str(last_month.provider.pk), "provider_name": last_month.provider.name,
        "statement": None, "status": "missing",
    }]


@pytest.mark.parametrize("status", ["open", "submitted", "returned"])
def test_a_statement_not_approved_blocks_the_month(api, manager, last_month, status):
    statement = MonthlyStatementFactory(contract=last_month.contract, month=last_month.month, status=status)

    [blocker] = blockers(api, manager, last_month.label).json()

    assert (blocker["statement"], blocker["status"]) == (str(statement.pk), status)


def test_an_approved_month_has_no_blockers_and_closes(api, manager, last_month):
    MonthlyStatementFactory(contract=last_month.contract, month=last_month.month, status="approved")

    assert blockers(api, manager, last_month.label).json() == []
    assert api(manager).post("/api/v1/month-closes/", {"month": last_month.label}, format="json").status_code == 201


def test_a_refused_close_names_the_same_contracts(api, manager, last_month):
    MonthlyStatementFactory(contract=last_month.contract, month=last_month.month, status="submitted")
    other = another_contract_with_a_log(last_month)

    listed = {row["contract_number"] for row in blockers(api, manager, last_month.label).json()}
    refused = api(manager).post("/api/v1/month-closes/", {"month": last_month.label}, format="json")

    assert listed == {last_month.contract.number, other.number}
    assert refused.status_code == 409
    assert all(number in refused.json()["detail"] for number in listed)


def test_another_centres_statements_are_not_listed(api, member, other_centre, last_month):
    outsider = member(Role.MANAGER, other_centre)

    assert blockers(api, outsider, last_month.label).json() == []


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_roles_that_do_not_close_months_do_not_see_blockers(api, member, centre, last_month, role):
    assert blockers(api, member(role, centre), last_month.label).status_code == 404


@pytest.mark.parametrize("month", ["2026-13", "last month", "2026-1"])
def test_a_bad_month_is_refused_by_name(api, manager, last_month, month):
    response = blockers(api, manager, month)

    assert response.status_code == 400
    assert "month" in response.json()


def test_blockers_are_read_in_two_queries_however_many(api, manager, last_month, provider_staff, member, centre):
    MonthlyStatementFactory(contract=last_month.contract, month=last_month.month, status="submitted")
    deliveries_selectors.month_blockers(centre.pk, last_month.month)  # warm any cache (content types and such)
    with CaptureQueriesContext(connection) as few:
        assert len(deliveries_selectors.month_blockers(centre.pk, last_month.month)) == 1
    for _ in range(4):
        another_contract_with_a_log(last_month, provider=ProviderFactory(centre=centre))
        contract = another_contract_with_a_log(last_month)
        MonthlyStatementFactory(contract=contract, month=last_month.month, status="open")
    with CaptureQueriesContext(connection) as many:
        assert len(deliveries_selectors.month_blockers(centre.pk, last_month.month)) == 9
    assert len(many.captured_queries) == len(few.captured_queries) == 2


def test_without_a_month_last_month_is_checked(api, manager, last_month):
    response = api(manager).get(URL)

    assert response.status_code == 200
    assert [row["contract_number"] for row in response.json()] == [last_month.contract.number]
