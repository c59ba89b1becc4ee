"""Reads on delivery logs and monthly statements, scoped to the actor.

Centre staff (admins, managers, coordinators) see every log and statement of the centre; provider staff
only their own provider's; volunteers none.

How figures add up when a log of an approved (locked) month is corrected: the correcting entry carries the
corrected values and ``corrects`` the original, which stays as it was in its approved statement. A month's
statement therefore counts a correcting entry as its difference from the original, so that the approved
statements together add up to the corrected figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from cus.catalogue.models import ServiceType, ServiceTypeLimit
from cus.contracts.models import ContractLine
from cus.core import dates
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.dates import first_of_month
from cus.core.schedule import planned_units
from cus.plans.models import PlannedService

from .models import (
    ClosedMonth,
    Delivery,
    DeliveryMonthTotal,
    DeliveryStatus,
    MonthlyStatement,
    Outcome,
    StatementStatus,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
COUNT = IntegerField()
# Totals are frozen at submission; a month whose statement is submitted or approved also takes no new,
# changed or correcting logs (a returned statement opens it again).
FROZEN_STATEMENT_STATUSES = (StatementStatus.SUBMITTED, StatementStatus.APPROVED)


def deliveries_for(actor: Actor) -> QuerySet[Delivery]:
    """The logs the actor may see, with what their list needs, in a constant number of queries."""
    queryset = scope(Delivery.objects.all(), actor)
    if can(actor, Perm.VIEW_DELIVERIES):
        pass
    elif can(actor, Perm.LOG_DELIVERIES) and actor.provider_id is not None:
        queryset = queryset.filter(provider_id=actor.provider_id)
    else:
        return Delivery.objects.none()
    correction = Delivery.objects.filter(corrects=OuterRef("pk")).order_by("created_at").values("pk")[:1]
    queryset = queryset.select_related("client", "provider", "service_type").annotate(
        corrected_by_id=Subquery(correction)
    )
    if can(actor, Perm.CONFIRM_DELIVERIES):  # ``is_coordinator_of`` for each log: what the screen offers them
        mine = Q(client__coordinator_id=actor.user.pk) | Q(planned_service__plan__coordinator_id=actor.user.pk)
        queryset = queryset.annotate(
            coordinated_by_me=Case(When(mine, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
    return queryset


def statements_for(actor: Actor) -> QuerySet[MonthlyStatement]:
    """The monthly statements the actor may see. Their months' figures (the live totals of an open one, the logs
    by state of every one) are not annotated here: ``with_month_figures`` adds them to a page of them in one
    grouped query, so that neither the count of a list nor a frozen statement sums its month's logs."""
    queryset = scope(MonthlyStatement.objects.all(), actor)
    if can(actor, Perm.VIEW_DELIVERIES):
        pass
    elif can(actor, Perm.LOG_DELIVERIES) and actor.provider_id is not None:
        queryset = queryset.filter(provider_id=actor.provider_id)
    else:
        return MonthlyStatement.objects.none()
    return queryset.select_related("provider", "contract")


@dataclass(frozen=True)
class DailyLimit:
    service_type: ServiceType
    default: Decimal | None  # the service type's own
    centre_limit: Decimal | None  # the centre's, when it set one (``own``)
    own: bool

    @property
    def effective(self) -> Decimal | None:
        return self.centre_limit if self.own else self.default


def with_centre_limit(types: QuerySet[ServiceType], centre_id: Any) -> Any:  # annotated rows
    """Service types with the centre's own daily limit: ``has_own`` and ``own_limit`` (the one place that reads
    ``ServiceTypeLimit``; the effective limit is ``own_limit`` when ``has_own``, else ``daily_limit``)."""
    own = ServiceTypeLimit.objects.filter(centre_id=centre_id, service_type=OuterRef("pk"))
    return types.annotate(has_own=Exists(own), own_limit=Subquery(own.values("daily_limit")[:1]))


def daily_limits(actor: Actor) -> list[DailyLimit]:
    """Every service type the centre works with and the most units of it a client can get in a day (the centre's
    limit, else the type's default): one query."""
    if not can(actor, Perm.VIEW_DELIVERIES):
        return []
    types = with_centre_limit(ServiceType.objects.usable_in(actor.centre_id).filter(active=True), actor.centre_id)
    types = types.order_by("sort_order", "code")
    return [DailyLimit(row, row.daily_limit, row.own_limit, row.has_own) for row in types]


def loggable_planned_services(actor: Actor) -> QuerySet[PlannedService]:
    """Planned services assigned to the actor's provider: what provider staff may log against."""
    if actor.provider_id is None:
        return PlannedService.objects.none()
    return scope(PlannedService.objects.all(), actor).filter(provider_id=actor.provider_id).select_related(
        "plan", "service_type", "contract_line__contract", "contract_line__funding_source"
    )


def _units_counted() -> Case:
    """A log's units in its month's statement: delivered units, less those of the entry it corrects."""
    own = Case(When(outcome=Outcome.DELIVERED, then=F("units")), default=Value(ZERO), output_field=MONEY)
    corrected = Case(
        When(corrects__outcome=Outcome.DELIVERED, then=F("corrects__units")), default=Value(ZERO), output_field=MONEY
    )
    return own - corrected  # type: ignore[return-value]


def _cost_counted() -> Any:
    return F("cost") - Coalesce(F("corrects__cost"), Value(ZERO), output_field=MONEY)


class MonthAfter(Func):
    """The first day of the month after ``expression`` (a first of the month): the open end of a month's range."""

    output_field = DateField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="CAST((%(expressions)s + INTERVAL '1 month') AS date)", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '+1 month')", **extra)


def month_deliveries(contract_id: Any, month: Any) -> QuerySet[Delivery]:
    """The logs under a contract dated in ``month`` (a date, or an OuterRef to one: the first of the month).

    A date range, which the index on (contract_line, date) serves line by line (no truncation of every log's
    date)."""
    end = dates.add_months(month, 1) if isinstance(month, dt.date) else MonthAfter(month)
    return Delivery.objects.filter(contract_line__contract_id=contract_id, date__gte=month, date__lt=end)


def month_figures(statements: Iterable[MonthlyStatement]) -> tuple[Any, dict[Any, Any]]:
    """The figures of the statements' months as one aggregate over their logs, one row per contract line and month,
    and the contract of each line (read first, in one query): each statement's month is a date range on its
    contract's lines, which the index on (contract line, date) serves. Returns (the rows' queryset, line -> contract).
    """
    statements = list(statements)
    contract_of = dict(
        ContractLine.objects.filter(contract_id__in={statement.contract_id for statement in statements})
        .values_list("pk", "contract_id")
    )
    lines: dict[Any, list[Any]] = {}
    for line_id, contract_id in contract_of.items():
        lines.setdefault(contract_id, []).append(line_id)
    ranges = [
        Q(contract_line_id__in=lines[statement.contract_id], date__gte=statement.month,
          date__lt=dates.add_months(statement.month, 1))
        for statement in statements if statement.contract_id in lines
    ]
    if not ranges:
        return Delivery.objects.none().values(), contract_of
    rows = (
        Delivery.objects.filter(reduce(or_, ranges))
        .order_by()
        .values("contract_line_id", month_of=TruncMonth("date", output_field=DateField()))
        .annotate(
            live_units=Coalesce(Sum(_units_counted()), Value(ZERO), output_field=MONEY),
            live_cost=Coalesce(Sum(_cost_counted()), Value(ZERO), output_field=MONEY),
            live_count=Count("pk"),
            **{f"logs_{name}": Count("pk", filter=condition) for name, condition in LOG_COUNT_FILTERS.items()},
        )
    )
    return rows, contract_of


def with_month_figures[S: Iterable[MonthlyStatement]](statements: S) -> S:
    """Each statement with its month's figures as attributes (``live_units``, ``live_cost``, ``live_count``,
    ``logs_<state>``), read in two queries (``month_figures``) whatever their number; nothing is read for
    statements that have them already. Returns ``statements``."""
    missing = [statement for statement in statements if not hasattr(statement, "logs_confirmed")]
    if not missing:
        return statements
    names = ("live_units", "live_cost", "live_count", *(f"logs_{name}" for name in LOG_COUNT_FILTERS))
    found: dict[tuple[Any, dt.date], dict[str, Any]] = {}
    rows, contract_of = month_figures(missing)
    for row in rows:  # a contract's month: the sum of its lines' rows
        key = (contract_of[row["contract_line_id"]], first_of_month(row["month_of"]))
        figures = found.setdefault(key, {"live_units": ZERO, "live_cost": ZERO} | dict.fromkeys(names[2:], 0))
        for name in names:
            figures[name] += row[name]
    empty = {"live_units": ZERO, "live_cost": ZERO} | dict.fromkeys(names[2:], 0)
    for statement in missing:
        figures = found.get((statement.contract_id, statement.month), empty)
        for name in names:
            setattr(statement, name, figures[name])
    return statements


@dataclass(frozen=True)
class StatementTotals:
    units: Decimal
    cost: Decimal
    deliveries_count: int


def month_totals(contract_id: UUID, month: dt.date) -> StatementTotals:
    """What a month's statement holds now (one query)."""
    found = month_deliveries(contract_id, month).aggregate(
        units=Coalesce(Sum(_units_counted()), Value(ZERO), output_field=MONEY),
        cost=Coalesce(Sum(_cost_counted()), Value(ZERO), output_field=MONEY),
        count=Count("pk"),
    )
    return StatementTotals(units=found["units"], cost=found["cost"], deliveries_count=found["count"])


def statement_totals(statement: MonthlyStatement) -> StatementTotals:
    """Frozen totals once submitted; the live ones (``with_month_figures``, read now if not yet) while open or
    returned."""
    if statement.status in FROZEN_STATEMENT_STATUSES:
        return StatementTotals(statement.total_units, statement.total_cost, statement.deliveries_count)
    with_month_figures([statement])
    return StatementTotals(
        statement.live_units, statement.live_cost, statement.live_count  # type: ignore[attr-defined]
    )


def closing_statement(contract_id: UUID, month: dt.date, *, lock: bool = False) -> MonthlyStatement | None:
    """The month's statement if it is submitted or approved (which closes the month to provider writes).

    With ``lock``, the statement row is locked so that a log and the month's submission or approval
    cannot interleave.
    """
    queryset = MonthlyStatement.objects.filter(contract_id=contract_id, month=month)
    if lock:
        queryset = queryset.select_for_update()
    statement = queryset.first()
    if statement is not None and statement.status in FROZEN_STATEMENT_STATUSES:
        return statement
    return None


def is_month_closed(centre_id: UUID | str, month: dt.date) -> bool:
    """Whether the centre's month (any day of it) is closed for reporting: it takes no new, changed or
    correcting logs until it is re-opened (see ``services.close_month_to_logs``)."""
    return ClosedMonth.objects.filter(centre_id=centre_id, month=first_of_month(month)).exists()


@dataclass(frozen=True)
class MonthBlocker:
    """What keeps a month from being closed: a contract whose statement for the month is not approved, or
    whose logs of the month have no statement at all (``statement_id`` None, ``status`` ``MISSING_STATEMENT``)."""

    contract_id: UUID
    contract_number: str
    provider_id: UUID
    provider_name: str
    statement_id: UUID | None
    status: str


MISSING_STATEMENT = "missing"


def month_blockers(centre_id: UUID | str, month: dt.date) -> list[MonthBlocker]:
    """The month's (any day of it) blockers of a close, by contract number: two queries whatever their number."""
    month = first_of_month(month)
    start, end = dates.month_range(month)
    statements = MonthlyStatement.objects.filter(centre_id=centre_id, month=month)
    blockers = [
        MonthBlocker(
            contract_id=statement.contract_id, contract_number=statement.contract.number,
            provider_id=statement.provider_id, provider_name=statement.provider.name,
            statement_id=statement.pk, status=statement.status,
        )
        for statement in statements.exclude(status=StatementStatus.APPROVED).select_related("provider", "contract")
    ]
    with_statement = statements.filter(contract_id=OuterRef("contract_line__contract_id"))
    unstated = (
        Delivery.objects.filter(centre_id=centre_id, date__gte=start, date__lt=end)
        .exclude(Exists(with_statement))
        .order_by()
        .values_list(
            "contract_line__contract_id", "contract_line__contract__number", "contract_line__contract__provider_id",
            "contract_line__contract__provider__name",
        )
        .distinct()
    )
    blockers += [
        MonthBlocker(
            contract_id=contract_id, contract_number=number, provider_id=provider_id, provider_name=provider_name,
            statement_id=None, status=MISSING_STATEMENT,
        )
        for contract_id, number, provider_id, provider_name in unstated
    ]
    return sorted(blockers, key=lambda blocker: (blocker.contract_number, blocker.provider_name))


def is_coordinator_of(actor: Actor, delivery: Delivery) -> bool:
    """Whether the actor coordinates the client of this log (their plan, or the client's caseload)."""
    plan = delivery.planned_service.plan
    return actor.user.pk in (plan.coordinator_id, delivery.client.coordinator_id)


def coordinated_by(actor: Actor, deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    """The logs of ``deliveries`` the actor coordinates the client of: ``is_coordinator_of`` as a filter (the
    plan's coordinator, or the client's), in the actor's centre."""
    return deliveries.filter(centre_id=actor.centre_id).filter(
        Q(planned_service__plan__coordinator_id=actor.user.pk) | Q(client__coordinator_id=actor.user.pk)
    )


# --- what is left to check: the logs of a statement or a selection by their state --------------------------------

# A statement's logs by their state: confirmed, unconfirmed (logged), flagged (awaiting review), disputed.
LOG_COUNT_FILTERS: dict[str, Q] = {
    "confirmed": Q(status=DeliveryStatus.CONFIRMED),
    "unconfirmed": Q(status=DeliveryStatus.LOGGED),
    "flagged": Q(flagged=True),
    "disputed": Q(status=DeliveryStatus.DISPUTED),
}


@dataclass(frozen=True)
class LogCounts:
    confirmed: int
    unconfirmed: int
    flagged: int
    disputed: int

    @property
    def need_review(self) -> bool:
        """Whether some logs are disputed or flagged: approving the statement then needs a reason."""
        return bool(self.disputed or self.flagged)


def statement_log_counts(statement: MonthlyStatement) -> LogCounts:
    """The statement's logs by state (``with_month_figures``, read now if not yet)."""
    with_month_figures([statement])
    return LogCounts(**{name: getattr(statement, f"logs_{name}") for name in LOG_COUNT_FILTERS})


@dataclass(frozen=True)
class SelectionCounts:
    """A selection of logs to confirm at once: ``matched`` are its logs not confirmed yet, of which ``flagged``
    (logged, flagged: each needs its own reason) and ``disputed`` stay for the coordinator; the rest are
    ``confirmable``."""

    matched: int
    flagged: int
    disputed: int

    @property
    def confirmable(self) -> int:
        return self.matched - self.flagged - self.disputed


def selection_counts(deliveries: QuerySet[Delivery]) -> SelectionCounts:
    """``deliveries`` (already narrowed to what may be confirmed) counted for a confirmation at once: one query."""
    found = deliveries.aggregate(
        matched=Count("pk"),
        flagged=Count("pk", filter=Q(status=DeliveryStatus.LOGGED, flagged=True)),
        disputed=Count("pk", filter=Q(status=DeliveryStatus.DISPUTED)),
    )
    return SelectionCounts(**found)


# --- a planned service's progress: planned against delivered, per month ---------------------------


@dataclass(frozen=True)
class Figures:
    planned: Decimal
    delivered: Decimal

    @property
    def gap(self) -> Decimal:
        """What is still owed."""
        return self.planned - self.delivered


@dataclass(frozen=True)
class MonthProgress(Figures):
    month: dt.date


def _months(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    month = dates.first_of_month(start)
    while month <= end:
        yield month
        month = dates.add_months(month, 1)


def service_progress(service: PlannedService, *, today: dt.date) -> list[MonthProgress]:
    """Per month of the service's period up to the current month: units planned and delivered (one query)."""
    last_day = min(service.end_date or today, dates.last_of_month(today))
    if service.start_date > last_day:
        return []
    money = DecimalField(max_digits=14, decimal_places=2)
    delivered: dict[dt.date, Decimal] = {
        row["month"]: row["units"]
        for row in Delivery.objects.in_force().filter(
            planned_service=service,
            outcome=Outcome.DELIVERED,
            date__gte=dates.first_of_month(service.start_date),
            date__lte=dates.last_of_month(last_day),
        )
        .annotate(month=TruncMonth("date", output_field=DateField()))
        .values("month")
        .annotate(units=Sum("units", output_field=money))
        .order_by("month")
    }
    return [
        MonthProgress(
            month=month,
            planned=planned_units(
                units=service.units,
                per=service.per,
                start=service.start_date,
                end=service.end_date,
                window_start=month,
                window_end=dates.last_of_month(month),
            ),
            delivered=Decimal(delivered.get(month, ZERO)).quantize(ZERO),
        )
        for month in _months(service.start_date, last_day)
    ]


@dataclass(frozen=True)
class ServiceProgress:
    planned_service: UUID
    unit: str
    months: list[MonthProgress]
    total: Figures


def progress_of(service: PlannedService, actor: Actor) -> ServiceProgress:
    """The service's progress up to this month where the centre is, with the totals."""
    months = service_progress(service, today=dates.centre_today(actor.centre))
    return ServiceProgress(
        planned_service=service.pk,
        unit=service.service_type.unit,
        months=months,
        total=Figures(
            planned=sum((row.planned for row in months), Decimal(0)),
            delivered=sum((row.delivered for row in months), Decimal(0)),
        ),
    )


# --- contract lines' running totals, recomputed from the logs -----------------------------------------------


@dataclass(frozen=True)
class LineTotals:
    units_delivered: Decimal
    units_confirmed: Decimal
    amount_spent: Decimal


def line_totals_from_logs(line_ids: list[UUID] | None = None) -> dict[UUID, LineTotals]:
    """What each contract line's running totals must be: the sums of its logs in force with the outcome
    "delivered" (lines without such logs are left out). One aggregate query; for reconciliation, not requests."""
    logs = Delivery.objects.in_force().filter(outcome=Outcome.DELIVERED)
    if line_ids is not None:
        logs = logs.filter(contract_line__in=line_ids)
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = logs.values("contract_line").annotate(
        delivered=Coalesce(Sum("units"), Value(ZERO), output_field=money),
        confirmed=Coalesce(Sum("units", filter=Q(status="confirmed")), Value(ZERO), output_field=money),
        spent=Coalesce(Sum("cost"), Value(ZERO), output_field=money),
    )
    return {
        row["contract_line"]: LineTotals(Decimal(row["delivered"]), Decimal(row["confirmed"]), Decimal(row["spent"]))
        for row in rows
    }


# --- months' rollups (DeliveryMonthTotal), recomputed from the logs ---------------------------------------------

MonthKey = tuple[UUID, UUID, UUID, dt.date]  # centre, contract line, service type, month
ROLLUP_FIELDS = ("units", "cost", "minutes", "untimed_units", "logs")


def month_totals_from_logs(line_ids: list[UUID] | None = None) -> dict[MonthKey, tuple[Any, ...]]:
    """What each month's rollup must hold (``ROLLUP_FIELDS``): the in-force logs with the outcome "delivered"
    summed per contract line, service type and month. One aggregate query; for reconciliation, not requests."""
    logs = Delivery.objects.in_force().filter(outcome=Outcome.DELIVERED)
    if line_ids is not None:
        logs = logs.filter(contract_line__in=line_ids)
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = (
        logs.annotate(month=TruncMonth("date", output_field=DateField()))
        .values("centre", "contract_line", "service_type", "month")
        .annotate(
            t_units=Coalesce(Sum("units"), Value(ZERO), output_field=money),
            t_cost=Coalesce(Sum("cost"), Value(ZERO), output_field=money),
            t_minutes=Coalesce(Sum("duration_minutes"), Value(0), output_field=IntegerField()),
            t_untimed=Coalesce(Sum("units", filter=Q(duration_minutes__isnull=True)), Value(ZERO), output_field=money),
            t_logs=Count("pk"),
        )
        .order_by()
    )
    return {
        (row["centre"], row["contract_line"], row["service_type"], _as_date(row["month"])): (
            Decimal(row["t_units"]), Decimal(row["t_cost"]), int(row["t_minutes"]), Decimal(row["t_untimed"]),
            int(row["t_logs"]),
        )
        for row in rows
    }


def kept_month_totals(line_ids: list[UUID] | None = None) -> dict[MonthKey, tuple[Any, ...]]:
    """The rollups as kept (rows that hold nothing are left out: a month whose logs were all taken away)."""
    rows = DeliveryMonthTotal.objects.all()
    if line_ids is not None:
        rows = rows.filter(contract_line__in=line_ids)
    found = {}
    for row in rows.values_list("centre", "contract_line", "service_type", "month", *ROLLUP_FIELDS):
        if any(row[4:]):
            found[(row[0], row[1], row[2], row[3])] = (
                Decimal(row[4]), Decimal(row[5]), int(row[6]), Decimal(row[7]), int(row[8])
            )
    return found


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
