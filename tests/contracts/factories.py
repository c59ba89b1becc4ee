"""Hand-made deliveries under a contract line (the deliveries app's services are not needed to count usage)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cus.contracts.models import ContractLine
from cus.core.models import User
from cus.deliveries.models import Delivery
from cus.deliveries.services import reconcile_line_usage
from cus.plans.models import PlannedService

from ..factories import PlannedServiceFactory, UserFactory

CENT = Decimal("0.01")


def planned_service_on(line: ContractLine, **kwargs) -> PlannedService:
    """A planned service assigned to ``line``, for a client of the line's centre."""
    return PlannedServiceFactory(contract_line=line, plan__client__centre=line.centre, **kwargs)


def delivery_on(
    line: ContractLine,
    units: Decimal | str | int,
    *,
    cost: Decimal | str | None = None,
    status: str = "logged",
    outcome: str = "delivered",
    date: dt.date = dt.date(2026, 3, 10),
    planned_service: PlannedService | None = None,
    logged_by: User | None = None,
) -> Delivery:
    """A log of ``units`` under ``line``, priced at the line's unit price (to the cent) unless ``cost`` is given."""
    planned_service = planned_service or planned_service_on(line)
    units = Decimal(units)
    delivery = Delivery.objects.create(
        centre=line.centre,
        planned_service=planned_service,
        client=planned_service.plan.client,
        provider=line.contract.provider,
        service_type=line.service_type,
        contract_line=line,
        funding_source=line.funding_source,
        date=date,
        units=units,
        cost=Decimal(cost) if cost is not None else (units * line.unit_price).quantize(CENT, ROUND_HALF_UP),
        status=status,
        outcome=outcome,
        logged_by=logged_by or UserFactory(),
    )
    # A row written without the deliveries services: bring its line's running totals up to date, as an import does.
    reconcile_line_usage(fix=True, line_ids=[line.pk])
    return delivery
