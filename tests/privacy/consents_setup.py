"""Shared builders and fixtures of the consent tests (test_consents*.py import what they use): a client in the
coordinator's caseload, a running ESF+ project, an external provider with a fitting contract line, the centre's
legal basis for a purpose, and consents."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cus.clients.models import Client, Consent
from cus.core.context import Actor, actor_for
from cus.core.dates import centre_today
from cus.core.models import Centre, User
from cus.privacy.models import ProcessingPurpose, Purpose

from ..factories import ClientFactory, FundingSourceFactory, PlannedServiceFactory, ServiceTypeFactory
from ..plans.factories import active_plan, contract_line


def today(centre: Centre) -> dt.date:
    return centre_today(centre)


def set_basis(centre: Centre, purpose: Purpose, basis: str) -> None:
    """The centre rests ``purpose`` on ``basis`` (as its administrator would set it)."""
    ProcessingPurpose.objects.update_or_create(
        centre=centre, purpose=purpose, defaults={"legal_basis": basis, "legal_reference": "test"}
    )


def give_consent(client: Client, purpose: Purpose, *, by: User, providers: tuple[Any, ...] = (), **fields: Any) -> Consent:
    """A consent of the purpose's kind, given a month ago (no end, not withdrawn) unless ``fields`` say otherwise."""
    fields.setdefault("given_on", today(client.centre) - dt.timedelta(days=30))
    consent = Consent.objects.create(
        centre=client.centre, client=client, kind=purpose.value, recorded_by=by, **fields
    )
    consent.providers.set(providers)
    return consent


@pytest.fixture
def as_actor():
    def make(user: User) -> Actor:
        return actor_for(user)

    return make


@pytest.fixture
def person(centre, coordinator) -> Client:
    """An active client of the coordinator's caseload, with no consent recorded."""
    return ClientFactory(centre=centre, coordinator=coordinator, status="active", birth_date=dt.date(1970, 5, 6),
                         labour_market_status="inactive", education_level="isced_3_4")


@pytest.fixture
def project(centre):
    """An ESF+ project running from two years ago to next year."""
    day = today(centre)
    return FundingSourceFactory(
        centre=centre, start_date=day - dt.timedelta(days=730), end_date=day + dt.timedelta(days=365)
    )


@pytest.fixture
def waiting_service(centre, coordinator, person):
    """A waiting planned service (home care) of the person's active plan."""
    plan = active_plan(centre, coordinator, client=person)
    return PlannedServiceFactory(plan=plan, service_type=ServiceTypeFactory())


@pytest.fixture
def line(centre, waiting_service):
    """An active contract line of an external provider (a foundation) fitting the waiting service."""
    return contract_line(centre, service_type=waiting_service.service_type)
