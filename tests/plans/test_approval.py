"""The manager's (director's) approval of plans: draft -> submitted -> approved (or returned with a reason) ->
active; where the centre requires approval, activation without it is refused; a change to a submitted or approved
draft withdraws it; every step in the history with who and why; the managers' work list and the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cus.core.context import actor_for
from cus.core.models import Role
from cus.notifications import rules
from cus.notifications.models import Notification, NotificationKind
from cus.plans.models import ApprovalState, Plan, PlanStatus
from cus.plans.services import end_provider_access
from cus.privacy.models import Purpose
from cus.privacy.services import Stop

from ..factories import PlanFactory, PlannedServiceFactory
from .factories import contract_line, ready_plan

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/"


def act(client, plan, verb: str, body: dict | None = None):
    return client.post(f"{URL}{plan.pk}/{verb}/", body or {}, format="json")


def in_approval(plan: Plan, state: str) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(approval=state, submitted_at=timezone.now())
    plan.refresh_from_db()
    return plan


@pytest.fixture
def requires_approval(centre):
    centre.plans_need_approval = True
    centre.save(update_fields=["plans_need_approval"])
    return centre


@pytest.fixture
def people(coordinator, coordinator2, manager, admin_user, provider_staff, volunteer):
    return {
        "coordinator": coordinator, "other_coordinator": coordinator2, "manager": manager, "admin": admin_user,
        "provider": provider_staff, "volunteer": volunteer,
    }


# Who may take each step: the plan's coordinator submits, a manager approves or returns; the others are refused
# (403: staff who see the plan; 404: provider staff and volunteers, who never see plans).
EXPECTED = {
    "submit": {"coordinator": 200, "other_coordinator": 403, "manager": 403, "admin": 403, "provider": 404,
               "volunteer": 404},
    "approve": {"coordinator": 403, "other_coordinator": 403, "manager": 200, "admin": 403, "provider": 404,
                "volunteer": 404},
    "return": {"coordinator": 403, "other_coordinator": 403, "manager": 200, "admin": 403, "provider": 404,
               "volunteer": 404},
}
START = {"submit": ApprovalState.NONE, "approve": ApprovalState.SUBMITTED, "return": ApprovalState.SUBMITTED}
TARGET = {"submit": ApprovalState.SUBMITTED, "approve": ApprovalState.APPROVED, "return": ApprovalState.RETURNED}
BODY = {"submit": {}, "approve": {"reason": "Fits the budget"}, "return": {"reason": "Add a goal on mobility"}}


@pytest.mark.parametrize(("verb", "role", "expected"),
                         [(verb, role, code) for verb, codes in EXPECTED.items() for role, code in codes.items()])
def test_each_step_is_allowed_or_refused_for_each_role(api, centre, people, verb, role, expected):
    plan = in_approval(ready_plan(centre, people["coordinator"]), START[verb])
    response = act(api(people[role]), plan, verb, BODY[verb])
    assert response.status_code == expected, response.content
    plan.refresh_from_db()
    assert plan.approval == (TARGET[verb] if expected == 200 else START[verb])
    assert plan.status == PlanStatus.DRAFT


def test_submit_approve_and_activate_with_the_history_of_who_and_why(api, centre, coordinator, manager,
                                                                    requires_approval):
    plan = ready_plan(centre, coordinator)
    response = act(api(coordinator), plan, "submit", {"reason": "Agreed with the client at home"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["approval"] == "submitted"
    assert body["submitted_by"] == str(coordinator.pk)
    assert body["submitted_at"] is not None

    response = act(api(manager), plan, "approve")
    assert response.status_code == 200, response.json()
    assert response.json()["approval"] == "approved"
    assert response.json()["approved_by"] == str(manager.pk)
    assert response.json()["approved_by_name"] == str(manager)

    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "active"
    assert response.json()["approval"] == "approved"  # the record of the approval stays

    steps = [(record.approval, record.status, record.history_user_id, record.history_change_reason)
             for record in plan.history.order_by("history_date")]
    assert ("submitted", "draft", coordinator.pk, "Agreed with the client at home") in steps
    assert ("approved", "draft", manager.pk, "approved") in steps
    assert ("approved", "active", coordinator.pk, "activated") in steps


def test_a_returned_plan_has_the_reason_and_is_submitted_again(api, centre, coordinator, manager):
    plan = in_approval(ready_plan(centre, coordinator), ApprovalState.SUBMITTED)
    response = act(api(manager), plan, "return", {"reason": "   "})
    assert response.status_code == 400
    assert "reason" in response.json()
    response = act(api(manager), plan, "return", {})
    assert response.status_code == 400
    assert "reason" in response.json()

    response = act(api(manager), plan, "return", {"reason": "Add a goal on mobility"})
    assert response.status_code == 200, response.json()
    assert response.json()["approval"] == "returned"
    assert response.json()["returned_reason"] == "Add a goal on mobility"
    record = plan.history.first()
    assert (record.history_user_id, record.history_change_reason) == (manager.pk, "Add a goal on mobility")

    # Back to editing the draft: the coordinator changes it and submits it again.
    response = api(coordinator).patch(f"{URL}{plan.pk}/", {"summary": "With a goal on mobility"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["approval"] == "returned"
    assert act(api(coordinator), plan, "submit").json()["approval"] == "submitted"


def test_steps_out_of_order_are_409_naming_the_state(api, centre, coordinator, manager):
    plan = ready_plan(centre, coordinator)
    response = act(api(manager), plan, "approve")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "not submitted" in response.json()["detail"]

    in_approval(plan, ApprovalState.APPROVED)
    response = act(api(coordinator), plan, "submit")
    assert response.status_code == 409
    assert response.json()["status"] == "approved"
    assert act(api(manager), plan, "return", {"reason": "x"}).status_code == 409

    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ACTIVE)
    response = act(api(coordinator), plan, "submit")
    assert response.status_code == 409
    assert response.json()["status"] == "active"


def test_a_plan_without_goals_or_services_is_not_submitted(api, centre, coordinator):
    plan = PlanFactory(client__centre=centre, client__coordinator=coordinator, coordinator=coordinator)
    response = act(api(coordinator), plan, "submit")
    assert response.status_code == 400
    assert {"goals", "services"} <= set(response.json())
    plan.refresh_from_db()
    assert plan.approval == ApprovalState.NONE


def test_a_manager_never_approves_a_plan_they_coordinate(api, centre, manager):
    plan = in_approval(ready_plan(centre, manager), ApprovalState.SUBMITTED)
    response = act(api(manager), plan, "approve")
    assert response.status_code == 403
    assert response.json()["code"] == "own_plan"


def test_another_centres_manager_gets_404(api, centre, coordinator, member, other_centre):
    plan = in_approval(ready_plan(centre, coordinator), ApprovalState.SUBMITTED)
    stranger = member(Role.MANAGER, other_centre)
    assert act(api(stranger), plan, "approve").status_code == 404


# --- activation and the centre's setting ------------------------------------------------------------------


@pytest.mark.parametrize("state", [ApprovalState.NONE, ApprovalState.SUBMITTED, ApprovalState.RETURNED])
def test_activation_without_approval_is_refused_when_the_centre_requires_it(api, centre, coordinator, state,
                                                                           requires_approval):
    plan = in_approval(ready_plan(centre, coordinator), state)
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 400
    assert "approval" in response.json()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_activation_of_a_draft_needs_no_approval_when_the_setting_is_off(api, centre, coordinator):
    assert centre.plans_need_approval is False  # the default: the draft -> active path as before
    plan = ready_plan(centre, coordinator)
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "active"


def test_approval_is_asked_for_with_the_other_missing_fields_at_once(api, centre, coordinator, requires_approval):
    plan = PlanFactory(client__centre=centre, client__coordinator=coordinator, coordinator=coordinator)
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 400
    assert {"approval", "goals", "services"} <= set(response.json())


# --- a change withdraws the approval ----------------------------------------------------------------------


@pytest.mark.parametrize("state", [ApprovalState.SUBMITTED, ApprovalState.APPROVED])
def test_a_change_to_the_plan_withdraws_its_submission_or_approval(api, centre, coordinator, manager, state,
                                                                  requires_approval):
    plan = in_approval(ready_plan(centre, coordinator), state)
    Plan.objects.filter(pk=plan.pk).update(approved_by=manager, approved_at=timezone.now())
    response = api(coordinator).patch(f"{URL}{plan.pk}/", {"summary": "Two visits more"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["approval"] == ""
    assert response.json()["approved_by"] is None
    plan.refresh_from_db()
    assert plan.history.first().history_change_reason == "approval withdrawn: changed"
    assert act(api(coordinator), plan, "activate").status_code == 400  # approval needed again


@pytest.mark.parametrize("change", ["goal", "service", "service_change"])
def test_a_change_under_the_plan_withdraws_the_approval(api, centre, coordinator, change, requires_approval):
    plan = in_approval(ready_plan(centre, coordinator), ApprovalState.APPROVED)
    client = api(coordinator)
    if change == "goal":
        response = client.post("/api/v1/goals/", {"plan": str(plan.pk), "description": "Walk to the shop"},
                               format="json")
    elif change == "service":
        existing = plan.services.first()
        response = client.post("/api/v1/planned-services/", {
            "plan": str(plan.pk), "service_type": str(existing.service_type_id), "units": "2", "per": "week",
            "start_date": plan.start_date.isoformat(),
        }, format="json")
    else:
        existing = plan.services.first()
        response = client.patch(f"/api/v1/planned-services/{existing.pk}/", {"units": "9"}, format="json")
    assert response.status_code in (200, 201), response.json()
    plan.refresh_from_db()
    assert plan.approval == ApprovalState.NONE
    assert plan.history.first().history_change_reason.startswith("approval withdrawn")


def test_an_approved_plan_read_again_unchanged_keeps_its_approval(api, centre, coordinator, manager):
    plan = in_approval(ready_plan(centre, coordinator), ApprovalState.APPROVED)
    response = api(coordinator).patch(f"{URL}{plan.pk}/", {"summary": plan.summary}, format="json")
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.approval == ApprovalState.APPROVED


# --- the managers' work list and the reminders --------------------------------------------------------------


def test_the_managers_list_of_plans_waiting_for_approval(api, centre, coordinator, manager):
    waiting = in_approval(ready_plan(centre, coordinator), ApprovalState.SUBMITTED)
    in_approval(ready_plan(centre, coordinator), ApprovalState.APPROVED)
    ready_plan(centre, coordinator)
    cancelled = in_approval(ready_plan(centre, coordinator), ApprovalState.SUBMITTED)
    Plan.objects.filter(pk=cancelled.pk).update(status=PlanStatus.CANCELLED)
    response = api(manager).get(URL, {"approval": "submitted"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(waiting.pk)]
    assert api(manager).get(URL, {"approval": "nonsense"}).status_code == 400


def test_managers_are_reminded_of_a_submitted_plan_and_the_coordinator_of_a_returned_one(
    api, centre, coordinator, manager, coordinator2
):
    plan = ready_plan(centre, coordinator)
    act(api(coordinator), plan, "submit")
    today = timezone.localdate()
    assert rules.scan_plans_awaiting_approval(centre=centre, today=today) == 1
    assert rules.scan_plans_awaiting_approval(centre=centre, today=today) == 0  # once per submission
    note = Notification.objects.get(kind=NotificationKind.PLAN_AWAITING_APPROVAL)
    assert (note.recipient, note.subject_id) == (manager, plan.pk)

    act(api(manager), plan, "return", {"reason": "Add a goal on mobility"})
    assert rules.scan_plans_awaiting_approval(centre=centre, today=today + dt.timedelta(days=1)) == 0
    assert rules.scan_plans_returned(centre=centre, today=today) == 1
    assert rules.scan_plans_returned(centre=centre, today=today) == 0
    note = Notification.objects.get(kind=NotificationKind.PLAN_RETURNED)
    assert note.recipient == coordinator
    assert "Add a goal on mobility" in note.body


def test_a_provider_losing_access_withdraws_the_approval_of_a_draft_it_served(centre, coordinator, requires_approval):
    plan = in_approval(ready_plan(centre, coordinator), ApprovalState.APPROVED)
    service = PlannedServiceFactory(plan=plan, contract_line=contract_line(centre))
    stop = Stop(actor=actor_for(coordinator, centre.pk), client_id=plan.client_id,
                purpose=Purpose.SHARING_WITH_PROVIDERS, on=timezone.localdate(), reason="consent withdrawn",
                providers=frozenset({service.provider_id}))
    assert end_provider_access(stop) == 1
    plan.refresh_from_db()
    assert plan.approval == ApprovalState.NONE
    assert plan.history.first().history_change_reason == "approval withdrawn: provider access ended: consent withdrawn"
