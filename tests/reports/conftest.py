"""Report tests: a small centre with one of everything a report counts, dated last month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from cus.catalogue.models import Provider
from cus.clients.models import Client
from cus.contracts.models import Contract, ContractLine, FundingSource
from cus.core.dates import add_months
from cus.core.models import Centre, Membership, User
from cus.deliveries.models import Delivery
from cus.plans.models import PlannedService

from ..deliveries.factories import DeliveryFactory
from ..factories import (
    ClientFactory,
    ContractFactory,
    ContractLineFactory,
    FundingSourceFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
)
from .factories import ParticipationFactory


@dataclass
class Month:
    """Last month at the centre, with a contract, an assigned service, a delivery and a participation."""

    centre: Centre
    month: dt.date  # the first day of last month
    day: dt.date  # the 10th of last month
    provider: Provider
    staff: User
    source: FundingSource
    contract: Contract
    line: ContractLine
    service: PlannedService
    client: Client
    delivery: Delivery

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@pytest.fixture
def last_month(centre, provider_staff, coordinator) -> Month:
    today = timezone.localdate()
    month = add_months(today.replace(day=1), -1)
    start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year + 1, 12, 31)
    provider = Membership.objects.get(user=provider_staff).provider
    assert provider is not None
    source = FundingSourceFactory(centre=centre, project_code="FEPM.05.11-IP.01-0001/24")
    contract = ContractFactory(provider=provider, start_date=start, end_date=end, funding_source=source)
    line = ContractLineFactory(
        contract=contract, service_type=ServiceTypeFactory(unit="hour"), unit_price=Decimal("50.00"),
        budget=Decimal("10000.00"), monthly_capacity=Decimal("40"),
    )
    client = ClientFactory(centre=centre, coordinator=coordinator, national_id="44051401458", last_name="Kowalska")
    plan = PlanFactory(client=client, coordinator=coordinator, status="active", start_date=start, end_date=end,
                       activated_at=timezone.now() - dt.timedelta(days=90))
    service = PlannedServiceFactory(plan=plan, contract_line=line, units=Decimal("10"), per="week")
    day = month.replace(day=10)
    delivery = DeliveryFactory(planned_service=service, date=day, duration_minutes=120, units=Decimal("2.00"),
                               logged_by=provider_staff)
    ParticipationFactory(client=client, funding_source=source, entry_date=month.replace(day=3), entry_age=67,
                         entry_sex="female", entry_labour_market_status="inactive", entry_has_disability=True)
    return Month(centre=centre, month=month, day=day, provider=provider, staff=provider_staff, source=source,
                 contract=contract, line=line, service=service, client=client, delivery=delivery)
