"""Individual service plans in every state, their goals, planned services (most given to a provider through a
contract line, some on the waiting list) and the reviews of the older ones."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cus.catalogue.models import TargetGroup
from cus.clients.models import Client, ClientStatus, ClosureReason, IdentifiedNeed
from cus.contracts.models import ContractLine, ContractStatus
from cus.core.models import User
from cus.core.schedule import planned_units
from cus.plans.models import (
    AgreementMethod,
    AssignmentPeriod,
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

from .. import texts
from ..context import Delivered, DemoContext, stamp_history
from ..rates import RATES, Rate
from .clients import age_on

SENIOR_AGE = 60
DAY = dt.timedelta(days=1)
# A coordinator does not promise a provider more than this share of what its line can still pay for.
COMMITMENT = Decimal("0.95")
# Services in ongoing plans waiting for a provider: about one per this many clients (drafts wait too).
CLIENTS_PER_WAITING = 60
FITS = {
    True: {TargetGroup.SENIORS, TargetGroup.DISABILITIES, TargetGroup.CARERS},
    False: {TargetGroup.UNEMPLOYED, TargetGroup.HOMELESS, TargetGroup.MIGRANTS, TargetGroup.FAMILIES,
            TargetGroup.YOUTH, TargetGroup.DISABILITIES, TargetGroup.ADDICTED},
}


@dataclass
class LineRoom:
    """A contract line and what a coordinator may still plan on it (in units)."""

    line: ContractLine
    room: Decimal
    groups: set[str] = field(default_factory=set)


class Lines:
    """The centre's contract lines by year and service type, with the room left on each."""

    def __init__(self, ctx: DemoContext) -> None:
        providers = {p.pk: set(p.target_groups) for p in ctx.providers.values()}
        self.by_year: dict[tuple[int, str], list[LineRoom]] = defaultdict(list)
        for line in ctx.lines:
            if line.contract.status == ContractStatus.DRAFT:
                continue
            limits = [limit for limit in (line.max_units,
                                          None if line.budget is None else line.budget / line.unit_price)
                      if limit is not None]
            room = min(limits) * COMMITMENT if limits else Decimal("Infinity")
            key = (line.contract.start_date.year, line.service_type.code)
            self.by_year[key].append(LineRoom(line, room, providers.get(line.contract.provider_id, set())))

    def years(self) -> set[int]:
        return {year for year, _code in self.by_year}

    def take(self, rng: random.Random, year: int, code: str, senior: bool, units: Decimal, per: str,
             start: dt.date, end: dt.date) -> ContractLine | None:
        """A line of ``code`` in ``year`` with room for the service (the room is taken), or None."""
        candidates = []
        for entry in self.by_year.get((year, code), []):
            contract = entry.line.contract
            needed = planned_units(units=units, per=per, start=start, end=end,
                                   window_start=contract.start_date, window_end=contract.end_date)
            if needed <= entry.room:
                candidates.append((entry, needed))
        fitting = [c for c in candidates if c[0].groups & FITS[senior]] or candidates
        if not fitting:
            return None
        entry, needed = rng.choice(fitting)
        entry.room -= needed
        return entry.line


def _needs(ctx: DemoContext) -> dict[Any, list[str]]:
    found: dict[Any, list[str]] = defaultdict(list)
    rows = IdentifiedNeed.objects.filter(centre=ctx.centre).values_list("assessment__client_id", "service_type__code")
    for client_id, code in rows:
        if code not in found[client_id]:
            found[client_id].append(code)
    return found


def _types_for(rng: random.Random, senior: bool, client: Client, needs: list[str], offered: set[str]) -> list[str]:
    """One to three service types: the assessed needs first, then what people of this profile usually get."""
    fitting = [code for code, rate in RATES.items() if code in offered and (rate.senior if senior else rate.adult)]
    chosen = [code for code in needs if code in fitting][:2]
    if senior:
        usual = ["home_care", "meals", "home_care", "nursing", "telecare", "day_centre", "senior_activation"]
        if client.has_disability:
            usual += ["personal_assistance", "rehabilitation", "transport"]
        if client.carer_name:
            usual.append("respite_care")
    else:
        usual = ["social_counselling", "psychological_support", "employment_support", "legal_advice"]
        if client.homeless_or_housing_exclusion:
            usual += ["shelter", "street_work", "meals"]
        if client.third_country_national:
            usual += ["interpretation", "legal_advice"]
        if client.dependants:
            usual += ["family_support", "early_intervention"]
    usual = [code for code in usual if code in fitting]
    wanted = rng.choice((1, 2, 2, 3))
    while usual and len(chosen) < wanted:
        code = rng.choice(usual)
        if code not in chosen:
            chosen.append(code)
        usual = [c for c in usual if c != code]
    return chosen or fitting[:1]


@dataclass
class PlanDraft:
    plan: Plan
    senior: bool
    closed_on: dt.date | None = None  # the day it closed
    stopped_on: dt.date | None = None  # the last day of deliveries (before a suspension, or the closure)


class PlanBuilder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("plans")
        self.today = ctx.today
        self.lines = Lines(ctx)
        self.offered = {code for _year, code in self.lines.by_year}
        self.needs = _needs(ctx)
        self.plans: list[Plan] = []
        self.goals: list[Goal] = []
        self.services: list[PlannedService] = []
        self.reviews: list[Review] = []
        self.progress: list[GoalProgress] = []
        self.plan_goals: dict[Any, list[Goal]] = defaultdict(list)
        ongoing_share = 0.75 * sum(c.status == ClientStatus.ACTIVE for c in ctx.clients) or 1
        self.waiting_chance = min(0.5, ctx.client_count / CLIENTS_PER_WAITING / ongoing_share)

    def coordinator_of(self, client: Client) -> User:
        return client.coordinator or self.ctx.coordinators[0]

    def plan(self, client: Client, status: str, start: dt.date, end: dt.date | None, senior: bool) -> PlanDraft:
        rng = self.rng
        coordinator = self.coordinator_of(client)
        plan = Plan(
            centre=self.ctx.centre, client=client, coordinator=coordinator, status=status, start_date=start,
            end_date=end, review_interval_days=rng.choice((90, 90, 90, 180)),
            summary=rng.choice(texts.PLAN_SUMMARIES_SENIOR if senior else texts.PLAN_SUMMARIES_ADULT),
        )
        if status not in (PlanStatus.DRAFT, PlanStatus.CANCELLED):
            agreed = start - dt.timedelta(days=rng.randint(0, 5))
            plan.client_agreed_at = self.ctx.at(agreed, rng)
            plan.agreement_method = rng.choice(
                (AgreementMethod.SIGNATURE,) * 6 + (AgreementMethod.VERBAL, AgreementMethod.REPRESENTATIVE))
            plan.activated_at = self.ctx.at(start, rng)
            plan.next_review_date = start + dt.timedelta(days=plan.review_interval_days)
        stamp_history(plan, user=coordinator, when=self.ctx.at(start - dt.timedelta(days=rng.randint(1, 10)), rng))
        self.plans.append(plan)
        for description, measure in rng.sample(texts.GOALS_SENIOR if senior else texts.GOALS_ADULT,
                                               rng.randint(1, 3)):
            goal = Goal(
                centre=self.ctx.centre, plan=plan, description=description, measure=measure,
                target_date=start + dt.timedelta(days=rng.choice((90, 180, 270, 365))),
                status=GoalStatus.OPEN if status == PlanStatus.DRAFT else GoalStatus.IN_PROGRESS,
            )
            stamp_history(goal, user=coordinator, when=plan._history_date)  # type: ignore[attr-defined]
            self.goals.append(goal)
            self.plan_goals[plan.pk].append(goal)
        return PlanDraft(plan, senior)

    def service(self, draft: PlanDraft, code: str, start: dt.date, status: str, *, end: dt.date | None = None,
                line: ContractLine | None = None, occasions: int = 1, size: Decimal = Decimal(1),
                waiting_since: dt.date | None = None) -> PlannedService:
        rng = self.rng
        plan = draft.plan
        rate = RATES[code]
        service = PlannedService(
            centre=self.ctx.centre, plan=plan, service_type=self.ctx.service_types[code], units=size * occasions,
            per=rate.per, start_date=start, end_date=end, contract_line=line,
            provider_id=line.contract.provider_id if line else None, status=status, waiting_since=waiting_since,
            confirmation_code=f"{rng.randrange(1_000_000):06d}", note=rng.choice(texts.SERVICE_NOTES),
        )
        moment = self.ctx.at(min(start, self.today), rng)
        if line is not None:
            service.assigned_at = moment
        stamp_history(service, user=plan.coordinator, when=moment)
        self.services.append(service)
        return service

    def services_for(self, draft: PlanDraft, client: Client) -> None:
        """The plan's services: for a plan in effect, assigned through last year's and this year's lines."""
        rng = self.rng
        plan = draft.plan
        codes = _types_for(rng, draft.senior, client, self.needs.get(client.pk, []), self.offered)
        if plan.status in (PlanStatus.DRAFT, PlanStatus.CANCELLED):
            for code in codes[: rng.choice((1, 1, 1, 2))]:
                status = PlannedServiceStatus.WAITING if plan.status == PlanStatus.DRAFT else \
                    PlannedServiceStatus.CANCELLED
                self.service(draft, code, plan.start_date, status, end=plan.end_date,
                             waiting_since=min(plan.start_date, self.today))
            return
        last_day = draft.closed_on or plan.end_date
        for code in codes:
            rate = RATES[code]
            occasions = rng.choice(rate.occasions)
            size = Decimal(rng.choice(rate.size))
            start = plan.start_date + dt.timedelta(days=rng.randint(0, 7))
            self._segments(draft, code, rate, occasions, size, min(start, last_day or start), last_day)
        if plan.status in (PlanStatus.ACTIVE, PlanStatus.SUSPENDED) and rng.random() < self.waiting_chance:
            extra = [code for code in self.offered if code not in codes and
                     (RATES[code].senior if draft.senior else RATES[code].adult)]
            if extra:
                since = max(plan.start_date, self.today - dt.timedelta(days=int(rng.triangular(2, 150, 20))))
                self.service(draft, rng.choice(sorted(extra)), since, PlannedServiceStatus.WAITING,
                             end=plan.end_date, waiting_since=since)

    def _segments(self, draft: PlanDraft, code: str, rate: Rate, occasions: int, size: Decimal,
                  start: dt.date, last_day: dt.date | None) -> None:
        """One planned service per contract year the plan runs in (a new contract, a new assignment)."""
        plan = draft.plan
        ongoing = plan.status in (PlanStatus.ACTIVE, PlanStatus.SUSPENDED)
        units = size * occasions
        years = sorted(year for year in self.lines.years() if year <= self.today.year)
        for year in years:
            begin, finish = max(start, dt.date(year, 1, 1)), min(last_day or dt.date(year, 12, 31),
                                                                  dt.date(year, 12, 31))
            if finish < begin:
                continue
            line = self.lines.take(self.rng, year, code, draft.senior, units, rate.per, begin, finish)
            current = ongoing and finish >= self.today
            if line is None:
                if current:
                    self.service(draft, code, begin, PlannedServiceStatus.WAITING, end=plan.end_date,
                                 waiting_since=begin)
                continue
            status = PlannedServiceStatus.ASSIGNED if current else PlannedServiceStatus.ENDED
            service = self.service(draft, code, begin, status, end=finish, line=line, occasions=occasions, size=size)
            until = min(finish, draft.stopped_on or finish)
            self.ctx.delivered.append(Delivered(service, occasions, size, until))

    def reviews_for(self, draft: PlanDraft) -> None:
        """Reviews every interval while the plan ran; a closed plan's last review closed it."""
        rng = self.rng
        plan = draft.plan
        if plan.status not in (PlanStatus.ACTIVE, PlanStatus.SUSPENDED, PlanStatus.CLOSED):
            return
        goals = self.plan_goals[plan.pk]
        interval = dt.timedelta(days=plan.review_interval_days)
        end = draft.closed_on or self.today - DAY
        day = plan.start_date + interval
        while day <= end:
            if draft.closed_on is None and day + interval > end and rng.random() < 0.15:
                break  # an overdue review: the plan's next review date is past
            self._review(plan, goals, day, ReviewDecision.CONTINUE if rng.random() < 0.8 else ReviewDecision.CHANGE,
                         day + interval)
            plan.next_review_date = day + interval
            day += interval
        if draft.closed_on is not None:
            self._review(plan, goals, draft.closed_on, ReviewDecision.CLOSE, None)
            plan.next_review_date = None

    def _review(self, plan: Plan, goals: list[Goal], day: dt.date, decision: str, next_day: dt.date | None) -> None:
        rng = self.rng
        review = Review(
            centre=self.ctx.centre, plan=plan, date=day, reviewed_by=plan.coordinator, decision=decision,
            satisfaction=rng.choice((3, 4, 4, 5, 5)) if rng.random() < 0.9 else None, next_review_date=next_day,
            note=rng.choice(texts.REVIEW_NOTES),
        )
        moment = self.ctx.at(day, rng)
        stamp_history(review, user=plan.coordinator, when=moment)
        self.reviews.append(review)
        if decision == ReviewDecision.CHANGE:
            plan.version += 1
        for goal in goals:
            if decision == ReviewDecision.CLOSE:
                goal.status = rng.choice((GoalStatus.ACHIEVED, GoalStatus.PARTLY_ACHIEVED, GoalStatus.NOT_ACHIEVED))
            elif rng.random() < 0.1:
                goal.status = GoalStatus.ACHIEVED
            note = rng.choice(texts.PROGRESS_NOTES)
            goal.progress_note = note
            row = GoalProgress(centre=self.ctx.centre, review=review, goal=goal, status=goal.status, note=note)
            stamp_history(row, user=plan.coordinator, when=moment)
            self.progress.append(row)


def create_plans(ctx: DemoContext) -> None:
    """Plans by the client's situation: drafts for new referrals, one ongoing plan for most active clients (some
    with an earlier closed plan), suspended or closed plans for inactive and closed cases, a few cancelled."""
    if not ctx.coordinators:
        return
    builder = PlanBuilder(ctx)
    rng = builder.rng
    today = ctx.today
    for client in ctx.clients:
        intake = ctx.intake[client.pk]
        senior = age_on(client.birth_date, intake) >= SENIOR_AGE
        start = intake + dt.timedelta(days=rng.randint(10, 40))
        drafts: list[PlanDraft] = []
        if client.status == ClientStatus.REFERRED:
            if client.coordinator is not None and rng.random() < 0.5:
                drafts.append(builder.plan(client, PlanStatus.DRAFT, max(start, today), None, senior))
        elif client.status == ClientStatus.CLOSED:
            closed_on = client.closed_at or today
            if rng.random() < 0.15 or closed_on <= start:
                drafts.append(builder.plan(client, PlanStatus.CANCELLED, min(start, closed_on), None, senior))
                drafts[-1].plan.status_reason = rng.choice(texts.CANCELLATION_REASONS)
            else:
                draft = builder.plan(client, PlanStatus.CLOSED, start, closed_on, senior)
                draft.closed_on = draft.stopped_on = closed_on
                draft.plan.closure_reason = client.closure_reason or ClosureReason.OTHER
                drafts.append(draft)
        else:
            if client.status == ClientStatus.ACTIVE and (today - start).days > 300 and rng.random() < 0.35:
                closed_on = start + dt.timedelta(days=rng.randint(120, 240))
                earlier = builder.plan(client, PlanStatus.CLOSED, start, closed_on, senior)
                earlier.closed_on = earlier.stopped_on = closed_on
                earlier.plan.closure_reason = ClosureReason.OTHER
                earlier.plan.status_reason = "Zmiana sytuacji klienta — nowy plan."
                drafts.append(earlier)
                start = closed_on + dt.timedelta(days=rng.randint(1, 10))
            if client.status == ClientStatus.ACTIVE and rng.random() < 0.04:
                cancelled = builder.plan(client, PlanStatus.CANCELLED, start, None, senior)
                cancelled.plan.status_reason = rng.choice(texts.CANCELLATION_REASONS)
                drafts.append(cancelled)
            start = min(start, today - DAY)
            end = start + dt.timedelta(days=364)
            end_date = end if end >= today + dt.timedelta(days=30) and rng.random() < 0.7 else None
            inactive = client.status == ClientStatus.INACTIVE
            if inactive and rng.random() < 0.5 and (today - start).days > 60:
                closed_on = today - dt.timedelta(days=rng.randint(5, min(60, (today - start).days - 1)))
                draft = builder.plan(client, PlanStatus.CLOSED, start, closed_on, senior)
                draft.closed_on = draft.stopped_on = closed_on
                draft.plan.closure_reason = ClosureReason.REFUSED
            elif inactive or rng.random() < 0.05:
                draft = builder.plan(client, PlanStatus.SUSPENDED, start, end_date, senior)
                draft.stopped_on = max(start, today - dt.timedelta(days=rng.randint(3, 45)))
                draft.plan.status_reason = rng.choice(texts.SUSPENSION_REASONS)
            else:
                draft = builder.plan(client, PlanStatus.ACTIVE, start, end_date, senior)
            drafts.append(draft)
        for draft in drafts:
            if draft.closed_on is not None:
                draft.plan.closed_at = ctx.at(draft.closed_on, rng)
                draft.plan.status_reason = draft.plan.status_reason or "Zamknięcie planu po przeglądzie."
            builder.services_for(draft, client)
            builder.reviews_for(draft)
    ctx.insert(Plan, builder.plans)
    ctx.insert(Goal, builder.goals)
    ctx.insert(PlannedService, builder.services)
    # One assignment period each: the demo gives a service running into a new contract year a new planned service.
    ctx.insert(AssignmentPeriod, [
        AssignmentPeriod(
            centre=ctx.centre, planned_service=service, contract_line=service.contract_line,
            start_date=service.start_date,
            end_date=max(service.start_date, min(service.end_date or service.contract_line.contract.end_date,
                                                 service.contract_line.contract.end_date)),
        )
        for service in builder.services if service.contract_line is not None
    ])
    ctx.insert(Review, builder.reviews)
    ctx.insert(GoalProgress, builder.progress)
