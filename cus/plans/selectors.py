"""Reads on plans, goals, planned services and reviews, scoped to the actor.

Also the waiting list, the contract lines that fit a planned service, a service's monthly progress, the
timeline of a plan (and the plan records on their client's timeline), and what the client registry asks of
plans (which clients a provider serves, who has an active plan): ``PlansConfig.ready()`` hands those to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import (
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext as _

from cus.catalogue.models import ServiceType, Unit
from cus.contracts.models import Contract, ContractLine, ContractStatus
from cus.contracts.selectors import LineUsage, lines_for_assignment
from cus.core import dates
from cus.core.access import Perm, can, in_centre, scope
from cus.core.context import Actor
from cus.core.history import HistorySource, Timeline, TimelineEntry, with_versions

from .models import (
    ONGOING_PLAN_STATUSES,
    AssignmentPeriod,
    Goal,
    GoalProgress,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
    Review,
)

ZERO = Decimal("0.00")

# Provider staff see a planned service once the client has agreed to the plan (never drafts or cancelled plans).
PLAN_STATUSES_SHOWN_TO_PROVIDERS = (PlanStatus.ACTIVE, PlanStatus.SUSPENDED, PlanStatus.CLOSED)
FINISHED_PLAN_STATUSES = (PlanStatus.CLOSED, PlanStatus.CANCELLED)


# --- plans, goals, planned services, reviews -------------------------------------------------------


def can_see_plans(actor: Actor) -> bool:
    return can(actor, Perm.VIEW_PLANS)


def can_see_planned_services(actor: Actor) -> bool:
    return can(actor, Perm.VIEW_PLANS) or (can(actor, Perm.VIEW_ASSIGNED_SERVICES) and actor.provider_id is not None)


def can_edit_plan(actor: Actor, plan: Plan) -> bool:
    """Coordinators write the plans they coordinate (and what is under them); everyone else reads at most."""
    return can(actor, Perm.EDIT_PLANS) and plan.coordinator_id == actor.user.pk


def _periods() -> Prefetch:
    """A planned service's assignment periods with their contracts (one query for any number of services)."""
    return Prefetch("periods", queryset=AssignmentPeriod.objects.select_related("contract_line__contract"))


def plans_for(actor: Actor) -> QuerySet[Plan]:
    """Every plan of the centre for its staff (coordinators write only their own: see services); nothing for others."""
    if not can_see_plans(actor):
        return Plan.objects.none()
    services = PlannedService.objects.select_related(
        "service_type", "provider", "contract_line__contract"
    ).prefetch_related(_periods())
    return scope(
        Plan.objects.select_related("client", "coordinator", "submitted_by", "approved_by").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("created_at")),
            Prefetch("services", queryset=services),
        ),
        actor,
    )


def goals_for(actor: Actor) -> QuerySet[Goal]:
    if not can_see_plans(actor):
        return Goal.objects.none()
    return scope(Goal.objects.select_related("plan"), actor)


# A provider's assignment is current while the service is assigned to it (or suspended for a while), on a plan still
# ongoing, and its end date has not passed: only then do its staff see the service and the client's contact details.
CURRENT_ASSIGNMENT_STATUSES = (PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.SUSPENDED)


def current_assignments(queryset: QuerySet[PlannedService], provider_id: Any, today: Any) -> QuerySet[PlannedService]:
    return queryset.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        provider_id=provider_id,
        status__in=CURRENT_ASSIGNMENT_STATUSES,
        plan__status__in=ONGOING_PLAN_STATUSES,
    )


def takes_logs() -> Q:
    """Planned services that take delivery logs now: assigned, on an active plan, under a contract in force (the
    deliveries app refuses a log on any other, and the provider's visit list offers only these)."""
    return (
        Q(status=PlannedServiceStatus.ASSIGNED, plan__status=PlanStatus.ACTIVE, contract_line__isnull=False)
        & ~Q(contract_line__contract__status=ContractStatus.DRAFT)
    )


def planned_services_for(actor: Actor) -> QuerySet[PlannedService]:
    """The centre's planned services for its staff; for provider staff only their provider's current assignments
    (a former client's name, address and phone are no longer theirs to see)."""
    queryset = scope(
        PlannedService.objects.select_related(
            "plan__client", "service_type", "provider", "contract_line__contract"
        ).prefetch_related(_periods()),
        actor,
    )
    if can_see_plans(actor):
        return queryset
    if can_see_planned_services(actor):
        return current_assignments(queryset, actor.provider_id, dates.centre_today(actor.centre))
    return queryset.none()


def reviews_for(actor: Actor) -> QuerySet[Review]:
    if not can_see_plans(actor):
        return Review.objects.none()
    return scope(
        Review.objects.select_related("plan", "reviewed_by").prefetch_related(
            Prefetch("goal_progress", queryset=GoalProgress.objects.select_related("goal").order_by("created_at"))
        ),
        actor,
    )


def waiting_list(actor: Actor) -> QuerySet[PlannedService]:
    """Planned services still without a provider, of plans not closed or cancelled, with ``waiting_days``."""
    if not can_see_plans(actor):
        return PlannedService.objects.none()
    today = V(dates.centre_today(actor.centre), output_field=DateField())
    return (
        scope(PlannedService.objects.all(), actor)
        .filter(status=PlannedServiceStatus.WAITING, provider__isnull=True)
        .exclude(plan__status__in=FINISHED_PLAN_STATUSES)
        .select_related("plan__client", "plan__coordinator", "service_type")
        .annotate(waiting_days=ExpressionWrapper(today - F("waiting_since"), output_field=DurationField()))
    )


# --- choices offered to writers ---------------------------------------------------------------------


def plan_choices_for(actor: Actor) -> QuerySet[Plan]:
    """Plans a write may name: those the actor sees (whether they may write it is the services' decision)."""
    return plans_for(actor).prefetch_related(None).select_related(None)


def service_types_for(actor: Actor) -> QuerySet[ServiceType]:
    """Service types a planned service may name: the shipped ones and the centre's own (the services refuse an
    inactive one, saying why)."""
    return ServiceType.objects.usable_in(actor.centre_id)


# Contract lines an assignment may name: the centre's (whether one fits is the services' decision).
contract_lines_for = in_centre(ContractLine)


# --- what the client registry asks of plans (handed to it by PlansConfig.ready()) -----------------------


def client_ids_assigned_to_provider(provider_id: UUID) -> QuerySet[PlannedService, UUID]:
    """Ids of the clients a provider serves: a current assignment (``current_assignments``; "today" in the server's
    time zone, as the provider's centre is not known here).

    A lazy queryset, to be used as a subquery (``Client.objects.filter(pk__in=...)``).
    """
    return (
        current_assignments(PlannedService.objects.all(), provider_id, timezone.localdate())
        .order_by()  # the default ordering would add its columns to DISTINCT
        .values_list("plan__client_id", flat=True)
        .distinct()
    )


def client_ids_with_active_plan() -> QuerySet[Plan, UUID]:
    """Ids of the clients whose plan is active now (a lazy queryset, to be used as a subquery)."""
    return Plan.objects.filter(status=PlanStatus.ACTIVE).order_by().values_list("client_id", flat=True)


# --- assignment: which contract lines fit a planned service -----------------------------------------


@dataclass(frozen=True)
class Candidate:
    line: ContractLine
    usage: LineUsage


def candidates_for(service: PlannedService) -> list[Candidate]:
    """The contract lines a planned service may be assigned to, most remaining capacity first (three queries).

    What fits is decided by the contracts app (``lines_for_assignment``): an active contract of the centre
    covering the service's period, a line of its type with units and budget left.
    """
    return [
        Candidate(line, usage)
        for line, usage in lines_for_assignment(
            actor_or_centre_id=service.centre_id,
            service_type_id=service.service_type_id,
            start_date=service.start_date,
            end_date=service.end_date,
        )
    ]


def period_misfit(service: PlannedService, contract: Contract) -> str | None:
    """Why ``contract`` cannot start the service's assignment (it does not run on the service's start), or None.
    Running past its end is no misfit: the assignment continues on the provider's next contract (``periods``)."""
    if contract.start_date <= service.start_date <= contract.end_date:
        return None
    return _(
        "Contract %(number)s runs from %(start)s to %(end)s and does not run on the planned service's start "
        "(%(service_start)s)."
    ) % {
        "number": contract.number,
        "start": contract.start_date.isoformat(),
        "end": contract.end_date.isoformat(),
        "service_start": service.start_date.isoformat(),
    }


def line_misfit(service: PlannedService, line: ContractLine, usage: LineUsage) -> str | None:
    """Why ``line`` cannot take ``service``, as a message for the user (None: no reason found).

    It explains a refusal; whether a line fits is ``candidates_for``'s decision.
    """
    contract = line.contract
    if contract.status != ContractStatus.ACTIVE:
        return _("Contract %(number)s is not active (it is %(status)s).") % {
            "number": contract.number,
            "status": ContractStatus(contract.status).label,
        }
    if line.service_type_id != service.service_type_id:
        return _("This contract line is for %(line_type)s, not %(service_type)s.") % {
            "line_type": line.service_type.name,
            "service_type": service.service_type.name,
        }
    if line.unit != service.service_type.unit:
        return _("This contract line is priced per %(line_unit)s, but %(service_type)s is counted per %(unit)s.") % {
            "line_unit": Unit(line.unit).label, "service_type": service.service_type.name,
            "unit": Unit(service.service_type.unit).label,
        }
    if misfit := period_misfit(service, contract):
        return misfit
    if not contract.provider.is_active:
        return _("The provider %(name)s is no longer active.") % {"name": contract.provider.name}
    if not line.funding_source.is_active:
        return _("The funding source %(name)s is no longer active.") % {"name": line.funding_source.name}
    if usage.units_remaining is not None and usage.units_remaining <= 0:
        return _("Contract %(number)s has no units left for this service type.") % {"number": contract.number}
    if usage.amount_remaining is not None and usage.amount_remaining <= 0:
        return _("Contract %(number)s has spent its budget for this service type.") % {"number": contract.number}
    return None


# --- history: the timeline of a plan and everything under it -----------------------------------------

# The plan's tracked models by their name on a timeline, each with the field naming its parent (left out of
# the changes: the timeline already says whose record it is).
_TRACKED: dict[str, tuple[Any, str]] = {  # the models, untyped: simple_history adds .history
    "plan": (Plan, "client"),
    "goal": (Goal, "plan"),
    "planned_service": (PlannedService, "plan"),
    "review": (Review, "plan"),
    "goal_progress": (GoalProgress, "review"),
}


def _records(name: str, plan_ids: Any) -> QuerySet[Any]:
    """Historical records of the ``name`` model under the plans ``plan_ids`` (ids or a subquery of ids)."""
    if name == "plan":
        return Plan.history.filter(id__in=plan_ids)
    if name == "goal_progress":
        return GoalProgress.history.filter(review_id__in=Review.history.filter(plan_id__in=plan_ids).values("id"))
    model = _TRACKED[name][0]
    return model.history.filter(plan_id__in=plan_ids)


def _sources(plan_ids_of: Any) -> list[HistorySource]:
    """One source per tracked model, for the plans ``plan_ids_of(subject)`` names."""

    def records_of(name: str) -> Any:
        return lambda subject: _records(name, plan_ids_of(subject))

    return [
        HistorySource(name, model, records_of(name), frozenset({parent})) for name, (model, parent) in _TRACKED.items()
    ]


# A plan and everything under it, newest first (plans/{id}/history/).
plan_timeline = Timeline("plan").add(*_sources(lambda plan: [plan.pk]))

# The client's plans and everything under them, for the client's timeline (clients/{id}/history/).
CLIENT_HISTORY_SOURCES = _sources(lambda client: Plan.history.filter(client_id=client.pk).values("id"))


def with_plan_versions(plan: Plan, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Each entry with the plan's version once the change was made, so that what an agreed plan said in an
    earlier version stays readable (one query)."""
    versions = list(
        Plan.history.filter(id=plan.pk).order_by("history_date", "history_id").values_list("history_date", "version")
    )
    return with_versions(entries, versions)


def line_on(service: PlannedService, day: dt.date) -> ContractLine | None:
    """The contract line a log of ``service`` on ``day`` is paid through: the current line when its contract runs on
    that day (no query), else the line of the assignment period the day falls in (one query; ``cus.plans.periods``),
    else the current line (the date's check then says the day is outside the contract)."""
    line = service.contract_line
    if line is None or line.contract.start_date <= day <= line.contract.end_date:
        return line
    period = (
        AssignmentPeriod.objects.filter(planned_service_id=service.pk, start_date__lte=day, end_date__gte=day)
        .select_related("contract_line__contract", "contract_line__funding_source")
        .first()
    )
    return period.contract_line if period is not None else line
