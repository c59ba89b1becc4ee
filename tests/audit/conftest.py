"""Fixtures of the access-log tests: a client with a plan, a service assigned to a provider, and the data-protection
officer."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cus.clients.models import ClientAccessLog
from cus.clients.national_id import generate_pesel
from cus.core.models import Membership, Role, User

from ..factories import ClientFactory, ContractLineFactory, PlanFactory, PlannedServiceFactory


@pytest.fixture
def auditor(member, centre) -> User:
    return member(Role.AUDITOR, centre)


@pytest.fixture
def served(centre, coordinator, provider_staff) -> SimpleNamespace:
    """client: the coordinator's client, with health data and a national ID, on an active plan with a service
    currently assigned to provider_staff's provider."""
    provider = Membership.objects.get(user=provider_staff).provider
    client = ClientFactory(
        centre=centre, coordinator=coordinator, last_name="Served", birth_date=dt.date(1944, 5, 6),
        national_id=generate_pesel(dt.date(1944, 5, 6), "female", 3), health_summary="Diabetes, insulin twice a day", has_disability=True,
        phone="+48 600 100 200", street="Długa 5",
    )
    plan = PlanFactory(client=client, centre=centre, coordinator=coordinator, status="active")
    line = ContractLineFactory(contract__provider=provider, contract__centre=centre, centre=centre)
    service = PlannedServiceFactory(plan=plan, contract_line=line, end_date=None)
    return SimpleNamespace(client=client, plan=plan, service=service, provider=provider, line=line)


def log_of(client) -> list[ClientAccessLog]:
    return list(ClientAccessLog.objects.filter(client=client).order_by("id"))
