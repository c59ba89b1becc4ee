"""contracts/: creating and changing contracts with their lines, the rules they must keep, who may do what."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.contracts.models import Contract, ContractLine
from cus.core.models import Role

from ..factories import (
    ContractFactory,
    ContractLineFactory,
    FundingSourceFactory,
    ProviderFactory,
    ServiceTypeFactory,
)
from .factories import delivery_on, planned_service_on

URL = "/api/v1/contracts/"


def detail(contract) -> str:
    return f"{URL}{contract.pk}/"


@pytest.fixture
def payload(provider, funding, home_care, meals):
    def make(**overrides):
        body = {
            "provider": str(provider.pk),
            "number": "UM/7/2026",
            "title": "Usługi opiekuńcze 2026",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "funding_source": str(funding.pk),
            "lines": [
                {"service_type": str(home_care.pk), "unit_price": "45.00", "max_units": "2000",
                 "monthly_capacity": "200"},
                {"service_type": str(meals.pk), "unit_price": "18.50", "budget": "50000.00"},
            ],
        }
        body.update(overrides)
        return body

    return make


def line_payload(line, **overrides):
    body = {
        "id": str(line.pk),
        "service_type": str(line.service_type_id),
        "unit": line.unit,
        "unit_price": str(line.unit_price),
        "max_units": None if line.max_units is None else str(line.max_units),
        "budget": None if line.budget is None else str(line.budget),
        "funding_source": str(line.funding_source_id),
    }
    body.update(overrides)
    return body


def contract_of(provider, funding, **kwargs):
    return ContractFactory(provider=provider, centre=provider.centre, funding_source=funding, **kwargs)


# --- creating -----------------------------------------------------------------------------------


def test_manager_creates_a_draft_contract_with_its_lines_in_one_go(api, manager, payload, funding, home_care):
    response = api(manager).post(URL, payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["provider_name"] == "Spółdzielnia Socjalna Razem"
    assert len(body["lines"]) == 2
    contract = Contract.objects.get(pk=body["id"])
    care = contract.lines.get(service_type=home_care)
    assert care.unit == "hour"  # the service type's unit when none is given
    assert care.funding_source == funding  # the contract's funding source when none is given
    assert care.monthly_capacity == Decimal("200")
    assert contract.lines.get(service_type__code="meals_test").unit == "meal"


def test_admin_may_create_contracts_too(api, admin_user, payload):
    assert api(admin_user).post(URL, payload()).status_code == 201


def test_creating_a_contract_writes_history_for_it_and_each_line(api, manager, payload):
    contract_id = api(manager).post(URL, payload()).json()["id"]
    contract = Contract.objects.get(pk=contract_id)
    record = contract.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", manager, "created")
    for line in contract.lines.all():
        assert line.history.get().history_user == manager


def test_a_line_may_name_another_unit_and_its_own_funding_source(api, manager, payload, home_care, municipal):
    body = payload(lines=[{"service_type": str(home_care.pk), "unit": "visit", "unit_price": "60",
                           "max_units": "100", "funding_source": str(municipal.pk)}])
    response = api(manager).post(URL, body)
    assert response.status_code == 201, response.json()
    line = response.json()["lines"][0]
    assert (line["unit"], line["funding_source"], line["funding_source_name"]) == ("visit", str(municipal.pk),
                                                                                  "Budżet gminy")


def test_the_centres_own_service_type_may_be_contracted(api, manager, payload, centre):
    own = ServiceTypeFactory(centre=centre, code="local_club", unit="session")
    body = payload(lines=[{"service_type": str(own.pk), "unit_price": "0", "budget": "100"}])
    response = api(manager).post(URL, body)
    assert response.status_code == 201, response.json()
    assert response.json()["lines"][0]["unit"] == "session"


def test_a_contract_may_start_without_lines(api, manager, payload):
    response = api(manager).post(URL, payload(lines=[]))
    assert response.status_code == 201
    assert response.json()["lines"] == []


def test_duplicate_number_in_the_centre_is_409_naming_the_existing_contract(api, manager, payload, provider, funding):
    existing = contract_of(provider, funding, number="UM/7/2026")
    response = api(manager).post(URL, payload())
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_contract_number"
    assert body["contract"] == str(existing.pk)
    assert "UM/7/2026" in body["detail"]
    assert Contract.objects.count() == 1
    assert ContractLine.objects.count() == 0


def test_the_same_number_in_another_centre_is_fine(api, manager, payload, other_centre):
    ContractFactory(provider=ProviderFactory(centre=other_centre), number="UM/7/2026")
    assert api(manager).post(URL, payload()).status_code == 201


def _other_centre_provider(other_centre, **_):
    return {"provider": str(ProviderFactory(centre=other_centre).pk)}


def _inactive_provider(centre, **_):
    return {"provider": str(ProviderFactory(centre=centre, is_active=False).pk)}


def _other_centre_funding(other_centre, **_):
    return {"funding_source": str(FundingSourceFactory(centre=other_centre).pk)}


def _inactive_funding(centre, **_):
    return {"funding_source": str(FundingSourceFactory(centre=centre, is_active=False).pk)}


def _funding_ending_early(centre, **_):
    return {"funding_source": str(FundingSourceFactory(centre=centre, end_date=dt.date(2026, 6, 30)).pk)}


def _funding_starting_late(centre, **_):
    return {"funding_source": str(FundingSourceFactory(centre=centre, start_date=dt.date(2026, 2, 1)).pk)}


@pytest.mark.parametrize(
    ("make_change", "field"),
    [
        (lambda **_: {"end_date": "2025-12-31"}, "end_date"),
        (lambda **_: {"start_date": "2026-13-01"}, "start_date"),
        (lambda **_: {"number": ""}, "number"),
        (lambda **_: {"number": "x" * 81}, "number"),
        (_other_centre_provider, "provider"),
        (_inactive_provider, "provider"),
        (lambda **_: {"provider": "not-a-uuid"}, "provider"),
        (_other_centre_funding, "funding_source"),
        (_inactive_funding, "funding_source"),
        (_funding_ending_early, "funding_source"),
        (_funding_starting_late, "funding_source"),
    ],
)
def test_bad_contract_fields_are_400_naming_the_field_and_write_nothing(
    api, manager, payload, centre, other_centre, make_change, field
):
    response = api(manager).post(URL, payload(**make_change(centre=centre, other_centre=other_centre)))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Contract.objects.count() == 0
    assert ContractLine.objects.count() == 0


def test_missing_required_fields_are_named(api, manager):
    response = api(manager).post(URL, {})
    assert response.status_code == 400
    assert {"provider", "number", "start_date", "end_date"} <= set(response.json())


def _line(home_care, **fields):
    return {"service_type": str(home_care.pk), "unit_price": "45", "max_units": "100", **fields}


@pytest.mark.parametrize(
    ("line_fields", "field"),
    [
        ({"unit_price": "-0.01"}, "unit_price"),
        ({"unit_price": "abc"}, "unit_price"),
        ({"max_units": "0"}, "max_units"),
        ({"max_units": "-5"}, "max_units"),
        ({"budget": "0"}, "budget"),
        ({"monthly_capacity": "0"}, "monthly_capacity"),
        ({"max_units": None}, "max_units"),  # neither a maximum nor a budget
        ({"unit": "litre"}, "unit"),
        ({"service_type": None}, "service_type"),
    ],
)
def test_bad_lines_are_400_naming_the_line_and_field_and_write_nothing(
    api, manager, payload, home_care, line_fields, field
):
    good = _line(home_care, service_type=str(ServiceTypeFactory(unit="visit").pk))
    response = api(manager).post(URL, payload(lines=[good, _line(home_care, **line_fields)]))
    assert response.status_code == 400
    assert f"lines[1].{field}" in response.json(), response.json()
    assert "lines[0].service_type" not in response.json()
    assert Contract.objects.count() == 0
    assert ContractLine.objects.count() == 0


def test_a_line_without_unit_price_or_service_type_names_both(api, manager, payload):
    response = api(manager).post(URL, payload(lines=[{"max_units": "10"}]))
    assert response.status_code == 400
    assert {"lines[0].service_type", "lines[0].unit_price"} <= set(response.json())


def test_another_centres_service_type_is_refused(api, manager, payload, other_centre):
    theirs = ServiceTypeFactory(centre=other_centre, code="their_club")
    response = api(manager).post(URL, payload(lines=[{"service_type": str(theirs.pk), "unit_price": "1",
                                                      "max_units": "1"}]))
    assert response.status_code == 400
    assert "lines[0].service_type" in response.json()


def test_an_inactive_service_type_cannot_be_contracted(api, manager, payload):
    retired = ServiceTypeFactory(active=False)
    response = api(manager).post(URL, payload(lines=[{"service_type": str(retired.pk), "unit_price": "1",
                                                      "max_units": "1"}]))
    assert response.status_code == 400
    assert "lines[0].service_type" in response.json()


@pytest.mark.parametrize(
    "make_source",
    [
        lambda centre, other_centre: FundingSourceFactory(centre=other_centre),
        lambda centre, other_centre: FundingSourceFactory(centre=centre, is_active=False),
        lambda centre, other_centre: FundingSourceFactory(centre=centre, end_date=dt.date(2026, 11, 30)),
    ],
)
def test_a_lines_funding_source_must_be_the_centres_active_and_cover_the_period(
    api, manager, payload, home_care, centre, other_centre, make_source
):
    source = make_source(centre, other_centre)
    response = api(manager).post(URL, payload(lines=[_line(home_care, funding_source=str(source.pk))]))
    assert response.status_code == 400
    assert "lines[0].funding_source" in response.json()
    assert Contract.objects.count() == 0


def test_a_line_needs_a_funding_source_when_the_contract_has_none(api, manager, payload, home_care):
    response = api(manager).post(URL, payload(funding_source=None, lines=[_line(home_care)]))
    assert response.status_code == 400
    assert "lines[0].funding_source" in response.json()


def test_two_lines_of_one_type_paid_by_one_source_are_refused(api, manager, payload, home_care, municipal):
    lines = [_line(home_care), _line(home_care, unit_price="50")]
    response = api(manager).post(URL, payload(lines=lines))
    assert response.status_code == 400
    assert "lines[1].service_type" in response.json()
    # the same type paid by another source is a separate line
    lines[1]["funding_source"] = str(municipal.pk)
    assert api(manager).post(URL, payload(lines=lines)).status_code == 201


def test_several_errors_are_reported_together(api, manager, payload, home_care):
    response = api(manager).post(URL, payload(end_date="2025-01-01", lines=[_line(home_care, unit_price="-1")]))
    assert response.status_code == 400
    assert {"end_date", "lines[0].unit_price"} <= set(response.json())


# --- changing -----------------------------------------------------------------------------------


@pytest.fixture
def draft(provider, funding, home_care, meals):
    contract = contract_of(provider, funding, status="draft", number="UM/1/2026")
    care = ContractLineFactory(contract=contract, service_type=home_care, unit_price=Decimal("45.00"))
    food = ContractLineFactory(contract=contract, service_type=meals, unit_price=Decimal("18.00"),
                               max_units=None, budget=Decimal("9000.00"))
    return contract, care, food


def test_a_draft_changes_its_fields_and_lines_in_one_request(api, manager, draft, municipal):
    contract, care, food = draft
    transport = ServiceTypeFactory(code="transport_test", unit="trip")
    body = {
        "title": "Opieka i posiłki",
        "funding_source": str(municipal.pk),
        "reason": "negotiated prices",
        "lines": [
            line_payload(care, unit_price="47.50", max_units="1500"),
            {"service_type": str(transport.pk), "unit_price": "30", "max_units": "50"},
        ],
    }
    response = api(manager).patch(detail(contract), body)
    assert response.status_code == 200, response.json()
    care.refresh_from_db()
    assert (care.unit_price, care.max_units) == (Decimal("47.50"), Decimal("1500"))
    assert not ContractLine.objects.filter(pk=food.pk).exists()  # left out: removed
    new = ContractLine.objects.get(contract=contract, service_type=transport)
    assert new.funding_source == municipal  # the contract's new default
    assert new.unit == "trip"
    contract.refresh_from_db()
    assert contract.title == "Opieka i posiłki"
    assert contract.history.latest().history_change_reason == "negotiated prices"
    assert care.history.latest().history_change_reason == "negotiated prices"
    assert care.history.latest().history_user == manager


def test_patch_without_lines_leaves_the_lines_alone(api, manager, draft):
    contract, _care, _food = draft
    assert api(manager).patch(detail(contract), {"note": "signed copy in the binder"}).status_code == 200
    assert contract.lines.count() == 2


def test_a_line_id_of_another_contract_is_400(api, manager, draft, provider, funding):
    contract, care, food = draft
    stranger = ContractLineFactory(contract=contract_of(provider, funding))
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care), line_payload(food),
                                                               line_payload(stranger)]})
    assert response.status_code == 400
    assert "lines[2].id" in response.json()
    assert stranger.contract.lines.count() == 1


def test_changing_the_service_type_resets_the_unit_to_the_new_types(api, manager, draft):
    contract, care, food = draft
    visits = ServiceTypeFactory(code="visits_test", unit="visit")
    body = {"lines": [{"id": str(care.pk), "service_type": str(visits.pk)}, line_payload(food)]}
    assert api(manager).patch(detail(contract), body).status_code == 200
    care.refresh_from_db()
    assert (care.service_type, care.unit) == (visits, "visit")


def test_bad_changes_to_a_draft_are_400_and_write_nothing(api, manager, draft):
    contract, care, food = draft
    body = {"title": "Changed", "lines": [line_payload(care, unit_price="-3"), line_payload(food)]}
    response = api(manager).patch(detail(contract), body)
    assert response.status_code == 400
    assert "lines[0].unit_price" in response.json()
    contract.refresh_from_db()
    care.refresh_from_db()
    assert (contract.title, care.unit_price) == ("", Decimal("45.00"))


def test_renumbering_onto_an_existing_number_is_409(api, manager, draft, provider, funding):
    contract, _care, _food = draft
    contract_of(provider, funding, number="UM/2/2026")
    response = api(manager).patch(detail(contract), {"number": "UM/2/2026"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_contract_number"


def test_a_line_with_deliveries_cannot_be_removed(api, manager, draft):
    contract, care, food = draft
    delivery_on(food, 2)
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care)]})
    assert response.status_code == 409
    assert response.json()["code"] == "line_in_use"
    assert ContractLine.objects.filter(pk=food.pk).exists()


def test_a_line_with_planned_services_cannot_be_removed(api, manager, draft):
    contract, care, food = draft
    planned_service_on(food)
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care)]})
    assert response.status_code == 409
    assert ContractLine.objects.filter(pk=food.pk).exists()


def test_a_line_with_deliveries_keeps_its_price(api, manager, draft):
    contract, care, food = draft
    delivery_on(care, 3)
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care, unit_price="50.00"),
                                                               line_payload(food)]})
    assert response.status_code == 409
    assert response.json()["field"] == "lines[0].unit_price"
    care.refresh_from_db()
    assert care.unit_price == Decimal("45.00")
    # its limits may still change
    body = {"lines": [line_payload(care, max_units="3000"), line_payload(food)]}
    assert api(manager).patch(detail(contract), body).status_code == 200


def test_a_line_with_planned_services_keeps_its_service_type_but_may_change_price(api, manager, draft):
    contract, care, food = draft
    planned_service_on(care)
    other = ServiceTypeFactory(unit="hour")
    body = {"lines": [line_payload(care, service_type=str(other.pk)), line_payload(food)]}
    assert api(manager).patch(detail(contract), body).status_code == 409
    body = {"lines": [line_payload(care, unit_price="46.00"), line_payload(food)]}
    assert api(manager).patch(detail(contract), body).status_code == 200


def test_the_provider_cannot_change_once_the_contract_is_in_use(api, manager, draft, centre):
    contract, care, _food = draft
    planned_service_on(care)
    response = api(manager).patch(detail(contract), {"provider": str(ProviderFactory(centre=centre).pk)})
    assert response.status_code == 409
    assert response.json()["field"] == "provider"


def test_the_period_cannot_leave_out_logged_deliveries(api, manager, draft):
    contract, care, _food = draft
    delivery_on(care, 1, date=dt.date(2026, 11, 5))
    response = api(manager).patch(detail(contract), {"end_date": "2026-10-31"})
    assert response.status_code == 409
    assert response.json()["code"] == "deliveries_outside_period"
    assert api(manager).patch(detail(contract), {"end_date": "2026-11-30"}).status_code == 200


# --- active, ended and terminated contracts ----------------------------------------------------


@pytest.fixture
def active(draft):
    contract, care, food = draft
    Contract.objects.filter(pk=contract.pk).update(status="active")
    contract.refresh_from_db()
    return contract, care, food


def test_an_active_contract_changes_its_end_date_and_note(api, manager, active):
    contract, _care, _food = active
    response = api(manager).patch(detail(contract), {"end_date": "2027-06-30", "note": "annex 1"})
    assert response.status_code == 200, response.json()
    contract.refresh_from_db()
    assert (contract.end_date, contract.note) == (dt.date(2027, 6, 30), "annex 1")


def test_an_active_contract_gains_new_lines_keeping_the_old_ones(api, manager, active):
    contract, care, food = active
    transport = ServiceTypeFactory(unit="trip")
    body = {"lines": [line_payload(care), line_payload(food),
                      {"service_type": str(transport.pk), "unit_price": "25", "max_units": "40"}]}
    response = api(manager).patch(detail(contract), body)
    assert response.status_code == 200, response.json()
    assert contract.lines.count() == 3


@pytest.mark.parametrize(
    "change",
    [
        {"title": "New title"},
        {"number": "UM/99/2026"},
        {"start_date": "2026-02-01"},
    ],
)
def test_an_active_contract_refuses_other_changes(api, manager, active, change):
    contract, _care, _food = active
    response = api(manager).patch(detail(contract), change)
    assert response.status_code == 409
    assert response.json()["field"] == next(iter(change))


def test_an_active_contract_accepts_its_own_unchanged_values(api, manager, active):
    contract, care, food = active
    body = {"title": contract.title, "start_date": "2026-01-01", "lines": [line_payload(care), line_payload(food)]}
    assert api(manager).patch(detail(contract), body).status_code == 200


def test_an_active_contracts_lines_neither_change_nor_go(api, manager, active):
    contract, care, food = active
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care, max_units="1"), line_payload(food)]})
    assert response.status_code == 409
    assert response.json()["field"] == "lines[0].max_units"
    response = api(manager).patch(detail(contract), {"lines": [line_payload(care)]})
    assert response.status_code == 409
    assert contract.lines.count() == 2


def test_an_active_contract_cannot_outrun_its_funding(api, manager, active):
    contract, _care, _food = active
    response = api(manager).patch(detail(contract), {"end_date": "2028-06-30"})  # ESF+ Pomorze ends 2027
    assert response.status_code == 400
    assert "end_date" in response.json() or "funding_source" in response.json()
    contract.refresh_from_db()
    assert contract.end_date == dt.date(2026, 12, 31)


@pytest.mark.parametrize("status", ["ended", "terminated"])
def test_an_ended_or_terminated_contract_cannot_change(api, manager, draft, status):
    contract, _care, _food = draft
    Contract.objects.filter(pk=contract.pk).update(status=status)
    response = api(manager).patch(detail(contract), {"note": "late note"})
    assert response.status_code == 409
    assert response.json()["status"] == status


# --- who may do what ------------------------------------------------------------------------------


@pytest.fixture
def contracts(centre, other_centre, provider, funding, provider_staff):
    """Their own provider's contract (provider_staff), another provider's, and another centre's."""
    from cus.core.models import Membership

    own_provider = Membership.objects.get(user=provider_staff).provider
    return {
        "own": contract_of(own_provider, funding, number="UM/OWN"),
        "other": contract_of(provider, funding, number="UM/OTHER"),
        "elsewhere": ContractFactory(provider=ProviderFactory(centre=other_centre), number="UM/ELSEWHERE"),
    }


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["number"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_read_every_contract_of_their_centre_only(api, member, centre, contracts, role):
    user = member(role, centre)
    assert numbers(api(user).get(URL)) == {"UM/OWN", "UM/OTHER"}
    assert api(user).get(detail(contracts["other"])).status_code == 200
    assert api(user).get(detail(contracts["elsewhere"])).status_code == 404


def test_provider_staff_read_only_their_providers_contracts(api, provider_staff, contracts):
    client = api(provider_staff)
    assert numbers(client.get(URL)) == {"UM/OWN"}
    assert client.get(detail(contracts["own"])).status_code == 200
    assert client.get(detail(contracts["other"])).status_code == 404
    assert client.get(detail(contracts["elsewhere"])).status_code == 404


def test_volunteers_see_no_contracts(api, volunteer, contracts):
    assert numbers(api(volunteer).get(URL)) == set()
    assert api(volunteer).get(detail(contracts["own"])).status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_managers_and_admins_create_contracts(api, member, centre, payload, role):
    response = api(member(role, centre)).post(URL, payload())
    assert response.status_code == 403
    assert Contract.objects.count() == 0


def test_those_who_may_not_write_get_403_before_any_contract_is_looked_up(
    api, coordinator, provider_staff, volunteer, contracts
):
    change = {"note": "x"}
    assert api(coordinator).patch(detail(contracts["other"]), change).status_code == 403
    assert api(provider_staff).patch(detail(contracts["own"]), change).status_code == 403
    # Refused for the role, whichever contract: so the answer tells nothing about contracts they cannot read.
    assert api(provider_staff).patch(detail(contracts["other"]), change).status_code == 403
    assert api(volunteer).patch(detail(contracts["own"]), change).status_code == 403
    assert api(volunteer).get(detail(contracts["own"])).status_code == 404
    contracts["other"].refresh_from_db()
    assert contracts["other"].note == ""


def test_a_manager_cannot_touch_another_centres_contract(api, manager, contracts):
    assert api(manager).patch(detail(contracts["elsewhere"]), {"note": "x"}).status_code == 404
    assert api(manager).post(f"{detail(contracts['elsewhere'])}end/").status_code == 404


def test_a_manager_cannot_name_another_centres_line_by_id(api, manager, contracts, home_care):
    line = ContractLineFactory(contract=contracts["elsewhere"], service_type=home_care)
    draft = contracts["other"]
    Contract.objects.filter(pk=draft.pk).update(status="draft")
    response = api(manager).patch(detail(draft), {"lines": [line_payload(line)]})
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.contract == contracts["elsewhere"]


# --- filters, search, ordering, query count --------------------------------------------------------


def test_filters_search_and_ordering(api, manager, centre, provider, funding, municipal, home_care, meals):
    care = contract_of(provider, funding, number="A/1", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 6, 30))
    ContractLineFactory(contract=care, service_type=home_care)
    food = contract_of(ProviderFactory(centre=centre, name="Caritas"), funding, number="B/1", status="draft",
                       start_date=dt.date(2026, 7, 1), end_date=dt.date(2026, 12, 31), title="Posiłki")
    ContractLineFactory(contract=food, service_type=meals, funding_source=municipal)
    client = api(manager)
    assert numbers(client.get(URL, {"provider": str(provider.pk)})) == {"A/1"}
    assert numbers(client.get(URL, {"status": "draft"})) == {"B/1"}
    assert numbers(client.get(URL, {"service_type": str(meals.pk)})) == {"B/1"}
    assert numbers(client.get(URL, {"funding_source": str(municipal.pk)})) == {"B/1"}  # through a line
    assert numbers(client.get(URL, {"funding_source": str(funding.pk)})) == {"A/1", "B/1"}
    assert numbers(client.get(URL, {"active_on": "2026-03-01"})) == {"A/1"}
    assert numbers(client.get(URL, {"active_on": "2026-06-30"})) == {"A/1"}
    assert numbers(client.get(URL, {"active_on": "2027-01-01"})) == set()
    assert numbers(client.get(URL, {"search": "caritas"})) == {"B/1"}
    assert numbers(client.get(URL, {"search": "posiłki"})) == {"B/1"}
    assert numbers(client.get(URL, {"search": "A/1"})) == {"A/1"}
    rows = client.get(URL, {"ordering": "-number"}).json()["results"]
    assert [row["number"] for row in rows] == ["B/1", "A/1"]
    rows = client.get(URL, {"ordering": "end_date"}).json()["results"]
    assert [row["number"] for row in rows] == ["A/1", "B/1"]
    assert client.get(URL, {"active_on": "not-a-date"}).status_code == 400


def test_listing_contracts_takes_the_same_queries_however_many(api, manager, centre, funding,
                                                                django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            contract = contract_of(ProviderFactory(centre=centre), funding)
            for _line in range(3):
                ContractLineFactory(contract=contract, funding_source=FundingSourceFactory(centre=centre))

    client = api(manager)
    add(2)
    with django_assert_max_num_queries(6):
        assert client.get(URL).json()["count"] == 2
    add(10)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.json()["count"] == 12
    assert all(len(row["lines"]) == 3 for row in response.json()["results"])
