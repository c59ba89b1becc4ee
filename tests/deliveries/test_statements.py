"""statements/: provider staff open and submit their month; managers and coordinators approve or return it."""

import datetime as dt

import pytest

from cus.core.dates import first_of_month
from cus.core.models import Membership, Role
from cus.deliveries.models import Delivery, MonthlyStatement

from ..factories import ContractFactory
from .conftest import STATEMENTS_URL, URL
from .helpers import log, statement, submitted


def open_month(world, user=None, **body):
    body.setdefault("contract", str(world.contract.pk))
    body.setdefault("month", world.month())
    return world.api(user or world.staff).post(STATEMENTS_URL, body, format="json")


def act(world, found, verb, user, **body):
    return world.api(user).post(f"{STATEMENTS_URL}{found.pk}/{verb}/", body, format="json")


def test_provider_staff_open_a_month_and_see_its_live_totals(world):
    log(world)
    log(world, start_time=dt.time(12), outcome="client_absent")
    response = open_month(world)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["month"], body["status"], body["provider"]) == (world.month(), "open", str(world.provider.pk))
    assert (body["total_units"], body["total_cost"], body["deliveries_count"]) == ("1.50", "75.00", 2)
    log(world, start_time=dt.time(15))
    again = open_month(world)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert again.json()["total_units"] == "3.00"
    assert MonthlyStatement.objects.get().history.get().history_change_reason == "opened"


def test_other_contracts_and_months_do_not_count(world, centre):
    log(world)
    log(world, date=world.today)
    response = open_month(world)
    assert response.json()["deliveries_count"] == 1


@pytest.mark.parametrize("month", ["2026-13", "2026/10", "October", ""])
def test_a_month_must_be_written_yyyy_mm(world, month):
    response = open_month(world, month=month)
    assert response.status_code == 400
    assert "month" in response.json()


def test_a_future_month_cannot_be_opened(world):
    next_month = first_of_month(world.today) + dt.timedelta(days=32)
    response = open_month(world, month=f"{next_month:%Y-%m}")
    assert response.status_code == 400
    assert "month" in response.json()


def test_a_month_outside_the_contract_cannot_be_opened(world):
    response = open_month(world, month=f"{world.contract.start_date.year - 1}-06")
    assert response.status_code == 400
    assert "month" in response.json()


def test_another_providers_contract_is_not_found(world, centre):
    theirs = ContractFactory(centre=centre, provider__centre=centre)
    assert open_month(world, contract=str(theirs.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.VOLUNTEER])
def test_only_provider_staff_open_statements(world, member, centre, role):
    assert open_month(world, user=member(role, centre)).status_code == 403
    assert not MonthlyStatement.objects.exists()


def test_submission_freezes_the_totals(world):
    delivery = log(world)
    found = statement(world)
    response = act(world, found, "submit", world.staff, reason="all visits in")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["total_units"]) == ("submitted", "1.50")
    assert response.json()["status_reason"] == "all visits in"
    Delivery.objects.filter(pk=delivery.pk).update(units="9.00")  # behind the service's back
    shown = world.api(world.staff).get(f"{STATEMENTS_URL}{found.pk}/").json()
    assert shown["total_units"] == "1.50"


def test_the_current_month_is_submitted_only_after_its_last_day(world):
    found = statement(world, month=world.today)
    response = act(world, found, "submit", world.staff)
    assert response.status_code == 409
    assert "not over" in response.json()["detail"]
    found.refresh_from_db()
    assert found.status == "open"


@pytest.mark.parametrize("approver", ["manager", "coordinator"])
def test_a_manager_or_coordinator_approves_and_the_month_is_locked(world, request, approver):
    user = request.getfixturevalue(approver)
    delivery = log(world)
    found = submitted(world)
    response = act(world, found, "approve", user)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by"] == str(user.pk)
    delivery.refresh_from_db()
    assert delivery.statement_id == found.pk
    assert delivery.history.first().history_change_reason == "month approved"
    assert world.log(start_time="15:00").status_code == 409
    assert world.api(world.staff).patch(f"{URL}{delivery.pk}/", {"note": "x"}, format="json").status_code == 409
    assert world.api(world.coordinator).post(f"{URL}{delivery.pk}/confirm/", {}, format="json").status_code == 409


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER])
def test_admins_and_provider_staff_do_not_approve(world, member, centre, role):
    found = submitted(world)
    user = world.staff if role == Role.PROVIDER else member(role, centre)
    assert act(world, found, "approve", user).status_code == 403
    assert act(world, found, "return", user, reason="x").status_code == 403


def test_an_open_statement_cannot_be_approved(world, manager):
    found = statement(world)
    response = act(world, found, "approve", manager)
    assert response.status_code == 409
    assert "open" in response.json()["detail"]


def test_a_returned_statement_reopens_the_month_and_may_be_submitted_again(world, manager):
    log(world)
    found = submitted(world)
    response = act(world, found, "return", manager)
    assert response.status_code == 400
    assert "reason" in response.json()
    response = act(world, found, "return", manager, reason="visit on the 12th is missing")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("returned", "visit on the 12th is missing")
    assert world.log(date=world.day.replace(day=12).isoformat()).status_code == 201
    assert world.api(world.staff).get(f"{STATEMENTS_URL}{found.pk}/").json()["total_units"] == "3.00"
    response = act(world, found, "submit", world.staff)
    assert (response.json()["status"], response.json()["total_units"]) == ("submitted", "3.00")
    assert act(world, found, "approve", manager).status_code == 200
    assert act(world, found, "return", manager, reason="too late").status_code == 409


def test_statements_are_seen_by_their_provider_and_the_centre_staff(world, other_provider_staff, manager,
                                                                    coordinator2, admin_user, volunteer):
    found = statement(world)
    for user in (world.staff, manager, coordinator2, admin_user):
        assert world.api(user).get(f"{STATEMENTS_URL}{found.pk}/").status_code == 200
    for user in (other_provider_staff, volunteer):
        assert world.api(user).get(f"{STATEMENTS_URL}{found.pk}/").status_code == 404
        assert world.api(user).get(STATEMENTS_URL).json()["count"] == 0


def test_another_providers_staff_cannot_submit(world, other_provider_staff):
    found = statement(world)
    assert act(world, found, "submit", other_provider_staff).status_code == 404


def test_statements_are_filtered_by_month_status_and_contract(world):
    statement(world)
    statement(world, month=world.today)
    client = world.api(world.staff)
    assert client.get(STATEMENTS_URL, {"month": world.month()}).json()["count"] == 1
    assert client.get(STATEMENTS_URL, {"status": "open"}).json()["count"] == 2
    assert client.get(STATEMENTS_URL, {"contract": str(world.contract.pk)}).json()["count"] == 2
    assert client.get(STATEMENTS_URL, {"month": "soon"}).status_code == 400


def test_statement_list_queries_do_not_grow_with_rows(world, manager, centre, django_assert_max_num_queries):
    provider_staff = Membership.objects.get(user=world.staff)
    assert provider_staff.provider == world.provider
    log(world)
    statement(world)
    client = world.api(manager)
    # the membership, the count, the page, and the page's months' figures (its contracts' lines, one aggregate)
    with django_assert_max_num_queries(5):
        assert client.get(STATEMENTS_URL).json()["count"] == 1
    for months_back in range(1, 6):
        month = first_of_month(world.day) - dt.timedelta(days=28 * months_back)
        statement(world, month=month)
    with django_assert_max_num_queries(5):
        assert client.get(STATEMENTS_URL).json()["count"] == 6
