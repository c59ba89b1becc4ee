"""plans/{id}/activate|suspend|resume|close|cancel/: the plan lifecycle of DOMAIN.md, one service per step."""

import datetime as dt

import pytest
from django.utils import timezone

from cus.clients.models import Client
from cus.core.dates import centre_today
from cus.plans.models import PLAN_TRANSITIONS, Plan, PlannedService, PlanStatus

from ..factories import GoalFactory, PlannedServiceFactory
from .factories import active_plan, contract_line, draft_plan, ready_plan

URL = "/api/v1/plans/"

BODIES = {
    "activate": {},
    "suspend": {"reason": "Hospital stay"},
    "resume": {"reason": "Back home"},
    "close": {"closure_reason": "goals_achieved", "reason": "Managing on her own"},
    "cancel": {"reason": "Client moved before the plan started"},
}


def act(client, plan, verb: str, body: dict | None = None):
    return client.post(f"{URL}{plan.pk}/{verb}/", BODIES[verb] if body is None else body)


def plan_in(status: str, centre, coordinator) -> Plan:
    plan = ready_plan(centre, coordinator)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


LEGAL = [(verb, source, target) for verb, moves in PLAN_TRANSITIONS.items() for source, target in moves.items()]
ILLEGAL = [
    (verb, source)
    for verb, moves in PLAN_TRANSITIONS.items()
    for source in PlanStatus.values
    if source not in moves
]


@pytest.mark.parametrize(("verb", "source", "target"), LEGAL)
def test_every_legal_transition_moves_the_plan_and_records_who_and_why(
    api, coordinator, centre, verb, source, target
):
    plan = plan_in(source, centre, coordinator)
    response = act(api(coordinator), plan, verb)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    plan.refresh_from_db()
    assert plan.status == target
    record = plan.history.first()
    assert record.history_user == coordinator
    assert record.history_change_reason == (BODIES[verb].get("reason") or "activated")


@pytest.mark.parametrize(("verb", "source"), ILLEGAL)
def test_every_illegal_transition_is_409_naming_the_current_status(api, coordinator, centre, verb, source):
    plan = plan_in(source, centre, coordinator)
    response = act(api(coordinator), plan, verb)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert body["status"] == source
    assert PlanStatus(source).label.lower() in body["detail"].lower()
    plan.refresh_from_db()
    assert plan.status == source


def test_activation_sets_the_first_review_and_makes_the_client_active(api, coordinator, centre):
    plan = ready_plan(centre, coordinator, start_date=dt.date(2026, 2, 1), review_interval_days=90)
    assert plan.client.status == "referred"
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 200, response.json()
    assert response.json()["next_review_date"] == "2026-05-02"
    assert response.json()["activated_at"] is not None
    client = Client.objects.get(pk=plan.client_id)
    assert client.status == "active"
    assert client.history.first().history_user == coordinator


def test_activation_keeps_a_review_date_already_set(api, coordinator, centre):
    plan = ready_plan(centre, coordinator, next_review_date=dt.date(2026, 4, 15))
    assert act(api(coordinator), plan, "activate").json()["next_review_date"] == "2026-04-15"


def test_activation_without_goals_services_or_agreement_names_what_is_missing(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 400
    assert set(response.json()) == {"goals", "services", "client_agreed_at", "agreement_method"}
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_cancelled_planned_services_do_not_count_for_activation(api, coordinator, centre):
    plan = draft_plan(centre, coordinator, client_agreed_at=timezone.now(), agreement_method="verbal")
    GoalFactory(plan=plan)
    PlannedServiceFactory(plan=plan, status="cancelled")
    response = act(api(coordinator), plan, "activate")
    assert response.status_code == 400
    assert set(response.json()) == {"services"}


def test_activate_may_record_the_clients_agreement(api, coordinator, centre):
    plan = draft_plan(centre, coordinator)
    GoalFactory(plan=plan)
    PlannedServiceFactory(plan=plan)
    response = act(api(coordinator), plan, "activate",
                   {"client_agreed_at": "2026-01-05T10:00:00+01:00", "agreement_method": "representative"})
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.agreement_method == "representative"
    assert plan.client_agreed_at == dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_activate_with_a_bad_agreement_method_is_400_and_nothing_changes(api, coordinator, centre):
    plan = ready_plan(centre, coordinator)
    response = act(api(coordinator), plan, "activate", {"agreement_method": "nod"})
    assert response.status_code == 400
    assert "agreement_method" in response.json()
    plan.refresh_from_db()
    assert (plan.status, plan.agreement_method) == ("draft", "signature")


@pytest.mark.parametrize("ongoing", ["active", "suspended"])
def test_a_client_has_at_most_one_ongoing_plan(api, coordinator, centre, ongoing):
    first = active_plan(centre, coordinator)
    Plan.objects.filter(pk=first.pk).update(status=ongoing)
    second = ready_plan(centre, coordinator, client=first.client)
    response = act(api(coordinator), second, "activate")
    assert response.status_code == 409
    assert response.json()["code"] == "active_plan_exists"
    assert response.json()["plan"] == str(first.pk)
    second.refresh_from_db()
    assert second.status == "draft"


def test_a_closed_plan_does_not_block_a_new_one(api, coordinator, centre):
    first = active_plan(centre, coordinator)
    client = api(coordinator)
    assert act(client, first, "close").status_code == 200
    second = ready_plan(centre, coordinator, client=first.client)
    assert act(client, second, "activate").status_code == 200


def test_close_needs_a_closure_reason_of_the_client_list(api, coordinator, centre):
    plan = active_plan(centre, coordinator)
    client = api(coordinator)
    assert "closure_reason" in act(client, plan, "close", {}).json()
    response = act(client, plan, "close", {"closure_reason": "bored"})
    assert response.status_code == 400
    assert "closure_reason" in response.json()
    plan.refresh_from_db()
    assert plan.status == "active"


def test_close_ends_open_planned_services_and_cancels_those_not_started(api, coordinator, centre):
    today = centre_today(centre)
    plan = active_plan(centre, coordinator, start_date=today - dt.timedelta(days=60),
                       end_date=today + dt.timedelta(days=300))
    line = contract_line(centre, contract__start_date=plan.start_date, contract__end_date=plan.end_date)
    running = PlannedService.objects.get(plan=plan)
    assigned = PlannedServiceFactory(plan=plan, contract_line=line)
    future = PlannedServiceFactory(plan=plan, start_date=today + dt.timedelta(days=10))
    dropped = PlannedServiceFactory(plan=plan, status="cancelled")
    response = act(api(coordinator), plan, "close")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["closure_reason"], body["end_date"]) == ("goals_achieved", today.isoformat())
    assert body["closed_at"] is not None
    for service, status in [(running, "ended"), (assigned, "ended"), (future, "cancelled"), (dropped, "cancelled")]:
        service.refresh_from_db()
        assert service.status == status
    assert running.end_date == today
    assert assigned.history.first().history_change_reason == "Managing on her own"


def test_cancel_needs_a_reason_and_cancels_the_services(api, coordinator, centre):
    plan = ready_plan(centre, coordinator)
    client = api(coordinator)
    response = act(client, plan, "cancel", {})
    assert response.status_code == 400
    assert "reason" in response.json()
    assert act(client, plan, "cancel", {"reason": "   "}).status_code == 400
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert act(client, plan, "cancel").status_code == 200
    assert set(plan.services.values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.parametrize("verb", list(PLAN_TRANSITIONS))
def test_only_the_plans_coordinator_moves_it(api, coordinator, coordinator2, manager, centre, verb):
    plan = plan_in(next(iter(PLAN_TRANSITIONS[verb])), centre, coordinator)
    before = plan.status
    assert act(api(coordinator2), plan, verb).status_code == 403
    assert act(api(manager), plan, verb).status_code == 403
    plan.refresh_from_db()
    assert plan.status == before
