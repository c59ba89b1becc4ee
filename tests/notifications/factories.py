"""Builders for the reminder rules' tests: an assigned service under a contract of a provider of the centre."""

from __future__ import annotations

from cus.catalogue.models import Provider
from cus.contracts.models import ContractLine
from cus.core.models import Centre, User
from cus.plans.models import PlannedService

from ..contracts.factories import planned_service_on
from ..factories import ContractFactory, ContractLineFactory, ProviderFactory


def line_in(centre: Centre, *, provider: Provider | None = None, **kwargs) -> ContractLine:
    """A line of an active 2026 contract of a provider of ``centre`` (its own funding source)."""
    provider = provider or ProviderFactory(centre=centre)
    contract_fields = {k.removeprefix("contract__"): v for k, v in kwargs.items() if k.startswith("contract__")}
    line_fields = {k: v for k, v in kwargs.items() if not k.startswith("contract__")}
    contract = ContractFactory(provider=provider, **contract_fields)
    return ContractLineFactory(contract=contract, **line_fields)


def assigned_service(line: ContractLine, coordinator: User, **kwargs) -> PlannedService:
    """A service of an active plan coordinated by ``coordinator``, assigned to ``line``'s provider."""
    kwargs.setdefault("plan__status", "active")
    return planned_service_on(line, plan__coordinator=coordinator, **kwargs)
