"""contracts/{id}/usage/: planned, delivered, confirmed and spent per line and in total."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cus.contracts.models import Contract
from cus.contracts.selectors import contract_usage
from cus.core.models import Role

from ..factories import ContractFactory, ContractLineFactory, ProviderFactory, ServiceTypeFactory
from .factories import delivery_on, planned_service_on

URL = "/api/v1/contracts/"


def usage_url(contract) -> str:
    return f"{URL}{contract.pk}/usage/"


@pytest.fixture
def contract(provider, funding, home_care, meals):
    """Home care by the hour (max 100 units at 50.00) and meals (a budget of 1000.00 at 20.00), with logs."""
    contract = ContractFactory(provider=provider, funding_source=funding, number="UM/U/2026")
    care = ContractLineFactory(contract=contract, service_type=home_care, unit_price=Decimal("50.00"),
                               max_units=Decimal("100"))
    food = ContractLineFactory(contract=contract, service_type=meals, unit_price=Decimal("20.00"), max_units=None,
                               budget=Decimal("1000.00"))
    # 10 hours a month all year: 120 planned; 2 meals a week for two weeks: 4 planned
    care_plan = planned_service_on(care)
    food_plan = planned_service_on(food, units=Decimal("2"), per="week", start_date=dt.date(2026, 1, 1),
                                   end_date=dt.date(2026, 1, 14))
    delivery_on(care, 3, planned_service=care_plan)
    delivery_on(care, 2, status="confirmed", planned_service=care_plan)
    delivery_on(care, 1, status="disputed", planned_service=care_plan)  # still holds its budget
    delivery_on(care, 4, cost="0", outcome="client_absent", planned_service=care_plan)  # not a delivery
    delivery_on(food, 10, status="confirmed", planned_service=food_plan)
    delivery_on(food, 5, planned_service=food_plan)
    # another contract's logs do not count
    delivery_on(ContractLineFactory(contract=ContractFactory(provider=provider, funding_source=funding),
                                    service_type=home_care), 50)
    return contract


def test_usage_per_line_and_in_total(api, manager, contract):
    response = api(manager).get(usage_url(contract))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["contract"] == str(contract.pk)
    care, food = body["lines"]
    assert care["service_type_name"] == "Home care"
    assert {key: care[key] for key in ("units_planned", "units_delivered", "units_confirmed", "amount_spent",
                                       "units_remaining", "amount_remaining", "max_units", "budget", "value",
                                       "percent_used")} == {
        "units_planned": "120.00", "units_delivered": "6.00", "units_confirmed": "2.00", "amount_spent": "300.00",
        "units_remaining": "94.00", "amount_remaining": None, "max_units": "100.00", "budget": None,
        "value": "5000.00", "percent_used": "6.0",
    }
    assert {key: food[key] for key in ("units_planned", "units_delivered", "units_confirmed", "amount_spent",
                                       "units_remaining", "amount_remaining", "percent_used")} == {
        "units_planned": "4.00", "units_delivered": "15.00", "units_confirmed": "10.00", "amount_spent": "300.00",
        "units_remaining": None, "amount_remaining": "700.00", "percent_used": "30.0",
    }
    assert body["total"] == {
        "units_planned": "124.00", "units_delivered": "21.00", "units_confirmed": "12.00", "amount_spent": "600.00",
        "units_remaining": "94.00", "amount_remaining": "700.00", "max_units": "100.00", "budget": "1000.00",
        "value": "6000.00", "percent_used": "10.0",
    }


def test_a_contract_without_logs_has_nothing_used(api, manager, provider, funding):
    empty = ContractFactory(provider=provider, funding_source=funding)
    ContractLineFactory(contract=empty, unit_price=Decimal("10"), max_units=None, budget=Decimal("500"))
    total = api(manager).get(usage_url(empty)).json()["total"]
    assert (total["amount_spent"], total["amount_remaining"], total["units_remaining"], total["percent_used"]) == (
        "0.00", "500.00", None, "0.0"
    )


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_read_the_usage(api, member, centre, contract, role):
    assert api(member(role, centre)).get(usage_url(contract)).status_code == 200


def test_provider_staff_read_their_own_contracts_usage_only(api, member, centre, contract):
    own = member(Role.PROVIDER, centre, provider=contract.provider)
    other = member(Role.PROVIDER, centre, provider=ProviderFactory(centre=centre))
    assert api(own).get(usage_url(contract)).status_code == 200
    assert api(other).get(usage_url(contract)).status_code == 404


def test_volunteers_and_other_centres_do_not_find_the_usage(api, volunteer, member, other_centre, contract):
    assert api(volunteer).get(usage_url(contract)).status_code == 404
    assert api(member(Role.MANAGER, other_centre)).get(usage_url(contract)).status_code == 404


def test_usage_takes_the_same_queries_however_many_lines_and_logs(
    api, manager, provider, funding, django_assert_max_num_queries
):
    contract = ContractFactory(provider=provider, funding_source=funding)
    client = api(manager)

    def add_lines(count):
        for _ in range(count):
            line = ContractLineFactory(contract=contract)
            delivery_on(line, 2)
            delivery_on(line, 1, status="confirmed")

    add_lines(1)
    with django_assert_max_num_queries(6):
        client.get(usage_url(contract))
    add_lines(8)
    with django_assert_max_num_queries(6):
        response = client.get(usage_url(contract))
    assert len(response.json()["lines"]) == 9


# --- the property: totals are the sums of the lines, the lines the sums of their logs ---------------

money = st.decimals(min_value=0, max_value=200, places=2)
amount = st.decimals(min_value=Decimal("0.25"), max_value=500, places=2)
log = st.tuples(
    st.decimals(min_value=Decimal("0.25"), max_value=20, places=2),
    st.sampled_from(["logged", "confirmed", "disputed"]),
    st.sampled_from(["delivered", "delivered", "client_absent", "cancelled_by_provider"]),
)
line_spec = st.tuples(money, st.none() | amount, st.none() | amount, st.lists(log, max_size=4))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(line_spec, min_size=1, max_size=4))
def test_total_usage_is_the_sum_of_the_lines_and_each_line_the_sum_of_its_logs(centre, provider, funding, specs):
    contract = ContractFactory(provider=provider, funding_source=funding)
    logs = {}
    for price, max_units, budget, line_logs in specs:
        assume(max_units is not None or budget is not None)
        line = ContractLineFactory(contract=contract, service_type=ServiceTypeFactory(), unit_price=price,
                                   max_units=max_units, budget=budget)
        plan = planned_service_on(line)
        logs[line.pk] = [
            delivery_on(line, units, status=status, outcome=outcome, planned_service=plan)
            for units, status, outcome in line_logs
        ]
    usage = contract_usage(Contract.objects.prefetch_related("lines__service_type").get(pk=contract.pk))

    for figures in usage.lines:
        delivered = [entry for entry in logs[figures.line.pk] if entry.outcome == "delivered"]
        assert figures.usage.units_delivered == sum((entry.units for entry in delivered), Decimal(0))
        assert figures.usage.amount_spent == sum((entry.cost for entry in delivered), Decimal(0))
        assert figures.usage.units_confirmed == sum(
            (entry.units for entry in delivered if entry.status == "confirmed"), Decimal(0)
        )
        if figures.line.budget is not None:
            assert figures.usage.amount_remaining == figures.line.budget - figures.usage.amount_spent

    lines = [figures.usage for figures in usage.lines]
    total = usage.total
    for field in ("units_planned", "units_delivered", "units_confirmed", "amount_spent"):
        assert getattr(total, field) == sum((getattr(line, field) for line in lines), Decimal(0))
    for field in ("units_remaining", "amount_remaining"):
        present = [getattr(line, field) for line in lines if getattr(line, field) is not None]
        assert getattr(total, field) == (sum(present, Decimal(0)) if present else None)
