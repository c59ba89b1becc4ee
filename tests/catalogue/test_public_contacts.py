"""/api/v1/provider-contacts/: the contact points staff publish with providers, and how the catalogue shows them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cus.catalogue.models import Contact
from cus.core.models import Role

from ..factories import LocationFactory, OfferingFactory, ProviderFactory
from .conftest import shipped

pytestmark = pytest.mark.django_db

URL = "/api/v1/provider-contacts/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.CUS_PUBLIC_API_RATE = "off"


def public_contacts(provider) -> list[str]:
    body = APIClient().get(f"/api/public/providers/{provider.pk}/").json()
    return [contact["name"] for contact in body["contacts"]]


def test_a_manager_publishes_a_contact_of_a_provider(api, manager, centre, provider):
    response = api(manager, centre=centre).post(
        URL, {"provider": str(provider.pk), "name": "Recepcja", "email": "recepcja@zj.example",
              "phone": "+48 58 111 22 33"}, format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["provider_name"] == provider.name
    assert public_contacts(provider) == ["Recepcja"]
    contact = Contact.objects.get()
    assert contact.history.get().history_user == manager


def test_provider_staff_publish_contacts_of_their_own_provider_only(api, provider_staff, own_provider, provider,
                                                                    centre):
    client = api(provider_staff, centre=centre)
    own = client.post(URL, {"provider": str(own_provider.pk), "department": "Biuro"}, format="json")
    assert own.status_code == 201, own.content
    other = client.post(URL, {"provider": str(provider.pk), "department": "Biuro"}, format="json")
    assert other.status_code == 403
    assert Contact.objects.filter(provider=provider).count() == 0


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_roles_without_catalogue_writes_are_refused(api, member, centre, provider, role):
    response = api(member(role, centre), centre=centre).post(URL, {"provider": str(provider.pk), "name": "X"},
                                                             format="json")
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_a_contact_names_an_offering_or_location_of_its_own_provider(api, manager, centre, provider):
    elsewhere = OfferingFactory(provider=ProviderFactory(centre=centre), service_type=shipped("meals"))
    place = LocationFactory(provider=ProviderFactory(centre=centre))
    response = api(manager, centre=centre).post(
        URL, {"provider": str(provider.pk), "name": "Ktoś", "offering": str(elsewhere.pk), "location": str(place.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"offering", "location"}
    assert not Contact.objects.exists()


def test_a_contact_without_any_way_to_reach_anyone_is_refused(api, manager, centre, provider):
    response = api(manager, centre=centre).post(URL, {"provider": str(provider.pk), "title": "Kierownik"},
                                                format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_a_bad_email_is_refused_naming_the_field(api, manager, centre, provider):
    response = api(manager, centre=centre).post(URL, {"provider": str(provider.pk), "email": "nope"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_another_centres_provider_and_contacts_do_not_exist(api, manager, centre, foreign_provider, other_centre):
    client = api(manager, centre=centre)
    response = client.post(URL, {"provider": str(foreign_provider.pk), "name": "X"}, format="json")
    assert response.status_code == 400
    assert "provider" in response.json()
    foreign = Contact.objects.create(centre=other_centre, provider=foreign_provider, name="Obcy")
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.patch(f"{URL}{foreign.pk}/", {"name": "Mój"}, format="json").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_unpublishing_a_contact_hides_it_from_the_catalogue(api, manager, centre, provider):
    contact = Contact.objects.create(centre=centre, provider=provider, name="Recepcja")
    assert public_contacts(provider) == ["Recepcja"]
    response = api(manager, centre=centre).patch(f"{URL}{contact.pk}/", {"is_public": False, "reason": "left"},
                                                 format="json")
    assert response.status_code == 200, response.content
    assert public_contacts(provider) == []


def test_a_contact_cannot_move_to_another_provider(api, manager, centre, provider):
    contact = Contact.objects.create(centre=centre, provider=provider, name="Recepcja")
    other = ProviderFactory(centre=centre)
    response = api(manager, centre=centre).patch(f"{URL}{contact.pk}/", {"provider": str(other.pk)}, format="json")
    assert response.status_code == 400
    assert "provider" in response.json()


def test_a_contact_of_an_offering_shows_with_that_service(api, manager, centre, provider):
    offering = OfferingFactory(provider=provider, service_type=shipped("home_care"))
    contact = Contact.objects.create(centre=centre, provider=provider, name="Ogólny")
    response = api(manager, centre=centre).patch(f"{URL}{contact.pk}/", {"offering": str(offering.pk)}, format="json")
    assert response.status_code == 200, response.content
    body = APIClient().get(f"/api/hsds/services/{offering.pk}").json()
    assert [item["name"] for item in body["contacts"]] == ["Ogólny"]
    assert public_contacts(provider) == []  # now the service's, not the organisation's


def test_everyone_in_the_centre_reads_the_contacts(api, volunteer, centre, provider):
    Contact.objects.create(centre=centre, provider=provider, name="Recepcja")
    assert api(volunteer, centre=centre).get(URL).json()["count"] == 1


def test_listing_contacts_reads_a_fixed_number_of_queries(api, manager, centre, django_assert_max_num_queries):
    for n in range(20):
        Contact.objects.create(centre=centre, provider=ProviderFactory(centre=centre), name=f"Kontakt {n}")
    with django_assert_max_num_queries(8):
        response = api(manager, centre=centre).get(URL)
    assert response.json()["count"] == 20
