"""Provider staff see a client only while their provider has a current assignment for them, and cannot filter the
clients they serve by case status."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.plans.models import PlannedService

from ..factories import ClientFactory, PlanFactory, PlannedServiceFactory

pytestmark = pytest.mark.django_db


def seen(api, provider_staff) -> tuple[set[str], set[str]]:
    reader = api(provider_staff)
    services = reader.get("/api/v1/planned-services/?page_size=100").json()["results"]
    clients = reader.get("/api/v1/clients/?page_size=100").json()["results"]
    return {row["client"]["last_name"] for row in services}, {row["last_name"] for row in clients}


def former(centre, coordinator, served, name: str, *, plan_status="active", **service) -> None:
    client = ClientFactory(centre=centre, coordinator=coordinator, last_name=name, phone="+48 500")
    plan = PlanFactory(client=client, centre=centre, coordinator=coordinator, status=plan_status)
    PlannedServiceFactory(plan=plan, contract_line=served.line, **service)


def test_only_current_assignments_show_a_client(api, provider_staff, centre, coordinator, served):
    yesterday = dt.date.today() - dt.timedelta(days=2)
    former(centre, coordinator, served, "PlanClosed", plan_status="closed")
    former(centre, coordinator, served, "ServiceEnded", status="ended")
    former(centre, coordinator, served, "ServiceCancelled", status="cancelled")
    former(centre, coordinator, served, "EndDatePassed", end_date=yesterday, start_date=yesterday - dt.timedelta(days=30))
    former(centre, coordinator, served, "Suspended", status="suspended", end_date=None)
    services, clients = seen(api, provider_staff)
    assert services == clients == {"Served", "Suspended"}


def test_a_service_unassigned_from_the_provider_ends_its_view_of_the_client(api, provider_staff, served):
    assert seen(api, provider_staff) == ({"Served"}, {"Served"})
    PlannedService.objects.filter(pk=served.service.pk).update(status="waiting", provider=None, contract_line=None)
    assert seen(api, provider_staff) == (set(), set())
    assert api(provider_staff).get(f"/api/v1/planned-services/{served.service.pk}/").status_code == 404
    assert api(provider_staff).get(f"/api/v1/clients/{served.client.pk}/").status_code == 404


def test_provider_staff_cannot_filter_by_case_status(api, provider_staff, coordinator, served):
    reader = api(provider_staff)
    everyone = reader.get("/api/v1/clients/").json()["results"]
    assert len(everyone) == 1
    for status in ("closed", "referred", "active"):
        assert reader.get("/api/v1/clients/", {"status": status}).json()["results"] == everyone
    assert reader.get("/api/v1/clients/", {"coordinator": str(coordinator.pk)}).json()["results"] == everyone
    # Staff do filter by it.
    assert api(coordinator).get("/api/v1/clients/", {"status": "closed"}).json()["results"] == []
