"""Registering and changing clients: references, duplicates, national IDs, closing, bad input."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from cus.clients import services
from cus.clients.models import CaseReferenceCounter, Client
from cus.clients.national_id import generate_birth_number, generate_emso, generate_pesel

from ..factories import CentreFactory, ClientFactory
from .conftest import client_payload, today

# --- Case references -------------------------------------------------------------------------------------


def test_references_are_sequential_per_centre_and_year(api, coordinator, member, other_centre):
    year = today().year
    client = api(coordinator)
    references = [
        client.post("/api/v1/clients/", client_payload(first_name=name, national_id="")).json()["reference"]
        for name in ("Anna", "Beata", "Celina")
    ]
    assert references == [f"GDY/{year}/00001", f"GDY/{year}/00002", f"GDY/{year}/00003"]
    elsewhere = api(member("coordinator", other_centre)).post("/api/v1/clients/", client_payload())
    assert elsewhere.json()["reference"] == f"SOP/{year}/00001"


def test_reference_numbering_restarts_with_a_new_year(api, coordinator, centre):
    CaseReferenceCounter.objects.create(centre=centre, year=2026, last_number=41)
    client = api(coordinator)
    with mock.patch.object(services.records, "centre_today", return_value=dt.date(2026, 12, 31)):
        assert client.post("/api/v1/clients/", client_payload(first_name="A")).json()["reference"] == "GDY/2026/00042"
    with mock.patch.object(services.records, "centre_today", return_value=dt.date(2027, 1, 1)):
        response = client.post("/api/v1/clients/", client_payload(first_name="B", national_id=""))
    assert response.json()["reference"] == "GDY/2027/00001"


def test_a_refused_registration_uses_no_reference_number(api, coordinator):
    client = api(coordinator)
    assert client.post("/api/v1/clients/", client_payload(national_id="44051401358")).status_code == 400
    assert client.post("/api/v1/clients/", client_payload()).json()["reference"].endswith("/00001")


def test_reference_is_read_only(api, coordinator):
    client = api(coordinator)
    created = client.post("/api/v1/clients/", client_payload()).json()
    response = client.patch(f"/api/v1/clients/{created['id']}/", {"reference": "HACK/1"})
    assert response.status_code == 200
    assert response.json()["reference"] == created["reference"]


# --- Coordinator ------------------------------------------------------------------------------------------


def test_coordinator_defaults_to_the_registering_coordinator(api, coordinator):
    response = api(coordinator).post("/api/v1/clients/", client_payload())
    assert response.json()["coordinator"] == str(coordinator.pk)
    assert response.json()["coordinator_name"] == str(coordinator)


def test_client_may_be_registered_for_a_colleague_or_unassigned(api, coordinator, coordinator2):
    client = api(coordinator)
    assert client.post("/api/v1/clients/", client_payload(first_name="A", coordinator=str(coordinator2.pk))).json()[
        "coordinator"
    ] == str(coordinator2.pk)
    response = client.post("/api/v1/clients/", client_payload(first_name="B", national_id="", coordinator=None),
                           format="json")
    assert response.json()["coordinator"] is None


@pytest.mark.parametrize("who", ["manager", "provider_staff", "foreign_coordinator"])
def test_coordinator_must_be_an_active_coordinator_of_the_centre(who, request, api, coordinator, member, other_centre):
    user = member("coordinator", other_centre) if who == "foreign_coordinator" else request.getfixturevalue(who)
    response = api(coordinator).post("/api/v1/clients/", client_payload(coordinator=str(user.pk)))
    assert response.status_code == 400
    assert response.json()["coordinator"] == ["Choose an active coordinator of this centre."]
    assert Client.objects.count() == 0


def test_coordinator_hands_a_client_over_and_then_only_reads_it(api, coordinator, coordinator2, caseload):
    client = api(coordinator)
    url = f"/api/v1/clients/{caseload.own.pk}/"
    handover = client.patch(url, {"coordinator": str(coordinator2.pk)})
    assert handover.status_code == 200, handover.json()
    assert client.patch(url, {"phone": "1"}).status_code == 403
    assert client.get(url).status_code == 200


# --- Duplicates -------------------------------------------------------------------------------------------


def test_same_national_id_in_the_centre_is_refused_with_the_existing_record(api, coordinator):
    client = api(coordinator)
    first = client.post("/api/v1/clients/", client_payload()).json()
    response = client.post("/api/v1/clients/", client_payload(first_name="Helena", last_name="Nowak"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "national_id_taken"  # no override: see test_one_person_one_record
    assert body["existing"] == {
        "id": first["id"], "reference": first["reference"], "name": "Halina Kowalska", "birth_date": "1950-03-15"
    }
    assert Client.objects.count() == 1


def test_same_name_and_birth_date_ignoring_case_is_refused(api, coordinator):
    client = api(coordinator)
    client.post("/api/v1/clients/", client_payload(national_id=""))
    response = client.post("/api/v1/clients/", client_payload(first_name=" HALINA", last_name="kowalska", national_id=""))
    assert response.status_code == 409
    assert len(response.json()["duplicates"]) == 1


def test_same_name_with_another_birth_date_is_not_a_duplicate(api, coordinator):
    client = api(coordinator)
    client.post("/api/v1/clients/", client_payload(national_id=""))
    response = client.post("/api/v1/clients/", client_payload(birth_date="1950-03-16", national_id=""))
    assert response.status_code == 201


def test_the_same_person_in_another_centre_is_not_a_duplicate(api, coordinator, member, other_centre):
    api(coordinator).post("/api/v1/clients/", client_payload())
    assert api(member("coordinator", other_centre)).post("/api/v1/clients/", client_payload()).status_code == 201


def test_confirmed_distinct_person_is_registered_and_linked_with_a_reason(api, coordinator):
    client = api(coordinator)
    first = client.post("/api/v1/clients/", client_payload(national_id="")).json()
    response = client.post("/api/v1/clients/", client_payload(national_id="", confirm_distinct=True))
    assert response.status_code == 201
    second = response.json()
    assert second["distinct_from"] == [first["id"]]
    assert client.get(f"/api/v1/clients/{first['id']}/").json()["distinct_from"] == [second["id"]]
    record = Client.history.filter(id=second["id"]).get()
    assert record.history_change_reason == f"registered; confirmed as a different person from {first['reference']}"
    assert record.history_user_id == coordinator.pk


def test_editing_identity_into_a_match_is_refused_unless_confirmed(api, coordinator):
    client = api(coordinator)
    client.post("/api/v1/clients/", client_payload(national_id=""))
    other = client.post("/api/v1/clients/", client_payload(first_name="Irena", national_id="")).json()
    url = f"/api/v1/clients/{other['id']}/"
    response = client.patch(url, {"first_name": "Halina"})
    assert response.status_code == 409
    assert Client.objects.get(pk=other["id"]).first_name == "Irena"
    assert client.patch(url, {"first_name": "Halina", "confirm_distinct": True}).status_code == 200


def test_pairs_confirmed_distinct_are_not_flagged_again_on_later_edits(api, coordinator):
    client = api(coordinator)
    client.post("/api/v1/clients/", client_payload(national_id=""))
    second = client.post("/api/v1/clients/", client_payload(national_id="", confirm_distinct=True)).json()
    url = f"/api/v1/clients/{second['id']}/"
    assert client.patch(url, {"first_name": "halina"}).status_code == 200
    assert client.patch(url, {"birth_date": "1950-03-15", "phone": "+48 1"}).status_code == 200


def test_edits_that_do_not_touch_identity_are_not_checked_for_duplicates(api, coordinator, centre):
    ClientFactory(centre=centre, first_name="Ala", last_name="Kot", birth_date=dt.date(1960, 1, 1))
    twin = ClientFactory(centre=centre, first_name="Ala", last_name="Kot", birth_date=dt.date(1960, 1, 1),
                         coordinator=coordinator)
    assert api(coordinator).patch(f"/api/v1/clients/{twin.pk}/", {"phone": "1"}).status_code == 200


# --- National IDs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "national_id"),
    [
        ("PL", generate_pesel(dt.date(1950, 3, 15), "female", 1)),
        ("CZ", generate_birth_number(dt.date(1950, 3, 15), "female", 1)),
        ("SI", generate_emso(dt.date(1950, 3, 15), "female", 1)),
        ("XX", "AB 123456"),
    ],
)
def test_valid_national_ids_of_each_country_are_accepted(api, coordinator, country, national_id):
    response = api(coordinator).post(
        "/api/v1/clients/", client_payload(national_id_country=country, national_id=national_id)
    )
    assert response.status_code == 201
    assert response.json()["national_id_country"] == country


def test_czech_birth_number_is_stored_without_the_slash(api, coordinator):
    number = generate_birth_number(dt.date(1975, 6, 1), "male", 5)
    response = api(coordinator).post("/api/v1/clients/", client_payload(
        national_id_country="CZ", national_id=f"{number[:6]}/{number[6:]}", birth_date="1975-06-01", sex="male"
    ))
    assert response.json()["national_id"] == number


def test_national_id_country_defaults_to_the_centres_country(api, coordinator):
    response = api(coordinator).post("/api/v1/clients/", client_payload(national_id_country=""))
    assert response.status_code == 201
    assert response.json()["national_id_country"] == "PL"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"national_id": "44051401358"}, "The PESEL check digit is wrong."),
        ({"national_id": "4405140135"}, "A PESEL has exactly 11 digits."),
        ({"birth_date": "1950-03-16"}, "The PESEL does not match the birth date."),
        ({"sex": "male"}, "The PESEL does not match the sex."),
        ({"national_id_country": "SI"}, "An EMŠO has exactly 13 digits."),
    ],
)
def test_invalid_national_id_is_400_naming_it_and_nothing_is_written(api, coordinator, overrides, message):
    response = api(coordinator).post("/api/v1/clients/", client_payload(**overrides))
    assert response.status_code == 400
    assert response.json() == {"national_id": [message]}
    assert Client.objects.count() == 0
    assert CaseReferenceCounter.objects.count() == 0


def test_sex_other_is_never_inconsistent_with_the_national_id(api, coordinator):
    assert api(coordinator).post("/api/v1/clients/", client_payload(sex="other")).status_code == 201


def test_changing_the_birth_date_rechecks_the_national_id(api, coordinator):
    client = api(coordinator)
    created = client.post("/api/v1/clients/", client_payload()).json()
    response = client.patch(f"/api/v1/clients/{created['id']}/", {"birth_date": "1951-03-15"})
    assert response.status_code == 400
    assert response.json() == {"national_id": ["The PESEL does not match the birth date."]}


# --- Closing -----------------------------------------------------------------------------------------------


def test_closing_requires_a_closure_reason(api, coordinator, caseload):
    url = f"/api/v1/clients/{caseload.own.pk}/"
    response = api(coordinator).patch(url, {"status": "closed"})
    assert response.status_code == 400
    assert response.json() == {"closure_reason": ["A closed case needs a closure reason."]}
    caseload.own.refresh_from_db()
    assert caseload.own.status == "active"


def test_closing_with_a_reason_sets_the_closing_date_and_reopening_clears_it(api, coordinator, caseload):
    client = api(coordinator)
    url = f"/api/v1/clients/{caseload.own.pk}/"
    closed = client.patch(url, {"status": "closed", "closure_reason": "moved_away", "exit_situation": "Moved to Gdańsk"})
    assert closed.status_code == 200
    assert closed.json()["closed_at"] == today().isoformat()
    reopened = client.patch(url, {"status": "active"})
    assert reopened.json()["closure_reason"] == ""
    assert reopened.json()["closed_at"] is None


def test_an_open_case_has_no_closure_reason(api, coordinator, caseload):
    response = api(coordinator).patch(f"/api/v1/clients/{caseload.own.pk}/", {"closure_reason": "died"})
    assert response.status_code == 400
    assert "closure_reason" in response.json()


def test_closing_date_cannot_be_in_the_future(api, coordinator, caseload):
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = api(coordinator).patch(
        f"/api/v1/clients/{caseload.own.pk}/", {"status": "closed", "closure_reason": "died", "closed_at": tomorrow}
    )
    assert response.status_code == 400
    assert "closed_at" in response.json()


# --- Bad input: 400 naming the field, nothing written --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"last_name": None}, "last_name"),
        ({"birth_date": "15.03.1950"}, "birth_date"),
        ({"birth_date": "2999-01-01", "national_id": ""}, "birth_date"),
        ({"sex": "unknown"}, "sex"),
        ({"national_id_country": "DE"}, "national_id_country"),
        ({"email": "not-an-email"}, "email"),
        ({"status": "archived"}, "status"),
        ({"household_size": -1}, "household_size"),
        ({"language": "de"}, "language"),
        ({"coordinator": "not-a-uuid"}, "coordinator"),
        ({"labour_market_status": "retired"}, "labour_market_status"),
    ],
)
def test_bad_registration_is_400_naming_the_field_and_writes_nothing(api, coordinator, overrides, field):
    before = Client.objects.count(), Client.history.count()
    response = api(coordinator).post("/api/v1/clients/", client_payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert (Client.objects.count(), Client.history.count()) == before


def test_missing_required_fields_are_all_named(api, coordinator):
    response = api(coordinator).post("/api/v1/clients/", {})
    assert response.status_code == 400
    assert {"first_name", "last_name", "birth_date", "sex"} <= set(response.json())


@pytest.mark.parametrize(
    ("data", "field"),
    [({"first_name": ""}, "first_name"), ({"sex": "x"}, "sex"), ({"birth_date": "never"}, "birth_date"),
     ({"email": "@"}, "email")],
)
def test_bad_edit_is_400_naming_the_field_and_writes_nothing(api, coordinator, caseload, data, field):
    before = Client.history.count()
    response = api(coordinator).patch(f"/api/v1/clients/{caseload.own.pk}/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert Client.history.count() == before


# --- Lists: filters, search, ordering --------------------------------------------------------------------------


def test_client_list_filters_searches_and_orders(api, coordinator, coordinator2, centre):
    ClientFactory(centre=centre, first_name="Zofia", last_name="Adamska", status="active", coordinator=coordinator,
                  reference="GDY/2026/00007", national_id="50031512345")
    ClientFactory(centre=centre, first_name="Ewa", last_name="Zielińska", status="closed", coordinator=coordinator2,
                  reference="GDY/2026/00003", closure_reason="died")
    client = api(coordinator)

    def names(**params) -> list[str]:
        return [row["last_name"] for row in client.get("/api/v1/clients/", params).json()["results"]]

    assert names() == ["Adamska", "Zielińska"]
    assert names(status="closed") == ["Zielińska"]
    assert names(coordinator=str(coordinator.pk)) == ["Adamska"]
    assert names(search="zofia") == ["Adamska"]
    assert names(search="00003") == ["Zielińska"]
    # A national ID is searched in the X-Search header only, never in the URL (cus.api.search).
    assert names(search="5003151") == []
    assert [row["last_name"] for row in client.get("/api/v1/clients/", HTTP_X_SEARCH="5003151").json()["results"]] == [
        "Adamska"
    ]
    assert names(ordering="reference") == ["Zielińska", "Adamska"]
    assert names(ordering="-last_name") == ["Zielińska", "Adamska"]


def test_no_delete_and_no_put(api, coordinator, caseload):
    client = api(coordinator)
    url = f"/api/v1/clients/{caseload.own.pk}/"
    assert client.delete(url).status_code == 405
    assert client.put(url, client_payload()).status_code == 405
    assert Client.objects.filter(pk=caseload.own.pk).exists()


def test_registration_in_a_centre_with_an_upper_case_code(api, member):
    centre = CentreFactory(code="krk-nowa-huta")
    response = api(member("coordinator", centre)).post("/api/v1/clients/", client_payload())
    assert response.json()["reference"].startswith("KRK-NOWA-HUTA/")
