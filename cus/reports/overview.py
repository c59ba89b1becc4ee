"""The manager's overview: the centre's last twelve months computed from the live records, not from report runs.

What a director looks at first: the caseload today (clients by status, per coordinator), plans opened and closed
and in effect at each month's end, the waiting list at each month's end with the median wait, planned against
delivered volume per service type per month, each running contract's budget burn month by month, and the
volunteers' verified hours. Only counts and sums, never a client's name or record: nothing here is a read of a
client's data for the access log.

The rules are the funder report's (``figures.py``), applied to today's records: *delivered* is the monthly rollup
of the in-force logs with the outcome "delivered" (``DeliveryMonthTotal``, so the cost does not grow with the
logs a centre ever made); *planned* spreads the planned services of activated plans over each month
(``cus.core.schedule.planned_units``); the waiting list at a month's end counts the planned services waiting since
then or before and not assigned by then, of plans neither cancelled nor closed by then. A fixed number of queries
whatever the centre's size (asserted in the tests); months are the centre's (its time zone).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Annotated, Any, TypedDict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cus.catalogue.models import ServiceType
from cus.clients.models import Client, ClientStatus
from cus.contracts.models import Contract, ContractStatus
from cus.contracts.selectors import line_value
from cus.core.dates import add_months, centre_today, first_of_month, last_of_month, month_bounds
from cus.core.models import Centre
from cus.core.schedule import planned_units
from cus.deliveries.models import DeliveryMonthTotal
from cus.plans.models import Plan, PlannedService, PlannedServiceStatus, PlanStatus
from cus.volunteers.models import HoursStatus, VolunteerHours

from .figures import hours, money, type_name
from .shape import Doc

MONTHS = 12
TENTH = Decimal("0.1")
ZERO = Decimal(0)


class OverviewMonth(TypedDict):
    """One month of the centre: plans, the waiting list at its end, volunteers' verified hours."""

    month: Annotated[str, Doc("YYYY-MM")]
    plans_opened: Annotated[int, Doc("Plans activated in the month.")]
    plans_closed: int
    plans_active: Annotated[int, Doc("Plans in effect at the month's end (today for the current month).")]
    waiting: Annotated[int, Doc("Planned services waiting for a provider at the month's end.")]
    waiting_clients: int
    median_wait_days: Annotated[str, Doc("Empty when nobody waits.")]
    volunteer_hours: Annotated[str, Doc("Verified volunteer hours dated in the month.")]


class CoordinatorLoad(TypedDict):
    coordinator: Annotated[str, Doc("The coordinator's name; empty for clients without one.")]
    clients: Annotated[int, Doc("Active and referred clients.")]


class Caseload(TypedDict):
    """Clients today."""

    referred: int
    active: int
    inactive: int
    closed: int
    without_coordinator: Annotated[int, Doc("Active or referred clients nobody coordinates.")]
    coordinators: list[CoordinatorLoad]


class VolumeMonth(TypedDict):
    month: str
    planned: Annotated[str, Doc("Units the activated plans' services plan for the month.")]
    delivered: Annotated[str, Doc("Units of the in-force delivered logs dated in the month.")]


class VolumeRow(TypedDict):
    """Planned against delivered units of one service type, month by month."""

    service_type: Annotated[str, Doc("The service type's code.")]
    name: Annotated[str, Doc("In the centre's language.")]
    unit: str
    months: list[VolumeMonth]


class BurnMonth(TypedDict):
    month: str
    spent: Annotated[str, Doc("Delivered cost dated in the month.")]
    spent_to_date: Annotated[str, Doc("From the contract's start to the month's end.")]


class ContractBurn(TypedDict):
    """A contract running in the last twelve months: its value, what it has cost so far, month by month."""

    contract_id: str
    number: str
    provider: str
    status: str
    start_date: str
    end_date: str
    value: Annotated[str, Doc("The most its lines can cost (budget or units × price); empty when unlimited.")]
    spent: Annotated[str, Doc("Delivered cost to date.")]
    used_percent: Annotated[str, Doc("Spent of the value; empty when the value is unlimited.")]
    elapsed_percent: Annotated[str, Doc("Of the contract's period, how much has passed (by today).")]
    months: list[BurnMonth]


class Overview(TypedDict):
    """The manager's home screen: the last twelve months of the centre, live."""

    computed_at: str
    currency: str
    first_month: Annotated[str, Doc("YYYY-MM, the oldest month shown")]
    last_month: Annotated[str, Doc("YYYY-MM, the current month (partial: up to today)")]
    caseload: Caseload
    months: list[OverviewMonth]
    volumes: list[VolumeRow]
    contracts: list[ContractBurn]


def _label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _caseload(centre: Centre) -> Caseload:
    clients = Client.objects.filter(centre=centre)
    counts = {
        row["status"]: row["n"] for row in clients.values("status").annotate(n=Count("id")).order_by()
    }
    open_cases = Q(status__in=[ClientStatus.ACTIVE, ClientStatus.REFERRED])
    per_coordinator = (
        clients.filter(open_cases)
        .values("coordinator", "coordinator__first_name", "coordinator__last_name", "coordinator__email")
        .annotate(n=Count("id"))
        .order_by("-n", "coordinator__last_name")
    )
    coordinators: list[CoordinatorLoad] = []
    without = 0
    for row in per_coordinator:
        if row["coordinator"] is None:
            without = row["n"]
            continue
        name = f"{row['coordinator__first_name']} {row['coordinator__last_name']}".strip()
        coordinators.append({"coordinator": name or row["coordinator__email"], "clients": row["n"]})
    return {
        "referred": counts.get(ClientStatus.REFERRED, 0),
        "active": counts.get(ClientStatus.ACTIVE, 0),
        "inactive": counts.get(ClientStatus.INACTIVE, 0),
        "closed": counts.get(ClientStatus.CLOSED, 0),
        "without_coordinator": without,
        "coordinators": coordinators,
    }


def _plan_counts(centre: Centre, months: list[dt.date]) -> dict[str, int]:
    """Opened, closed and in effect per month, in one query of filtered counts."""
    closed = Q(status=PlanStatus.CLOSED)
    counts: dict[str, Any] = {}
    for month in months:
        start, after = month_bounds(centre, month)
        key = _label(month).replace("-", "_")
        counts[f"opened_{key}"] = Count("id", filter=Q(activated_at__gte=start, activated_at__lt=after))
        counts[f"closed_{key}"] = Count("id", filter=closed & Q(closed_at__gte=start, closed_at__lt=after))
        counts[f"active_{key}"] = Count(
            "id", filter=Q(activated_at__lt=after) & ~(closed & Q(closed_at__lt=after))
        )
    return Plan.objects.filter(centre=centre, activated_at__isnull=False).aggregate(**counts)


def _waiting(centre: Centre, months: list[dt.date], today: dt.date) -> dict[str, tuple[int, int, str]]:
    """The waiting list at each month's end (today for this month): services, clients, the median wait."""
    first, last = months[0], months[-1]
    window_start, _ = month_bounds(centre, first)
    rows = list(
        PlannedService.objects.filter(centre=centre, waiting_since__isnull=False, waiting_since__lte=today)
        .exclude(status=PlannedServiceStatus.CANCELLED)
        .exclude(plan__status=PlanStatus.CANCELLED)
        .exclude(assigned_at__lt=window_start)
        .exclude(plan__status=PlanStatus.CLOSED, plan__closed_at__lt=window_start)
        .values_list("plan__client_id", "waiting_since", "assigned_at", "plan__status", "plan__closed_at")
    )
    result: dict[str, tuple[int, int, str]] = {}
    for month in months:
        end = min(last_of_month(month), today) if month == last else last_of_month(month)
        _, after = month_bounds(centre, month)
        waiting = [
            (client, since)
            for client, since, assigned_at, plan_status, closed_at in rows
            if since is not None and since <= end
            and (assigned_at is None or assigned_at >= after)
            and not (plan_status == PlanStatus.CLOSED and closed_at is not None and closed_at < after)
        ]
        days = [(end - since).days for _, since in waiting if since is not None]
        median = str(Decimal(str(statistics.median(days))).quantize(TENTH)) if days else ""
        result[_label(month)] = (len(waiting), len({client for client, _ in waiting}), median)
    return result


def _volunteer_minutes(centre: Centre, first: dt.date, today: dt.date) -> dict[str, int]:
    minutes: dict[str, int] = defaultdict(int)
    verified = VolunteerHours.objects.filter(
        centre=centre, status=HoursStatus.VERIFIED, date__gte=first, date__lte=today
    ).values_list("date", "minutes")
    # Grouped here rather than with a month truncation in SQL: SQLite and PostgreSQL agree, and a year of one
    # centre's verified hours is a few thousand small rows at city scale.
    for day, spent in verified:
        minutes[_label(day)] += spent
    return minutes


def _volumes(centre: Centre, months: list[dt.date], today: dt.date) -> list[VolumeRow]:
    first, last_day = months[0], last_of_month(months[-1])
    delivered: dict[tuple[Any, str], Decimal] = defaultdict(Decimal)
    for type_id, month, units in (
        DeliveryMonthTotal.objects.filter(centre=centre, month__gte=first, month__lte=months[-1])
        .values("service_type", "month")
        .annotate(units=Sum("units"))
        .values_list("service_type", "month", "units")
        .order_by()
    ):
        delivered[type_id, _label(month)] += units or ZERO
    planned: dict[tuple[Any, str], Decimal] = defaultdict(Decimal)
    services = (
        PlannedService.objects.filter(centre=centre, plan__activated_at__isnull=False, start_date__lte=last_day)
        .exclude(status=PlannedServiceStatus.CANCELLED)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first) | Q(per="total"))
        .values_list("service_type_id", "units", "per", "start_date", "end_date")
    )
    for type_id, units, per, start, end in services:
        for month in months:
            value = planned_units(
                units=units, per=per, start=start, end=end, window_start=month, window_end=last_of_month(month)
            )
            if value:
                planned[type_id, _label(month)] += value
    type_ids = {type_id for type_id, _ in delivered} | {type_id for type_id, _ in planned}
    rows: list[VolumeRow] = []
    for service_type in ServiceType.objects.filter(pk__in=type_ids).order_by("sort_order", "code"):
        rows.append(
            {
                "service_type": service_type.code,
                "name": type_name(service_type, centre.language),
                "unit": service_type.unit,
                "months": [
                    {
                        "month": _label(month),
                        "planned": money(planned.get((service_type.pk, _label(month)), ZERO)),
                        "delivered": money(delivered.get((service_type.pk, _label(month)), ZERO)),
                    }
                    for month in months
                ],
            }
        )
    return rows


def _percent(part: Decimal, whole: Decimal | None) -> str:
    if not whole:
        return ""
    return str((part * 100 / whole).quantize(TENTH))


def _spending(contract_ids: list[Any]) -> dict[Any, dict[dt.date, Decimal]]:
    """Delivered cost per contract, month by month, from the monthly rollups (one query)."""
    by_contract: dict[Any, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for contract_id, month, cost in (
        DeliveryMonthTotal.objects.filter(contract_line__contract__in=contract_ids)
        .values("contract_line__contract", "month")
        .annotate(cost=Sum("cost"))
        .values_list("contract_line__contract", "month", "cost")
        .order_by()
    ):
        by_contract[contract_id][month] += cost or ZERO
    return by_contract


def _burn(contract: Contract, months: list[dt.date], today: dt.date, by_month: dict[dt.date, Decimal]) -> ContractBurn:
    """``by_month``: the contract's delivered cost per month (all its months)."""
    values = [line_value(line) for line in contract.lines.all()]
    value = None if not values or any(v is None for v in values) else sum((v for v in values if v), ZERO)
    running = sum((cost for month, cost in by_month.items() if months and month < months[0]), ZERO)
    series: list[BurnMonth] = []
    for month in months:
        running += by_month.get(month, ZERO)
        series.append({"month": _label(month), "spent": money(by_month.get(month, ZERO)), "spent_to_date": money(running)})
    spent = sum(by_month.values(), ZERO)
    days = (contract.end_date - contract.start_date).days + 1
    passed = min(max((today - contract.start_date).days + 1, 0), days)
    return {
        "contract_id": str(contract.pk),
        "number": contract.number,
        "provider": contract.provider.name,
        "status": contract.status,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "value": money(value) if value is not None else "",
        "spent": money(spent),
        "used_percent": _percent(spent, value),
        "elapsed_percent": _percent(Decimal(passed), Decimal(days)),
        "months": series,
    }


def _contracts(centre: Centre, months: list[dt.date], today: dt.date) -> list[ContractBurn]:
    contracts = list(
        Contract.objects.filter(centre=centre, end_date__gte=months[0], start_date__lte=today)
        .exclude(status=ContractStatus.DRAFT)
        .select_related("provider")
        .prefetch_related("lines")
        .order_by("provider__name", "number")
    )
    spending = _spending([c.pk for c in contracts])
    return [_burn(contract, months, today, spending.get(contract.pk, {})) for contract in contracts]


def contract_burn(contract: Contract) -> ContractBurn:
    """One contract's spending month by month over its whole period (up to this month), from the rollups."""
    today = centre_today(contract.centre)
    first, last = first_of_month(contract.start_date), first_of_month(min(contract.end_date, today))
    months: list[dt.date] = []
    while first <= last and len(months) < 120:
        months.append(first)
        first = add_months(first, 1)
    return _burn(contract, months, today, _spending([contract.pk]).get(contract.pk, {}))


def overview(centre: Centre) -> Overview:
    """The last twelve months of ``centre`` (the current one up to today), from the live records."""
    today = centre_today(centre)
    months = [add_months(first_of_month(today), offset) for offset in range(1 - MONTHS, 1)]
    plan_counts = _plan_counts(centre, months)
    waiting = _waiting(centre, months, today)
    volunteer_minutes = _volunteer_minutes(centre, months[0], today)
    month_rows: list[OverviewMonth] = []
    for month in months:
        key = _label(month)
        count, clients, median = waiting[key]
        alias = key.replace("-", "_")
        month_rows.append(
            {
                "month": key,
                "plans_opened": plan_counts[f"opened_{alias}"],
                "plans_closed": plan_counts[f"closed_{alias}"],
                "plans_active": plan_counts[f"active_{alias}"],
                "waiting": count,
                "waiting_clients": clients,
                "median_wait_days": median,
                "volunteer_hours": hours(volunteer_minutes.get(key, 0)),
            }
        )
    return {
        "computed_at": timezone.now().isoformat(),
        "currency": centre.currency,
        "first_month": _label(months[0]),
        "last_month": _label(months[-1]),
        "caseload": _caseload(centre),
        "months": month_rows,
        "volumes": _volumes(centre, months, today),
        "contracts": _contracts(centre, months, today),
    }
