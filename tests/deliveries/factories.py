"""Factories of delivery logs and monthly statements (the shared ones are in tests/factories.py)."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from cus.deliveries.models import Delivery, MonthlyStatement
from cus.deliveries.services import reconcile_month_totals

from ..factories import UserFactory


class DeliveryFactory(DjangoModelFactory):
    """A log against ``planned_service`` (an assigned one); the denormalised fields follow it."""

    class Meta:
        model = Delivery

    planned_service = None
    centre = factory.SelfAttribute("planned_service.centre")
    client = factory.SelfAttribute("planned_service.plan.client")
    provider = factory.SelfAttribute("planned_service.provider")
    service_type = factory.SelfAttribute("planned_service.service_type")
    contract_line = factory.SelfAttribute("planned_service.contract_line")
    funding_source = factory.SelfAttribute("contract_line.funding_source")
    units = factory.LazyFunction(lambda: Decimal("1.00"))
    cost = factory.LazyAttribute(lambda o: o.units * o.contract_line.unit_price)
    worker_name = "Anna Nowak"
    logged_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        """A row written without the services: its line's months' rollups recomputed from the logs, as the
        services would have moved them."""
        created = super()._create(model_class, *args, **kwargs)
        reconcile_month_totals(fix=True, line_ids=[created.contract_line_id])
        return created


class MonthlyStatementFactory(DjangoModelFactory):
    class Meta:
        model = MonthlyStatement

    contract = None
    centre = factory.SelfAttribute("contract.centre")
    provider = factory.SelfAttribute("contract.provider")
