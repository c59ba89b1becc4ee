"""One person, one record: a national ID is unique in a centre (no override), possible duplicates are matched
ignoring case, accents and small spelling differences, and searches ignore accents (issue 13)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction

from cus.catalogue.models import Offering, Provider
from cus.clients.matching import likely_same_person
from cus.clients.models import Client
from cus.clients.national_id import generate_pesel
from cus.core.textmatch import fold, similarity

from ..factories import ClientFactory, OfferingFactory, ProviderFactory, ServiceTypeFactory
from .conftest import client_payload

# --- A national ID is unique in a centre: no override -------------------------------------------------------


def test_a_registered_national_id_is_refused_even_when_confirmed_a_different_person(api, coordinator):
    client = api(coordinator)
    first = client.post("/api/v1/clients/", client_payload()).json()
    response = client.post(
        "/api/v1/clients/", client_payload(first_name="Helena", last_name="Nowak", confirm_distinct=True)
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "national_id_taken"
    assert body["national_id"] == [f"This national ID is already registered for client {first['reference']}."]
    assert body["existing"] == {
        "id": first["id"], "reference": first["reference"], "name": "Halina Kowalska", "birth_date": "1950-03-15"
    }
    assert Client.objects.count() == 1
    assert Client.history.count() == 1


def test_changing_a_national_id_to_a_registered_one_is_refused_without_override(api, coordinator):
    client = api(coordinator)
    client.post("/api/v1/clients/", client_payload())
    other = client.post("/api/v1/clients/", client_payload(first_name="Irena", birth_date="1960-01-01",
                                                           national_id="")).json()
    taken = generate_pesel(dt.date(1950, 3, 15), "female", 17)
    response = client.patch(f"/api/v1/clients/{other['id']}/", {"national_id": taken, "confirm_distinct": True,
                                                                 "birth_date": "1950-03-15"})
    assert response.status_code == 409
    assert response.json()["code"] == "national_id_taken"
    assert Client.objects.get(pk=other["id"]).national_id == ""


def test_the_database_refuses_a_second_live_record_with_the_same_national_id(centre, other_centre):
    ClientFactory(centre=centre, national_id="50031500179")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFactory(centre=centre, national_id="50031500179")
    ClientFactory(centre=other_centre, national_id="50031500179")  # another centre: another registry
    ClientFactory(centre=centre, national_id="")
    ClientFactory(centre=centre, national_id="")  # no national ID: no constraint


def test_a_merged_record_keeps_its_national_id_without_blocking_the_survivor(centre):
    survivor = ClientFactory(centre=centre, national_id="")
    ClientFactory(centre=centre, national_id="50031500179", merged_into=survivor, status="merged")
    ClientFactory(centre=centre, national_id="50031500179")  # one live record with it: allowed


# --- The matcher: spelling variants of the four languages ---------------------------------------------------

SAME_PERSON = [
    # Polish
    ("Róża", "Audyt", "Roza", "Audyta", "female"),
    ("Jan", "Głowacki", "Jan", "Glowacki", "male"),
    ("Małgorzata", "Wiśniewska", "MALGORZATA", "WISNIEWSKA", "female"),
    ("Katarzyna", "Żółkiewska", "Katarzina", "Zolkiewska", "female"),
    ("Krzysztof", "Szczęsny", "Krzystof", "Szczesny", "male"),
    ("Grzegorz", "Brzęczyszczykiewicz", "Brzeczyszczykiewicz", "Grzegorz", "male"),  # first and last swapped
    # Czech
    ("Tomáš", "Dvořák", "Tomas", "Dvorak", "male"),
    ("Jiří", "Novotný", "Jiri", "Novotny", "male"),
    ("Růžena", "Procházková", "Ruzena", "Prochazkova", "female"),
    ("Zdeněk", "Černý", "Zdenek", "Cerny", "male"),
    # Slovenian
    ("Špela", "Čebašek", "Spela", "Cebasek", "female"),
    ("Tjaša", "Kovačič", "Tjasa", "Kovacic", "female"),
    ("Matjaž", "Žagar", "Matjaz", "Zagar", "male"),
    # English
    ("John", "Smith", "John", "Smyth", "male"),
    ("Catherine", "Thompson", "Katherine", "Thompson", "female"),
    ("Elizabeth", "Wright", "Elisabeth", "Wright", "female"),
    ("Stephen", "Jones", "Steven", "Jones", "male"),
]

DIFFERENT_PEOPLE = [
    # Twins and namesakes born the same day: other first names, or another sex
    ("Piotr", "Nowak", "Paweł", "Nowak", "male"),
    ("Anna", "Kowalska", "Celina", "Kowalska", "female"),
    ("Jan", "Dvořák", "Jana", "Dvořáková", "male"),
    ("Petr", "Svoboda", "Pavel", "Svoboda", "male"),
    ("Ana", "Horvat", "Nina", "Horvat", "female"),
    ("Luka", "Kranjc", "Jure", "Kranjc", "male"),
    ("Emily", "Brown", "Olivia", "Brown", "female"),
    ("Michael", "Taylor", "Michelle", "Taylor", "male"),
    # Same first name, another family
    ("Anna", "Nowak", "Anna", "Zielińska", "female"),
    ("Tomáš", "Dvořák", "Tomáš", "Marek", "male"),
]


def _person(first: str, last: str, sex: str, birth_date: dt.date = dt.date(1950, 3, 15)) -> SimpleNamespace:
    return SimpleNamespace(first_name=first, last_name=last, sex=sex, birth_date=birth_date)


@pytest.mark.parametrize(("first", "last", "first2", "last2", "sex"), SAME_PERSON)
def test_spelling_variants_of_one_person_match(first, last, first2, last2, sex):
    assert likely_same_person(_person(first, last, sex), _person(first2, last2, sex)) is not None


@pytest.mark.parametrize(("first", "last", "first2", "last2", "sex"), DIFFERENT_PEOPLE)
def test_different_people_do_not_match(first, last, first2, last2, sex):
    other_sex = "female" if (first2, last2) in {("Jana", "Dvořáková"), ("Michelle", "Taylor")} else sex
    assert likely_same_person(_person(first, last, sex), _person(first2, last2, other_sex)) is None


def test_the_same_name_with_another_birth_date_does_not_match():
    assert likely_same_person(
        _person("Jan", "Nowak", "male"), _person("Jan", "Nowak", "male", dt.date(1950, 3, 16))
    ) is None


def test_the_same_name_matches_whatever_the_recorded_sex():
    assert likely_same_person(_person("Jan", "Nowak", "male"), _person("Jan", "Nowak", "other")) == 1.0


def test_fold_and_similarity_are_the_databases_functions():
    assert fold("Głowacki Dvořák Čebašek Straße ØRSTED") == "glowacki dvorak cebasek strasse orsted"
    assert similarity("audyt", "audyta") == pytest.approx(5 / 8)  # pg_trgm: 5 shared of 8 trigrams
    assert similarity("", "x") == 0.0


@pytest.mark.parametrize(("first", "last", "first2", "last2", "sex"), SAME_PERSON)
def test_registration_flags_spelling_variants_in_the_database(api, coordinator, first, last, first2, last2, sex):
    """The same rule in SQL (PostgreSQL: unaccent and pg_trgm; SQLite: the functions registered in Python)."""
    client = api(coordinator)
    created = client.post("/api/v1/clients/", client_payload(first_name=first, last_name=last, sex=sex,
                                                             national_id=""))
    assert created.status_code == 201, created.json()
    response = client.post("/api/v1/clients/", client_payload(first_name=first2, last_name=last2, sex=sex,
                                                              national_id=""))
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "possible_duplicate"
    assert [d["id"] for d in response.json()["duplicates"]] == [created.json()["id"]]
    confirmed = client.post("/api/v1/clients/", client_payload(first_name=first2, last_name=last2, sex=sex,
                                                               national_id="", confirm_distinct=True))
    assert confirmed.status_code == 201  # the name match keeps its "a different person" confirmation


@pytest.mark.parametrize(("first", "last", "first2", "last2", "sex"), DIFFERENT_PEOPLE)
def test_registration_does_not_flag_different_people(api, coordinator, first, last, first2, last2, sex):
    other_sex = "female" if (first2, last2) in {("Jana", "Dvořáková"), ("Michelle", "Taylor")} else sex
    client = api(coordinator)
    assert client.post("/api/v1/clients/", client_payload(first_name=first, last_name=last, sex=sex,
                                                          national_id="")).status_code == 201
    response = client.post("/api/v1/clients/", client_payload(first_name=first2, last_name=last2, sex=other_sex,
                                                              national_id=""))
    assert response.status_code == 201, response.json()


# --- Searches ignore case and accents -----------------------------------------------------------------------


@pytest.mark.parametrize(("term", "found"), [
    ("50%", False), ("_", False), ("\\", False),
    ("glowacki", True), ("GŁOWACKI", True), ("głow", True), ("zolkiew", True), ("Dvorak", True),
    ("cebasek", True), ("nowak", False),
])
def test_client_search_ignores_case_and_accents(api, manager, centre, term, found):
    ClientFactory(centre=centre, first_name="Jan", last_name="Głowacki")
    ClientFactory(centre=centre, first_name="Zofia", last_name="Żółkiewska")
    ClientFactory(centre=centre, first_name="Tomáš", last_name="Dvořák")
    ClientFactory(centre=centre, first_name="Špela", last_name="Čebašek")
    response = api(manager).get("/api/v1/clients/", {"search": term})
    assert response.status_code == 200
    assert (response.json()["count"] >= 1) is found


def test_client_search_does_not_reach_another_centre(api, manager, other_centre):
    ClientFactory(centre=other_centre, last_name="Głowacki")
    assert api(manager).get("/api/v1/clients/", {"search": "glowacki"}).json()["count"] == 0


@pytest.mark.parametrize("term", ["glowacki", "GŁOWACKI", "žalec", "Zalec", "pomoc domowa", "POMOC DOMOWĄ"])
def test_public_catalogue_search_ignores_case_and_accents(client, centre, term):
    provider = ProviderFactory(centre=centre, name="Fundacja Głowacki", municipality="Žalec", is_public=True)
    OfferingFactory(provider=provider, centre=centre, name="Pomoc domową", is_public=True)
    response = client.get("/api/public/services/", {"q": term})
    assert response.status_code == 200, response.content
    names = [item["name"] for item in response.json()["results"]]
    if "pomoc" in term.lower():
        assert names == ["Pomoc domową"]
    providers = client.get("/api/public/providers/", {"q": term}).json()["results"]
    assert [item["name"] for item in providers] == ["Fundacja Głowacki"]
    assert Provider.objects.count() == 1
    assert Offering.objects.count() == 1


def test_public_catalogue_search_finds_nothing_for_another_word(client, centre):
    ProviderFactory(centre=centre, name="Fundacja Głowacki", is_public=True)
    assert client.get("/api/public/providers/", {"q": "kowalski"}).json()["results"] == []


def test_hsds_taxonomy_term_search_ignores_case_and_accents(client, db):
    ServiceTypeFactory(code="test_care_pl", name_pl="Usługi opiekuńcze dla seniorów", active=True)
    response = client.get("/api/hsds/taxonomy_terms", {"search": "uslugi opiekuncze DLA SENIOROW", "lang": "pl"})
    assert response.status_code == 200, response.content
    assert [term["name"] for term in response.json()["contents"]] == ["Usługi opiekuńcze dla seniorów"]
