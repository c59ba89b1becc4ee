"""funding-sources/: who pays; managers and admins keep the list, staff read it, providers see their own."""

import datetime as dt

import pytest

from cus.contracts.models import FundingSource
from cus.core.models import Membership, Role

from ..factories import ContractFactory, ContractLineFactory, FundingSourceFactory

URL = "/api/v1/funding-sources/"


def detail(source) -> str:
    return f"{URL}{source.pk}/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["name"] for row in response.json()["results"]}


VALID = {"name": "FEPM ESF+ 5.9", "kind": "esf_plus", "project_code": "FEPM.05.09-IP.01-0042/24",
         "funder": "Urząd Marszałkowski", "start_date": "2025-01-01", "end_date": "2027-12-31"}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_add_funding_sources(api, member, centre, role):
    user = member(role, centre)
    response = api(user).post(URL, VALID)
    assert response.status_code == 201, response.json()
    source = FundingSource.objects.get(pk=response.json()["id"])
    assert (source.centre, source.kind, source.is_active) == (centre, "esf_plus", True)
    record = source.history.get()
    assert (record.history_user, record.history_change_reason) == (user, "created")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "lottery"}, "kind"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2024-12-31"}, "end_date"),
        ({"name": "x" * 251}, "name"),
    ],
)
def test_bad_funding_sources_are_400_naming_the_field(api, manager, change, field):
    response = api(manager).post(URL, {**VALID, **change})
    assert response.status_code == 400
    assert field in response.json()
    assert FundingSource.objects.count() == 0


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_others_may_not_add_funding_sources(api, member, centre, role):
    assert api(member(role, centre)).post(URL, VALID).status_code == 403
    assert FundingSource.objects.count() == 0


def test_a_manager_renames_and_deactivates_a_source_with_history(api, manager, funding):
    response = api(manager).patch(detail(funding), {"name": "ESF+ Pomorze II", "is_active": False})
    assert response.status_code == 200, response.json()
    funding.refresh_from_db()
    assert (funding.name, funding.is_active) == ("ESF+ Pomorze II", False)
    assert funding.history.latest().history_user == manager


def test_a_bad_change_writes_nothing(api, manager, funding):
    response = api(manager).patch(detail(funding), {"end_date": "2024-01-01"})
    assert response.status_code == 400
    assert "end_date" in response.json()
    funding.refresh_from_db()
    assert funding.end_date == dt.date(2027, 12, 31)


def test_a_period_that_would_leave_out_a_contract_it_pays_is_409(api, manager, provider, funding, municipal):
    contract = ContractFactory(provider=provider, funding_source=municipal, number="UM/5/2026")
    ContractLineFactory(contract=contract, funding_source=funding)  # paid through a line only
    response = api(manager).patch(detail(funding), {"end_date": "2026-06-30"})
    assert response.status_code == 409
    assert response.json()["contract"] == str(contract.pk)
    assert "UM/5/2026" in response.json()["detail"]
    # a period that still covers it is fine
    assert api(manager).patch(detail(funding), {"end_date": "2026-12-31"}).status_code == 200


def test_a_coordinator_reads_but_may_not_change(api, coordinator, funding):
    assert names(api(coordinator).get(URL)) == {"ESF+ Pomorze"}
    assert api(coordinator).patch(detail(funding), {"name": "x"}).status_code == 403


def test_provider_staff_see_only_the_sources_paying_their_contracts(api, provider_staff, centre, funding, municipal):
    own_provider = Membership.objects.get(user=provider_staff).provider
    FundingSourceFactory(centre=centre, name="Ministry programme")  # pays nobody
    contract = ContractFactory(provider=own_provider, funding_source=funding)
    ContractLineFactory(contract=contract, funding_source=municipal)
    client = api(provider_staff)
    assert names(client.get(URL)) == {"ESF+ Pomorze", "Budżet gminy"}
    assert client.patch(detail(funding), {"name": "x"}).status_code == 403


def test_provider_staff_do_not_see_sources_of_other_providers_contracts(api, provider_staff, provider, funding):
    ContractFactory(provider=provider, funding_source=funding)
    assert names(api(provider_staff).get(URL)) == set()
    assert api(provider_staff).get(detail(funding)).status_code == 404


def test_volunteers_see_no_funding_sources(api, volunteer, funding):
    assert names(api(volunteer).get(URL)) == set()
    assert api(volunteer).get(detail(funding)).status_code == 404
    assert api(volunteer).patch(detail(funding), {"name": "x"}).status_code == 403  # refused before any lookup


def test_another_centres_sources_are_out_of_reach(api, manager, other_centre):
    theirs = FundingSourceFactory(centre=other_centre, name="Their money")
    assert "Their money" not in names(api(manager).get(URL))
    assert api(manager).get(detail(theirs)).status_code == 404
    assert api(manager).patch(detail(theirs), {"name": "mine"}).status_code == 404


def test_filters_and_search(api, manager, funding, municipal):
    client = api(manager)
    assert names(client.get(URL, {"kind": "municipal"})) == {"Budżet gminy"}
    assert names(client.get(URL, {"search": "pomorze"})) == {"ESF+ Pomorze"}
    FundingSourceFactory(centre=funding.centre, name="Old project", is_active=False)
    assert names(client.get(URL, {"is_active": "false"})) == {"Old project"}


def test_listing_sources_takes_the_same_queries_however_many(api, manager, centre, django_assert_max_num_queries):
    client = api(manager)
    FundingSourceFactory.create_batch(2, centre=centre)
    with django_assert_max_num_queries(3):
        client.get(URL)
    FundingSourceFactory.create_batch(20, centre=centre)
    with django_assert_max_num_queries(3):
        assert client.get(URL).json()["count"] == 22
