"""/api/hsds/: every endpoint conforms to the HSDS 3.0 schemas; paging, filters, bad input, query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cus.catalogue.models import Contact, Offering
from cus.catalogue.publishing.hsds import (
    SERVICE_TYPES_TAXONOMY_ID,
    TARGET_GROUPS_TAXONOMY_ID,
    category_term_id,
    service_at_location_id,
    target_group_term_id,
)

from ..factories import CentreFactory, LocationFactory, OfferingFactory, ProviderFactory
from .conftest import shipped
from .hsds_schemas import needs_hsds, root_schema, validate, validate_page

pytestmark = [pytest.mark.django_db, needs_hsds]


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.CUS_PUBLIC_API_RATE = "off"


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def published(centre):
    """A public provider with a public location, a public offering there, a contact; and hidden rows."""
    provider = ProviderFactory(
        centre=centre, name="Fundacja Złota Jesień", email="biuro@zlotajesien.example", website="https://zj.example",
        phone="+48 58 123 45 67", tax_id="5260250274", tax_id_country="PL", target_groups=["seniors"],
        areas=["Gdynia Śródmieście"], description={"pl": "Pomagamy seniorom.", "en": "We help seniors."},
        is_public=True,
    )
    location = LocationFactory(provider=provider, name="Klub Seniora", latitude=Decimal("54.518900"),
                               longitude=Decimal("18.530500"), wheelchair_accessible=True, accessibility="Ramp")
    offering = OfferingFactory(
        provider=provider, service_type=shipped("home_care"), name="", schedule="pn.–pt. 8–16",
        cost=Decimal("12.50"), cost_note="Według dochodu", languages=["pl", "uk"], target_groups=["seniors"],
        description={"pl": "Usługi opiekuńcze w domu.", "en": "Care at home."},
    )
    offering.locations.add(location)
    Contact.objects.create(centre=centre, provider=provider, offering=offering, name="Anna Recepcja",
                           email="anna@zlotajesien.example", phone="+48 600 100 200")
    Contact.objects.create(centre=centre, provider=provider, name="Sekretariat", phone="+48 58 000 00 00")
    hidden_offering = OfferingFactory(provider=provider, service_type=shipped("meals"), is_public=False)
    hidden_offering.locations.add(location)
    hidden_provider = ProviderFactory(centre=centre, name="Ukryty Dostawca", is_public=False)
    OfferingFactory(provider=hidden_provider, service_type=shipped("meals"), is_public=True)
    return {"provider": provider, "location": location, "offering": offering, "hidden_offering": hidden_offering,
            "hidden_provider": hidden_provider}


def get(anon: APIClient, path: str, **params):
    response = anon.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


# --- conformance ----------------------------------------------------------------------------------------


def test_root_describes_the_hsds_version_and_openapi(anon):
    import jsonschema

    body = get(anon, "/api/hsds/")
    jsonschema.Draft202012Validator(root_schema()).validate(body)
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("openapi.json")


def test_service_list_page_conforms(anon, published):
    body = get(anon, "/api/hsds/services")
    validate_page(body, "compiled/service_list.json")
    assert [item["id"] for item in body["contents"]] == [str(published["offering"].pk)]


def test_full_service_list_page_conforms_to_the_full_service_schema(anon, published):
    body = get(anon, "/api/hsds/services", full="true")
    validate_page(body, "compiled/service.json")
    service = body["contents"][0]
    assert service["service_at_locations"][0]["location"]["id"] == str(published["location"].pk)


def test_one_service_conforms_and_carries_its_nested_records(anon, published):
    body = get(anon, f"/api/hsds/services/{published['offering'].pk}")
    validate(body, "compiled/service.json")
    assert body["organization"]["id"] == str(published["provider"].pk)
    assert {language["code"] for language in body["languages"]} == {"pl", "uk"}
    assert body["cost_options"][0]["amount"] == 12.5
    assert body["cost_options"][0]["currency"] == "PLN"
    assert [contact["name"] for contact in body["contacts"]] == ["Anna Recepcja"]
    assert body["service_areas"][0]["name"] == "Gdynia Śródmieście"
    codes = {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]}
    assert codes == {"home_care", "seniors"}


def test_organization_list_page_conforms(anon, published):
    body = get(anon, "/api/hsds/organizations")
    validate_page(body, "compiled/organization_list.json")
    assert [item["name"] for item in body["contents"]] == ["Fundacja Złota Jesień"]


@pytest.mark.parametrize("params", [{"full": "true"}, {"full_service": "true"}, {"full": "true", "full_service": "true"}])
def test_full_organization_list_page_conforms(anon, published, params):
    body = get(anon, "/api/hsds/organizations", **params)
    validate_page(body, "compiled/organization.json")


@pytest.mark.parametrize("full_service", ["false", "true"])
def test_one_organization_conforms_with_its_published_services_only(anon, published, full_service):
    body = get(anon, f"/api/hsds/organizations/{published['provider'].pk}", full_service=full_service)
    validate(body, "compiled/organization.json")
    assert [service["id"] for service in body["services"]] == [str(published["offering"].pk)]
    assert [location["id"] for location in body["locations"]] == [str(published["location"].pk)]
    assert [contact["name"] for contact in body["contacts"]] == ["Sekretariat"]
    assert body["organization_identifiers"][0]["identifier"] == "5260250274"


def test_taxonomies_conform_and_each_can_be_fetched(anon):
    body = get(anon, "/api/hsds/taxonomies")
    validate_page(body, "taxonomy.json")
    assert {item["id"] for item in body["contents"]} == {SERVICE_TYPES_TAXONOMY_ID, TARGET_GROUPS_TAXONOMY_ID}
    for item in body["contents"]:
        validate(get(anon, f"/api/hsds/taxonomies/{item['id']}"), "taxonomy.json")


def test_service_types_are_taxonomy_terms_with_our_codes_under_their_category(anon, db):
    body = get(anon, "/api/hsds/taxonomy_terms", per_page=200, taxonomy_id=SERVICE_TYPES_TAXONOMY_ID)
    validate_page(body, "taxonomy_term.json")
    by_code = {term["code"]: term for term in body["contents"]}
    home_care = shipped("home_care")
    assert by_code["home_care"]["id"] == str(home_care.pk)
    assert by_code["home_care"]["parent_id"] == category_term_id("care")
    assert by_code["category:care"]["id"] == category_term_id("care")
    one = get(anon, f"/api/hsds/taxonomy_terms/{home_care.pk}")
    validate(one, "taxonomy_term.json")
    assert one["taxonomy_detail"]["id"] == SERVICE_TYPES_TAXONOMY_ID


def test_taxonomy_term_names_follow_the_requested_language(anon, db):
    home_care = shipped("home_care")
    assert get(anon, f"/api/hsds/taxonomy_terms/{home_care.pk}", lang="pl")["name"] == "Usługi opiekuńcze"
    response = anon.get(f"/api/hsds/taxonomy_terms/{home_care.pk}", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.json()["name"] == "Pečovatelská služba"
    assert response.json()["language"] == "cs"


def test_top_only_and_parent_id_walk_the_taxonomy(anon, db):
    top = get(anon, "/api/hsds/taxonomy_terms", per_page=200, top_only="true")["contents"]
    assert all("parent_id" not in term for term in top)
    assert "category:care" in {term["code"] for term in top}
    children = get(anon, "/api/hsds/taxonomy_terms", per_page=200, parent_id=category_term_id("care"))["contents"]
    assert "home_care" in {term["code"] for term in children}
    assert all(term["parent_id"] == category_term_id("care") for term in children)


def test_service_at_location_list_conforms_in_brief_and_full(anon, published):
    brief = get(anon, "/api/hsds/service_at_locations")
    validate_page(brief, "compiled/service_at_location_list.json")
    full = get(anon, "/api/hsds/service_at_locations", full="true")
    validate_page(full, "compiled/service_at_location.json")
    expected = service_at_location_id(published["offering"].pk, published["location"].pk)
    assert [item["id"] for item in brief["contents"]] == [expected]


def test_one_service_at_location_conforms(anon, published):
    pk = service_at_location_id(published["offering"].pk, published["location"].pk)
    body = get(anon, f"/api/hsds/service_at_locations/{pk}")
    validate(body, "compiled/service_at_location.json")
    assert body["service"]["id"] == str(published["offering"].pk)


def test_paths_answer_with_or_without_a_trailing_slash(anon, published):
    assert anon.get("/api/hsds/services/").status_code == 200
    assert anon.get("/api/hsds/services").status_code == 200


# --- what is published ----------------------------------------------------------------------------------


def test_unpublished_offerings_and_providers_are_nowhere(anon, published):
    hidden_ids = {str(published["hidden_offering"].pk), str(published["hidden_provider"].pk)}
    for path in ["/api/hsds/services?full=true", "/api/hsds/organizations?full_service=true",
                 "/api/hsds/service_at_locations?full=true"]:
        text = anon.get(path).content.decode()
        assert not any(pk in text for pk in hidden_ids), path
        assert "Ukryty Dostawca" not in text
    assert anon.get(f"/api/hsds/services/{published['hidden_offering'].pk}").status_code == 404
    assert anon.get(f"/api/hsds/organizations/{published['hidden_provider'].pk}").status_code == 404
    hidden_pair = service_at_location_id(published["hidden_offering"].pk, published["location"].pk)
    assert anon.get(f"/api/hsds/service_at_locations/{hidden_pair}").status_code == 404


def test_an_inactive_provider_takes_its_offerings_out_of_the_publication(anon, published):
    published["provider"].is_active = False
    published["provider"].save()
    assert get(anon, "/api/hsds/services")["total_items"] == 0
    assert anon.get(f"/api/hsds/services/{published['offering'].pk}").status_code == 404


def test_a_private_location_is_not_published(anon, published):
    published["location"].is_public = False
    published["location"].save()
    assert get(anon, "/api/hsds/service_at_locations")["total_items"] == 0
    service = get(anon, f"/api/hsds/services/{published['offering'].pk}")
    assert service["service_at_locations"] == []


# --- paging and filters ---------------------------------------------------------------------------------


def test_pages_report_their_position(anon, centre):
    provider = ProviderFactory(centre=centre)
    for _ in range(5):
        OfferingFactory(provider=provider, service_type=shipped("meals"))
    first = get(anon, "/api/hsds/services", per_page=2)
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert first["first_page"]
    assert not first["last_page"]
    assert not first["empty"]
    last = get(anon, "/api/hsds/services", per_page=2, page=3)
    assert last["size"] == 1
    assert last["last_page"]
    beyond = get(anon, "/api/hsds/services", per_page=2, page=9)
    validate_page(beyond, "compiled/service_list.json")
    assert beyond["empty"]
    assert beyond["contents"] == []
    ids = {item["id"] for page in (1, 2, 3) for item in get(anon, "/api/hsds/services", per_page=2, page=page)["contents"]}
    assert len(ids) == 5


def test_filter_by_taxonomy_term_service_type_category_and_target_group(anon, published, centre):
    other = OfferingFactory(provider=published["provider"], service_type=shipped("legal_advice"), target_groups=[])
    by_type = get(anon, "/api/hsds/services", taxonomy_term_id=str(shipped("home_care").pk))
    assert [item["id"] for item in by_type["contents"]] == [str(published["offering"].pk)]
    by_category = get(anon, "/api/hsds/services", taxonomy_term_id=category_term_id("counselling"))
    assert [item["id"] for item in by_category["contents"]] == [str(other.pk)]
    # The legal advice has no target groups of its own: it inherits the provider's (seniors).
    seniors = get(anon, "/api/hsds/services", taxonomy_term_id=target_group_term_id("seniors"))
    assert {item["id"] for item in seniors["contents"]} == {str(published["offering"].pk), str(other.pk)}
    assert get(anon, "/api/hsds/services", taxonomy_term_id=target_group_term_id("migrants"))["total_items"] == 0
    assert get(anon, "/api/hsds/services", taxonomy_term_id=str(uuid.uuid4()))["total_items"] == 0


def test_filter_by_organization_search_and_modified_after(anon, published, centre):
    other_provider = ProviderFactory(centre=centre, name="Stowarzyszenie Tęcza")
    OfferingFactory(provider=other_provider, service_type=shipped("meals"), description={"pl": "Obiady z dowozem"})
    assert get(anon, "/api/hsds/services", organization_id=str(other_provider.pk))["total_items"] == 1
    assert get(anon, "/api/hsds/services", search="dowozem")["total_items"] == 1
    assert get(anon, "/api/hsds/services", search="opiekuńcze")["total_items"] == 1
    assert get(anon, "/api/hsds/organizations", search="Tęcza")["total_items"] == 1
    Offering.objects.filter(pk=published["offering"].pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    recent = get(anon, "/api/hsds/services", modified_after=(timezone.now() - dt.timedelta(days=1)).isoformat())
    assert str(published["offering"].pk) not in {item["id"] for item in recent["contents"]}
    assert recent["total_items"] == 1
    by_day = get(anon, "/api/hsds/services", modified_after=(dt.date.today() - dt.timedelta(days=60)).isoformat())
    assert by_day["total_items"] == 2


def test_minimal_lists_ids_and_modification_times(anon, published):
    body = get(anon, "/api/hsds/services", minimal="true")
    validate_page(body, "compiled/service_list.json")
    assert set(body["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_centre_narrows_the_publication_to_one_centre(anon, published, other_centre):
    elsewhere = OfferingFactory(provider=ProviderFactory(centre=other_centre), service_type=shipped("meals"))
    everything = {item["id"] for item in get(anon, "/api/hsds/services")["contents"]}
    assert everything == {str(published["offering"].pk), str(elsewhere.pk)}
    only_sopot = get(anon, "/api/hsds/services", centre=other_centre.code)
    assert [item["id"] for item in only_sopot["contents"]] == [str(elsewhere.pk)]
    assert get(anon, "/api/hsds/organizations", centre=str(other_centre.pk))["total_items"] == 1


def test_postcode_filters_services_at_locations(anon, published):
    assert get(anon, "/api/hsds/service_at_locations", postcode="81-368")["total_items"] == 1
    assert get(anon, "/api/hsds/service_at_locations", postcode="00-001")["total_items"] == 0


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/hsds/services?page=0", "page"),
        ("/api/hsds/services?page=-3", "page"),
        ("/api/hsds/services?page=abc", "page"),
        ("/api/hsds/services?per_page=0", "per_page"),
        ("/api/hsds/services?per_page=100000", "per_page"),
        ("/api/hsds/services?taxonomy_term_id=home_care", "taxonomy_term_id"),
        ("/api/hsds/services?taxonomy_id=nope", "taxonomy_id"),
        ("/api/hsds/services?organization_id=42", "organization_id"),
        ("/api/hsds/services?modified_after=yesterday", "modified_after"),
        ("/api/hsds/services?full=maybe", "full"),
        ("/api/hsds/services?minimal=2", "minimal"),
        ("/api/hsds/services?format=ndjson", "format"),
        ("/api/hsds/services?centre=nowhere", "centre"),
        ("/api/hsds/organizations?full_service=perhaps", "full_service"),
        ("/api/hsds/taxonomy_terms?parent_id=x", "parent_id"),
        ("/api/hsds/taxonomy_terms?top_only=x", "top_only"),
        ("/api/hsds/service_at_locations?proximity=500", "proximity"),
        ("/api/hsds/taxonomies?page=x", "page"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(anon, published, path, field):
    response = anon.get(path)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/services/not-a-uuid",
        "/api/hsds/services/00000000-0000-4000-8000-000000000001",
        "/api/hsds/organizations/00000000-0000-4000-8000-000000000001",
        "/api/hsds/organizations/0",
        "/api/hsds/taxonomies/00000000-0000-4000-8000-000000000001",
        "/api/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000001",
        "/api/hsds/taxonomy_terms/x",
        "/api/hsds/service_at_locations/00000000-0000-4000-8000-000000000001",
        "/api/hsds/service_at_locations/x",
        "/api/hsds/no_such_table",
    ],
)
def test_unknown_ids_and_paths_answer_404_json(anon, published, path):
    response = anon.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_service_type_id_is_not_a_service(anon, published):
    assert anon.get(f"/api/hsds/services/{shipped('home_care').pk}").status_code == 404


def test_writes_are_not_allowed(anon, published):
    assert anon.post("/api/hsds/services", {}, format="json").status_code == 405
    assert anon.delete(f"/api/hsds/services/{published['offering'].pk}").status_code == 405


# --- query counts ---------------------------------------------------------------------------------------


def _many(centre, count: int) -> None:
    for n in range(count):
        provider = ProviderFactory(centre=centre, target_groups=["seniors"], phone="+48 58 000 00 00")
        location = LocationFactory(provider=provider)
        offering = OfferingFactory(provider=provider, service_type=shipped("home_care" if n % 2 else "meals"))
        offering.locations.add(location)
        Contact.objects.create(centre=centre, provider=provider, offering=offering, name=f"Kontakt {n}")
        Contact.objects.create(centre=centre, provider=provider, name=f"Biuro {n}")


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/services",
        "/api/hsds/services?full=true",
        "/api/hsds/services?minimal=true",
        "/api/hsds/organizations",
        "/api/hsds/organizations?full=true",
        "/api/hsds/organizations?full_service=true",
        "/api/hsds/service_at_locations",
        "/api/hsds/service_at_locations?full=true",
        "/api/hsds/taxonomy_terms?per_page=200",
    ],
)
def test_list_endpoints_read_a_fixed_number_of_queries(anon, centre, path, django_assert_max_num_queries):
    _many(centre, 3)
    with django_assert_max_num_queries(10) as small:
        anon.get(path)
    _many(centre, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = anon.get(path)
    assert response.status_code == 200


def test_a_centre_of_a_foreign_country_publishes_its_addresses_with_its_country(anon):
    czech = CentreFactory(country="CZ", code="brno", currency="CZK")
    provider = ProviderFactory(centre=czech)
    location = LocationFactory(provider=provider, street="Husova 1", municipality="Brno", postcode="602 00")
    OfferingFactory(provider=provider, service_type=shipped("meals")).locations.add(location)
    body = get(anon, f"/api/hsds/organizations/{provider.pk}")
    assert body["locations"][0]["addresses"][0]["country"] == "CZ"
