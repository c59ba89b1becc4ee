"""The contract services called directly (as the demo seed or another app would): same rules, same errors."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.contracts import services
from cus.contracts.models import Contract, ContractLine
from cus.core.context import actor_for
from cus.core.errors import Conflict, NotAllowed, ValidationError

from ..factories import ContractFactory, ContractLineFactory


def make_contract(actor, provider, **overrides):
    fields = {"provider": provider, "number": "UM/S/1", "start_date": dt.date(2026, 1, 1),
              "end_date": dt.date(2026, 12, 31)}
    return services.create_contract(actor=actor, **{**fields, **overrides})


def test_create_contract_keys_line_errors_by_position_and_field(manager, provider, funding, home_care):
    lines = [{"service_type": home_care, "unit_price": Decimal("-1"), "max_units": Decimal("10")}]
    with pytest.raises(ValidationError) as raised:
        make_contract(actor_for(manager), provider, funding_source=funding, lines=lines)
    assert set(raised.value.message_dict) == {"lines[0].unit_price"}
    assert not Contract.objects.exists()


def test_create_contract_fills_the_unit_and_funding_source(manager, provider, funding, home_care):
    contract = make_contract(actor_for(manager), provider, funding_source=funding,
                             lines=[{"service_type": home_care, "unit_price": Decimal("45"), "budget": Decimal("900")}])
    line = contract.lines.get()
    assert (line.unit, line.funding_source, contract.status) == ("hour", funding, "draft")


def test_only_managers_and_admins_write(coordinator, provider):
    with pytest.raises(NotAllowed):
        make_contract(actor_for(coordinator), provider)


def test_update_contract_refuses_fields_it_does_not_know(manager, provider, funding):
    contract = ContractFactory(provider=provider, funding_source=funding, status="draft")
    with pytest.raises(TypeError):
        services.update_contract(actor=actor_for(manager), contract=contract, status="active")


def test_terminating_without_a_reason_is_a_validation_error(manager, provider, funding):
    contract = ContractFactory(provider=provider, funding_source=funding, status="active")
    with pytest.raises(ValidationError) as raised:
        services.terminate_contract(actor=actor_for(manager), contract=contract, reason="")
    assert "reason" in raised.value.message_dict


def test_removing_lines_from_an_active_contract_is_a_conflict(manager, provider, funding):
    contract = ContractFactory(provider=provider, funding_source=funding, status="active")
    ContractLineFactory(contract=contract)
    with pytest.raises(Conflict):
        services.update_contract(actor=actor_for(manager), contract=contract, lines=[])
    assert ContractLine.objects.filter(contract=contract).count() == 1
