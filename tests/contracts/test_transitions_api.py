"""contracts/{id}/activate|end|terminate/: the contract's lifecycle, each step with who and why."""

import pytest

from cus.contracts.models import Contract
from cus.core.models import Role

from ..factories import ContractFactory, ContractLineFactory, ProviderFactory

URL = "/api/v1/contracts/"


def act(client, contract, verb, **body):
    return client.post(f"{URL}{contract.pk}/{verb}/", body)


@pytest.fixture
def draft(provider, funding):
    contract = ContractFactory(provider=provider, funding_source=funding, status="draft")
    ContractLineFactory(contract=contract)
    return contract


@pytest.fixture
def active(draft):
    Contract.objects.filter(pk=draft.pk).update(status="active")
    draft.refresh_from_db()
    return draft


def test_a_draft_with_lines_is_activated_with_who_and_why(api, manager, draft):
    response = act(api(manager), draft, "activate", reason="signed on 2 January")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "active"
    record = draft.history.latest()
    assert (record.status, record.history_user, record.history_change_reason) == (
        "active", manager, "signed on 2 January"
    )


def test_activating_without_a_reason_records_the_action(api, admin_user, draft):
    assert act(api(admin_user), draft, "activate").status_code == 200
    assert draft.history.latest().history_change_reason == "activate"


def test_a_draft_without_lines_cannot_be_activated(api, manager, provider, funding):
    empty = ContractFactory(provider=provider, funding_source=funding, status="draft")
    response = act(api(manager), empty, "activate")
    assert response.status_code == 409
    assert response.json()["code"] == "contract_without_lines"
    empty.refresh_from_db()
    assert empty.status == "draft"


def test_an_active_contract_ends(api, manager, active):
    response = act(api(manager), active, "end", reason="period over")
    assert response.status_code == 200
    active.refresh_from_db()
    assert (active.status, active.status_reason) == ("ended", "period over")
    assert active.history.latest().history_change_reason == "period over"


def test_terminating_needs_a_reason(api, manager, active):
    for body in ({}, {"reason": "   "}):
        response = act(api(manager), active, "terminate", **body)
        assert response.status_code == 400
        assert "reason" in response.json()
    active.refresh_from_db()
    assert active.status == "active"
    assert active.history.count() == 1


def test_an_active_contract_is_terminated_with_its_reason(api, manager, active):
    response = act(api(manager), active, "terminate", reason="provider lost its licence")
    assert response.status_code == 200
    assert response.json()["status"] == "terminated"
    assert response.json()["status_reason"] == "provider lost its licence"
    record = active.history.latest()
    assert (record.history_user, record.history_change_reason) == (manager, "provider lost its licence")


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        ("draft", "end"),
        ("draft", "terminate"),
        ("active", "activate"),
        ("ended", "activate"),
        ("ended", "end"),
        ("ended", "terminate"),
        ("terminated", "activate"),
        ("terminated", "end"),
    ],
)
def test_illegal_transitions_are_409_naming_the_current_status(api, manager, draft, status, verb):
    Contract.objects.filter(pk=draft.pk).update(status=status)
    response = act(api(manager), draft, verb, reason="because")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["status"] == status
    draft.refresh_from_db()
    assert draft.status == status


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER])
def test_readers_may_not_change_the_status(api, member, centre, draft, role):
    provider = draft.provider if role == Role.PROVIDER else None
    user = member(role, centre, provider=provider)
    for verb in ("activate", "end", "terminate"):
        assert act(api(user), draft, verb, reason="x").status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_volunteers_and_other_providers_are_refused_before_the_contract_is_looked_up(
    api, volunteer, member, centre, draft
):
    other_staff = member(Role.PROVIDER, centre, provider=ProviderFactory(centre=centre))
    assert act(api(volunteer), draft, "activate").status_code == 403
    assert act(api(other_staff), draft, "activate").status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_another_centres_manager_does_not_find_the_contract(api, member, other_centre, draft):
    assert act(api(member(Role.MANAGER, other_centre)), draft, "activate").status_code == 404
