"""Nothing about clients, plans, deliveries or staff ever leaves through the public catalogue or HSDS API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient

from cus.catalogue.publishing.hsds import service_at_location_id
from cus.core.models import Role

from ..deliveries.factories import DeliveryFactory
from ..factories import (
    ClientFactory,
    ContractFactory,
    ContractLineFactory,
    GoalFactory,
    LocationFactory,
    OfferingFactory,
    PlanFactory,
    PlannedServiceFactory,
    ProviderFactory,
)
from .conftest import shipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.CUS_PUBLIC_API_RATE = "off"


@pytest.fixture
def case_data(centre, member):
    """A published provider that serves a client under a plan, with a delivery logged; returns what identifies them."""
    provider = ProviderFactory(centre=centre, name="Fundacja Opieka Domowa", target_groups=["seniors"], is_public=True)
    location = LocationFactory(provider=provider, name="Biuro Redłowo")
    offering = OfferingFactory(provider=provider, service_type=shipped("home_care"))
    offering.locations.add(location)
    coordinator = member(Role.COORDINATOR, centre, email="koordynatorka.tajna@cus.example", first_name="Genowefa",
                         last_name="Koordynatorska")
    staff = member(Role.PROVIDER, centre, provider=provider, email="opiekunka.tajna@fod.example",
                   first_name="Bożydar", last_name="Opiekuński")
    client = ClientFactory(
        centre=centre, first_name="Zdzisława", last_name="Przykładowska-Tajna", national_id="44051401458",
        street="ul. Sekretna 13/7", postcode="81-999", phone="+48 600 999 888", email="zdzislawa.tajna@example.org",
        health_summary="Cukrzyca typu 2, po udarze", access_notes="Klucz u sąsiadki spod 5",
        carer_name="Mirosław Opiekun-Rodzinny", coordinator=coordinator,
    )
    line = ContractLineFactory(
        contract=ContractFactory(provider=provider, number="UM/TAJNA/2026"), service_type=shipped("home_care"),
        unit_price=Decimal("47.11"),
    )
    plan = PlanFactory(client=client, coordinator=coordinator, summary="Plan pomocy po udarze — poufny")
    goal = GoalFactory(plan=plan, description="Samodzielne przygotowanie posiłków — cel poufny")
    planned = PlannedServiceFactory(plan=plan, contract_line=line, note="Dzwonić dwa razy — notatka poufna")
    delivery = DeliveryFactory(planned_service=planned, date=dt.date(2026, 3, 2), worker_name="Teodozja Wykonawczyni",
                               note="Klientka zasłabła — notatka z wizyty", logged_by=staff)
    secrets = [
        client.first_name, client.last_name, client.national_id, client.reference, client.street, client.phone,
        client.email, client.health_summary, client.access_notes, client.carer_name, str(client.pk),
        coordinator.email, coordinator.last_name, staff.email, staff.last_name,
        plan.summary, str(plan.pk), goal.description, str(goal.pk), planned.note, str(planned.pk),
        str(delivery.pk), delivery.worker_name, delivery.note, "UM/TAJNA/2026", "47.11", str(line.pk),
    ]
    return {"provider": provider, "location": location, "offering": offering, "secrets": secrets}


def public_paths(case_data) -> list[str]:
    provider, offering, location = case_data["provider"], case_data["offering"], case_data["location"]
    pair = service_at_location_id(offering.pk, location.pk)
    paths = [
        "/api/public/centres/", "/api/public/service-types/?page_size=200", "/api/public/services/",
        "/api/public/providers/", f"/api/public/services/{offering.pk}/", f"/api/public/providers/{provider.pk}/",
        "/api/public/services/?q=Tajna", "/api/public/providers/?q=Zdzis",
        "/api/hsds/", "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms?per_page=200",
        f"/api/hsds/services/{offering.pk}", f"/api/hsds/organizations/{provider.pk}",
        f"/api/hsds/organizations/{provider.pk}?full_service=true", f"/api/hsds/service_at_locations/{pair}",
        "/catalogue/", "/catalogue/?q=Przyk%C5%82adowska",
    ]
    for table in ["services", "organizations", "service_at_locations"]:
        for params in ["", "?full=true", "?full_service=true", "?minimal=true"]:
            paths.append(f"/api/hsds/{table}{params}")
    return paths


def test_no_public_response_carries_anything_about_clients_plans_deliveries_or_staff(case_data):
    http = HttpClient()
    for path in public_paths(case_data):
        for language in ["en", "pl"]:
            response = http.get(path, {"lang": language})
            assert response.status_code == 200, path
            text = response.content.decode()
            leaked = [secret for secret in case_data["secrets"] if secret and secret in text]
            assert leaked == [], f"{path} shows {leaked}"


def test_the_provider_serving_the_client_is_published_all_the_same(case_data):
    """The check above would pass vacuously if nothing was published."""
    body = HttpClient().get(f"/api/hsds/organizations/{case_data['provider'].pk}?full_service=true").json()
    assert body["name"] == "Fundacja Opieka Domowa"
    assert [service["id"] for service in body["services"]] == [str(case_data["offering"].pk)]


def test_searching_for_a_clients_name_finds_nothing(case_data):
    http = HttpClient()
    assert http.get("/api/public/services/", {"q": "Przykładowska"}).json()["count"] == 0
    assert http.get("/api/hsds/services", {"search": "Zdzisława"}).json()["total_items"] == 0
