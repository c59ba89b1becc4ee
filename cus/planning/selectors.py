"""Reads on community planning, scoped to the actor: the plan tree with live progress, the needs register,
partners, meetings and follow-ups.

Every read needs ``Perm.VIEW_PLANNING`` (the centre's staff, and partner organisations' staff); provider staff and
volunteers see nothing. A partner's staff (``Role.PARTNER``) see only what concerns their partner: their own partner,
the meetings it takes part in with those meetings' decisions and follow-ups, the follow-ups given to it (or to
them), the needs it raised, and the community plans that are adopted or closed, or a draft that one of their
meetings works on (the planning group prepares the draft with its partners); never the needs register, whose
waiting list and assessed needs come from the client files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from cus.catalogue.models import Offering, ServiceType, Unit
from cus.clients.models import AssessmentStatus, ClientStatus, IdentifiedNeed
from cus.contracts.models import ContractLine, ContractStatus
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.dates import add_months, centre_today, first_of_month, last_of_month
from cus.core.models import Centre, Membership, Role, User
from cus.deliveries.models import Delivery, DeliveryMonthTotal, Outcome
from cus.plans.models import ONGOING_PLAN_STATUSES, PlannedService, PlannedServiceStatus
from cus.plans.selectors import FINISHED_PLAN_STATUSES, waiting_list

from .models import (
    Activity,
    CommunityPlan,
    CommunityPlanStatus,
    Decision,
    FollowUp,
    FollowUpStatus,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    IndicatorValue,
    Measure,
    Meeting,
    MeetingStatus,
    Partner,
    Priority,
    RaisedNeed,
)

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)


def can_see_planning(actor: Actor) -> bool:
    return can(actor, Perm.VIEW_PLANNING)


def _visible[M: Any](queryset: QuerySet[M], actor: Actor) -> QuerySet[M]:
    if not can_see_planning(actor):
        return queryset.none()
    return scope(queryset, actor)


def is_partner_staff(actor: Actor) -> bool:
    """The actor works for a partner organisation: every read below is narrowed to their partner."""
    return actor.role == Role.PARTNER


def _partner_meetings(actor: Actor) -> QuerySet[Meeting, Any]:
    """The meetings of the actor's centre their partner takes part in (their ids, as a subquery)."""
    return Meeting.objects.filter(centre_id=actor.centre_id, partners=actor.partner_id).values("pk")


def _partner_plans(actor: Actor) -> Q:
    """The community plans a partner's staff see: adopted and closed ones, and the drafts their meetings work on."""
    drafts = Meeting.objects.filter(centre_id=actor.centre_id, partners=actor.partner_id).values("community_plan_id")
    return Q(status__in=(CommunityPlanStatus.ADOPTED, CommunityPlanStatus.CLOSED)) | Q(pk__in=drafts)


# --- partners, meetings, follow-ups ---------------------------------------------------------------


def partners_for(actor: Actor) -> QuerySet[Partner]:
    queryset = _visible(Partner.objects.select_related("provider"), actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(pk__in=[actor.partner_id])
    return queryset


def partner_staff(actor: Actor, partner: Partner) -> QuerySet[Membership]:
    """The memberships of ``partner``'s staff in the actor's centre (users with the partner role), active first."""
    if not partners_for(actor).filter(pk=partner.pk).exists():
        return Membership.objects.none()
    return (
        scope(Membership.objects.filter(partner=partner, role=Role.PARTNER), actor)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name", "user__email")
    )


def meeting_choices_for(actor: Actor) -> QuerySet[Meeting]:
    """The meetings the actor may name (a raised need's, a decision's): the centre's; a partner's staff theirs."""
    queryset = _visible(Meeting.objects.all(), actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(pk__in=_partner_meetings(actor))
    return queryset


def meetings_for(actor: Actor) -> QuerySet[Meeting]:
    queryset = _visible(
        Meeting.objects.select_related("organiser", "community_plan").prefetch_related(
            "partners",
            "staff",
            Prefetch("decisions", queryset=Decision.objects.order_by("sort_order", "created_at")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner", "partner", "completed_by").order_by(
                    "due_date", "created_at"
                ),
            ),
        ),
        actor,
    )
    if is_partner_staff(actor):
        queryset = queryset.filter(pk__in=_partner_meetings(actor))
    return queryset


def decisions_for(actor: Actor) -> QuerySet[Decision]:
    queryset = _visible(Decision.objects.select_related("meeting"), actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(meeting_id__in=_partner_meetings(actor))
    return queryset


def follow_ups_for(actor: Actor) -> QuerySet[FollowUp]:
    """Follow-ups; a partner's staff see those of their partner's meetings, and those given to their partner or to
    them (at a meeting their partner did not attend)."""
    queryset = _visible(FollowUp.objects.select_related("meeting", "owner", "partner", "completed_by"), actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(
            Q(meeting_id__in=_partner_meetings(actor)) | Q(partner_id=actor.partner_id) | Q(owner_id=actor.user.pk)
        )
    return queryset


def centre_members_for(actor: Actor) -> QuerySet[User]:
    """The people the actor may name as the centre's staff at a meeting or as a follow-up's owner: the active
    members of the actor's centre (none for a partner's staff, who name nobody)."""
    if not can_see_planning(actor) or is_partner_staff(actor):
        return User.objects.none()
    return User.objects.filter(memberships__centre_id=actor.centre_id, memberships__is_active=True)


def follow_ups_due(*, centre: Centre, by: dt.date) -> QuerySet[FollowUp]:
    """The centre's open follow-ups due on or before ``by`` (overdue ones too), soonest first, with their meeting:
    what the follow-up reminder (``cus.notifications.rules``) goes through. Follow-ups of cancelled meetings are
    left out."""
    return (
        FollowUp.objects.filter(centre=centre, status=FollowUpStatus.OPEN, due_date__lte=by)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting")
        .order_by("due_date", "pk")
    )


def raised_needs_for(actor: Actor) -> QuerySet[RaisedNeed]:
    queryset = _visible(
        RaisedNeed.objects.select_related(
            "partner", "meeting", "service_type", "recorded_by", "answered_by__measure__priority__plan"
        ),
        actor,
    )
    if is_partner_staff(actor):
        queryset = queryset.filter(partner_id__in=[actor.partner_id])
    return queryset


# --- the community plan ---------------------------------------------------------------------------


def community_plans_for(actor: Actor) -> QuerySet[CommunityPlan]:
    queryset = _visible(CommunityPlan.objects.all(), actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(_partner_plans(actor))
    return queryset


def _in_visible_plans[M: Any](queryset: QuerySet[M], actor: Actor, plan_field: str) -> QuerySet[M]:
    """A plan node's rows, for a partner's staff only those of the plans they see."""
    queryset = _visible(queryset, actor)
    if is_partner_staff(actor):
        queryset = queryset.filter(**{f"{plan_field}__in": community_plans_for(actor).values("pk")})
    return queryset


def priorities_for(actor: Actor) -> QuerySet[Priority]:
    return _in_visible_plans(Priority.objects.select_related("plan"), actor, "plan")


def measures_for(actor: Actor) -> QuerySet[Measure]:
    return _in_visible_plans(Measure.objects.select_related("priority__plan"), actor, "priority__plan")


ACTIVITY_ORDER = ("sort_order", "code", "created_at")  # Activity.Meta.ordering, which a GROUP BY drops


def activities_for(actor: Actor) -> QuerySet[Activity]:
    return _in_visible_plans(
        Activity.objects.select_related("measure__priority__plan", "responsible_partner")
        .prefetch_related("service_types")
        .annotate(answers_needs=Count("answered_needs"))
        .order_by(*ACTIVITY_ORDER),
        actor,
        "measure__priority__plan",
    )


def indicators_for(actor: Actor) -> QuerySet[Indicator]:
    return _in_visible_plans(
        Indicator.objects.select_related("activity__measure__priority__plan").prefetch_related(
            "activity__service_types"
        ),
        actor,
        "activity__measure__priority__plan",
    )


def indicator_values_for(actor: Actor) -> QuerySet[IndicatorValue]:
    return _in_visible_plans(
        IndicatorValue.objects.select_related("indicator", "recorded_by"), actor, "indicator__activity__measure__priority__plan"
    )


def community_plan_tree(actor: Actor) -> QuerySet[CommunityPlan]:
    """Community plans with priorities -> measures -> activities (partner, service types, how many raised needs
    each answers) -> indicators and their manual values prefetched: seven queries whatever the size of the plan."""
    return with_tree(community_plans_for(actor))


PUBLIC_PLAN_STATUSES = (CommunityPlanStatus.ADOPTED, CommunityPlanStatus.CLOSED)


def public_community_plans(centre: Centre | None = None) -> QuerySet[CommunityPlan]:
    """The plans anyone may read without a login: adopted and closed ones (never a draft), of one centre or all."""
    plans = CommunityPlan.objects.filter(status__in=PUBLIC_PLAN_STATUSES).select_related("centre")
    return plans.filter(centre=centre) if centre is not None else plans


def with_tree(plans: QuerySet[CommunityPlan]) -> QuerySet[CommunityPlan]:
    """``plans`` with their whole tree prefetched (see ``community_plan_tree``)."""
    activities = Activity.objects.select_related("responsible_partner").annotate(
        answers_needs=Count("answered_needs")
    ).order_by(*ACTIVITY_ORDER).prefetch_related(
        Prefetch("service_types", queryset=ServiceType.objects.order_by("sort_order", "code")),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.order_by("-date", "-created_at"))
            ),
        ),
    )
    return plans.prefetch_related(
        Prefetch(
            "priorities",
            queryset=Priority.objects.prefetch_related(
                Prefetch("measures", queryset=Measure.objects.prefetch_related(Prefetch("activities", activities)))
            ),
        )
    )


@dataclass(frozen=True)
class IndicatorProgress:
    start: dt.date
    end: dt.date
    actual: Decimal
    progress: Decimal | None  # actual / target; None when the target is zero

    @property
    def percent(self) -> Decimal | None:
        return None if self.progress is None else (self.progress * 100).quantize(Decimal("0.1"))


def indicator_period(indicator: Indicator, plan: CommunityPlan) -> tuple[dt.date, dt.date]:
    """The days an indicator counts: its calendar year or the whole plan."""
    if indicator.period == IndicatorPeriod.YEAR and indicator.year:
        return dt.date(indicator.year, 1, 1), dt.date(indicator.year, 12, 31)
    return plan.start_date, plan.end_date


def _service_type_ids(indicator: Indicator) -> list[UUID]:
    # The activity's service types as prefetched (no query when the tree was loaded by community_plan_tree).
    return [service_type.pk for service_type in indicator.activity.service_types.all()]


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first days of the first and last whole months within ``start``..``end``; None when there is none."""
    first = start if start.day == 1 else add_months(first_of_month(start), 1)
    last = first_of_month(end) if end == last_of_month(end) else add_months(first_of_month(end), -1)
    return (first, last) if first <= last else None


def _days_outside(start: dt.date, end: dt.date, whole: tuple[dt.date, dt.date] | None) -> Q | None:
    """The days of ``start``..``end`` outside its whole months, as date ranges; None when there are none."""
    if whole is None:
        return Q(date__gte=start, date__lte=end)
    parts = []
    if start < whole[0]:
        parts.append(Q(date__gte=start, date__lt=whole[0]))
    if end > last_of_month(whole[1]):
        parts.append(Q(date__gt=last_of_month(whole[1]), date__lte=end))
    return reduce(or_, parts) if parts else None


def compute_progress(plan: CommunityPlan, indicators: Iterable[Indicator]) -> dict[UUID, IndicatorProgress]:
    """Actual values of the indicators of one plan, live: one aggregate query per source of data (the months'
    rollups of delivered logs, the logs of partial months and of people served, planned services, contract
    lines), however many indicators; manual values come from the prefetch. Delivered units and hours read the
    whole months of their period from ``DeliveryMonthTotal`` (kept with every log), so that a plan of several
    years costs a few rollup rows per month, not every log; the result is the same as summing the logs.

    Each computed kind counts over the indicator's activity's service types and the indicator's period:
    ``delivered_hours`` and ``delivered_units`` sum the in-force logs with outcome delivered, ``people_served``
    counts their distinct clients, ``plans_active`` counts ongoing individual plans with a planned service of
    the types running in the period, ``contracted_capacity`` sums the monthly capacity of active contracts' lines
    in force in the period. ``manual``: the latest value entered for a date in the period.
    """
    indicators = list(indicators)
    actual: dict[UUID, Decimal] = {}
    delivery_sums: dict[str, Any] = {}
    rollup_sums: dict[str, Any] = {}
    # The logs any indicator may count: the aggregate reads only these (by the indexes on centre and date).
    delivery_types: set[UUID] = set()
    delivery_days: list[Q] = []
    rollup_types: set[UUID] = set()
    plan_counts: dict[str, Any] = {}
    capacity_sums: dict[str, Any] = {}
    periods: dict[UUID, tuple[dt.date, dt.date]] = {}
    keys: dict[UUID, str] = {}
    for indicator in indicators:
        start, end = periods[indicator.pk] = indicator_period(indicator, plan)
        types = _service_type_ids(indicator)
        # Indicators counting the same kind over the same types and days share one aggregate.
        signature = f"{indicator.kind}|{','.join(sorted(str(t) for t in types))}|{start}|{end}"
        key = keys[indicator.pk] = "a_" + hashlib.sha1(signature.encode(), usedforsecurity=False).hexdigest()[:20]
        if indicator.kind == IndicatorKind.MANUAL:
            values = [value for value in indicator.values.all() if start <= value.date <= end]
            actual[indicator.pk] = max(values, key=lambda v: (v.date, v.created_at)).value if values else ZERO
            continue
        if not types:
            actual[indicator.pk] = ZERO
            continue
        if indicator.kind in (IndicatorKind.DELIVERED_HOURS, IndicatorKind.DELIVERED_UNITS):
            # Whole months from the months' rollups; the days before the first and after the last whole month
            # from the logs (a plan's period may start or end mid-month).
            whole = whole_months(start, end)
            days = _days_outside(start, end, whole)
            of_types = Q(service_type_id__in=types)
            if whole is not None:
                rollup_types.update(types)
                in_months = of_types & Q(month__gte=whole[0], month__lte=whole[1])
                if indicator.kind == IndicatorKind.DELIVERED_HOURS:
                    rollup_sums[f"{key}_minutes"] = Sum("minutes", filter=in_months)
                    rollup_sums[f"{key}_hour_units"] = Sum(
                        "untimed_units", filter=in_months & Q(contract_line__unit=Unit.HOUR), output_field=MONEY
                    )
                else:
                    rollup_sums[key] = Sum("units", filter=in_months, output_field=MONEY)
            if days is not None:
                where = of_types & days
                delivery_types.update(types)
                delivery_days.append(days)
                if indicator.kind == IndicatorKind.DELIVERED_HOURS:
                    # Hours of a log: its minutes / 60; a log of an hourly line without a duration counts its
                    # units. Summed apart (whole minutes, hour units) and combined in Python: exact everywhere.
                    delivery_sums[f"{key}_minutes"] = Sum("duration_minutes", filter=where)
                    delivery_sums[f"{key}_hour_units"] = Sum(
                        "units", filter=where & Q(duration_minutes__isnull=True, contract_line__unit=Unit.HOUR),
                        output_field=MONEY,
                    )
                else:
                    delivery_sums[key] = Sum("units", filter=where, output_field=MONEY)
        elif indicator.kind == IndicatorKind.PEOPLE_SERVED:
            # Distinct people do not add up month by month: counted from the logs of the period.
            days = Q(date__gte=start, date__lte=end)
            delivery_types.update(types)
            delivery_days.append(days)
            delivery_sums[key] = Count("client_id", filter=Q(service_type_id__in=types) & days, distinct=True)
        elif indicator.kind == IndicatorKind.PLANS_ACTIVE:
            plan_counts[key] = Count(
                "plan_id",
                filter=Q(service_type_id__in=types, start_date__lte=end)
                & (Q(end_date__isnull=True) | Q(end_date__gte=start)),
                distinct=True,
            )
        elif indicator.kind == IndicatorKind.CONTRACTED_CAPACITY:
            capacity_sums[key] = Sum(
                "monthly_capacity",
                filter=Q(service_type_id__in=types, contract__start_date__lte=end, contract__end_date__gte=start),
                output_field=MONEY,
            )
    figures: dict[str, Any] = {}
    if delivery_sums:
        figures |= (
            Delivery.objects.in_force()
            .filter(centre_id=plan.centre_id, outcome=Outcome.DELIVERED, service_type_id__in=delivery_types)
            .filter(reduce(or_, delivery_days))
            .aggregate(**delivery_sums)
        )
    rolled: dict[str, Any] = {}
    if rollup_sums:
        rolled = DeliveryMonthTotal.objects.filter(
            centre_id=plan.centre_id, service_type_id__in=rollup_types
        ).aggregate(**rollup_sums)
    if plan_counts:
        figures |= (
            PlannedService.objects.filter(centre_id=plan.centre_id, plan__status__in=ONGOING_PLAN_STATUSES)
            .exclude(status=PlannedServiceStatus.CANCELLED)
            .aggregate(**plan_counts)
        )
    if capacity_sums:
        figures |= ContractLine.objects.filter(
            centre_id=plan.centre_id, contract__status=ContractStatus.ACTIVE
        ).aggregate(**capacity_sums)
    result: dict[UUID, IndicatorProgress] = {}
    for indicator in indicators:
        key = keys[indicator.pk]
        value = actual.get(indicator.pk)
        if value is None and indicator.kind == IndicatorKind.DELIVERED_HOURS:
            minutes = Decimal(figures.get(f"{key}_minutes") or 0) + Decimal(rolled.get(f"{key}_minutes") or 0)
            hour_units = Decimal(figures.get(f"{key}_hour_units") or 0) + Decimal(rolled.get(f"{key}_hour_units") or 0)
            value = minutes / 60 + hour_units
        elif value is None:
            value = Decimal(figures.get(key) or 0) + Decimal(rolled.get(key) or 0)
        value = value.quantize(CENT)
        start, end = periods[indicator.pk]
        ratio = (value / indicator.target).quantize(RATIO) if indicator.target else None
        result[indicator.pk] = IndicatorProgress(start=start, end=end, actual=value, progress=ratio)
    return result


def plan_indicators(plan: CommunityPlan) -> list[Indicator]:
    """The indicators of a plan loaded by ``community_plan_tree`` (no queries), each knowing its activity."""
    found = []
    for priority in plan.priorities.all():
        for measure in priority.measures.all():
            for activity in measure.activities.all():
                for indicator in activity.indicators.all():
                    indicator.activity = activity  # the prefetched one, with its service types
                    found.append(indicator)
    return found


def plan_progress(plan: CommunityPlan) -> dict[UUID, IndicatorProgress]:
    """Live progress of every indicator of a plan loaded by ``community_plan_tree``; each indicator of the
    loaded tree also carries its own as ``live``."""
    indicators = plan_indicators(plan)
    progress = compute_progress(plan, indicators)
    for indicator in indicators:
        indicator.live = progress[indicator.pk]  # type: ignore[attr-defined]
    return progress


def indicator_progress(indicator: Indicator) -> IndicatorProgress:
    """One indicator's live progress (its activity's service types prefetched)."""
    plan = indicator.activity.measure.priority.plan
    return compute_progress(plan, [indicator])[indicator.pk]


# --- the needs register ---------------------------------------------------------------------------


@dataclass
class NeedsRow:
    """Demand for one service type in one area (``area`` "" when unknown), counts only, and the type's capacity."""

    service_type: ServiceType | None
    area: str
    waiting: int = 0  # planned services waiting for a provider
    assessed: int = 0  # clients with a need identified in an assessment and no planned service of the type
    raised: int = 0  # open needs raised by partners, the public or at meetings
    raised_people: int = 0  # the people those raised needs concern, as estimated
    contracted_monthly_capacity: Decimal | None = None  # units a month on active contracts' lines of the type
    offering_capacity: int | None = None  # clients at a time in the providers' active offerings of the type

    @property
    def total(self) -> int:
        return self.waiting + self.assessed + self.raised


def _unplanned_needs(actor: Actor) -> QuerySet[IdentifiedNeed]:
    """Needs found in completed assessments of clients still in the centre's care, for which the client has no
    planned service of the type in a plan that is not closed or cancelled."""
    planned = PlannedService.objects.filter(
        plan__client_id=OuterRef("assessment__client_id"), service_type_id=OuterRef("service_type_id")
    ).exclude(status=PlannedServiceStatus.CANCELLED).exclude(plan__status__in=FINISHED_PLAN_STATUSES)
    return (
        scope(IdentifiedNeed.objects.all(), actor)
        .filter(assessment__status=AssessmentStatus.COMPLETED)
        .exclude(assessment__client__status=ClientStatus.CLOSED)
        .exclude(Exists(planned))
    )


def needs_register(
    actor: Actor, *, service_type: UUID | None = None, area: str | None = None, by_area: bool = True
) -> list[NeedsRow]:
    """The needs register: demand by service type (and area) from the waiting list, unplanned assessed needs
    and raised needs, against capacity. Five aggregate queries plus the service types; no client is named."""
    if not can_see_planning(actor) or is_partner_staff(actor):
        return []
    waiting = waiting_list(actor) if can(actor, Perm.VIEW_PLANS) else PlannedService.objects.none()
    assessed = _unplanned_needs(actor)
    raised = scope(RaisedNeed.objects.filter(is_open=True), actor)
    if service_type is not None:
        waiting = waiting.filter(service_type_id=service_type)
        assessed = assessed.filter(service_type_id=service_type)
        raised = raised.filter(service_type_id=service_type)
    if area is not None:
        waiting = waiting.filter(plan__client__area__iexact=area)
        assessed = assessed.filter(assessment__client__area__iexact=area)
        raised = raised.filter(area__iexact=area)

    rows: dict[tuple[UUID | None, str], NeedsRow] = {}

    def row(type_id: UUID | None, row_area: str | None) -> NeedsRow:
        # Areas are typed by hand in several places: "Oksywie" and "oksywie " are one area (first spelling shown).
        shown = (row_area or "").strip() if by_area else ""
        key = (type_id, shown.casefold())
        if key not in rows:
            rows[key] = NeedsRow(service_type=None, area=shown)
        return rows[key]

    for waiting_entry in waiting.order_by().values("service_type_id", "plan__client__area").annotate(n=Count("id")):
        row(waiting_entry["service_type_id"], waiting_entry["plan__client__area"]).waiting += waiting_entry["n"]
    for assessed_entry in (
        assessed.order_by()
        .values("service_type_id", "assessment__client__area")
        .annotate(n=Count("assessment__client_id", distinct=True))
    ):
        row(assessed_entry["service_type_id"], assessed_entry["assessment__client__area"]).assessed += assessed_entry["n"]
    for raised_entry in (
        raised.order_by().values("service_type_id", "area").annotate(n=Count("id"), people=Sum("people_estimate"))
    ):
        target = row(raised_entry["service_type_id"], raised_entry["area"])
        target.raised += raised_entry["n"]
        target.raised_people += raised_entry["people"] or 0

    type_ids = {key[0] for key in rows if key[0] is not None}
    today = centre_today(actor.centre)
    contracted = {
        entry["service_type_id"]: entry["capacity"]
        for entry in scope(ContractLine.objects.all(), actor)
        .filter(
            service_type_id__in=type_ids,
            contract__status=ContractStatus.ACTIVE,
            contract__start_date__lte=today,
            contract__end_date__gte=today,
            monthly_capacity__isnull=False,
        )
        .order_by()
        .values("service_type_id")
        .annotate(capacity=Sum("monthly_capacity"))
    }
    offered = {
        entry["service_type_id"]: entry["capacity"]
        for entry in scope(Offering.objects.all(), actor)
        .filter(service_type_id__in=type_ids, is_active=True, provider__is_active=True, capacity__isnull=False)
        .order_by()
        .values("service_type_id")
        .annotate(capacity=Sum("capacity"))
    }
    types = ServiceType.objects.in_bulk(type_ids)
    for (type_id, _area), needs_row in rows.items():
        if type_id is not None:
            needs_row.service_type = types.get(type_id)
            needs_row.contracted_monthly_capacity = contracted.get(type_id)
            needs_row.offering_capacity = offered.get(type_id)
    return sorted(
        rows.values(),
        key=lambda r: (
            r.service_type is None,
            r.service_type.sort_order if r.service_type else 0,
            r.service_type.code if r.service_type else "",
            r.area == "",
            r.area.lower(),
        ),
    )
