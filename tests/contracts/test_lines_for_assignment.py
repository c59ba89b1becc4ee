"""lines_for_assignment(): the contract lines a planned service can be assigned to, roomiest first."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.contracts.selectors import lines_for_assignment
from cus.core.context import actor_for

from ..factories import ContractFactory, ContractLineFactory, FundingSourceFactory, ProviderFactory
from .factories import delivery_on

JAN = dt.date(2026, 1, 1)
JUNE = dt.date(2026, 6, 30)


@pytest.fixture
def line_of(provider, funding, home_care):
    def make(*, service_type=home_care, status="active", start=JAN, end=dt.date(2026, 12, 31), **line_fields):
        contract = ContractFactory(provider=line_fields.pop("provider", provider), funding_source=funding,
                                   status=status, start_date=start, end_date=end)
        return ContractLineFactory(contract=contract, service_type=service_type, **line_fields)

    return make


def found(centre, service_type, start=JAN, end=JUNE):
    return [line for line, _usage in lines_for_assignment(
        actor_or_centre_id=centre.pk, service_type_id=service_type.pk, start_date=start, end_date=end
    )]


def test_active_lines_of_the_type_covering_the_period_are_offered(centre, line_of, home_care, meals):
    good = line_of()
    line_of(service_type=meals)
    line_of(status="draft")
    line_of(status="ended")
    line_of(status="terminated")
    assert found(centre, home_care) == [good]


def test_the_contract_must_run_on_the_services_start_and_those_covering_it_all_come_first(centre, line_of, home_care):
    line_of(start=dt.date(2026, 2, 1))  # starts too late
    short = line_of(end=dt.date(2026, 5, 31), max_units=Decimal("5000"))  # ends too early: continues on a renewal
    covering = line_of(start=dt.date(2025, 7, 1), end=JUNE)
    assert found(centre, home_care) == [covering, short]  # covering first, though the short one has more room


def test_an_open_ended_service_needs_only_a_contract_running_on_its_start(centre, line_of, home_care):
    short = line_of(end=dt.date(2026, 1, 31))
    line_of(start=dt.date(2026, 1, 2))
    assert found(centre, home_care, end=None) == [short]


def test_another_centres_lines_are_never_offered(centre, other_centre, home_care):
    ContractLineFactory(contract=ContractFactory(provider=ProviderFactory(centre=other_centre)),
                        service_type=home_care)
    assert found(centre, home_care) == []


def test_lines_with_nothing_left_are_not_offered(centre, line_of, home_care):
    used_up = line_of(max_units=Decimal("5"))
    delivery_on(used_up, 5)
    spent = line_of(max_units=None, budget=Decimal("90.00"), unit_price=Decimal("45.00"))
    delivery_on(spent, 2)
    room = line_of(max_units=Decimal("5"))
    delivery_on(room, 4)
    assert found(centre, home_care) == [room]


def test_inactive_providers_and_funding_sources_are_not_offered(centre, line_of, home_care):
    line_of(provider=ProviderFactory(centre=centre, is_active=False))
    line_of(funding_source=FundingSourceFactory(centre=centre, is_active=False))
    assert found(centre, home_care) == []


def test_the_roomiest_line_comes_first(centre, line_of, home_care):
    twenty = line_of(max_units=Decimal("100"))
    delivery_on(twenty, 80)
    eighty = line_of(max_units=Decimal("80"))
    by_budget = line_of(max_units=None, budget=Decimal("9000.00"), unit_price=Decimal("45.00"))  # 200 units
    both = line_of(max_units=Decimal("500"), budget=Decimal("450.00"), unit_price=Decimal("45.00"))  # 10 units
    assert found(centre, home_care) == [by_budget, eighty, twenty, both]


def test_each_line_comes_with_its_usage_and_loaded_relations(centre, line_of, home_care,  # lines, planned services
                                                              django_assert_num_queries):
    line = line_of(max_units=Decimal("10"))
    delivery_on(line, 3)
    with django_assert_num_queries(2):
        (offered, usage), = lines_for_assignment(
            actor_or_centre_id=str(centre.pk), service_type_id=home_care.pk, start_date=JAN, end_date=JUNE
        )
        assert (offered.contract.provider.name, offered.funding_source.name, offered.service_type.code) == (
            line.contract.provider.name, line.funding_source.name, "home_care_test"
        )
    assert (usage.units_delivered, usage.units_remaining) == (Decimal("3"), Decimal("7"))


def test_an_actor_stands_for_their_centre(centre, coordinator, line_of, home_care):
    line = line_of()
    offered = lines_for_assignment(actor_or_centre_id=actor_for(coordinator), service_type_id=home_care.pk,
                                   start_date=JAN, end_date=None)
    assert [pair[0] for pair in offered] == [line]


def test_the_query_count_does_not_grow_with_the_lines(centre, line_of, home_care, django_assert_num_queries):
    for _ in range(6):
        delivery_on(line_of(), 1)
    with django_assert_num_queries(2):
        assert len(found(centre, home_care)) == 6
