"""A centre with one provider under contract and a client whose active plan has a service assigned to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from cus.catalogue.models import Provider
from cus.contracts.models import Contract, ContractLine
from cus.core.dates import centre_today, first_of_month
from cus.core.models import Centre, Membership, Role, User
from cus.plans.models import PlannedService

from ..factories import (
    ClientFactory,
    ContractFactory,
    ContractLineFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
)

URL = "/api/v1/deliveries/"
STATEMENTS_URL = "/api/v1/statements/"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher is slow by design; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    centre: Centre
    provider: Provider
    staff: User  # provider staff of ``provider``
    coordinator: User  # coordinates the client's plan
    contract: Contract
    line: ContractLine  # hourly, 50.00 a unit, at most 100 units
    service: PlannedService
    today: dt.date
    day: dt.date  # the 10th of last month: a finished month inside every period
    api: Callable[..., APIClient]

    def payload(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "planned_service": str(self.service.pk),
            "date": self.day.isoformat(),
            "start_time": "09:00",
            "duration_minutes": 90,
            "worker_name": "Anna Nowak",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not ...}

    def log(self, user: User | None = None, **overrides: Any):
        return self.api(user or self.staff).post(URL, self.payload(**overrides), format="json")

    def month(self) -> str:
        return f"{self.day:%Y-%m}"


def assigned_service(centre: Centre, provider: Provider, *, unit: str = "hour", coordinator: User | None = None,
                     **line_fields: Any) -> PlannedService:
    """An assigned planned service of an active plan, under a new contract line of ``provider``."""
    today = centre_today(centre)
    start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year + 1, 12, 31)
    contract = ContractFactory(provider=provider, start_date=start, end_date=end)
    line_fields.setdefault("unit_price", Decimal("50.00"))
    line = ContractLineFactory(contract=contract, service_type=ServiceTypeFactory(unit=unit), **line_fields)
    plan_fields: dict[str, Any] = {"coordinator": coordinator} if coordinator else {}
    plan = PlanFactory(client=ClientFactory(centre=centre), status="active", start_date=start, end_date=end,
                       **plan_fields)
    return PlannedServiceFactory(plan=plan, contract_line=line, units=Decimal("10"), per="week")


@pytest.fixture
def world(centre, provider_staff, coordinator, api) -> World:
    provider = Membership.objects.get(user=provider_staff).provider
    assert provider is not None
    service = assigned_service(centre, provider, coordinator=coordinator, max_units=Decimal("100"))
    today = centre_today(centre)
    last_month = first_of_month(first_of_month(today) - dt.timedelta(days=1))
    line = service.contract_line
    assert line is not None
    return World(
        centre=centre, provider=provider, staff=provider_staff, coordinator=coordinator, contract=line.contract,
        line=line, service=service, today=today, day=last_month.replace(day=10), api=api,
    )


@pytest.fixture
def other_provider_staff(member, centre) -> User:
    return member(Role.PROVIDER, centre)
