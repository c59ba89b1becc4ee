"""Writes on plans, goals, planned services and reviews: the plan lifecycle, assignment to providers, reviews.

Only the plan's coordinator writes it. A draft is freely editable; a change to an agreed plan (active or
suspended) needs a reason and makes a new version; a closed or cancelled plan is no longer changed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cus.catalogue.models import ServiceType
from cus.clients.models import Client, ClientStatus, ClosureReason
from cus.clients.services import require_consent
from cus.contracts.models import ContractLine
from cus.contracts.selectors import line_usage
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre, Membership, Role, User
from cus.core.transitions import move, target_status
from cus.privacy.models import Purpose
from cus.privacy.services import Stop

from . import periods
from .models import (
    APPROVAL_TRANSITIONS,
    ONGOING_PLAN_STATUSES,
    PLAN_TRANSITIONS,
    ApprovalState,
    Goal,
    GoalProgress,
    GoalStatus,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
    Review,
    ReviewDecision,
)
from .selectors import can_edit_plan, candidates_for, line_misfit, period_misfit

REVIEW_INTERVAL_DAYS = (30, 365)
SATISFACTION = (1, 5)
OPEN_SERVICE_STATUSES = (PlannedServiceStatus.WAITING, PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.SUSPENDED)
FINISHED_SERVICE_STATUSES = (PlannedServiceStatus.ENDED, PlannedServiceStatus.CANCELLED)

PLAN_FIELDS = (
    "coordinator",
    "start_date",
    "end_date",
    "review_interval_days",
    "next_review_date",
    "summary",
    "client_agreed_at",
    "agreement_method",
)
GOAL_FIELDS = ("description", "measure", "target_date", "status", "progress_note")
PLANNED_SERVICE_FIELDS = ("service_type", "units", "per", "start_date", "end_date", "note", "weekdays")


def _save(instance: Model, *, actor: Actor, reason: str) -> None:
    instance.full_clean()
    stamp(instance, user=actor.user, reason=reason)
    instance.save()


def _lock_plan(actor: Actor, plan: Plan) -> Plan:
    """The plan, locked, if the actor may write it: a coordinator writes only the plans they coordinate."""
    require(actor, Perm.EDIT_PLANS)
    try:
        locked = Plan.objects.select_for_update().get(pk=plan.pk, centre_id=actor.centre_id)
    except Plan.DoesNotExist:
        raise NotFound() from None
    if not can_edit_plan(actor, locked):
        raise NotAllowed(_("Only the plan's coordinator may change it."), code="not_plan_coordinator")
    return locked


def _ensure_not_finished(plan: Plan) -> None:
    if plan.status in (PlanStatus.CLOSED, PlanStatus.CANCELLED):
        raise Conflict(
            _("The plan is %(status)s: it can no longer be changed.") % {"status": PlanStatus(plan.status).label},
            code="plan_finished",
            status=plan.status,
        )


def _change_reason(plan: Plan, reason: str, default: str) -> str:
    """The history reason of a change; an agreed plan changes only for a stated reason."""
    if plan.status in ONGOING_PLAN_STATUSES:
        if not reason.strip():
            raise ValidationError({"reason": _("A reason is required to change an active plan.")})
        return reason.strip()
    return reason.strip() or default


APPROVAL_FIELDS = ["approval", "approved_at", "approved_by", "updated_at"]


def _withdraw_approval(plan: Plan) -> bool:
    """A draft submitted for approval or approved changed: what the manager approves (or approved) is no longer what
    the plan says, so the submission or approval lapses (back to not submitted; the coordinator submits it again).
    Sets the fields only; True when it did (the caller saves the plan)."""
    if plan.status != PlanStatus.DRAFT or plan.approval not in (ApprovalState.SUBMITTED, ApprovalState.APPROVED):
        return False
    plan.approval = ApprovalState.NONE
    plan.approved_at = None
    plan.approved_by = None
    return True


def _approval_lapses(plan: Plan, *, actor: Actor, reason: str) -> None:
    """Something under a draft plan changed (a goal, a service, its provider): withdraw its approval, in its
    history with the change's reason."""
    if _withdraw_approval(plan):
        stamp(plan, user=actor.user, reason=f"approval withdrawn: {reason}")
        plan.save(update_fields=APPROVAL_FIELDS)


def _new_version(plan: Plan, *, actor: Actor, reason: str) -> None:
    """Count a change to an agreed plan (or to its goals or services) as a new version of the plan; a change to a
    draft withdraws its submission or approval."""
    if plan.status in ONGOING_PLAN_STATUSES:
        plan.version += 1
        stamp(plan, user=actor.user, reason=reason)
        plan.save(update_fields=["version", "updated_at"])
    else:
        _approval_lapses(plan, actor=actor, reason=reason)


def _changed(instance: Model, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if name in allowed and getattr(instance, name) != value}


def _client_in_reach(actor: Actor, client: Client) -> bool:
    """A coordinator plans for their own caseload, unassigned clients, and clients whose plans they coordinate."""
    if client.coordinator_id in (None, actor.user.pk):
        return True
    return Plan.objects.filter(client=client, coordinator=actor.user).exists()


def _is_coordinator_of_centre(user: User, actor: Actor) -> bool:
    return Membership.objects.filter(
        user=user, centre_id=actor.centre_id, role=Role.COORDINATOR, is_active=True
    ).exists()


def _plan_errors(actor: Actor, plan: Plan) -> dict[str, str]:
    """Rules on a plan's own fields, named by field."""
    errors: dict[str, str] = {}
    low, high = REVIEW_INTERVAL_DAYS
    if plan.end_date is not None and plan.end_date < plan.start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if not low <= plan.review_interval_days <= high:
        errors["review_interval_days"] = _("The review interval must be between %(low)s and %(high)s days.") % {
            "low": low,
            "high": high,
        }
    if plan.next_review_date is not None and plan.next_review_date < plan.start_date:
        errors["next_review_date"] = _("The next review cannot be before the plan starts.")
    if plan.client_agreed_at is not None and plan.client_agreed_at > timezone.now():
        errors["client_agreed_at"] = _("The client's agreement cannot be in the future.")
    if not _is_coordinator_of_centre(plan.coordinator, actor):
        errors["coordinator"] = _("The coordinator must be a coordinator of this centre.")
    return errors


# --- plans ---------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    actor: Actor,
    client: Client,
    start_date: dt.date,
    coordinator: User | None = None,
    end_date: dt.date | None = None,
    review_interval_days: int = 90,
    next_review_date: dt.date | None = None,
    summary: str = "",
    client_agreed_at: dt.datetime | None = None,
    agreement_method: str = "",
    reason: str = "",
) -> Plan:
    """Start a draft plan for a client of the actor's caseload; the actor coordinates it unless they name another.
    ``reason``, if given, is kept in the history (a draft needs none)."""
    require(actor, Perm.EDIT_PLANS)
    plan = Plan(
        centre_id=actor.centre_id,
        client=client,
        coordinator=coordinator or actor.user,
        start_date=start_date,
        end_date=end_date,
        review_interval_days=review_interval_days,
        next_review_date=next_review_date,
        summary=summary,
        client_agreed_at=client_agreed_at,
        agreement_method=agreement_method,
    )
    errors = _plan_errors(actor, plan)
    if client.centre_id != actor.centre_id:
        errors["client"] = _("Unknown client.")
    elif not _client_in_reach(actor, client):
        errors["client"] = _("This client is in another coordinator's caseload.")
    if errors:
        raise ValidationError(errors)
    _save(plan, actor=actor, reason=reason.strip() or "created")
    return plan


@transaction.atomic
def update_plan(*, actor: Actor, plan: Plan, reason: str = "", **fields: Any) -> Plan:
    """Change a plan's fields. On an agreed plan this needs a reason and makes a new version."""
    plan = _lock_plan(actor, plan)
    _ensure_not_finished(plan)
    changed = _changed(plan, fields, PLAN_FIELDS)
    if not changed:
        return plan
    history_reason = _change_reason(plan, reason, "changed")
    for name, value in changed.items():
        setattr(plan, name, value)
    errors = _plan_errors(actor, plan)
    outside = Q(start_date__lt=plan.start_date)
    if plan.end_date is not None:
        outside |= Q(end_date__isnull=True) | Q(end_date__gt=plan.end_date)
    if plan.services.exclude(status=PlannedServiceStatus.CANCELLED).filter(outside).exists():
        field = "start_date" if "start_date" in changed else "end_date"
        errors.setdefault(field, _("Some planned services run outside this period; change them first."))
    if errors:
        raise ValidationError(errors)
    if plan.status in ONGOING_PLAN_STATUSES:
        plan.version += 1
    elif _withdraw_approval(plan):
        history_reason = f"approval withdrawn: {history_reason}"
    _save(plan, actor=actor, reason=history_reason)
    return plan


# What each lifecycle action answers when the plan's status does not allow it (409, naming the status).
TRANSITION_MESSAGES = {
    "activate": gettext_lazy("Only a draft plan can be activated; this plan is %(status)s."),
    "suspend": gettext_lazy("Only an active plan can be suspended; this plan is %(status)s."),
    "resume": gettext_lazy("Only a suspended plan can be resumed; this plan is %(status)s."),
    "close": gettext_lazy("Only an active or suspended plan can be closed; this plan is %(status)s."),
    "cancel": gettext_lazy("Only a draft plan can be cancelled; this plan is %(status)s."),
}


def _target(plan: Plan, action: str) -> str:
    """The status ``action`` leads to from the plan's status, or a conflict naming the current status."""
    return target_status(PLAN_TRANSITIONS, action, plan, messages=TRANSITION_MESSAGES)


@transaction.atomic
def activate_plan(
    *,
    actor: Actor,
    plan: Plan,
    reason: str = "",
    client_agreed_at: dt.datetime | None = None,
    agreement_method: str = "",
) -> Plan:
    """Put a draft plan into effect once it has goals, services and the client's agreement.

    The client may have only one active (or suspended) plan. Sets the first review date if none is set
    and makes the client active.
    """
    plan = _lock_plan(actor, plan)
    target = _target(plan, "activate")
    if client_agreed_at is not None:
        plan.client_agreed_at = client_agreed_at
    if agreement_method:
        plan.agreement_method = agreement_method
    missing = _content_missing(plan)
    if actor.centre.plans_need_approval and plan.approval != ApprovalState.APPROVED:
        missing["approval"] = _(
            "This centre's plans are activated only once a manager approved them: submit the plan for approval."
        )
    if plan.client_agreed_at is None:
        missing["client_agreed_at"] = _("Record when the client agreed to the plan.")
    elif plan.client_agreed_at > timezone.now():
        missing["client_agreed_at"] = _("The client's agreement cannot be in the future.")
    if not plan.agreement_method:
        missing["agreement_method"] = _("Record how the client agreed to the plan.")
    if missing:
        raise ValidationError(missing)
    ongoing = Plan.objects.filter(client_id=plan.client_id, status__in=ONGOING_PLAN_STATUSES).exclude(pk=plan.pk).first()
    if ongoing is not None:
        raise Conflict(
            _("The client already has an active plan; close it before activating another."),
            code="active_plan_exists",
            plan=str(ongoing.pk),
        )
    plan.status = target
    plan.activated_at = timezone.now()
    plan.status_reason = reason
    if plan.next_review_date is None:
        plan.next_review_date = plan.start_date + dt.timedelta(days=plan.review_interval_days)
    _save(plan, actor=actor, reason=reason or "activated")
    client = Client.objects.select_for_update().get(pk=plan.client_id)
    if client.status != ClientStatus.ACTIVE:
        client.status = ClientStatus.ACTIVE
        stamp(client, user=actor.user, reason="plan activated")
        client.save(update_fields=["status", "updated_at"])
    return plan


def _content_missing(plan: Plan) -> dict[str, str]:
    """What a plan needs before it is activated (or submitted for approval): a goal and a planned service."""
    missing: dict[str, str] = {}
    if not plan.goals.exists():
        missing["goals"] = _("Add at least one goal before activating the plan.")
    if not plan.services.exclude(status=PlannedServiceStatus.CANCELLED).exists():
        missing["services"] = _("Add at least one planned service before activating the plan.")
    return missing


# --- the manager's approval of a draft plan ---------------------------------------------------------


@transaction.atomic
def set_plans_need_approval(*, actor: Actor, plans_need_approval: bool, reason: str = "") -> Centre:
    """Whether the centre's plans are activated only once a manager approved them (the administrator's setting).
    Turning it off leaves submitted plans as they are: they may still be approved, or activated as drafts."""
    require(actor, Perm.MANAGE_CENTRE)
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    if centre.plans_need_approval != plans_need_approval:
        centre.plans_need_approval = plans_need_approval
        actor.centre.plans_need_approval = plans_need_approval
        stamp(centre, user=actor.user, reason=reason.strip() or "plan approval rule set")
        centre.save(update_fields=["plans_need_approval"])
    return centre


APPROVAL_MESSAGES = {
    "submit": gettext_lazy("This plan cannot be submitted for approval: it is %(status)s."),
    "approve": gettext_lazy("Only a plan waiting for approval can be approved; this plan is %(status)s."),
    "return": gettext_lazy("Only a plan waiting for approval can be returned; this plan is %(status)s."),
}


def _ensure_draft(plan: Plan, action: str) -> None:
    """Only a draft plan goes through approval (409 naming its status otherwise)."""
    if plan.status != PlanStatus.DRAFT:
        raise Conflict(
            str(APPROVAL_MESSAGES[action]) % {"status": PlanStatus(plan.status).label.lower()},
            code="illegal_transition",
            status=plan.status,
        )


def _lock_for_approval(actor: Actor, plan: Plan) -> Plan:
    """The plan, locked, for a manager who approves plans; a manager never approves a plan they coordinate."""
    require(actor, Perm.APPROVE_PLANS)
    try:
        locked = Plan.objects.select_for_update().get(pk=plan.pk, centre_id=actor.centre_id)
    except Plan.DoesNotExist:
        raise NotFound() from None
    if locked.coordinator_id == actor.user.pk:
        raise NotAllowed(_("The plan's coordinator cannot approve their own plan."), code="own_plan")
    return locked


@transaction.atomic
def submit_plan(*, actor: Actor, plan: Plan, reason: str = "") -> Plan:
    """The coordinator submits a draft plan (with its goals and services) for a manager's approval; a plan returned
    for changes is submitted again the same way."""
    plan = _lock_plan(actor, plan)
    _ensure_draft(plan, "submit")
    target = target_status(APPROVAL_TRANSITIONS, "submit", plan, field="approval", messages=APPROVAL_MESSAGES)
    if missing := _content_missing(plan):
        raise ValidationError(missing)
    plan.approval = target
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor.user
    plan.approved_at = None
    plan.approved_by = None
    _save(plan, actor=actor, reason=reason.strip() or "submitted for approval")
    return plan


@transaction.atomic
def approve_plan(*, actor: Actor, plan: Plan, reason: str = "") -> Plan:
    """A manager approves a plan waiting for approval; its coordinator may then activate it."""
    plan = _lock_for_approval(actor, plan)
    _ensure_draft(plan, "approve")
    plan.approval = target_status(APPROVAL_TRANSITIONS, "approve", plan, field="approval", messages=APPROVAL_MESSAGES)
    plan.approved_at = timezone.now()
    plan.approved_by = actor.user
    _save(plan, actor=actor, reason=reason.strip() or "approved")
    return plan


@transaction.atomic
def return_plan(*, actor: Actor, plan: Plan, reason: str) -> Plan:
    """A manager returns a plan waiting for approval to its coordinator, saying why (required); the coordinator
    changes the draft and submits it again."""
    plan = _lock_for_approval(actor, plan)
    _ensure_draft(plan, "return")
    target = target_status(APPROVAL_TRANSITIONS, "return", plan, field="approval", messages=APPROVAL_MESSAGES)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the plan is returned.")})
    plan.approval = target
    plan.returned_at = timezone.now()
    plan.returned_reason = reason.strip()
    plan.approved_at = None
    plan.approved_by = None
    _save(plan, actor=actor, reason=reason.strip())
    return plan


def _simple_transition(actor: Actor, plan: Plan, action: str, reason: str) -> Plan:
    plan = _lock_plan(actor, plan)
    move(plan, PLAN_TRANSITIONS, action, messages=TRANSITION_MESSAGES)
    plan.status_reason = reason
    _save(plan, actor=actor, reason=reason or action)
    return plan


@transaction.atomic
def suspend_plan(*, actor: Actor, plan: Plan, reason: str = "") -> Plan:
    """Put an active plan on hold (a hospital stay, a holiday); its services stay as they are."""
    return _simple_transition(actor, plan, "suspend", reason)


@transaction.atomic
def resume_plan(*, actor: Actor, plan: Plan, reason: str = "") -> Plan:
    """Put a suspended plan back into effect."""
    return _simple_transition(actor, plan, "resume", reason)


def _close(actor: Actor, plan: Plan, *, closure_reason: str, reason: str) -> Plan:
    """Close a locked plan: its open planned services end today (those not yet started are cancelled)."""
    target = _target(plan, "close")
    if closure_reason not in ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose why the plan is closed.")})
    today = centre_today(actor.centre)
    history_reason = reason or f"closed: {closure_reason}"
    for service in plan.services.filter(status__in=OPEN_SERVICE_STATUSES).select_for_update():
        if service.start_date > today:
            service.status = PlannedServiceStatus.CANCELLED
        else:
            service.status = PlannedServiceStatus.ENDED
            service.end_date = min(service.end_date or today, today)
        _save(service, actor=actor, reason=history_reason)
    plan.status = target
    plan.closure_reason = closure_reason
    plan.status_reason = reason
    plan.closed_at = timezone.now()
    if plan.end_date is None or plan.end_date > today:
        plan.end_date = max(today, plan.start_date)
    _save(plan, actor=actor, reason=history_reason)
    return plan


@transaction.atomic
def close_plan(*, actor: Actor, plan: Plan, closure_reason: str, reason: str = "") -> Plan:
    """Close an active or suspended plan for one of the closure reasons; open planned services end."""
    return _close(actor, _lock_plan(actor, plan), closure_reason=closure_reason, reason=reason)


@transaction.atomic
def cancel_plan(*, actor: Actor, plan: Plan, reason: str) -> Plan:
    """Drop a draft plan that will not be put into effect (a reason is required); its services are cancelled."""
    plan = _lock_plan(actor, plan)
    target = _target(plan, "cancel")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the plan is cancelled.")})
    for service in plan.services.exclude(status=PlannedServiceStatus.CANCELLED).select_for_update():
        service.status = PlannedServiceStatus.CANCELLED
        _save(service, actor=actor, reason=reason)
    plan.status = target
    plan.status_reason = reason
    _save(plan, actor=actor, reason=reason)
    return plan


# --- goals ---------------------------------------------------------------------------------------


def _goal_errors(goal: Goal, plan: Plan) -> dict[str, str]:
    if not goal.description.strip():
        return {"description": _("Say what the client wants to achieve.")}
    if goal.target_date is not None and goal.target_date < plan.start_date:
        return {"target_date": _("The target date cannot be before the plan starts.")}
    return {}


@transaction.atomic
def create_goal(
    *,
    actor: Actor,
    plan: Plan,
    description: str,
    measure: str = "",
    target_date: dt.date | None = None,
    status: str = GoalStatus.OPEN,
    progress_note: str = "",
    reason: str = "",
) -> Goal:
    """Add a goal to a plan (to an agreed plan only with a reason: a new version)."""
    plan = _lock_plan(actor, plan)
    _ensure_not_finished(plan)
    history_reason = _change_reason(plan, reason, "created")
    goal = Goal(
        centre_id=plan.centre_id,
        plan=plan,
        description=description,
        measure=measure,
        target_date=target_date,
        status=status,
        progress_note=progress_note,
    )
    if errors := _goal_errors(goal, plan):
        raise ValidationError(errors)
    _new_version(plan, actor=actor, reason=history_reason)
    _save(goal, actor=actor, reason=history_reason)
    return goal


@transaction.atomic
def update_goal(*, actor: Actor, goal: Goal, reason: str = "", **fields: Any) -> Goal:
    """Change a goal (of an agreed plan only with a reason: a new version)."""
    plan = _lock_plan(actor, goal.plan)
    _ensure_not_finished(plan)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = _changed(goal, fields, GOAL_FIELDS)
    if not changed:
        return goal
    history_reason = _change_reason(plan, reason, "changed")
    for name, value in changed.items():
        setattr(goal, name, value)
    if errors := _goal_errors(goal, plan):
        raise ValidationError(errors)
    _new_version(plan, actor=actor, reason=history_reason)
    _save(goal, actor=actor, reason=history_reason)
    return goal


# --- planned services ----------------------------------------------------------------------------


def _confirmation_code() -> str:
    return "".join(secrets.choice("0123456789") for _digit in range(6))


def _service_errors(actor: Actor, service: PlannedService, plan: Plan) -> dict[str, str]:
    """Rules on a planned service's fields: an available type, a positive amount, a period inside the plan's."""
    errors: dict[str, str] = {}
    service_type = service.service_type
    if not service_type.active or service_type.centre_id not in (None, actor.centre_id):
        errors["service_type"] = _("This service type is not available.")
    if service.units is None or service.units <= 0:
        errors["units"] = _("The number of units must be more than zero.")
    if service.start_date < plan.start_date:
        errors["start_date"] = _("The service cannot start before the plan (%(date)s).") % {
            "date": plan.start_date.isoformat()
        }
    if service.end_date is not None:
        if service.end_date < service.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        elif plan.end_date is not None and service.end_date > plan.end_date:
            errors["end_date"] = _("The service cannot end after the plan (%(date)s).") % {
                "date": plan.end_date.isoformat()
            }
    elif plan.end_date is not None:
        errors["end_date"] = _("The service cannot end after the plan (%(date)s).") % {
            "date": plan.end_date.isoformat()
        }
    if plan.end_date is not None and service.start_date > plan.end_date:
        errors["start_date"] = _("The service cannot start after the plan ends (%(date)s).") % {
            "date": plan.end_date.isoformat()
        }
    weekdays = service.weekdays
    if not isinstance(weekdays, list) or any(
        isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 7 for day in weekdays
    ):
        errors["weekdays"] = _("Days of the week are numbers from 1 (Monday) to 7 (Sunday).")
    else:
        service.weekdays = sorted(set(weekdays))
    return errors


@transaction.atomic
def create_planned_service(
    *,
    actor: Actor,
    plan: Plan,
    service_type: ServiceType,
    units: Decimal,
    per: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    note: str = "",
    weekdays: list[int] | None = None,
    reason: str = "",
) -> PlannedService:
    """Add a service to a plan. It waits for a provider from today; without an end date it ends with the plan.
    ``weekdays`` (1 Monday to 7 Sunday): the days it is planned on, none for any day."""
    plan = _lock_plan(actor, plan)
    _ensure_not_finished(plan)
    history_reason = _change_reason(plan, reason, "created")
    service = PlannedService(
        centre_id=plan.centre_id,
        plan=plan,
        service_type=service_type,
        units=units,
        per=per,
        start_date=start_date,
        end_date=end_date or plan.end_date,
        note=note,
        weekdays=list(weekdays or []),
        status=PlannedServiceStatus.WAITING,
        waiting_since=centre_today(actor.centre),
        confirmation_code=_confirmation_code(),
    )
    if errors := _service_errors(actor, service, plan):
        raise ValidationError(errors)
    _new_version(plan, actor=actor, reason=history_reason)
    _save(service, actor=actor, reason=history_reason)
    return service


def _lock_service(actor: Actor, service: PlannedService) -> tuple[Plan, PlannedService]:
    plan = _lock_plan(actor, service.plan)
    _ensure_not_finished(plan)
    locked = PlannedService.objects.select_for_update().get(pk=service.pk)
    if locked.status in FINISHED_SERVICE_STATUSES:
        raise Conflict(
            _("The planned service is %(status)s: it can no longer be changed.")
            % {"status": PlannedServiceStatus(locked.status).label},
            code="service_finished",
            status=locked.status,
        )
    return plan, locked


@transaction.atomic
def update_planned_service(*, actor: Actor, planned_service: PlannedService, reason: str = "", **fields: Any) -> PlannedService:
    """Change a planned service (of an agreed plan only with a reason: a new version).

    An assigned service keeps to its contract line: the same service type, a period the contract covers.
    """
    plan, service = _lock_service(actor, planned_service)
    changed = _changed(service, fields, PLANNED_SERVICE_FIELDS)
    if not changed:
        return service
    history_reason = _change_reason(plan, reason, "changed")
    for name, value in changed.items():
        setattr(service, name, value)
    errors = _service_errors(actor, service, plan)
    first_line = None
    if service.contract_line_id is not None and not errors:
        first = service.periods.select_related("contract_line__contract").order_by("start_date").first()
        first_line = first.contract_line if first is not None else ContractLine.objects.select_related(
            "contract").get(pk=service.contract_line_id)
        if first_line.service_type_id != service.service_type_id:
            errors["service_type"] = _("Unassign the provider before changing the service type.")
        elif misfit := period_misfit(service, first_line.contract):
            errors["start_date"] = misfit
    if errors:
        raise ValidationError(errors)
    _new_version(plan, actor=actor, reason=history_reason)
    if first_line is not None and {"start_date", "end_date"} & changed.keys():
        # Its periods follow its new dates: shorter, or further on the provider's next contracts.
        kept = periods.assign_periods(service, first_line, user=actor.user, reason=history_reason)
        if all(period.contract_line_id != service.contract_line_id for period in kept):
            service.contract_line = first_line
    _save(service, actor=actor, reason=history_reason)
    return service


@transaction.atomic
def cancel_planned_service(*, actor: Actor, planned_service: PlannedService, reason: str = "") -> PlannedService:
    """Drop a planned service from its plan (of an agreed plan only with a reason: a new version)."""
    plan, service = _lock_service(actor, planned_service)
    history_reason = _change_reason(plan, reason, "cancelled")
    service.status = PlannedServiceStatus.CANCELLED
    _new_version(plan, actor=actor, reason=history_reason)
    _save(service, actor=actor, reason=history_reason)
    return service


@transaction.atomic
def assign_provider(
    *, actor: Actor, planned_service: PlannedService, contract_line: ContractLine, reason: str = ""
) -> PlannedService:
    """Give a planned service to a provider through a contract line that fits it.

    The line must be of an active contract of the centre, for the service's type, covering its period,
    with units and budget left (see ``selectors.candidates_for``). Assigning an assigned service moves it
    to the new line. Where the centre shares data with providers only with consent, the client must have a valid
    consent naming an external provider (409 ``consent_missing`` otherwise).
    """
    plan, service = _lock_service(actor, planned_service)
    try:
        line = ContractLine.objects.select_related("contract__provider", "service_type", "funding_source").get(
            pk=contract_line.pk, centre_id=actor.centre_id
        )
    except ContractLine.DoesNotExist:
        raise ValidationError({"contract_line": _("Unknown contract line.")}) from None
    if all(candidate.line.pk != line.pk for candidate in candidates_for(service)):
        misfit = line_misfit(service, line, line_usage([line])[line.pk])
        raise ValidationError({"contract_line": misfit or _("This contract line cannot take the planned service.")})
    require_consent(client=plan.client, purpose=Purpose.SHARING_WITH_PROVIDERS, provider=line.contract.provider)
    service.contract_line = line
    service.provider = line.contract.provider
    service.status = PlannedServiceStatus.ASSIGNED
    service.assigned_at = timezone.now()
    history_reason = reason or f"assigned to {line.contract.provider.name} ({line.contract.number})"
    # Past its contract's end it continues on the provider's renewed or next contract (cus.plans.periods).
    periods.assign_periods(service, line, user=actor.user, reason=history_reason)
    _approval_lapses(plan, actor=actor, reason=history_reason)
    _save(service, actor=actor, reason=history_reason)
    return service


@transaction.atomic
def unassign_provider(*, actor: Actor, planned_service: PlannedService, reason: str = "") -> PlannedService:
    """Take the provider off a planned service: it goes back on the waiting list from today."""
    plan, service = _lock_service(actor, planned_service)
    if service.status != PlannedServiceStatus.ASSIGNED:
        raise Conflict(
            _("The planned service is not assigned to a provider (it is %(status)s).")
            % {"status": PlannedServiceStatus(service.status).label},
            code="not_assigned",
            status=service.status,
        )
    service.contract_line = None
    service.provider = None
    service.status = PlannedServiceStatus.WAITING
    service.assigned_at = None
    service.waiting_since = centre_today(actor.centre)
    periods.clear_periods(service, user=actor.user, reason=reason or "unassigned")
    _approval_lapses(plan, actor=actor, reason=reason or "unassigned")
    _save(service, actor=actor, reason=reason or "unassigned")
    return service


def end_provider_access(stop: Stop) -> int:
    """The client withdrew the consent to share their data with providers (``stop.providers``): each of those
    providers' planned services for the client goes back to the waiting list from today, as ``unassign_provider``
    leaves it, so the provider no longer sees the client. The coordinator re-plans (the reminder scan tells them).

    Registered with ``cus.privacy`` (see ``apps.py``); runs in the withdrawal's transaction. Returns how many
    services were taken back."""
    today = centre_today(stop.actor.centre)
    services = (
        PlannedService.objects.select_for_update(of=("self",))
        .select_related("provider")
        .filter(
            centre_id=stop.actor.centre_id,
            plan__client_id=stop.client_id,
            provider_id__in=stop.providers,
            status__in=(PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.SUSPENDED),
            plan__status__in=(PlanStatus.DRAFT, *ONGOING_PLAN_STATUSES),
        )
        .order_by("start_date", "pk")
    )
    taken_back = 0
    touched: set[Any] = set()
    for service in services:
        provider = service.provider.name if service.provider is not None else ""
        service.contract_line = None
        service.provider = None
        service.status = PlannedServiceStatus.WAITING
        service.assigned_at = None
        service.waiting_since = today
        periods.clear_periods(service, user=stop.actor.user, reason=f"provider access ended: {stop.reason}")
        _save(service, actor=stop.actor, reason=f"provider access ended ({provider}): {stop.reason}")
        taken_back += 1
        touched.add(service.plan_id)
    # A draft submitted or approved with those providers is no longer what was approved.
    for plan in Plan.objects.select_for_update().filter(
        pk__in=touched, status=PlanStatus.DRAFT, approval__in=(ApprovalState.SUBMITTED, ApprovalState.APPROVED)
    ):
        _approval_lapses(plan, actor=stop.actor, reason=f"provider access ended: {stop.reason}")
    return taken_back


# --- reviews -------------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    *,
    actor: Actor,
    plan: Plan,
    date: dt.date,
    decision: str,
    goal_progress: Sequence[Mapping[str, Any]] = (),
    satisfaction: int | None = None,
    next_review_date: dt.date | None = None,
    note: str = "",
    closure_reason: str = "",
) -> Review:
    """Record a review of an active or suspended plan.

    Each goal's progress updates the goal; the plan's next review moves to the given date; the decision
    ``close`` closes the plan (with a closure reason).
    """
    plan = _lock_plan(actor, plan)
    if plan.status not in ONGOING_PLAN_STATUSES:
        raise Conflict(
            _("Only an active or suspended plan is reviewed; this plan is %(status)s.")
            % {"status": PlanStatus(plan.status).label},
            code="plan_not_ongoing",
            status=plan.status,
        )
    errors: dict[str, Any] = {}
    today = centre_today(actor.centre)
    if date > today:
        errors["date"] = _("The review cannot be dated in the future.")
    elif date < plan.start_date:
        errors["date"] = _("The review cannot be before the plan starts.")
    if decision not in ReviewDecision.values:
        errors["decision"] = _("Choose a decision: continue, change or close.")
    if satisfaction is not None and not SATISFACTION[0] <= satisfaction <= SATISFACTION[1]:
        errors["satisfaction"] = _("Satisfaction is a number from 1 to 5.")
    if decision == ReviewDecision.CLOSE:
        if closure_reason not in ClosureReason.values:
            errors["closure_reason"] = _("Choose why the plan is closed.")
    elif next_review_date is None:
        errors["next_review_date"] = _("Set the date of the next review.")
    elif next_review_date <= date:
        errors["next_review_date"] = _("The next review must come after this one.")
    goals = {goal.pk: goal for goal in plan.goals.select_for_update()}
    seen = set()
    goal_errors = []
    for number, item in enumerate(goal_progress, start=1):
        goal_id = item["goal"].pk
        if goal_id not in goals:
            goal_errors.append(_("Item %(number)s: this goal is not part of the plan.") % {"number": number})
        elif goal_id in seen:
            goal_errors.append(_("Item %(number)s: this goal is already reviewed above.") % {"number": number})
        elif item.get("status") not in GoalStatus.values:
            goal_errors.append(_("Item %(number)s: unknown goal status.") % {"number": number})
        seen.add(goal_id)
    if goal_errors:
        errors["goal_progress"] = goal_errors
    if errors:
        raise ValidationError(errors)

    history_reason = f"review of {date.isoformat()}"
    review = Review(
        centre_id=plan.centre_id,
        plan=plan,
        date=date,
        reviewed_by=actor.user,
        decision=decision,
        satisfaction=satisfaction,
        next_review_date=None if decision == ReviewDecision.CLOSE else next_review_date,
        note=note,
    )
    _save(review, actor=actor, reason=history_reason)
    for item in goal_progress:
        goal = goals[item["goal"].pk]
        progress = GoalProgress(
            centre_id=plan.centre_id, review=review, goal=goal, status=item["status"], note=item.get("note", "")
        )
        _save(progress, actor=actor, reason=history_reason)
        goal.status = item["status"]
        if progress.note:
            goal.progress_note = progress.note
        _save(goal, actor=actor, reason=history_reason)
    if decision == ReviewDecision.CLOSE:
        _close(actor, plan, closure_reason=closure_reason, reason=note or history_reason)
    else:
        plan.next_review_date = next_review_date
        _save(plan, actor=actor, reason=history_reason)
    return review


def extend_assignments(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """The nightly run at every centre (``periods.extend_assignments``): assignments that stopped at a contract's end
    continue on the provider's renewed or next contract once it is active, and each assigned service's current line
    is the one in force today. Returns what it did per centre code (centres with nothing to do left out)."""
    done: dict[str, dict[str, int]] = {}
    for centre in Centre.objects.order_by("pk"):
        result = periods.extend_assignments(centre_id=centre.pk, today=today or centre_today(centre))
        if any(result.values()):
            done[centre.code] = result
    return done
