"""Provider staff see the clients their provider serves, and only what delivery needs."""

from __future__ import annotations

import pytest

from cus.core.models import Membership

from ..factories import ClientFactory, ContractLineFactory, PlanFactory, PlannedServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(centre, provider_staff, coordinator):
    provider = Membership.objects.get(user=provider_staff).provider
    line = ContractLineFactory(contract__provider=provider, contract__centre=centre,
                               contract__funding_source__centre=centre)
    client = ClientFactory(centre=centre, national_id="44051401359", national_id_country="PL",
                           health_summary="diabetes", access_notes="Key with the neighbour, flat 4")
    plan = PlanFactory(client=client, centre=centre, coordinator=coordinator, status="active")
    PlannedServiceFactory(plan=plan, centre=centre, contract_line=line)
    return client


def test_provider_staff_see_the_clients_they_serve_with_only_delivery_data(api, provider_staff, served, centre):
    unassigned = ClientFactory(centre=centre)
    response = api(provider_staff).get("/api/v1/clients/")
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [str(served.pk)]
    assert str(unassigned.pk) not in ids
    record = api(provider_staff).get(f"/api/v1/clients/{served.pk}/").json()
    assert record["access_notes"] == "Key with the neighbour, flat 4"
    assert "national_id" not in record
    assert "health_summary" not in record
    assert "has_disability" not in record


def test_provider_staff_cannot_see_unassigned_client(api, provider_staff, centre):
    other = ClientFactory(centre=centre)
    assert api(provider_staff).get(f"/api/v1/clients/{other.pk}/").status_code == 404


def test_another_providers_staff_cannot_see_the_client(api, member, centre, served):
    other_staff = member("provider", centre)
    assert api(other_staff).get(f"/api/v1/clients/{served.pk}/").status_code == 404
    assert api(other_staff).get("/api/v1/clients/").json()["count"] == 0


def test_provider_staff_cannot_read_history_or_access_log_or_edit(api, provider_staff, served):
    client = api(provider_staff)
    assert client.get(f"/api/v1/clients/{served.pk}/history/").status_code == 404
    assert client.get(f"/api/v1/clients/{served.pk}/access-log/").status_code == 404
    assert client.patch(f"/api/v1/clients/{served.pk}/", {"phone": "123"}).status_code == 403


def test_provider_staff_cannot_find_a_client_by_national_id(api, provider_staff, served):
    response = api(provider_staff).get("/api/v1/clients/", {"search": "44051401359"})
    assert response.json()["count"] == 0


def test_provider_read_of_a_client_is_in_the_access_log(api, provider_staff, served):
    api(provider_staff).get(f"/api/v1/clients/{served.pk}/")
    assert served.access_log.filter(user=provider_staff, action="view").count() == 1
