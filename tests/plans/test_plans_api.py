"""plans/: coordinators start and edit the plans of their caseload; others read; bad input writes nothing."""

import datetime as dt

import pytest

from cus.core.models import Role
from cus.plans.models import Plan

from ..factories import ClientFactory, GoalFactory, PlannedServiceFactory
from .factories import active_plan, contract_line, draft_plan

URL = "/api/v1/plans/"


def detail(plan) -> str:
    return f"{URL}{plan.pk}/"


def test_coordinator_starts_a_draft_plan_for_a_client_of_their_caseload(api, coordinator, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator)
    response = api(coordinator).post(URL, {
        "client": str(client.pk), "start_date": "2026-03-01", "end_date": "2026-12-31",
        "review_interval_days": 90, "summary": "Help at home after a hip fracture",
    })
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["coordinator"] == str(coordinator.pk)  # the acting coordinator by default
    assert body["version"] == 1
    assert body["goals"] == []
    assert body["services"] == []
    assert body["client_reference"] == client.reference
    plan = Plan.objects.get(pk=body["id"])
    assert plan.centre_id == centre.pk
    record = plan.history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "created")


def test_coordinator_may_start_a_plan_for_an_unassigned_client(api, coordinator, centre):
    client = ClientFactory(centre=centre, coordinator=None)
    response = api(coordinator).post(URL, {"client": str(client.pk), "start_date": "2026-03-01"})
    assert response.status_code == 201, response.json()


def test_coordinator_may_name_another_coordinator_of_the_centre(api, coordinator, coordinator2, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator)
    response = api(coordinator).post(URL, {"client": str(client.pk), "start_date": "2026-03-01",
                                           "coordinator": str(coordinator2.pk)})
    assert response.status_code == 201, response.json()
    assert response.json()["coordinator"] == str(coordinator2.pk)


def test_plan_coordinator_must_be_a_coordinator_of_the_centre(api, coordinator, manager, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator)
    response = api(coordinator).post(URL, {"client": str(client.pk), "start_date": "2026-03-01",
                                           "coordinator": str(manager.pk)})
    assert response.status_code == 400
    assert "coordinator" in response.json()
    assert not Plan.objects.exists()


def test_client_of_another_coordinator_is_out_of_reach(api, coordinator, coordinator2, centre):
    client = ClientFactory(centre=centre, coordinator=coordinator2)
    response = api(coordinator).post(URL, {"client": str(client.pk), "start_date": "2026-03-01"})
    assert response.status_code == 400
    assert "caseload" in response.json()["client"][0]
    assert not Plan.objects.exists()


def test_client_of_another_centre_is_unknown(api, coordinator, other_centre):
    client = ClientFactory(centre=other_centre)
    response = api(coordinator).post(URL, {"client": str(client.pk), "start_date": "2026-03-01"})
    assert response.status_code == 400
    assert response.json()["client"] == ["Unknown client."]
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start_date": "2026-03-01"}, "client"),
        ({"start_date": "not a date"}, "start_date"),
        ({}, "start_date"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date"),
        ({"start_date": "2026-03-01", "review_interval_days": 10}, "review_interval_days"),
        ({"start_date": "2026-03-01", "review_interval_days": 400}, "review_interval_days"),
        ({"start_date": "2026-03-01", "agreement_method": "telepathy"}, "agreement_method"),
        ({"start_date": "2026-03-01", "client_agreed_at": "2999-01-01T10:00:00Z"}, "client_agreed_at"),
        ({"start_date": "2026-03-01", "next_review_date": "2026-01-01"}, "next_review_date"),
        ({"start_date": "2026-03-01", "coordinator": "not-a-uuid"}, "coordinator"),
    ],
)
def test_bad_plan_input_is_400_naming_the_field_and_writes_nothing(api, coordinator, centre, payload, field):
    client = ClientFactory(centre=centre, coordinator=coordinator)
    payload = {"client": str(client.pk), **payload} if field != "client" else payload
    response = api(coordinator).post(URL, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_coordinators_start_plans(api, member, centre, role):
    user = member(role, centre)
    client = ClientFactory(centre=centre)
    response = api(user).post(URL, {"client": str(client.pk), "start_date": "2026-03-01"})
    assert response.status_code == (403 if role in (Role.MANAGER, Role.ADMIN) else 404)
    assert not Plan.objects.exists()


def test_draft_is_freely_editable_by_its_coordinator(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    response = api(coordinator).patch(detail(plan), {"summary": "New summary", "review_interval_days": 180})
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert (plan.summary, plan.review_interval_days, plan.version) == ("New summary", 180, 1)


def test_patch_cannot_move_a_plan_to_another_client(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    other = ClientFactory(centre=centre, coordinator=coordinator)
    response = api(coordinator).patch(detail(plan), {"client": str(other.pk)})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.client_id != other.pk


def test_another_coordinator_reads_but_may_not_change_the_plan(api, coordinator, coordinator2, centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator2)
    assert client.get(detail(plan)).status_code == 200
    response = client.patch(detail(plan), {"summary": "Mine now"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.summary == ""


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_read_plans_but_do_not_write(api, member, coordinator, centre, role):
    plan = draft_plan(centre, coordinator)
    client = api(member(role, centre))
    assert client.get(detail(plan)).status_code == 200
    assert [row["id"] for row in client.get(URL).json()["results"]] == [str(plan.pk)]
    assert client.patch(detail(plan), {"summary": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_get_404_on_plans(api, member, coordinator, centre, role):
    plan = active_plan(centre, coordinator)
    client = api(member(role, centre))
    assert client.get(URL).status_code == 404
    assert client.get(detail(plan)).status_code == 404
    assert client.patch(detail(plan), {"summary": "x"}).status_code == 404
    assert client.post(f"{detail(plan)}suspend/").status_code == 404


def test_plans_of_another_centre_are_not_found(api, member, coordinator, other_centre):
    foreign_coordinator = member(Role.COORDINATOR, other_centre)
    plan = draft_plan(other_centre, foreign_coordinator)
    client = api(coordinator)
    assert client.get(URL).json()["count"] == 0
    assert client.get(detail(plan)).status_code == 404
    assert client.patch(detail(plan), {"summary": "x"}).status_code == 404


def test_plan_shows_its_goals_and_services(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    goal = GoalFactory(plan=plan)
    service = PlannedServiceFactory(plan=plan)
    body = api(coordinator).get(detail(plan)).json()
    assert [g["id"] for g in body["goals"]] == [str(goal.pk)]
    assert [s["id"] for s in body["services"]] == [str(service.pk)]
    assert body["services"][0]["status"] == "waiting"


def test_plans_filter_by_client_coordinator_status_and_review_due(api, coordinator, coordinator2, centre):
    mine = active_plan(centre, coordinator)  # next review 2026-03-31
    theirs = draft_plan(centre, coordinator2, next_review_date=dt.date(2026, 9, 1))
    client = api(coordinator)

    def ids(query: str) -> set[str]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"client={mine.client_id}") == {str(mine.pk)}
    assert ids(f"coordinator={coordinator2.pk}") == {str(theirs.pk)}
    assert ids("status=active") == {str(mine.pk)}
    assert ids("review_due_before=2026-04-30") == {str(mine.pk)}
    assert ids("review_due_before=2026-09-01") == {str(mine.pk), str(theirs.pk)}
    assert client.get(f"{URL}?status=nonsense").status_code == 400


def test_plan_list_queries_do_not_grow_with_rows(api, coordinator, centre, django_assert_max_num_queries):
    client = api(coordinator)

    def add_plans(count: int) -> None:
        for _ in range(count):
            plan = draft_plan(centre, coordinator)
            GoalFactory(plan=plan)
            PlannedServiceFactory(plan=plan)
            PlannedServiceFactory(plan=plan, contract_line=contract_line(centre))

    add_plans(2)
    with django_assert_max_num_queries(8) as few:
        assert client.get(URL).status_code == 200
    first_count = len(few.captured_queries)
    add_plans(8)
    with django_assert_max_num_queries(first_count):
        response = client.get(URL)
    assert response.json()["count"] == 10
