"""planned-services/{id}/assign|unassign|candidates/: a provider through a contract line that fits the service."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.dates import centre_today
from cus.core.models import Role
from cus.plans.models import Plan, PlannedService

from ..factories import PlannedServiceFactory, ProviderFactory, ServiceTypeFactory
from .factories import active_plan, contract_line, delivery, draft_plan

SERVICES = "/api/v1/planned-services/"


@pytest.fixture
def service(centre, coordinator) -> PlannedService:
    """A waiting service of home care, 10 units a month through 2026-03-01 .. 2026-06-30."""
    plan = active_plan(centre, coordinator)
    return PlannedServiceFactory(
        plan=plan, service_type=ServiceTypeFactory(code="home_care"),
        start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 6, 30),
    )


def assign(client, service, line, **extra):
    return client.post(f"{SERVICES}{service.pk}/assign/", {"contract_line": str(line.pk), **extra})


def test_assigning_a_fitting_line_sets_the_provider(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type)
    response = assign(api(coordinator), service, line)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "assigned"
    assert body["contract_line"] == str(line.pk)
    assert body["provider"] == str(line.contract.provider_id)
    assert body["provider_name"] == line.contract.provider.name
    assert body["assigned_at"] is not None
    service.refresh_from_db()
    record = service.history.first()
    assert record.history_user == coordinator
    assert line.contract.number in record.history_change_reason


def test_assigning_an_active_plans_service_makes_no_new_version(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type)
    assert assign(api(coordinator), service, line).status_code == 200
    assert Plan.objects.get(pk=service.plan_id).version == 1


def refused(api, coordinator, service, line, fragment: str) -> None:
    response = assign(api(coordinator), service, line)
    assert response.status_code == 400, response.json()
    assert fragment in response.json()["contract_line"][0]
    service.refresh_from_db()
    assert (service.status, service.contract_line_id, service.provider_id) == ("waiting", None, None)


@pytest.mark.parametrize("status", ["draft", "ended", "terminated"])
def test_a_line_of_a_contract_that_is_not_active_is_refused(api, coordinator, centre, service, status):
    line = contract_line(centre, service_type=service.service_type, contract__status=status)
    refused(api, coordinator, service, line, "is not active")


def test_a_line_of_another_service_type_is_refused(api, coordinator, centre, service):
    refused(api, coordinator, service, contract_line(centre), "This contract line is for")


@pytest.mark.parametrize(
    ("start", "end"), [(dt.date(2026, 4, 1), dt.date(2026, 12, 31)), (dt.date(2025, 1, 1), dt.date(2026, 2, 28))]
)
def test_a_contract_not_running_on_the_services_start_is_refused(api, coordinator, centre, service, start, end):
    """(One ending before the service does is not refused: tests/plans/test_assignment_periods.py.)"""
    line = contract_line(centre, service_type=service.service_type, contract__start_date=start,
                         contract__end_date=end)
    refused(api, coordinator, service, line, "does not run on the planned service's start")


def test_an_open_ended_service_needs_a_contract_running_on_its_start(api, coordinator, centre):
    plan = active_plan(centre, coordinator, end_date=None)
    service = plan.services.get()
    PlannedService.objects.filter(pk=service.pk).update(start_date=dt.date(2026, 3, 1), end_date=None)
    service.refresh_from_db()
    late = contract_line(centre, service_type=service.service_type, contract__start_date=dt.date(2026, 4, 1))
    refused(api, coordinator, service, late, "does not run on the planned service's start")
    line = contract_line(centre, service_type=service.service_type)
    assert assign(api(coordinator), service, line).status_code == 200


def test_a_line_paid_by_an_inactive_funding_source_is_refused(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type)
    line.funding_source.is_active = False
    line.funding_source.save()
    refused(api, coordinator, service, line, "funding source")


def test_a_line_with_its_units_used_up_is_refused(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type, max_units=Decimal("20"))
    other = PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line)
    delivery(other, dt.date(2026, 2, 10), "20")
    refused(api, coordinator, service, line, "no units left")


def test_a_line_with_its_budget_spent_is_refused(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type, max_units=None, budget=Decimal("90.00"))
    other = PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line)
    delivery(other, dt.date(2026, 2, 10), "2")  # 2 x 45.00
    refused(api, coordinator, service, line, "spent its budget")


def test_a_line_of_an_inactive_provider_is_refused(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type, contract__provider__is_active=False)
    refused(api, coordinator, service, line, "no longer active")


def test_a_line_of_another_centre_is_unknown(api, coordinator, other_centre, service):
    line = contract_line(other_centre, service_type=service.service_type)
    response = assign(api(coordinator), service, line)
    assert response.status_code == 400
    assert response.json()["contract_line"] == ["Unknown contract line."]


def test_assign_without_a_line_is_400(api, coordinator, service):
    response = api(coordinator).post(f"{SERVICES}{service.pk}/assign/", {})
    assert response.status_code == 400
    assert "contract_line" in response.json()


def test_reassigning_moves_the_service_to_the_new_line(api, coordinator, centre, service):
    first = contract_line(centre, service_type=service.service_type)
    second = contract_line(centre, service_type=service.service_type)
    client = api(coordinator)
    assert assign(client, service, first).status_code == 200
    response = assign(client, service, second, reason="First provider has no staff")
    assert response.status_code == 200
    assert response.json()["provider"] == str(second.contract.provider_id)
    service.refresh_from_db()
    assert service.history.first().history_change_reason == "First provider has no staff"


@pytest.mark.parametrize("plan_status", ["closed", "cancelled"])
def test_services_of_finished_plans_are_not_assigned(api, coordinator, centre, service, plan_status):
    Plan.objects.filter(pk=service.plan_id).update(status=plan_status)
    line = contract_line(centre, service_type=service.service_type)
    response = assign(api(coordinator), service, line)
    assert response.status_code == 409
    assert response.json()["status"] == plan_status


def test_a_cancelled_service_is_not_assigned(api, coordinator, centre, service):
    PlannedService.objects.filter(pk=service.pk).update(status="cancelled")
    line = contract_line(centre, service_type=service.service_type)
    assert assign(api(coordinator), service, line).status_code == 409


def test_only_the_plans_coordinator_assigns(api, coordinator2, manager, centre, service):
    line = contract_line(centre, service_type=service.service_type)
    assert assign(api(coordinator2), service, line).status_code == 403
    assert assign(api(manager), service, line).status_code == 403
    service.refresh_from_db()
    assert service.status == "waiting"


def test_unassigning_puts_the_service_back_on_the_waiting_list_from_today(api, coordinator, centre, service):
    line = contract_line(centre, service_type=service.service_type)
    client = api(coordinator)
    assign(client, service, line)
    response = client.post(f"{SERVICES}{service.pk}/unassign/", {"reason": "Provider stopped"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["provider"], body["contract_line"], body["assigned_at"]) == (
        "waiting", None, None, None
    )
    assert body["waiting_since"] == centre_today(centre).isoformat()
    again = client.post(f"{SERVICES}{service.pk}/unassign/", {})
    assert again.status_code == 409
    assert again.json()["code"] == "not_assigned"


def test_candidates_are_the_fitting_lines_with_provider_remaining_units_and_capacity(
    api, coordinator, centre, service
):
    fits = contract_line(centre, service_type=service.service_type, monthly_capacity=Decimal("120"),
                         contract__provider=ProviderFactory(centre=centre, name="Caritas", areas=["Oksywie"]))
    used = PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=fits)
    delivery(used, dt.date(2026, 2, 3), "15")
    contract_line(centre, service_type=service.service_type, contract__status="draft")
    short = contract_line(centre, service_type=service.service_type, contract__end_date=dt.date(2026, 5, 31))
    contract_line(centre)
    exhausted = contract_line(centre, service_type=service.service_type, max_units=Decimal("5"))
    delivery(PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=exhausted),
             dt.date(2026, 2, 3), "5")

    roomier = contract_line(centre, service_type=service.service_type, max_units=Decimal("5000"))

    response = api(coordinator).get(f"{SERVICES}{service.pk}/candidates/")
    assert response.status_code == 200, response.json()
    # those covering the whole period first (one ending sooner continues on its provider's next contract), then
    # most remaining capacity first
    assert [row["contract_line"] for row in response.json()] == [str(roomier.pk), str(fits.pk), str(short.pk)]
    row = response.json()[1]
    assert row["provider_name"] == "Caritas"
    assert row["provider_areas"] == ["Oksywie"]
    assert row["units_remaining"] == "985.00"
    assert row["monthly_capacity"] == "120.00"
    assert row["contract_number"] == fits.contract.number


def test_candidates_are_read_by_managers_and_queries_do_not_grow(
    api, coordinator, manager, centre, service, django_assert_max_num_queries
):
    contract_line(centre, service_type=service.service_type)
    client = api(manager)
    with django_assert_max_num_queries(8) as few:
        assert client.get(f"{SERVICES}{service.pk}/candidates/").status_code == 200
    first_count = len(few.captured_queries)
    for _ in range(5):
        line = contract_line(centre, service_type=service.service_type)
        PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line)
    with django_assert_max_num_queries(first_count):
        assert len(client.get(f"{SERVICES}{service.pk}/candidates/").json()) == 6


def test_provider_staff_do_not_see_candidates_of_other_providers(api, member, coordinator, centre):
    line = contract_line(centre)
    staff = member(Role.PROVIDER, centre, provider=line.contract.provider)
    service = PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line)
    assert api(staff).get(f"{SERVICES}{service.pk}/candidates/").status_code == 403


def test_a_drafts_services_may_be_assigned_ahead_of_activation(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    service = PlannedServiceFactory(plan=plan)
    line = contract_line(centre, service_type=service.service_type)
    assert assign(api(coordinator), service, line).status_code == 200
