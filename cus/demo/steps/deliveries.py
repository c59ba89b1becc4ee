"""A year of delivered-service logs up to yesterday, and the providers' monthly statements.

Logs keep to each planned service's frequency, never take a contract line past its maximum units or budget,
and never claim one client's service type on one day twice (so never under two funding sources).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cus.catalogue.models import Unit
from cus.contracts.models import Contract, ContractLine
from cus.core.dates import add_months, first_of_month
from cus.core.models import Role, User
from cus.deliveries.models import (
    ConfirmationKind,
    Delivery,
    DeliveryStatus,
    MonthlyStatement,
    Outcome,
    StatementStatus,
)
from cus.deliveries.services import reconcile_line_usage

from .. import names, texts
from ..context import Delivered, DemoContext, stamp_history
from ..rates import RATES

DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
YEAR = dt.timedelta(days=365)
WEEKDAYS = {1: (1,), 2: (1, 3), 3: (0, 2, 4), 5: (0, 1, 2, 3, 4), 7: (0, 1, 2, 3, 4, 5, 6)}
MONTH_DAYS = {1: (10,), 2: (5, 19), 4: (3, 10, 17, 24)}
FIRST_VISIT = dt.time(7, 30)
LAST_START = dt.time(19, 0)
TRAVEL = dt.timedelta(minutes=30)
CLIENTS_PER_WORKER = 40  # a provider's team grows with the caseload


def previous_month(month: dt.date) -> dt.date:
    return add_months(first_of_month(month), -1)


def occasion_dates(item: Delivered, begin: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The days the service happens between ``begin`` and ``end``, following its planned frequency."""
    service = item.service
    if service.per == "week":
        weekdays = WEEKDAYS.get(item.occasions, WEEKDAYS[2])
        day = begin
        while day <= end:
            if day.weekday() in weekdays:
                yield day
            day += DAY
    elif service.per == "month":
        days = (1,) if service.service_type.unit == Unit.MONTH else MONTH_DAYS.get(item.occasions, MONTH_DAYS[2])
        month = first_of_month(begin)
        while month <= end:
            for number in days:
                day = month.replace(day=number)
                if begin <= day <= end:
                    yield day
            month = (month + dt.timedelta(days=32)).replace(day=1)
    else:  # sessions in total, spread over the service's period
        last = service.end_date or service.start_date + dt.timedelta(days=60)
        step = max(1, (last - service.start_date).days // max(item.occasions, 1))
        for number in range(item.occasions):
            day = service.start_date + dt.timedelta(days=number * step)
            if begin <= day <= end:
                yield day


class Workers:
    """Each provider's carers and therapists, who cannot be at two visits at once."""

    def __init__(self, rng: random.Random, client_count: int) -> None:
        self.rng = rng
        self.extra = client_count // CLIENTS_PER_WORKER
        self.teams: dict[Any, list[str]] = {}
        self.free_from: dict[tuple[str, dt.date], dt.time] = {}

    def team(self, provider_id: Any) -> list[str]:
        if provider_id not in self.teams:
            rng = self.rng
            team = []
            for _number in range(rng.randint(4, 8) + self.extra):
                sex = "female" if rng.random() < 0.8 else "male"
                team.append(f"{names.first_name(rng, sex, rng.randint(1965, 2000))} {names.last_name(rng, sex)}")
            self.teams[provider_id] = team
        return self.teams[provider_id]

    def book(self, provider_id: Any, day: dt.date, minutes: int) -> tuple[str, dt.time] | None:
        """A worker free on ``day`` and the time their next visit starts, or None when everyone is fully booked."""
        team = self.team(provider_id)
        offset = self.rng.randrange(len(team))
        for index in range(len(team)):
            worker = team[(offset + index) % len(team)]
            start = self.free_from.get((worker, day), FIRST_VISIT)
            if start > LAST_START:
                continue
            end = dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)
            if end.date() != day:
                continue
            self.free_from[(worker, day)] = (end + TRAVEL).time() if (end + TRAVEL).date() == day else dt.time(23, 59)
            return worker, start
        return None


class LineLimits:
    """What each line has paid so far, so that no log takes it past its maximum units or budget."""

    def __init__(self) -> None:
        self.units: dict[Any, Decimal] = defaultdict(lambda: ZERO)
        self.spent: dict[Any, Decimal] = defaultdict(lambda: ZERO)

    def take(self, line: ContractLine, units: Decimal, cost: Decimal) -> bool:
        units_after = self.units[line.pk] + units
        spent_after = self.spent[line.pk] + cost
        if line.max_units is not None and units_after > line.max_units:
            return False
        if line.budget is not None and spent_after > line.budget:
            return False
        self.units[line.pk], self.spent[line.pk] = units_after, spent_after
        return True


def create_deliveries(ctx: DemoContext) -> None:
    """Logs for every assigned planned service, contract by contract, and each contract's monthly statements."""
    rng = ctx.rng("deliveries")
    this_month = first_of_month(ctx.today)
    last_month = previous_month(this_month)
    logins = {ctx.providers[s.provider].pk: ctx.users[s.email] for s in ctx.spec.staff if s.provider}
    managers = ctx.staff_with_role(Role.MANAGER) or ctx.coordinators
    workers = Workers(rng, ctx.client_count)
    limits = LineLimits()
    claimed: set[tuple[Any, Any, dt.date]] = set()  # (client, service type, day): one claim, one funding source
    by_contract: dict[Any, list[Delivered]] = defaultdict(list)
    contracts: dict[Any, Contract] = {}
    for item in ctx.delivered:
        line = item.service.contract_line
        assert line is not None
        by_contract[line.contract_id].append(item)
        contracts[line.contract_id] = line.contract
    for contract_id in sorted(by_contract, key=lambda pk: contracts[pk].number):
        contract = contracts[contract_id]
        logger = logins.get(contract.provider_id)
        deliveries: list[Delivery] = []
        for item in by_contract[contract_id]:
            deliveries.extend(_logs(ctx, rng, item, workers, limits, claimed, logger, last_month))
        deliveries.sort(key=lambda d: (d.date, d.start_time or dt.time(0)))
        statements = _statements(ctx, rng, contract, deliveries, logger, managers, this_month, last_month)
        ctx.insert(MonthlyStatement, statements)
        ctx.insert(Delivery, deliveries)
    # The logs went in as rows, without the services: set their lines' running totals (and months' rollups) from them.
    lines = [item.service.contract_line_id for item in ctx.delivered if item.service.contract_line_id is not None]
    reconcile_line_usage(fix=True, line_ids=sorted(set(lines)))


def _logs(ctx: DemoContext, rng: random.Random, item: Delivered, workers: Workers, limits: LineLimits,
          claimed: set[tuple[Any, Any, dt.date]], logger: User | None, last_month: dt.date) -> Iterator[Delivery]:
    service = item.service
    line = service.contract_line
    assert line is not None
    contract = line.contract
    plan = service.plan
    rate = RATES[service.service_type.code]
    begin = max(service.start_date, ctx.today - YEAR, contract.start_date)
    end = min(item.until, ctx.today - DAY, contract.end_date)
    minutes = int(item.size * rate.minutes_per_unit) if rate.minutes_per_unit else None
    for day in occasion_dates(item, begin, end):
        key = (plan.client_id, service.service_type_id, day)
        if key in claimed:
            continue
        chance = rng.random()
        outcome = Outcome.CLIENT_ABSENT if chance < 0.04 else (
            Outcome.CANCELLED_BY_PROVIDER if chance < 0.06 else Outcome.DELIVERED)
        units = item.size
        cost = (units * line.unit_price).quantize(CENT, rounding=ROUND_HALF_UP) if outcome == Outcome.DELIVERED \
            else ZERO
        if outcome == Outcome.DELIVERED and not limits.take(line, units, cost):
            continue
        worker, start = "", None
        if minutes is not None and outcome != Outcome.CANCELLED_BY_PROVIDER:
            booked = workers.book(contract.provider_id, day, minutes)
            if booked is None:
                continue
            worker, start = booked
        claimed.add(key)
        recent = first_of_month(day) >= last_month
        status = DeliveryStatus.LOGGED
        reason = ""
        if outcome == Outcome.DELIVERED:
            pick = rng.random()
            if recent and pick < 0.03:
                status, reason = DeliveryStatus.DISPUTED, rng.choice(texts.DISPUTE_REASONS)
            elif pick < (0.25 if recent else 0.75):
                status = DeliveryStatus.CONFIRMED
        delivery = Delivery(
            centre=ctx.centre, planned_service=service, client_id=plan.client_id, provider_id=contract.provider_id,
            service_type_id=service.service_type_id, contract_line=line, funding_source_id=line.funding_source_id,
            date=day, start_time=start, duration_minutes=minutes if start else None, units=units,
            worker_name=worker, outcome=outcome, status=status, status_reason=reason, cost=cost,
            note="" if outcome == Outcome.DELIVERED else "Zgłoszone telefonicznie.",
            logged_by=logger or plan.coordinator,
        )
        if start is not None and outcome == Outcome.DELIVERED and rng.random() < 0.3:
            delivery.confirmation_kind = ConfirmationKind.CODE
            delivery.confirmed_by_client_at = dt.datetime.combine(day, start, tzinfo=ctx.tz)
        stamp_history(delivery, user=delivery.logged_by, when=ctx.at(day, rng))
        yield delivery


def _statements(ctx: DemoContext, rng: random.Random, contract: Contract, deliveries: list[Delivery],
                logger: User | None, managers: list[User], this_month: dt.date,
                last_month: dt.date) -> list[MonthlyStatement]:
    """One statement per month with logs: approved (the logs tied to it) before last month, last month
    submitted or still open, this month open."""
    by_month: dict[dt.date, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        by_month[first_of_month(delivery.date)].append(delivery)
    statements = []
    for month, logs in sorted(by_month.items()):
        if month < last_month:
            status = StatementStatus.APPROVED
        elif month == last_month:
            status = StatementStatus.SUBMITTED if rng.random() < 0.6 else StatementStatus.OPEN
        else:
            status = StatementStatus.OPEN
        statement = MonthlyStatement(centre=ctx.centre, provider_id=contract.provider_id, contract=contract,
                                     month=month, status=status)
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        opened = ctx.at(month, rng)
        if status != StatementStatus.OPEN:
            delivered = [d for d in logs if d.outcome == Outcome.DELIVERED]
            statement.total_units = sum((d.units for d in delivered), ZERO)
            statement.total_cost = sum((d.cost for d in delivered), ZERO)
            statement.deliveries_count = len(logs)
            statement.submitted_by = logger or managers[0]
            statement.submitted_at = ctx.at(min(next_month + dt.timedelta(days=rng.randint(1, 6)),
                                                ctx.today), rng)
        if status == StatementStatus.APPROVED:
            statement.decided_by = managers[0]
            statement.decided_at = ctx.at(next_month + dt.timedelta(days=rng.randint(8, 14)), rng)
            for delivery in logs:
                delivery.statement = statement
        stamp_history(statement, user=statement.decided_by or statement.submitted_by or logger or managers[0],
                      when=statement.decided_at or statement.submitted_at or opened)
        statements.append(statement)
    return statements
