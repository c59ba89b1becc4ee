"""A change to an agreed plan needs a reason and makes a new version; plans/{id}/history/ keeps every version."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.plans.models import Goal, Plan, PlannedService

from ..factories import PlannedServiceFactory, ServiceTypeFactory
from .factories import active_plan, contract_line, draft_plan

PLANS = "/api/v1/plans/"
GOALS = "/api/v1/goals/"
SERVICES = "/api/v1/planned-services/"


@pytest.mark.parametrize("status", ["active", "suspended"])
def test_changing_an_agreed_plan_needs_a_reason(api, coordinator, centre, status):
    plan = active_plan(centre, coordinator)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    response = api(coordinator).patch(f"{PLANS}{plan.pk}/", {"summary": "More help"})
    assert response.status_code == 400
    assert "reason" in response.json()
    plan.refresh_from_db()
    assert (plan.summary, plan.version) == ("", 1)


def test_changing_an_active_plan_bumps_its_version_and_keeps_the_reason(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    response = api(coordinator).patch(
        f"{PLANS}{plan.pk}/", {"summary": "More help", "reason": "Review of March: needs more help"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    record = plan.history.first()
    assert (record.version, record.summary, record.history_change_reason) == (
        2, "More help", "Review of March: needs more help"
    )


def test_a_patch_that_changes_nothing_needs_no_reason_and_keeps_the_version(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    response = api(coordinator).patch(f"{PLANS}{plan.pk}/", {"review_interval_days": plan.review_interval_days})
    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_changing_a_goal_of_an_active_plan_needs_a_reason_and_bumps_the_plan_version(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    goal = plan.goals.get()
    client = api(coordinator)
    refused = client.patch(f"{GOALS}{goal.pk}/", {"measure": "Walks to the shop alone"})
    assert refused.status_code == 400
    assert "reason" in refused.json()
    response = client.patch(f"{GOALS}{goal.pk}/", {"measure": "Walks to the shop alone", "reason": "Goal sharpened"})
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.history.first().history_change_reason == "Goal sharpened"


def test_adding_a_goal_or_service_to_an_active_plan_is_a_new_version(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    client = api(coordinator)
    assert client.post(GOALS, {"plan": str(plan.pk), "description": "Join the senior club"}).status_code == 400
    assert Goal.objects.filter(plan=plan).count() == 1
    response = client.post(GOALS, {"plan": str(plan.pk), "description": "Join the senior club", "reason": "Wish"})
    assert response.status_code == 201, response.json()
    service_type = ServiceTypeFactory()
    response = client.post(SERVICES, {
        "plan": str(plan.pk), "service_type": str(service_type.pk), "units": "4", "per": "month",
        "start_date": "2026-06-01", "reason": "Club sessions added",
    })
    assert response.status_code == 201, response.json()
    plan.refresh_from_db()
    assert plan.version == 3


def test_changing_a_planned_service_of_an_active_plan_is_a_new_version(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    service = plan.services.get()
    client = api(coordinator)
    assert client.patch(f"{SERVICES}{service.pk}/", {"units": "12"}).status_code == 400
    response = client.patch(f"{SERVICES}{service.pk}/", {"units": "12", "reason": "More hours"})
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.version == 2
    assert PlannedService.objects.get(pk=service.pk).units == 12


def test_draft_changes_do_not_make_versions(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator)
    client.patch(f"{PLANS}{plan.pk}/", {"summary": "One"})
    client.post(GOALS, {"plan": str(plan.pk), "description": "Eat warm meals"})
    plan.refresh_from_db()
    assert plan.version == 1


def test_closed_and_cancelled_plans_are_no_longer_changed(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    Plan.objects.filter(pk=plan.pk).update(status="closed")
    client = api(coordinator)
    response = client.patch(f"{PLANS}{plan.pk}/", {"summary": "x", "reason": "late note"})
    assert response.status_code == 409
    assert response.json()["status"] == "closed"
    goal = plan.goals.get()
    assert client.patch(f"{GOALS}{goal.pk}/", {"measure": "x", "reason": "r"}).status_code == 409
    assert client.post(GOALS, {"plan": str(plan.pk), "description": "x", "reason": "r"}).status_code == 409


def test_history_shows_every_version_of_an_active_plan_with_who_and_why(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator)
    goal_id = client.post(GOALS, {"plan": str(plan.pk), "description": "Eat warm meals"}).json()["id"]
    service_type = ServiceTypeFactory()
    client.post(SERVICES, {"plan": str(plan.pk), "service_type": str(service_type.pk), "units": "5",
                           "per": "week", "start_date": "2026-01-01"})
    client.post(f"{PLANS}{plan.pk}/activate/",
                {"client_agreed_at": "2026-01-02T10:00:00Z", "agreement_method": "signature"})
    client.patch(f"{GOALS}{goal_id}/", {"measure": "Two warm meals a day", "reason": "Measure agreed with GP"})
    client.patch(f"{PLANS}{plan.pk}/", {"summary": "Meals and care", "reason": "Summary after review"})

    response = client.get(f"{PLANS}{plan.pk}/history/")
    assert response.status_code == 200, response.json()
    entries = response.json()["results"]
    assert response.json()["count"] == len(entries) == 7
    newest = entries[0]
    assert newest["model"] == "plan"
    assert newest["change_type"] == "changed"
    assert newest["reason"] == "Summary after review"
    assert newest["version"] == 3
    assert newest["user"] == {"id": str(coordinator.pk), "name": str(coordinator)}
    changes = {change["field"]: change for change in newest["changes"]}
    assert (changes["summary"]["old"], changes["summary"]["new"]) == ("", "Meals and care")
    assert (changes["version"]["old"], changes["version"]["new"]) == (2, 3)
    assert changes["version"]["label"] == "Version"

    goal_change = next(e for e in entries if e["model"] == "goal" and e["change_type"] == "changed")
    assert goal_change["reason"] == "Measure agreed with GP"
    assert goal_change["version"] == 2
    assert goal_change["changes"] == [{
        "field": "measure", "label": "How progress is measured", "old": "", "new": "Two warm meals a day", "old_display": None,
        "new_display": "Two warm meals a day", "hidden": False,
    }]

    created = [e for e in entries if e["change_type"] == "created"]
    assert {e["model"] for e in created} == {"plan", "goal", "planned_service"}
    assert all(e["version"] == 1 for e in created)
    service_created = next(e for e in created if e["model"] == "planned_service")
    units = next(change for change in service_created["changes"] if change["field"] == "units")
    assert (units["old"], Decimal(str(units["new"]))) == (None, Decimal(5))

    # earlier versions stay readable: the plan's record as of version 1 still holds its first summary
    assert Plan.history.filter(id=plan.pk, version=1).last().summary == ""


def test_history_names_related_records_and_choices_in_the_readers_language(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    client = api(coordinator)
    client.patch(f"{PLANS}{plan.pk}/", {"agreement_method": "signature"})
    line = contract_line(centre)
    service = PlannedServiceFactory(
        plan=plan, service_type=line.service_type, start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 6, 30)
    )
    assert client.post(f"{SERVICES}{service.pk}/assign/", {"contract_line": str(line.pk)}).status_code == 200

    entries = client.get(f"{PLANS}{plan.pk}/history/", HTTP_ACCEPT_LANGUAGE="pl").json()["results"]
    assignment = entries[0]
    assert (assignment["model"], assignment["model_label"]) == ("planned_service", "Zaplanowana usługa")
    provider = next(change for change in assignment["changes"] if change["field"] == "provider")
    assert provider["label"] == "Realizator usług"
    assert (provider["old"], provider["new"]) == (None, str(line.contract.provider_id))
    assert (provider["old_display"], provider["new_display"]) == (None, line.contract.provider.name)
    status = next(change for change in assignment["changes"] if change["field"] == "status")
    assert status["new_display"] == "Przydzielony"

    agreement = next(e for e in entries if e["model"] == "plan" and e["change_type"] == "changed")
    method = next(change for change in agreement["changes"] if change["field"] == "agreement_method")
    assert (method["new"], method["new_display"]) == ("signature", "Podpisany plan")
    created = next(e for e in entries if e["model"] == "plan" and e["change_type"] == "created")
    coordinator_change = next(change for change in created["changes"] if change["field"] == "coordinator")
    assert coordinator_change["new_display"] == str(coordinator)  # a name, not an id
    assert "client" not in {change["field"] for change in created["changes"]}  # whose plan it is goes without saying


def test_the_plan_and_everything_under_it_is_on_the_clients_timeline(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    api(coordinator).patch(f"{PLANS}{plan.pk}/", {"summary": "More help", "reason": "Daughter moved away"})
    response = api(coordinator).get(f"/api/v1/clients/{plan.client_id}/history/")
    assert response.status_code == 200, response.json()
    entries = response.json()["results"]
    assert {"plan", "goal", "planned_service"} <= {entry["model"] for entry in entries}
    assert entries[0]["reason"] == "Daughter moved away"
    assert entries[0]["object_id"] == str(plan.pk)


def test_history_queries_do_not_grow_with_its_length(api, coordinator, centre, django_assert_max_num_queries):
    plan = active_plan(centre, coordinator)
    client = api(coordinator)
    client.patch(f"{PLANS}{plan.pk}/", {"summary": "one", "reason": "r1"})
    with django_assert_max_num_queries(20) as few:
        client.get(f"{PLANS}{plan.pk}/history/")
    first_count = len(few.captured_queries)  # read now: every request resets the connection's query log
    for n in range(10):
        client.patch(f"{PLANS}{plan.pk}/", {"summary": f"s{n}", "reason": f"r{n}"})
        client.patch(f"{GOALS}{plan.goals.get().pk}/", {"measure": f"m{n}", "reason": f"g{n}"})
    with django_assert_max_num_queries(first_count):
        assert client.get(f"{PLANS}{plan.pk}/history/").status_code == 200


def test_history_is_read_by_managers_but_not_by_provider_staff(api, coordinator, manager, provider_staff, centre):
    plan = active_plan(centre, coordinator)
    assert api(manager).get(f"{PLANS}{plan.pk}/history/").status_code == 200
    assert api(provider_staff).get(f"{PLANS}{plan.pk}/history/").status_code == 404
