"""Builders for plan tests: a plan in a coordinator's caseload, one ready to activate, a fitting contract line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cus.core.models import Centre, User
from cus.deliveries.models import Delivery
from cus.deliveries.services import reconcile_line_usage
from cus.plans.models import Plan, PlannedService

from ..factories import (
    ClientFactory,
    ContractLineFactory,
    GoalFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
    UserFactory,
)


def draft_plan(centre: Centre, coordinator: User, **kwargs: Any) -> Plan:
    """A draft plan of a client in ``coordinator``'s caseload, coordinated by them."""
    client = kwargs.pop("client", None) or ClientFactory(centre=centre, coordinator=coordinator, status="referred")
    return PlanFactory(client=client, coordinator=coordinator, **kwargs)


def ready_plan(centre: Centre, coordinator: User, **kwargs: Any) -> Plan:
    """A draft plan with a goal, a planned service and the client's agreement: it may be activated."""
    plan = draft_plan(
        centre, coordinator, client_agreed_at=timezone.now() - dt.timedelta(days=1), agreement_method="signature",
        **kwargs,
    )
    GoalFactory(plan=plan)
    PlannedServiceFactory(plan=plan)
    return plan


def active_plan(centre: Centre, coordinator: User, **kwargs: Any) -> Plan:
    """An active plan with a goal and a waiting planned service."""
    plan = ready_plan(centre, coordinator, **kwargs)
    plan.status = "active"
    plan.version = 1
    plan.next_review_date = plan.start_date + dt.timedelta(days=plan.review_interval_days)
    plan.save()
    return plan


def contract_line(centre: Centre, **kwargs: Any) -> Any:
    """An active contract line of the centre (contract 2026, 1000 units, 45.00 a unit)."""
    kwargs.setdefault("service_type", ServiceTypeFactory())
    return ContractLineFactory(contract__provider__centre=centre, **kwargs)


def delivery(service: PlannedService, day: dt.date, units: str, *, outcome: str = "delivered", **kwargs: Any) -> Delivery:
    """A delivery logged against an assigned planned service."""
    line = service.contract_line
    assert line is not None
    created = Delivery.objects.create(
        centre=service.centre,
        planned_service=service,
        client=service.plan.client,
        provider=line.contract.provider,
        service_type=service.service_type,
        contract_line=line,
        funding_source=line.funding_source,
        date=day,
        units=Decimal(units),
        cost=Decimal(units) * line.unit_price,
        outcome=outcome,
        logged_by=kwargs.pop("logged_by", None) or UserFactory(),
        **kwargs,
    )
    reconcile_line_usage(fix=True, line_ids=[line.pk])  # a row written without the services: totals from the logs
    return created
