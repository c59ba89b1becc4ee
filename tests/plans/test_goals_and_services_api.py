"""goals/ and planned-services/: written by the plan's coordinator; provider staff see their provider's services."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.dates import centre_today
from cus.core.models import Role
from cus.plans.models import Goal, Plan, PlannedService

from ..factories import GoalFactory, PlannedServiceFactory, ServiceTypeFactory
from .factories import active_plan, contract_line, draft_plan

GOALS = "/api/v1/goals/"
SERVICES = "/api/v1/planned-services/"


# --- goals ---------------------------------------------------------------------------------------


def test_coordinator_adds_and_edits_a_goal_of_a_draft(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator)
    response = client.post(GOALS, {"plan": str(plan.pk), "description": "Stay at home safely",
                                   "measure": "No falls in 3 months", "target_date": "2026-06-30"})
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "open"
    goal_id = response.json()["id"]
    response = client.patch(f"{GOALS}{goal_id}/", {"status": "in_progress", "progress_note": "First visits done"})
    assert response.status_code == 200, response.json()
    goal = Goal.objects.get(pk=goal_id)
    assert (goal.status, goal.progress_note, goal.centre_id) == ("in_progress", "First visits done", centre.pk)
    assert goal.history.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "description"),
        ({"description": "   "}, "description"),
        ({"description": "x", "status": "finished"}, "status"),
        ({"description": "x", "target_date": "2025-12-31"}, "target_date"),
        ({"description": "x", "target_date": "soon"}, "target_date"),
        ({"description": "x", "plan": "00000000-0000-0000-0000-000000000000"}, "plan"),
    ],
)
def test_bad_goal_input_is_400_naming_the_field_and_writes_nothing(api, coordinator, centre, payload, field):
    plan = draft_plan(centre, coordinator)
    response = api(coordinator).post(GOALS, {"plan": str(plan.pk), **payload})
    assert response.status_code == 400
    assert field in response.json()
    assert not Goal.objects.exists()


def test_bad_goal_patch_is_400_and_changes_nothing(api, coordinator, centre):
    goal = GoalFactory(plan=draft_plan(centre, coordinator))
    response = api(coordinator).patch(f"{GOALS}{goal.pk}/", {"status": "finished", "measure": "x"})
    assert response.status_code == 400
    assert "status" in response.json()
    goal.refresh_from_db()
    assert goal.status == "open"


def test_goals_of_another_coordinators_plan_are_read_only(api, coordinator, coordinator2, centre):
    plan = draft_plan(centre, coordinator)
    goal = GoalFactory(plan=plan)
    client = api(coordinator2)
    assert client.get(f"{GOALS}{goal.pk}/").status_code == 200
    assert client.patch(f"{GOALS}{goal.pk}/", {"measure": "x"}).status_code == 403
    assert client.post(GOALS, {"plan": str(plan.pk), "description": "x"}).status_code == 403
    assert Goal.objects.count() == 1


def test_goals_of_another_centres_plan_cannot_be_named(api, member, coordinator, other_centre):
    plan = draft_plan(other_centre, member(Role.COORDINATOR, other_centre))
    response = api(coordinator).post(GOALS, {"plan": str(plan.pk), "description": "x"})
    assert response.status_code == 400
    assert response.json()["plan"] == ["Unknown plan."]


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_get_404_on_goals(api, member, coordinator, centre, role):
    goal = GoalFactory(plan=active_plan(centre, coordinator))
    client = api(member(role, centre))
    assert client.get(GOALS).status_code == 404
    assert client.get(f"{GOALS}{goal.pk}/").status_code == 404


def test_goal_list_filters_by_plan_and_keeps_queries_flat(api, coordinator, centre, django_assert_max_num_queries):
    plan = draft_plan(centre, coordinator)
    GoalFactory(plan=plan)
    GoalFactory(plan=draft_plan(centre, coordinator))
    client = api(coordinator)
    assert client.get(f"{GOALS}?plan={plan.pk}").json()["count"] == 1
    with django_assert_max_num_queries(6) as few:
        client.get(GOALS)
    first_count = len(few.captured_queries)
    for _ in range(6):
        GoalFactory(plan=plan)
    with django_assert_max_num_queries(first_count):
        assert client.get(GOALS).json()["count"] == 8


# --- planned services ----------------------------------------------------------------------------


def test_a_new_planned_service_waits_for_a_provider_from_today(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    service_type = ServiceTypeFactory(code="home_care")
    response = api(coordinator).post(SERVICES, {
        "plan": str(plan.pk), "service_type": str(service_type.pk), "units": "10", "per": "week",
        "start_date": "2026-02-01", "note": "Mornings, key under the mat",
    })
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "waiting"
    assert body["waiting_since"] == centre_today(centre).isoformat()
    assert body["provider"] is None
    assert body["contract_line"] is None
    assert body["end_date"] == "2026-12-31"  # the plan's end when none is given
    assert body["service_type_code"] == "home_care"
    assert len(body["confirmation_code"]) == 6


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"units": "0"}, "units"),
        ({"units": "-3"}, "units"),
        ({"units": "many"}, "units"),
        ({"per": "day"}, "per"),
        ({"start_date": "2025-12-01"}, "start_date"),
        ({"start_date": "2027-02-01", "end_date": "2027-03-01"}, "start_date"),
        ({"end_date": "2027-06-30"}, "end_date"),
        ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date"),
        ({"service_type": "00000000-0000-0000-0000-000000000000"}, "service_type"),
        ({"contract_line": None, "plan": "00000000-0000-0000-0000-000000000000"}, "plan"),
    ],
)
def test_bad_planned_service_input_is_400_naming_the_field_and_writes_nothing(
    api, coordinator, centre, payload, field
):
    plan = draft_plan(centre, coordinator)
    service_type = ServiceTypeFactory()
    body = {"plan": str(plan.pk), "service_type": str(service_type.pk), "units": "4", "per": "month",
            "start_date": "2026-02-01", **payload}
    response = api(coordinator).post(SERVICES, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not PlannedService.objects.exists()


def test_an_inactive_or_foreign_service_type_is_refused(api, coordinator, centre, other_centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator)
    for service_type in (ServiceTypeFactory(active=False), ServiceTypeFactory(centre=other_centre)):
        response = client.post(SERVICES, {"plan": str(plan.pk), "service_type": str(service_type.pk), "units": "4",
                                          "per": "month", "start_date": "2026-02-01"})
        assert response.status_code == 400
        assert "service_type" in response.json()
    assert not PlannedService.objects.exists()


def test_a_centres_own_service_type_may_be_planned(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    service_type = ServiceTypeFactory(centre=centre)
    response = api(coordinator).post(SERVICES, {"plan": str(plan.pk), "service_type": str(service_type.pk),
                                                "units": "4", "per": "total", "start_date": "2026-02-01"})
    assert response.status_code == 201, response.json()


def test_provider_and_contract_line_are_not_set_by_patch(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    service = PlannedServiceFactory(plan=plan)
    line = contract_line(centre, service_type=service.service_type)
    response = api(coordinator).patch(f"{SERVICES}{service.pk}/", {
        "contract_line": str(line.pk), "provider": str(line.contract.provider_id), "status": "assigned", "note": "n"
    })
    assert response.status_code == 200
    service.refresh_from_db()
    assert (service.contract_line, service.provider, service.status, service.note) == (None, None, "waiting", "n")


def test_an_assigned_service_keeps_to_its_contract(api, coordinator, centre):
    """Its contract must run on its start, and its type is its line's; running past the contract's end is allowed
    (it continues on the provider's next contract: tests/plans/test_assignment_periods.py)."""
    plan = draft_plan(centre, coordinator)
    line = contract_line(centre, contract__start_date=dt.date(2026, 1, 1), contract__end_date=dt.date(2026, 6, 30))
    service = PlannedServiceFactory(plan=plan, contract_line=line, start_date=dt.date(2026, 2, 1),
                                    end_date=dt.date(2026, 6, 30))
    client = api(coordinator)
    response = client.patch(f"{SERVICES}{service.pk}/", {"start_date": "2026-07-01", "end_date": "2026-09-30"})
    assert response.status_code == 400
    assert "does not run on the planned service's start" in response.json()["start_date"][0]
    response = client.patch(f"{SERVICES}{service.pk}/", {"service_type": str(ServiceTypeFactory().pk)})
    assert response.status_code == 400
    assert "service_type" in response.json()
    service.refresh_from_db()
    assert (service.start_date, service.end_date) == (dt.date(2026, 2, 1), dt.date(2026, 6, 30))
    response = client.patch(f"{SERVICES}{service.pk}/", {"end_date": "2026-09-30"})
    assert response.status_code == 200, response.json()


def test_a_plan_period_cannot_shrink_past_its_services(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    PlannedServiceFactory(plan=plan)  # runs the whole year
    response = api(coordinator).patch(f"/api/v1/plans/{plan.pk}/", {"end_date": "2026-06-30"})
    assert response.status_code == 400
    assert "end_date" in response.json()
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2026, 12, 31)


def test_cancelling_a_planned_service(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    service = plan.services.get()
    client = api(coordinator)
    assert client.post(f"{SERVICES}{service.pk}/cancel/", {}).status_code == 400  # an active plan: reason
    response = client.post(f"{SERVICES}{service.pk}/cancel/", {"reason": "Family helps instead"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert Plan.objects.get(pk=plan.pk).version == 2
    again = client.post(f"{SERVICES}{service.pk}/cancel/", {"reason": "again"})
    assert again.status_code == 409
    assert again.json()["status"] == "cancelled"


def test_provider_staff_see_only_their_providers_services_with_the_clients_contact_details(
    api, member, coordinator, centre
):
    line = contract_line(centre)
    staff = member(Role.PROVIDER, centre, provider=line.contract.provider)
    plan = active_plan(centre, coordinator)
    plan.client.access_notes = "Ring twice"
    plan.client.save()
    theirs = PlannedServiceFactory(plan=plan, contract_line=line)
    waiting = plan.services.exclude(pk=theirs.pk).get()
    other_provider = PlannedServiceFactory(plan=plan, contract_line=contract_line(centre))
    on_draft = PlannedServiceFactory(plan=draft_plan(centre, coordinator), contract_line=line)
    client = api(staff)

    response = client.get(SERVICES)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(theirs.pk)]
    row = response.json()["results"][0]
    assert "confirmation_code" not in row
    assert row["client"]["access_notes"] == "Ring twice"
    assert "birth_date" not in row["client"]
    assert "national_id" not in row["client"]
    for hidden in (waiting, other_provider, on_draft):
        assert client.get(f"{SERVICES}{hidden.pk}/").status_code == 404
    assert client.get(f"{SERVICES}{theirs.pk}/").status_code == 200


def test_provider_staff_cannot_write_planned_services(api, member, coordinator, centre):
    line = contract_line(centre)
    staff = member(Role.PROVIDER, centre, provider=line.contract.provider)
    plan = active_plan(centre, coordinator)
    service = PlannedServiceFactory(plan=plan, contract_line=line)
    client = api(staff)
    assert client.patch(f"{SERVICES}{service.pk}/", {"note": "x", "reason": "r"}).status_code == 403
    assert client.post(f"{SERVICES}{service.pk}/unassign/", {"reason": "r"}).status_code == 403
    assert client.get(f"{SERVICES}{service.pk}/candidates/").status_code == 403
    response = client.post(SERVICES, {"plan": str(plan.pk), "service_type": str(line.service_type_id),
                                      "units": "1", "per": "week", "start_date": "2026-02-01", "reason": "r"})
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.note == ""
    assert service.status == "assigned"


def test_volunteers_get_404_on_planned_services(api, volunteer, coordinator, centre):
    service = active_plan(centre, coordinator).services.get()
    client = api(volunteer)
    assert client.get(SERVICES).status_code == 404
    assert client.get(f"{SERVICES}{service.pk}/").status_code == 404


def test_planned_services_of_another_centre_are_not_found(api, member, coordinator, other_centre):
    service = active_plan(other_centre, member(Role.COORDINATOR, other_centre)).services.get()
    client = api(coordinator)
    assert client.get(SERVICES).json()["count"] == 0
    assert client.get(f"{SERVICES}{service.pk}/").status_code == 404


def test_planned_services_filter_by_plan_client_provider_type_and_status(api, coordinator, centre):
    line = contract_line(centre)
    plan = active_plan(centre, coordinator)
    waiting = plan.services.get()
    assigned = PlannedServiceFactory(plan=plan, contract_line=line)
    elsewhere = active_plan(centre, coordinator).services.get()
    client = api(coordinator)

    def ids(query: str) -> set[str]:
        response = client.get(f"{SERVICES}?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"plan={plan.pk}") == {str(waiting.pk), str(assigned.pk)}
    assert ids(f"client={elsewhere.plan.client_id}") == {str(elsewhere.pk)}
    assert ids(f"provider={line.contract.provider_id}") == {str(assigned.pk)}
    assert ids(f"service_type={line.service_type_id}") == {str(assigned.pk)}
    assert ids("status=waiting") == {str(waiting.pk), str(elsewhere.pk)}


def test_planned_service_list_queries_do_not_grow_with_rows(
    api, member, coordinator, centre, django_assert_max_num_queries
):
    line = contract_line(centre)
    staff = member(Role.PROVIDER, centre, provider=line.contract.provider)
    plan = active_plan(centre, coordinator)
    PlannedServiceFactory(plan=plan, contract_line=line)
    for user in (coordinator, staff):
        client = api(user)
        with django_assert_max_num_queries(6) as few:
            client.get(SERVICES)
        first_count = len(few.captured_queries)
        for _ in range(5):
            PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line,
                                  units=Decimal("2"))
        with django_assert_max_num_queries(first_count):
            assert client.get(SERVICES).status_code == 200
