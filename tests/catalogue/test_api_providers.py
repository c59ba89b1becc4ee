"""/api/v1/providers/: who may read and write, validation, history, filters, search, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.catalogue.models import Provider
from cus.core.models import Role

from ..factories import LocationFactory, OfferingFactory, ProviderFactory
from .conftest import ALL_ROLES, READERS_ONLY, WRITERS, shipped

URL = "/api/v1/providers/"

VALID = {
    "name": "Spółdzielnia Socjalna Razem",
    "legal_form": "social_cooperative",
    "tax_id": "774-000-14-54",
    "street": "ul. Morska 10",
    "postcode": "81-323",
    "municipality": "Gdynia",
    "email": "biuro@razem.example",
    "target_groups": ["seniors", "disabilities"],
    "languages": ["pl", "uk"],
    "areas": ["Śródmieście", "Chylonia"],
    "description": {"pl": "Usługi opiekuńcze w domu", "en": "Care at home"},
    "is_public": True,
}


def detail(provider: Provider) -> str:
    return f"{URL}{provider.pk}/"


# --- who may read ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_in_the_centre_reads_its_providers(api, user_of, role, provider):
    client = api(user_of(role))
    listed = client.get(URL)
    assert listed.status_code == 200
    assert str(provider.pk) in {row["id"] for row in listed.json()["results"]}
    assert client.get(detail(provider)).json()["name"] == "Fundacja Złota Jesień"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_centres_provider_is_not_found_for_anyone(api, user_of, role, foreign_provider):
    client = api(user_of(role))
    assert str(foreign_provider.pk) not in {row["id"] for row in client.get(URL).json()["results"]}
    assert client.get(detail(foreign_provider)).status_code == 404
    # A role that may write here looks for the record (not found); one that may not is refused before that.
    expected = 404 if role in WRITERS else 403
    assert client.patch(detail(foreign_provider), {"name": "Mine now"}).status_code == expected
    foreign_provider.refresh_from_db()
    assert foreign_provider.name == "Stowarzyszenie Sopot"


def test_anonymous_gets_nothing(api, provider):
    assert api().get(URL).status_code in (401, 403)


# --- who may write --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_admins_and_managers_register_providers_with_a_normalised_tax_id(api, user_of, role, centre):
    response = api(user_of(role)).post(URL, VALID)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tax_id"] == "7740001454"
    assert body["tax_id_country"] == "PL"  # the centre's country, as none was given
    assert body["address"] == "ul. Morska 10, 81-323 Gdynia"
    assert body["target_groups"] == ["seniors", "disabilities"]
    assert Provider.objects.get(pk=body["id"]).centre == centre


@pytest.mark.parametrize("role", READERS_ONLY)
def test_coordinators_provider_staff_and_volunteers_may_not_register_providers(api, user_of, role):
    count = Provider.objects.count()
    response = api(user_of(role)).post(URL, VALID)
    assert response.status_code == 403
    assert Provider.objects.count() == count


@pytest.mark.parametrize("role", WRITERS)
def test_admins_and_managers_change_providers(api, user_of, role, provider):
    response = api(user_of(role)).patch(detail(provider), {"phone": "+48 58 000 00 00", "areas": ["Oksywie"]})
    assert response.status_code == 200
    provider.refresh_from_db()
    assert (provider.phone, provider.areas) == ("+48 58 000 00 00", ["Oksywie"])


@pytest.mark.parametrize("role", READERS_ONLY)
def test_readers_may_not_change_providers_not_even_their_own(api, user_of, role, provider, own_provider):
    client = api(user_of(role))
    for target in (provider, own_provider):
        assert client.patch(detail(target), {"name": "Changed"}).status_code == 403
        target.refresh_from_db()
        assert target.name != "Changed"


def test_providers_are_deactivated_never_deleted(api, admin_user, provider):
    client = api(admin_user)
    assert client.delete(detail(provider)).status_code == 405
    assert client.put(detail(provider), VALID).status_code == 405
    response = client.patch(detail(provider), {"is_active": False, "reason": "contract ended"})
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert Provider.objects.filter(pk=provider.pk).exists()


def test_change_is_in_the_history_with_user_and_reason(api, manager, provider):
    api(manager).patch(detail(provider), {"name": "Fundacja Srebrna Jesień", "reason": "renamed (KRS entry)"})
    record = provider.history.first()
    assert record.history_user == manager
    assert record.history_change_reason == "renamed (KRS entry)"
    assert record.name == "Fundacja Srebrna Jesień"
    assert provider.history.count() >= 1


def test_creation_is_in_the_history_with_a_default_reason(api, admin_user):
    provider_id = api(admin_user).post(URL, VALID).json()["id"]
    record = Provider.history.get(id=provider_id)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", admin_user, "created")


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"legal_form": "cartel"}, "legal_form"),
        ({"tax_id": "774-000-14-55"}, "tax_id"),
        ({"tax_id": "123"}, "tax_id"),
        ({"tax_id": "45274649", "tax_id_country": "DE"}, "tax_id_country"),
        ({"target_groups": ["seniors", "aliens"]}, "target_groups"),
        ({"target_groups": "seniors"}, "target_groups"),
        ({"languages": ["pl", "klingon"]}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"areas": "Śródmieście"}, "areas"),
        ({"areas": ["x" * 121]}, "areas"),
        ({"description": ["not", "a", "dict"]}, "description"),
        ({"description": {"xx": "text"}}, "description"),
        ({"email": "not-an-email"}, "email"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_provider_input_is_400_naming_the_field_and_writes_nothing(api, admin_user, provider, change, field):
    client = api(admin_user)
    count, history = Provider.objects.count(), Provider.history.count()
    created = client.post(URL, {**VALID, **change})
    assert created.status_code == 400
    assert field in created.json(), created.json()
    changed = client.patch(detail(provider), change)
    assert changed.status_code == 400
    assert field in changed.json(), changed.json()
    assert (Provider.objects.count(), Provider.history.count()) == (count, history)


def test_missing_required_fields_are_named(api, admin_user):
    response = api(admin_user).post(URL, {})
    assert response.status_code == 400
    assert set(response.json()) >= {"name", "legal_form"}


def test_a_tax_id_is_checked_against_its_own_country(api, admin_user):
    client = api(admin_user)
    cz = client.post(URL, {**VALID, "tax_id": "CZ 452 74 649", "tax_id_country": "CZ"})
    assert cz.status_code == 201, cz.json()
    assert cz.json()["tax_id"] == "45274649"
    si_as_pl = client.post(URL, {**VALID, "tax_id": "80267432"})
    assert si_as_pl.status_code == 400
    assert "tax_id" in si_as_pl.json()


def test_a_tax_id_already_registered_in_the_centre_is_refused_on_its_field(api, admin_user, centre, foreign_provider):
    client = api(admin_user)
    first = client.post(URL, VALID)
    assert first.status_code == 201, first.json()
    count = Provider.objects.count()
    again = client.post(URL, {**VALID, "name": "Razem bis", "tax_id": "PL 7740001454"})  # the same number, typed otherwise
    assert again.status_code == 400
    assert VALID["name"] in again.json()["tax_id"][0]
    assert Provider.objects.count() == count
    polish = client.post(URL, {**VALID, "name": "Razem bis"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert polish.json()["tax_id"] == [f"{VALID['name']} jest już zarejestrowany z tym numerem podatkowym."]
    other = client.post(URL, {**VALID, "name": "Inna", "tax_id": "526-025-02-74"})
    assert other.status_code == 201, other.json()
    moved = client.patch(f"{URL}{other.json()['id']}/", {"tax_id": "774-000-14-54"})
    assert moved.status_code == 400
    assert "tax_id" in moved.json()
    # Saving the provider that holds it is no clash with itself; another centre's provider is no clash either.
    assert client.patch(f"{URL}{first.json()['id']}/", {"tax_id": "7740001454", "name": "Razem"}).status_code == 200
    Provider.objects.filter(pk=foreign_provider.pk).update(tax_id="5252248481", tax_id_country="PL")
    assert client.post(URL, {**VALID, "name": "Trzecia", "tax_id": "5252248481"}).status_code == 201


def test_the_database_holds_one_provider_per_tax_id_even_when_two_saves_race(admin_user, centre):
    """The service's check cannot see a save that has not committed yet: the constraint refuses the second one,
    and the service says so on the field (400, not a 500)."""
    from cus.catalogue import services
    from cus.core.context import actor_for
    from cus.core.errors import ValidationError

    first = ProviderFactory(centre=centre, tax_id="7740001454", tax_id_country="PL")
    racing = ProviderFactory(centre=centre, tax_id="", tax_id_country="PL")
    racing.tax_id = first.tax_id  # as if the check had passed before the first save committed
    with pytest.raises(ValidationError) as refused:
        services._save(racing, actor=actor_for(admin_user), reason="race")
    assert "tax_id" in refused.value.message_dict
    assert Provider.objects.filter(tax_id="7740001454").count() == 1


def test_a_change_made_from_an_older_read_is_refused_with_what_changed(api, admin_user, manager, provider):
    read = api(manager).get(detail(provider))
    etag = read["ETag"]
    assert read.json()["revision"] == 1
    assert api(admin_user).patch(detail(provider), {"phone": "+48 58 111 22 33"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = api(manager).patch(detail(provider), {"name": "Changed from an old read"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["current"]["phone"] == "+48 58 111 22 33"
    provider.refresh_from_db()
    assert provider.name != "Changed from an old read"
    assert provider.revision == 2


# --- filters and search ---------------------------------------------------------------------------------


def ids(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_filter_by_service_type_finds_providers_with_an_active_offering_of_it(api, coordinator, centre):
    home_care, meals = shipped("home_care"), shipped("meals")
    caring = ProviderFactory(centre=centre)
    OfferingFactory(provider=caring, service_type=home_care)
    cooking = ProviderFactory(centre=centre)
    OfferingFactory(provider=cooking, service_type=meals)
    retired = ProviderFactory(centre=centre)
    OfferingFactory(provider=retired, service_type=home_care, is_active=False)
    client = api(coordinator)
    assert ids(client.get(URL, {"service_type": "home_care"})) == {str(caring.pk)}
    assert ids(client.get(URL, {"service_type": str(meals.pk)})) == {str(cooking.pk)}
    assert ids(client.get(URL, {"service_type": "no_such_type"})) == set()


def test_filter_by_target_group_area_and_language(api, coordinator, centre):
    seniors = ProviderFactory(centre=centre, target_groups=["seniors"], areas=["Śródmieście"], languages=["pl"])
    migrants = ProviderFactory(centre=centre, target_groups=["migrants"], areas=["Chylonia"], languages=["uk", "ru"])
    client = api(coordinator)
    assert ids(client.get(URL, {"target_group": "seniors"})) == {str(seniors.pk)}
    assert ids(client.get(URL, {"area": "Chylonia"})) == {str(migrants.pk)}
    assert ids(client.get(URL, {"area": "chylonia"})) == {str(migrants.pk)}
    assert ids(client.get(URL, {"area": "Chyl"})) == set()  # a whole area, not a part of its name
    assert ids(client.get(URL, {"language": "uk"})) == {str(migrants.pk)}
    assert client.get(URL, {"target_group": "aliens"}).status_code == 400


def test_filter_by_legal_form_public_and_active(api, coordinator, centre):
    company = ProviderFactory(centre=centre, legal_form="company", is_public=False)
    inactive = ProviderFactory(centre=centre, legal_form="association", is_active=False)
    client = api(coordinator)
    assert ids(client.get(URL, {"legal_form": "company"})) == {str(company.pk)}
    assert str(company.pk) in ids(client.get(URL, {"is_public": "false"}))
    assert str(company.pk) not in ids(client.get(URL, {"is_public": "true"}))
    assert ids(client.get(URL, {"is_active": "false"})) == {str(inactive.pk)}


def test_search_on_name_tax_id_and_municipality(api, coordinator, centre, foreign_provider):
    named = ProviderFactory(centre=centre, name="Caritas Archidiecezji Gdańskiej", municipality="Gdańsk")
    taxed = ProviderFactory(centre=centre, name="Opieka Sp. z o.o.", tax_id="5260250274", tax_id_country="PL",
                            municipality="Rumia")
    client = api(coordinator)
    assert ids(client.get(URL, {"search": "caritas"})) == {str(named.pk)}
    assert ids(client.get(URL, {"search": "5260250274"})) == {str(taxed.pk)}
    assert ids(client.get(URL, {"search": "Rumia"})) == {str(taxed.pk)}
    assert ids(client.get(URL, {"search": "Sopot"})) == set()  # another centre's


# --- query counts ---------------------------------------------------------------------------------------


def make_providers(centre, count: int) -> None:
    for _ in range(count):
        provider = ProviderFactory(centre=centre)
        LocationFactory(provider=provider)
        LocationFactory(provider=provider)
        OfferingFactory(provider=provider, service_type=shipped("home_care"))
        OfferingFactory(provider=provider, service_type=shipped("meals"))


def test_provider_list_takes_a_constant_number_of_queries(api, coordinator, centre, django_assert_max_num_queries):
    client = api(coordinator)
    make_providers(centre, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).json()["results"]) == 2
    make_providers(centre, 10)
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.json()["results"]) == 12
    assert len(many) == len(few) <= 6
    row = response.json()["results"][0]
    assert len(row["locations"]) == 2
    assert row["service_types"] == ["home_care", "meals"]


def test_provider_staff_see_the_catalogue_but_their_membership_does_not_widen_it(api, provider_staff, own_provider):
    body = api(provider_staff).get(detail(own_provider)).json()
    assert body["id"] == str(own_provider.pk)
    assert Role.PROVIDER  # provider staff read like everyone else
