"""consent-coverage/{client}/: which purposes a client's data may be processed for (by law, a public task, a valid
consent, or missing), read by the centre's staff and written to the client's access log."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.clients.models import ClientAccessLog
from cus.core.models import Role
from cus.privacy.models import Purpose

from ..factories import ClientFactory, PlannedServiceFactory, ProviderFactory
from ..plans.factories import active_plan, contract_line
from .consents_setup import give_consent, person, set_basis, today

__all__ = ["person"]  # fixtures used below

URL = "/api/v1/consent-coverage/{}/"


def coverage(api, user, client) -> dict[str, dict]:
    response = api(user).get(URL.format(client.pk))
    assert response.status_code == 200, response.json()
    return {item["purpose"]: item for item in response.json()["purposes"]}


def test_each_purpose_is_covered_by_law_a_public_task_a_consent_or_missing(api, centre, coordinator, person):
    set_basis(centre, Purpose.EU_PROJECT, "consent")
    consent = give_consent(person, Purpose.EU_PROJECT, by=coordinator, valid_until=today(centre) + dt.timedelta(days=9))
    give_consent(person, Purpose.PHOTOS, by=coordinator, withdrawn_on=today(centre))  # withdrawn: no cover
    items = coverage(api, coordinator, person)
    assert list(items) == list(Purpose.values)
    assert items["special_category"]["status"] == "law"
    assert items["data_processing"]["status"] == "public_task"
    assert items["eu_project"]["status"] == "consent"
    assert items["eu_project"]["consents"][0]["id"] == str(consent.pk)
    assert items["eu_project"]["enforced"] is True
    assert items["photos"]["status"] == "missing"
    assert items["photos"]["consents"] == []
    assert items["surveys"]["status"] == "missing"
    assert items["surveys"]["legal_basis"] == "consent"


def test_provider_sharing_is_missing_for_a_serving_provider_no_consent_names(api, centre, coordinator, person):
    set_basis(centre, Purpose.SHARING_WITH_PROVIDERS, "consent")
    plan = active_plan(centre, coordinator, client=person)
    named, unnamed = ProviderFactory(centre=centre, name="Named"), ProviderFactory(centre=centre, name="Unnamed")
    PlannedServiceFactory(plan=plan, contract_line=contract_line(centre, contract__provider=named))
    PlannedServiceFactory(plan=plan, contract_line=contract_line(centre, contract__provider=unnamed))
    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(named,))
    sharing = coverage(api, coordinator, person)["sharing_with_providers"]
    assert sharing["status"] == "missing"
    assert [provider["name"] for provider in sharing["providers_missing"]] == ["Unnamed"]
    assert [provider["name"] for provider in sharing["consents"][0]["providers"]] == ["Named"]

    give_consent(person, Purpose.SHARING_WITH_PROVIDERS, by=coordinator, providers=(unnamed,))
    assert coverage(api, coordinator, person)["sharing_with_providers"]["status"] == "consent"


def test_reading_the_coverage_is_in_the_clients_access_log(api, centre, coordinator, person):
    coverage(api, coordinator, person)
    entry = ClientAccessLog.objects.get(client=person)
    assert (entry.user, entry.action) == (coordinator, "view")
    assert "consent-coverage" in entry.path


@pytest.mark.parametrize("role", ["admin", "manager", "coordinator"])
def test_the_centres_staff_read_any_clients_coverage(api, member, centre, person, role):
    assert api(member(role, centre)).get(URL.format(person.pk)).status_code == 200


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_see_no_coverage(api, member, centre, person, role):
    assert api(member(role, centre)).get(URL.format(person.pk)).status_code == 404


def test_another_centres_client_is_not_found(api, coordinator, other_centre, member):
    foreign = ClientFactory(centre=other_centre, coordinator=member(Role.COORDINATOR, other_centre))
    assert api(coordinator).get(URL.format(foreign.pk)).status_code == 404
    assert not ClientAccessLog.objects.exists()


def test_the_coverage_takes_a_fixed_number_of_queries(api, centre, coordinator, person, django_assert_max_num_queries):
    for purpose in (Purpose.SURVEYS, Purpose.PHOTOS, Purpose.SHARING_WITH_PROVIDERS):
        give_consent(person, purpose, by=coordinator, providers=(ProviderFactory(centre=centre),))
    client = api(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(URL.format(person.pk)).status_code == 200
