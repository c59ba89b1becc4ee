"""/api/v1/service-types/: shipped and the centre's own types, translated names, admin-only writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.catalogue.models import ServiceType
from cus.core.models import Role

from ..factories import ServiceTypeFactory
from .conftest import ALL_ROLES, shipped

URL = "/api/v1/service-types/"

NEW_TYPE = {
    "code": "snow_clearing",
    "name_en": "Snow clearing",
    "name_pl": "Odśnieżanie",
    "name_cs": "Odklízení sněhu",
    "name_sl": "Odstranjevanje snega",
    "category": "care",
    "unit": "visit",
    "delivery_form": "home",
    "legal_refs": {"PL": "uchwała rady gminy"},
    "sort_order": 1000,
}


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_reads_the_shipped_types_and_the_centres_own(api, user_of, role, centre, other_centre):
    ServiceTypeFactory(centre=centre, code="gdynia_walks")
    ServiceTypeFactory(centre=other_centre, code="sopot_beach")
    listed = codes(api(user_of(role)).get(URL, {"page_size": 200}))
    assert "home_care" in listed
    assert "gdynia_walks" in listed
    assert "sopot_beach" not in listed


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_centres_type_is_not_found(api, user_of, role, other_centre):
    theirs = ServiceTypeFactory(centre=other_centre, code="sopot_beach")
    client = api(user_of(role))
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    # Admins, who may write here, look for the type (not found); other roles are refused before that.
    expected = 404 if role == Role.ADMIN else 403
    assert client.patch(f"{URL}{theirs.pk}/", {"name_en": "x"}).status_code == expected


def test_name_is_in_the_accept_language_and_names_has_all_four(api, coordinator):
    home_care = shipped("home_care")
    body = api(coordinator).get(f"{URL}{home_care.pk}/", HTTP_ACCEPT_LANGUAGE="cs").json()
    assert body["name"] == "Pečovatelská služba"
    assert body["names"] == {"en": "Care at home", "pl": "Usługi opiekuńcze", "cs": "Pečovatelská služba",
                             "sl": "Pomoč na domu"}
    assert body["is_shipped"] is True
    assert body["legal_refs"]["CZ"] == "pečovatelská služba §40"


def test_name_is_in_the_users_language_when_no_header_is_sent(api, member, centre):
    slovene = member(Role.COORDINATOR, centre, language="sl")
    body = api(slovene).get(f"{URL}{shipped('home_care').pk}/").json()
    assert body["name"] == "Pomoč na domu"


def test_filters_category_unit_and_active(api, coordinator, centre):
    ServiceTypeFactory(centre=centre, code="old_type", category="prevention", unit="contact", active=False)
    client = api(coordinator)
    assert codes(client.get(URL, {"category": "health"})) == ["nursing", "rehabilitation"]
    assert codes(client.get(URL, {"unit": "night"})) == ["residential_care", "sheltered_housing", "shelter"]
    assert codes(client.get(URL, {"active": "false"})) == ["old_type"]
    assert "old_type" not in codes(client.get(URL, {"active": "true", "page_size": 200}))
    assert client.get(URL, {"category": "magic"}).status_code == 400


@pytest.mark.parametrize(
    ("term", "expected"),
    [("telecare", ["telecare"]), ("Teleopieka", ["telecare"]), ("Tísňová", ["telecare"]), ("E-oskrba", ["telecare"]),
     ("dom pomocy", ["day_centre", "residential_care"])],
)
def test_search_on_code_and_every_name(api, coordinator, term, expected):
    assert codes(api(coordinator).get(URL, {"search": term})) == expected


def test_list_takes_a_constant_number_of_queries(api, coordinator, centre, django_assert_max_num_queries):
    client = api(coordinator)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for n in range(10):
        ServiceTypeFactory(centre=centre, code=f"own_{n}")
    with django_assert_max_num_queries(len(before)):
        assert client.get(URL, {"page_size": 200}).json()["count"] >= 36
    assert len(before) <= 3


# --- writes ---------------------------------------------------------------------------------------------


def test_admin_adds_a_centre_type(api, admin_user, centre):
    response = api(admin_user).post(URL, NEW_TYPE)
    assert response.status_code == 201, response.json()
    assert response.json()["is_shipped"] is False
    created = ServiceType.objects.get(code="snow_clearing")
    assert created.centre == centre
    record = created.history.first()
    assert (record.history_user, record.history_change_reason) == (admin_user, "created")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_admins_write_service_types(api, user_of, role, centre):
    own = ServiceTypeFactory(centre=centre, code="gdynia_walks", name_en="Walks")
    client = api(user_of(role))
    assert client.post(URL, NEW_TYPE).status_code == 403
    assert client.patch(f"{URL}{own.pk}/", {"name_en": "Runs"}).status_code == 403
    assert not ServiceType.objects.filter(code="snow_clearing").exists()
    own.refresh_from_db()
    assert own.name_en == "Walks"


def test_admin_changes_a_centre_type_with_a_reason(api, admin_user, centre):
    own = ServiceTypeFactory(centre=centre, code="gdynia_walks")
    response = api(admin_user).patch(f"{URL}{own.pk}/", {"active": False, "reason": "no more volunteers"})
    assert response.status_code == 200
    assert response.json()["active"] is False
    record = own.history.first()
    assert (record.history_user, record.history_change_reason) == (admin_user, "no more volunteers")


def test_shipped_types_are_read_only_even_for_admins(api, admin_user):
    home_care = shipped("home_care")
    history = home_care.history.count()
    client = api(admin_user)
    assert client.patch(f"{URL}{home_care.pk}/", {"name_en": "Changed"}).status_code == 403
    assert client.patch(f"{URL}{home_care.pk}/", {"category": "not-a-category"}).status_code == 403
    home_care.refresh_from_db()
    assert home_care.name_en == "Care at home"
    assert home_care.history.count() == history
    assert client.delete(f"{URL}{home_care.pk}/").status_code == 405


@pytest.mark.parametrize("code", ["home_care", "gdynia_walks"])
def test_a_code_that_exists_is_a_conflict(api, admin_user, centre, code):
    ServiceTypeFactory(centre=centre, code="gdynia_walks")
    count = ServiceType.objects.count()
    response = api(admin_user).post(URL, {**NEW_TYPE, "code": code})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_code"
    assert ServiceType.objects.count() == count


def test_another_centre_may_use_the_same_code(api, admin_user, other_centre):
    ServiceTypeFactory(centre=other_centre, code="snow_clearing")
    assert api(admin_user).post(URL, NEW_TYPE).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "Not a slug!"}, "code"),
        ({"name_en": ""}, "name_en"),
        ({"category": "magic"}, "category"),
        ({"unit": "parsec"}, "unit"),
        ({"delivery_form": "by_owl"}, "delivery_form"),
        ({"legal_refs": {"DE": "§1"}}, "legal_refs"),
        ({"legal_refs": "§40"}, "legal_refs"),
        ({"sort_order": -1}, "sort_order"),
    ],
)
def test_bad_service_type_input_is_400_naming_the_field_and_writes_nothing(api, admin_user, centre, change, field):
    own = ServiceTypeFactory(centre=centre, code="gdynia_walks")
    count, history = ServiceType.objects.count(), ServiceType.history.count()
    client = api(admin_user)
    created = client.post(URL, {**NEW_TYPE, **change})
    assert created.status_code == 400
    assert field in created.json(), created.json()
    if field != "code":
        changed = client.patch(f"{URL}{own.pk}/", change)
        assert changed.status_code == 400
        assert field in changed.json(), changed.json()
    assert (ServiceType.objects.count(), ServiceType.history.count()) == (count, history)


def test_the_code_of_a_type_cannot_be_changed(api, admin_user, centre):
    own = ServiceTypeFactory(centre=centre, code="gdynia_walks")
    response = api(admin_user).patch(f"{URL}{own.pk}/", {"code": "other_code"})
    assert response.status_code == 400
    assert "code" in response.json()
    own.refresh_from_db()
    assert own.code == "gdynia_walks"
