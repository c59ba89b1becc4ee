"""/api/v1/offerings/ and /api/v1/locations/: managers write, provider staff only their own provider's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.catalogue.models import Location, Offering
from cus.core.models import Role

from ..factories import LocationFactory, OfferingFactory, ProviderFactory, ServiceTypeFactory
from .conftest import ALL_ROLES, WRITERS, shipped

OFFERINGS = "/api/v1/offerings/"
LOCATIONS = "/api/v1/locations/"


def offering_payload(provider, **extra):
    return {
        "provider": str(provider.pk),
        "service_type": str(shipped("home_care").pk),
        "description": {"pl": "Pomoc w codziennych czynnościach", "en": "Help with daily living"},
        "capacity": 15,
        "schedule": "Mon–Fri 8:00–20:00",
        "cost": "12.50",
        "target_groups": ["seniors"],
        "languages": ["pl"],
        **extra,
    }


def location_payload(provider, **extra):
    return {"provider": str(provider.pk), "name": "Klub Seniora Witomino", "street": "ul. Rolnicza 7",
            "postcode": "81-571", "municipality": "Gdynia", "area": "Witomino", **extra}


def counts():
    return Offering.objects.count(), Offering.history.count(), Location.objects.count(), Location.history.count()


# --- reading --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_in_the_centre_reads_all_offerings_and_locations(api, user_of, role, provider):
    offering = OfferingFactory(provider=provider, service_type=shipped("meals"))
    location = LocationFactory(provider=provider)
    client = api(user_of(role))
    assert client.get(f"{OFFERINGS}{offering.pk}/").json()["service_type_code"] == "meals"
    assert client.get(f"{LOCATIONS}{location.pk}/").json()["provider_name"] == provider.name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_centres_offerings_and_locations_are_not_found(api, user_of, role, foreign_provider):
    offering = OfferingFactory(provider=foreign_provider, service_type=shipped("meals"))
    location = LocationFactory(provider=foreign_provider)
    client = api(user_of(role))
    assert client.get(OFFERINGS).json()["count"] == 0
    assert client.get(LOCATIONS).json()["count"] == 0
    assert client.get(f"{OFFERINGS}{offering.pk}/").status_code == 404
    assert client.get(f"{LOCATIONS}{location.pk}/").status_code == 404
    # A role that may write here looks for the record (not found); one that may not is refused before that.
    expected = 404 if role in (*WRITERS, Role.PROVIDER) else 403
    assert client.patch(f"{OFFERINGS}{offering.pk}/", {"capacity": 1}).status_code == expected
    assert client.patch(f"{LOCATIONS}{location.pk}/", {"name": "x"}).status_code == expected


# --- writing: managers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_admins_and_managers_add_offerings_for_any_provider_of_the_centre(api, user_of, role, provider):
    location = LocationFactory(provider=provider)
    response = api(user_of(role)).post(OFFERINGS, offering_payload(provider, locations=[str(location.pk)]))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["service_type_code"] == "home_care"
    assert body["cost"] == "12.50"
    assert [row["id"] for row in body["locations"]] == [str(location.pk)]
    assert body["description"]["pl"] == "Pomoc w codziennych czynnościach"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_coordinators_and_volunteers_may_not_write_offerings_or_locations(api, user_of, role, provider):
    offering = OfferingFactory(provider=provider)
    location = LocationFactory(provider=provider)
    before = counts()
    client = api(user_of(role))
    assert client.post(OFFERINGS, offering_payload(provider)).status_code == 403
    assert client.post(LOCATIONS, location_payload(provider)).status_code == 403
    assert client.patch(f"{OFFERINGS}{offering.pk}/", {"capacity": 1}).status_code == 403
    assert client.patch(f"{LOCATIONS}{location.pk}/", {"name": "x"}).status_code == 403
    assert counts() == before


# --- writing: provider staff ----------------------------------------------------------------------------


def test_provider_staff_add_and_change_their_own_providers_offerings_and_locations(api, provider_staff, own_provider):
    client = api(provider_staff)
    location = client.post(LOCATIONS, location_payload(own_provider))
    assert location.status_code == 201, location.json()
    offering = client.post(OFFERINGS, offering_payload(own_provider, locations=[location.json()["id"]]))
    assert offering.status_code == 201, offering.json()
    changed = client.patch(f"{OFFERINGS}{offering.json()['id']}/", {"capacity": 30, "reason": "new carer hired"})
    assert changed.status_code == 200
    assert changed.json()["capacity"] == 30
    moved = client.patch(f"{LOCATIONS}{location.json()['id']}/", {"street": "ul. Rolnicza 9"})
    assert moved.status_code == 200
    record = Offering.objects.get(pk=offering.json()["id"]).history.first()
    assert (record.history_user, record.history_change_reason) == (provider_staff, "new carer hired")
    record = Location.objects.get(pk=location.json()["id"]).history.first()
    assert (record.history_user, record.history_change_reason, record.street) == (
        provider_staff, "updated", "ul. Rolnicza 9"
    )


def test_provider_staff_may_not_touch_another_providers_offerings_or_locations(api, provider_staff, provider):
    offering = OfferingFactory(provider=provider, capacity=10)
    location = LocationFactory(provider=provider, name="Punkt A")
    before = counts()
    client = api(provider_staff)
    assert client.post(OFFERINGS, offering_payload(provider)).status_code == 403
    assert client.post(LOCATIONS, location_payload(provider)).status_code == 403
    assert client.patch(f"{OFFERINGS}{offering.pk}/", {"capacity": 99}).status_code == 403
    assert client.patch(f"{LOCATIONS}{location.pk}/", {"name": "Mine"}).status_code == 403
    assert counts() == before
    offering.refresh_from_db()
    location.refresh_from_db()
    assert (offering.capacity, location.name) == (10, "Punkt A")


def test_provider_staff_cannot_move_their_offering_to_another_provider(api, provider_staff, own_provider, provider):
    offering = OfferingFactory(provider=own_provider)
    response = api(provider_staff).patch(f"{OFFERINGS}{offering.pk}/", {"provider": str(provider.pk)})
    assert response.status_code == 400
    assert "provider" in response.json()
    offering.refresh_from_db()
    assert offering.provider == own_provider


# --- bad input ------------------------------------------------------------------------------------------


def test_a_provider_of_another_centre_cannot_be_used_in_an_offering_or_location(api, admin_user, foreign_provider):
    before = counts()
    client = api(admin_user)
    for url, payload in ((OFFERINGS, offering_payload(foreign_provider)), (LOCATIONS, location_payload(foreign_provider))):
        response = client.post(url, payload)
        assert response.status_code == 400
        assert "provider" in response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cost": "-1.00"}, "cost"),
        ({"cost": "abc"}, "cost"),
        ({"capacity": -3}, "capacity"),
        ({"description": "just text"}, "description"),
        ({"description": {"klingon": "nuqneH"}}, "description"),
        ({"target_groups": ["everyone"]}, "target_groups"),
        ({"languages": ["english"]}, "languages"),
        ({"delivery_form": "teleport"}, "delivery_form"),
        ({"service_type": "00000000-0000-0000-0000-000000000000"}, "service_type"),
        ({"locations": ["not-a-uuid"]}, "locations"),
    ],
)
def test_bad_offering_input_is_400_naming_the_field_and_writes_nothing(api, manager, provider, change, field):
    offering = OfferingFactory(provider=provider)
    before = counts()
    client = api(manager)
    created = client.post(OFFERINGS, {**offering_payload(provider), **change})
    assert created.status_code == 400
    assert field in created.json(), created.json()
    changed = client.patch(f"{OFFERINGS}{offering.pk}/", change)
    assert changed.status_code == 400
    assert field in changed.json(), changed.json()
    assert counts() == before


def test_service_type_must_be_shipped_or_the_centres_own_and_active(api, manager, provider, other_centre, centre):
    foreign_type = ServiceTypeFactory(centre=other_centre, code="sopot_only")
    retired_type = ServiceTypeFactory(centre=centre, code="retired", active=False)
    own_type = ServiceTypeFactory(centre=centre, code="gdynia_walks")
    before = counts()
    client = api(manager)
    for service_type in (foreign_type, retired_type):
        response = client.post(OFFERINGS, offering_payload(provider, service_type=str(service_type.pk)))
        assert response.status_code == 400
        assert "service_type" in response.json()
    assert counts() == before
    assert client.post(OFFERINGS, offering_payload(provider, service_type=str(own_type.pk))).status_code == 201


def test_an_offering_keeps_a_retired_service_type_until_it_is_changed(api, manager, provider, centre):
    walks = ServiceTypeFactory(centre=centre, code="walks")
    offering = OfferingFactory(provider=provider, service_type=walks)
    walks.active = False
    walks.save()
    assert api(manager).patch(f"{OFFERINGS}{offering.pk}/", {"capacity": 5}).status_code == 200


def test_locations_of_an_offering_must_belong_to_its_provider(api, manager, provider, centre, foreign_provider):
    elsewhere = LocationFactory(provider=ProviderFactory(centre=centre))
    foreign = LocationFactory(provider=foreign_provider)
    offering = OfferingFactory(provider=provider)
    before = counts()
    client = api(manager)
    for location in (elsewhere, foreign):
        created = client.post(OFFERINGS, offering_payload(provider, locations=[str(location.pk)]))
        assert created.status_code == 400
        assert "locations" in created.json()
        changed = client.patch(f"{OFFERINGS}{offering.pk}/", {"locations": [str(location.pk)]})
        assert changed.status_code == 400
        assert "locations" in changed.json()
    assert counts() == before
    assert offering.locations.count() == 0


def test_an_inactive_provider_gets_no_new_offerings(api, manager, centre):
    closed = ProviderFactory(centre=centre, is_active=False)
    response = api(manager).post(OFFERINGS, offering_payload(closed))
    assert response.status_code == 400
    assert "provider" in response.json()


def test_several_bad_fields_are_reported_together(api, manager, provider):
    response = api(manager).post(OFFERINGS, offering_payload(provider, cost="-5", languages=["zz"]))
    assert response.status_code == 400
    assert {"cost", "languages"} <= set(response.json())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"latitude": "91"}, "latitude"),
        ({"longitude": "-181"}, "longitude"),
        ({"provider": "00000000-0000-0000-0000-000000000000"}, "provider"),
    ],
)
def test_bad_location_input_is_400_naming_the_field_and_writes_nothing(api, manager, provider, change, field):
    location = LocationFactory(provider=provider)
    before = counts()
    client = api(manager)
    created = client.post(LOCATIONS, {**location_payload(provider), **change})
    assert created.status_code == 400
    assert field in created.json(), created.json()
    changed = client.patch(f"{LOCATIONS}{location.pk}/", change)
    assert changed.status_code == 400
    assert field in changed.json(), changed.json()
    assert counts() == before


def test_no_delete_on_offerings_and_locations(api, admin_user, provider):
    offering = OfferingFactory(provider=provider)
    location = LocationFactory(provider=provider)
    client = api(admin_user)
    assert client.delete(f"{OFFERINGS}{offering.pk}/").status_code == 405
    assert client.delete(f"{LOCATIONS}{location.pk}/").status_code == 405


# --- filters, search, language --------------------------------------------------------------------------


def ids(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_offering_filters_provider_service_type_and_public(api, volunteer, provider, centre):
    other = ProviderFactory(centre=centre)
    care = OfferingFactory(provider=provider, service_type=shipped("home_care"))
    meals = OfferingFactory(provider=other, service_type=shipped("meals"), is_public=False)
    client = api(volunteer)
    assert ids(client.get(OFFERINGS, {"provider": str(provider.pk)})) == {str(care.pk)}
    assert ids(client.get(OFFERINGS, {"service_type": "meals"})) == {str(meals.pk)}
    assert ids(client.get(OFFERINGS, {"service_type": str(shipped("home_care").pk)})) == {str(care.pk)}
    assert ids(client.get(OFFERINGS, {"is_public": "false"})) == {str(meals.pk)}
    assert client.get(OFFERINGS, {"provider": "nope"}).status_code == 400


def test_offering_search_finds_the_service_type_in_any_language(api, coordinator, provider):
    care = OfferingFactory(provider=provider, service_type=shipped("home_care"))
    OfferingFactory(provider=provider, service_type=shipped("meals"))
    client = api(coordinator)
    assert ids(client.get(OFFERINGS, {"search": "opiekuńcze"})) == {str(care.pk)}
    assert ids(client.get(OFFERINGS, {"search": "Pečovatelská"})) == {str(care.pk)}


def test_offering_service_type_name_follows_the_request_language(api, coordinator, provider):
    offering = OfferingFactory(provider=provider, service_type=shipped("home_care"))
    response = api(coordinator).get(f"{OFFERINGS}{offering.pk}/", HTTP_ACCEPT_LANGUAGE="sl")
    assert response.json()["service_type_name"] == "Pomoč na domu"


def test_location_filter_by_provider(api, provider_staff, provider, own_provider):
    mine = LocationFactory(provider=own_provider)
    LocationFactory(provider=provider)
    assert ids(api(provider_staff).get(LOCATIONS, {"provider": str(own_provider.pk)})) == {str(mine.pk)}


# --- query counts ---------------------------------------------------------------------------------------


def make_offerings(centre, count: int) -> None:
    for _ in range(count):
        provider = ProviderFactory(centre=centre)
        locations = [LocationFactory(provider=provider), LocationFactory(provider=provider)]
        OfferingFactory(provider=provider, service_type=shipped("home_care")).locations.set(locations)


@pytest.mark.parametrize(("url", "expected_per_round"), [(OFFERINGS, 1), (LOCATIONS, 2)])
def test_offering_and_location_lists_take_a_constant_number_of_queries(
    api, coordinator, centre, url, expected_per_round, django_assert_max_num_queries
):
    client = api(coordinator)
    make_offerings(centre, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).json()["count"] == 2 * expected_per_round
    make_offerings(centre, 10)
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["count"] == 12 * expected_per_round
    assert len(many) == len(few) <= 5
