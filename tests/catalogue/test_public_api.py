"""/api/public/ and /catalogue/: the published catalogue without login, searchable in four languages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from cus.catalogue.models import Contact

from ..factories import LocationFactory, OfferingFactory, ProviderFactory, ServiceTypeFactory
from .conftest import shipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.CUS_PUBLIC_API_RATE = "off"


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def catalogue(centre, other_centre):
    """Two centres' published providers and offerings, with unpublished ones beside them."""
    senior_care = ProviderFactory(
        centre=centre, name="Fundacja Złota Jesień", target_groups=["seniors"], languages=["pl", "uk"],
        areas=["Chylonia"], description={"pl": "Opieka nad seniorami", "en": "Care for seniors"},
    )
    home_care = OfferingFactory(
        provider=senior_care, service_type=shipped("home_care"), target_groups=[], languages=[],
        description={"pl": "Pomoc w codziennych czynnościach", "en": "Help with daily living",
                     "cs": "Pomoc s denními činnostmi"},
    )
    club = LocationFactory(provider=senior_care, name="Klub Seniora", area="Chylonia", wheelchair_accessible=True)
    home_care.locations.add(club)
    families = ProviderFactory(centre=centre, name="Stowarzyszenie Rodzina", target_groups=["families"],
                               languages=["pl"], areas=["Oksywie"])
    family_support = OfferingFactory(
        provider=families, service_type=shipped("family_support"), target_groups=["families", "migrants"],
        languages=["pl", "en"], description={"pl": "Asystent rodziny"},
    )
    sopot = ProviderFactory(centre=other_centre, name="Sopockie Centrum Wsparcia")
    crisis = OfferingFactory(provider=sopot, service_type=shipped("crisis_intervention"),
                             description={"pl": "Interwencja kryzysowa"})
    hidden_provider = ProviderFactory(centre=centre, name="Ukryta Spółdzielnia", is_public=False)
    OfferingFactory(provider=hidden_provider, service_type=shipped("meals"), description={"pl": "Ukryte obiady"})
    hidden_offering = OfferingFactory(provider=senior_care, service_type=shipped("meals"), is_public=False,
                                      description={"pl": "Niepubliczne posiłki"})
    inactive_offering = OfferingFactory(provider=senior_care, service_type=shipped("nursing"), is_active=False,
                                        description={"pl": "Zakończona pielęgniarka"})
    return {
        "senior_care": senior_care, "home_care": home_care, "club": club, "families": families,
        "family_support": family_support, "crisis": crisis, "hidden_provider": hidden_provider,
        "hidden_offering": hidden_offering, "inactive_offering": inactive_offering,
    }


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


# --- what is listed -------------------------------------------------------------------------------------


def test_anyone_lists_the_published_services_of_every_centre(anon, catalogue):
    assert ids(anon.get("/api/public/services/")) == {
        str(catalogue["home_care"].pk), str(catalogue["family_support"].pk), str(catalogue["crisis"].pk)
    }


def test_unpublished_inactive_or_hidden_providers_offerings_never_appear(anon, catalogue):
    text = anon.get("/api/public/services/").content.decode() + anon.get("/api/public/providers/").content.decode()
    for hidden in ["Ukryta Spółdzielnia", "Ukryte obiady", "Niepubliczne posiłki", "Zakończona pielęgniarka"]:
        assert hidden not in text
    for key in ["hidden_offering", "inactive_offering"]:
        assert anon.get(f"/api/public/services/{catalogue[key].pk}/").status_code == 404
    assert anon.get(f"/api/public/providers/{catalogue['hidden_provider'].pk}/").status_code == 404


def test_providers_list_their_published_services_and_locations(anon, catalogue):
    body = anon.get(f"/api/public/providers/{catalogue['senior_care'].pk}/").json()
    assert [service["id"] for service in body["services"]] == [str(catalogue["home_care"].pk)]
    assert [location["name"] for location in body["locations"]] == ["Klub Seniora"]
    assert "tax_id" not in body
    assert "is_public" not in body


def test_a_private_location_or_contact_is_not_shown(anon, catalogue, centre):
    catalogue["club"].is_public = False
    catalogue["club"].save()
    Contact.objects.create(centre=centre, provider=catalogue["senior_care"], name="Jan Prywatny", is_public=False)
    Contact.objects.create(centre=centre, provider=catalogue["senior_care"], name="Recepcja")
    body = anon.get(f"/api/public/providers/{catalogue['senior_care'].pk}/").json()
    assert body["locations"] == []
    assert [contact["name"] for contact in body["contacts"]] == ["Recepcja"]


def test_centres_list_those_publishing_something(anon, catalogue, centre, other_centre):
    body = anon.get("/api/public/centres/").json()
    assert {item["code"] for item in body["results"]} == {centre.code, other_centre.code}


def test_service_types_include_a_centres_own_only_with_that_centre(anon, centre, other_centre):
    own = ServiceTypeFactory(centre=centre, code="gdynia_bus", name_en="Gdynia senior bus")
    codes = {item["code"] for item in anon.get("/api/public/service-types/", {"page_size": 200}).json()["results"]}
    assert {"home_care", "gdynia_bus"} <= codes
    other = anon.get("/api/public/service-types/", {"centre": other_centre.code, "page_size": 200}).json()
    assert "gdynia_bus" not in {item["code"] for item in other["results"]}
    assert own.code in {item["code"] for item in anon.get(
        "/api/public/service-types/", {"centre": centre.code, "page_size": 200}).json()["results"]}


# --- search and filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"service_type": "home_care"}, {"home_care"}),
        ({"category": "family"}, {"family_support"}),
        ({"target_group": "seniors"}, {"home_care"}),  # inherited from the provider
        ({"target_group": "migrants"}, {"family_support"}),
        ({"language": "uk"}, {"home_care"}),  # inherited from the provider
        ({"language": "en"}, {"family_support"}),
        ({"area": "Chylonia"}, {"home_care"}),
        ({"area": "oksywie"}, {"family_support"}),
        ({"accessible": "true"}, {"home_care"}),
        ({"q": "codziennych"}, {"home_care"}),  # the description, in Polish
        ({"q": "denními"}, {"home_care"}),  # ... and in Czech
        ({"q": "Rodzina"}, {"family_support"}),  # the provider's name
        ({"search": "kryzysowa"}, {"crisis"}),
        ({"q": "Care at home"}, {"home_care"}),  # the service type's name
        ({"q": "nothing like this"}, set()),
    ],
)
def test_services_are_searchable_by_type_group_language_area_accessibility_and_text(anon, catalogue, params, expected):
    assert ids(anon.get("/api/public/services/", params)) == {str(catalogue[key].pk) for key in expected}


def test_centre_filter_narrows_to_one_centre(anon, catalogue, other_centre):
    assert ids(anon.get("/api/public/services/", {"centre": other_centre.code})) == {str(catalogue["crisis"].pk)}
    assert ids(anon.get("/api/public/services/", {"centre": str(other_centre.pk)})) == {str(catalogue["crisis"].pk)}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"service_type": "family_support"}, {"families"}),
        ({"target_group": "seniors"}, {"senior_care"}),
        ({"language": "uk"}, {"senior_care"}),
        ({"area": "Chylonia"}, {"senior_care"}),
        ({"accessible": "true"}, {"senior_care"}),
        ({"q": "codziennych"}, {"senior_care"}),  # through its published service
        ({"q": "seniorami"}, {"senior_care"}),
    ],
)
def test_providers_are_searchable_too(anon, catalogue, params, expected):
    assert ids(anon.get("/api/public/providers/", params)) == {str(catalogue[key].pk) for key in expected}


def test_a_filter_on_an_unpublished_service_type_finds_no_provider(anon, catalogue):
    assert ids(anon.get("/api/public/providers/", {"service_type": "meals"})) == set()


# --- languages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "name", "description"),
    [
        ({"lang": "pl"}, "Usługi opiekuńcze", "Pomoc w codziennych czynnościach"),
        ({"lang": "cs"}, "Pečovatelská služba", "Pomoc s denními činnostmi"),
        ({"lang": "sl"}, "Pomoč na domu", "Help with daily living"),  # no Slovenian text: English
        ({"lang": "en"}, "Care at home", "Help with daily living"),
        ({"HTTP_ACCEPT_LANGUAGE": "cs-CZ,cs;q=0.9"}, "Pečovatelská služba", "Pomoc s denními činnostmi"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "Care at home", "Help with daily living"),
    ],
)
def test_names_and_descriptions_come_in_the_requested_language(anon, catalogue, how, name, description):
    params = {key: value for key, value in how.items() if key == "lang"}
    headers = {key: value for key, value in how.items() if key != "lang"}
    response = anon.get(f"/api/public/services/{catalogue['home_care'].pk}/", params, **headers)
    body = response.json()
    assert body["service_type"]["name"] == name
    assert body["description"] == description


def test_target_group_labels_are_translated(anon, catalogue):
    body = anon.get(f"/api/public/providers/{catalogue['senior_care'].pk}/", {"lang": "pl"}).json()
    assert body["target_groups"] == [{"code": "seniors", "name": "Seniorzy"}]


def test_lang_wins_over_accept_language(anon, catalogue):
    response = anon.get(f"/api/public/services/{catalogue['home_care'].pk}/", {"lang": "pl"},
                        HTTP_ACCEPT_LANGUAGE="cs")
    assert response.json()["service_type"]["name"] == "Usługi opiekuńcze"
    assert response["Content-Language"] == "pl"


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/public/services/?target_group=aliens", "target_group"),
        ("/api/public/services/?language=klingon", "language"),
        ("/api/public/services/?category=magic", "category"),
        ("/api/public/services/?accessible=perhaps", "accessible"),
        ("/api/public/services/?centre=atlantis", "centre"),
        ("/api/public/services/?provider=7", "provider"),
        ("/api/public/services/?q=" + "x" * 300, "q"),
        ("/api/public/providers/?target_group=aliens", "target_group"),
        ("/api/public/providers/?centre=atlantis", "centre"),
        ("/api/public/service-types/?category=magic", "category"),
    ],
)
def test_bad_filters_answer_400_naming_the_filter(anon, catalogue, path, field):
    response = anon.get(path)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/public/services/?page=99",
        "/api/public/services/?page=abc",
        "/api/public/services/not-an-id/",
        "/api/public/services/00000000-0000-4000-8000-000000000001/",
        "/api/public/providers/00000000-0000-4000-8000-000000000001/",
        "/api/public/clients/",
    ],
)
def test_bad_pages_and_unknown_ids_answer_404_json(anon, catalogue, path):
    response = anon.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_public_api_accepts_no_writes(anon, catalogue):
    assert anon.post("/api/public/services/", {}, format="json").status_code == 405
    assert anon.patch(f"/api/public/providers/{catalogue['families'].pk}/", {}, format="json").status_code == 405


def test_a_logged_in_session_changes_nothing(api, coordinator, catalogue):
    response = api(coordinator).get("/api/public/services/")
    assert len(ids(response)) == 3


# --- throttling -----------------------------------------------------------------------------------------


def test_anonymous_clients_are_throttled_at_the_configured_rate(anon, catalogue, settings):
    settings.CUS_PUBLIC_API_RATE = "3/minute"
    cache.clear()
    statuses = [anon.get("/api/public/services/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert anon.get("/api/hsds/services").status_code == 429
    cache.clear()


# --- query counts ---------------------------------------------------------------------------------------


def _many(centre, count: int) -> None:
    for n in range(count):
        provider = ProviderFactory(centre=centre)
        location = LocationFactory(provider=provider)
        offering = OfferingFactory(provider=provider, service_type=shipped("home_care"))
        offering.locations.add(location)
        Contact.objects.create(centre=centre, provider=provider, offering=offering, name=f"Kontakt {n}")


@pytest.mark.parametrize(
    "path",
    ["/api/public/services/", "/api/public/providers/", "/api/public/services/?q=Pomoc&target_group=seniors",
     "/api/public/centres/", "/api/public/service-types/", "/catalogue/?q=Pomoc"],
)
def test_list_endpoints_read_a_fixed_number_of_queries(anon, centre, path, django_assert_max_num_queries):
    _many(centre, 3)
    with django_assert_max_num_queries(10) as small:
        anon.get(path)
    _many(centre, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = anon.get(path)
    assert response.status_code == 200


# --- the page -------------------------------------------------------------------------------------------


def test_the_catalogue_page_lists_published_services_with_a_labelled_search_form(client, catalogue):
    response = client.get("/catalogue/", {"lang": "pl"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "<h1>" in html
    assert "<h2" in html
    for field in ["q", "centre", "service_type", "target_group", "area", "language", "accessible"]:
        assert f'<label for="{field}">' in html
    assert "Fundacja Złota Jesień" in html
    assert "Stowarzyszenie Rodzina" in html
    assert "Ukryta Spółdzielnia" not in html
    assert "Niepubliczne posiłki" not in html


def test_the_catalogue_page_searches_and_follows_accept_language(client, catalogue):
    html = client.get("/catalogue/", {"q": "kryzysowa"}, HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert '<html lang="cs">' in html
    assert "Sopockie Centrum Wsparcia" in html
    assert "Fundacja Złota Jesień" not in html


def test_the_catalogue_page_shows_a_bad_filter_as_an_error_not_a_crash(client, catalogue):
    response = client.get("/catalogue/", {"target_group": "aliens", "page": "x"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_catalogue_page_pages_through_many_results(client, centre):
    _many(centre, 25)
    first = client.get("/catalogue/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/catalogue/", {"page": "2"}).content.decode()
    assert 'rel="prev"' in second
    assert client.get("/catalogue/", {"page": "999"}).status_code == 200


# --- what staff set for the catalogue -------------------------------------------------------------------


def test_an_offerings_own_name_set_through_v1_is_shown_in_place_of_the_type(api, manager, centre, catalogue, anon):
    offering = catalogue["home_care"]
    response = api(manager, centre=centre).patch(
        f"/api/v1/offerings/{offering.pk}/", {"name": "Opieka „Złota Jesień”"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Opieka „Złota Jesień”"
    assert anon.get(f"/api/public/services/{offering.pk}/").json()["name"] == "Opieka „Złota Jesień”"
    assert anon.get(f"/api/hsds/services/{offering.pk}").json()["alternate_name"] == "Care at home"


def test_a_contact_must_belong_to_its_offerings_provider(catalogue, centre):
    from django.core.exceptions import ValidationError

    contact = Contact(centre=centre, provider=catalogue["families"], offering=catalogue["home_care"], name="Ktoś")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "offering" in error.value.message_dict


# --- odd input never crashes ----------------------------------------------------------------------------

ODD_VALUES = ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "_", "😀", "x" * 5000, "-1", "1e309", "[]", "true"]
PARAMETERS = {
    "/api/public/services/": ["q", "search", "centre", "service_type", "category", "target_group", "area",
                              "language", "accessible", "provider", "page", "page_size", "lang"],
    "/api/public/providers/": ["q", "centre", "service_type", "area", "language", "page", "lang"],
    "/api/public/service-types/": ["centre", "category", "page"],
    "/api/hsds/services": ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "organization_id",
                           "modified_after", "full", "minimal", "centre", "format", "lang"],
    "/api/hsds/organizations": ["search", "full", "full_service", "centre", "page"],
    "/api/hsds/taxonomy_terms": ["search", "taxonomy_id", "parent_id", "top_only", "centre"],
    "/api/hsds/service_at_locations": ["postcode", "search", "proximity", "full"],
    "/catalogue/": ["q", "service_type", "target_group", "area", "language", "centre", "page", "lang"],
}


@pytest.mark.parametrize(("path", "parameter"), [(p, q) for p, qs in PARAMETERS.items() for q in qs])
def test_odd_query_values_never_cause_a_server_error(anon, catalogue, path, parameter):
    for value in ODD_VALUES:
        response = anon.get(path, {parameter: value})
        assert response.status_code in (200, 400, 404), (parameter, value, response.status_code)


@pytest.mark.parametrize("value", ["%00", "a%00b", "x" * 300, "%F0%9F%98%80", "..%2F..%2Fetc"])
@pytest.mark.parametrize(
    "prefix",
    ["/api/public/services/", "/api/public/providers/", "/api/hsds/services/", "/api/hsds/organizations/",
     "/api/hsds/taxonomies/", "/api/hsds/taxonomy_terms/", "/api/hsds/service_at_locations/"],
)
def test_odd_ids_answer_404(anon, catalogue, prefix, value):
    assert anon.get(f"{prefix}{value}").status_code == 404


def test_the_public_root_links_everything_public(anon):
    body = anon.get("/api/public/").json()
    assert body["services"].endswith("/api/public/services/")
    assert body["hsds"].endswith("/api/hsds/")
