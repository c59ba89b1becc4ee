"""The figures of a centre's monthly funder report (``shape.ReportData``), computed from the records.

Every figure is reproducible: it counts only rows created up to the report's cut-off (``created_at <=
cut_off_at``), and an event with a time stamp (a plan activated or closed, volunteer hours verified, a planned
service assigned) only when it happened up to the cut-off. Days are the centre's: time stamps are compared
with the month's bounds in the centre's time zone. The rules, figure by figure:

- **participants** come from the ESF+ participation snapshots (``clients.Participation``), never from today's
  client record: *new* entered in the month, *active* were in the project on any day of the month, *leaving*
  left in the month, *cumulative* entered from the project's start to the month's end. Labour-market status:
  unemployed includes the long-term unemployed, employed the self-employed, inactive those in education
  (ESF+ counts students as inactive); age is the age at entry. A participation is counted once per project;
  the centre's total adds up the projects. *Results* count the leavers' exit snapshot; the longer-term
  follow-up counts those who left six months before the month.
- **services**, per service type: *delivered* sums the in-force logs (a log superseded by a correcting entry
  recorded up to the cut-off is replaced by it) dated in the month with the outcome "delivered"; *planned*
  spreads the planned services (not cancelled) of plans activated up to the cut-off over the month
  (``plans.schedule.planned_units``); *contracted* sums the monthly capacity of the lines of contracts
  (not drafts) running in the month.
- **contracts**: each line of those contracts, with the month's and the to-date (contract start to month end)
  delivered units and amount spent, against its budget.
- **volunteers**: verified hours dated in the month; in-kind value at each activity type's hourly rate.
- **plans**: activated, reviewed (reviews dated in the month) and closed in the month, goals marked achieved
  in a review of the month, plans in effect at the month's end.
- **waiting list** at the month's end: planned services waiting for a provider since the month's end or
  before, not assigned by then, of plans neither cancelled nor closed by then; the median wait in days.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any, cast

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from cus.catalogue.models import ServiceType
from cus.clients.models import Participation
from cus.contracts.models import ContractLine, ContractStatus, FundingSource
from cus.core.dates import add_months, first_of_month, last_of_month, month_bounds
from cus.core.models import Centre
from cus.core.schedule import planned_units
from cus.deliveries.models import Delivery, DeliveryMonthTotal, Outcome
from cus.plans.models import (
    GoalProgress,
    GoalStatus,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
    Review,
)
from cus.volunteers.models import HoursStatus, VolunteerHours

from .pseudonyms import centre_key, pseudonym
from .shape import (
    Breakdown,
    ByGender,
    CentreHeader,
    ContractLineRow,
    ParticipantRow,
    Participants,
    PlanFigures,
    ProjectFigures,
    ReportData,
    Results,
    ServiceRow,
    VolunteerFigures,
    WaitingList,
)

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal(0)
SEXES = ("female", "male", "other")


# --- formatting ------------------------------------------------------------------------------------------


def money(value: Decimal | int | None) -> str:
    return str(Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP))


def hours(minutes: int | None) -> str:
    return money(Decimal(minutes or 0) / 60)


def percent(part: Decimal, whole: Decimal) -> str:
    if whole <= 0:
        return ""
    return str((part * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP))


# --- participants ----------------------------------------------------------------------------------------

Snapshot = Mapping[str, Any]

INDICATORS: dict[str, Callable[[Snapshot], bool]] = {
    "total": lambda p: True,
    "unemployed": lambda p: p["entry_labour_market_status"] in ("unemployed", "long_term_unemployed"),
    "long_term_unemployed": lambda p: p["entry_labour_market_status"] == "long_term_unemployed",
    "inactive": lambda p: p["entry_labour_market_status"] in ("inactive", "in_education"),
    "employed": lambda p: p["entry_labour_market_status"] in ("employed", "self_employed"),
    "age_below_18": lambda p: p["entry_age"] < 18,
    "age_18_29": lambda p: 18 <= p["entry_age"] <= 29,
    "age_30_54": lambda p: 30 <= p["entry_age"] <= 54,
    "age_55_plus": lambda p: p["entry_age"] >= 55,
    "isced_0_2": lambda p: p["entry_education_level"] == "isced_0_2",
    "isced_3_4": lambda p: p["entry_education_level"] == "isced_3_4",
    "isced_5_8": lambda p: p["entry_education_level"] == "isced_5_8",
    "with_disabilities": lambda p: p["entry_has_disability"] is True,
    "third_country_nationals": lambda p: p["entry_third_country_national"] is True,
    "foreign_background": lambda p: p["entry_foreign_background"] is True,
    "minorities": lambda p: p["entry_minority"] is True,
    "homeless_or_housing_exclusion": lambda p: p["entry_homeless_or_housing_exclusion"] is True,
    "rural_areas": lambda p: p["entry_rural_area"] is True,
}

RESULTS: dict[str, str] = {
    "job_searching": "exit_job_searching",
    "in_education_or_training": "exit_in_education_or_training",
    "gained_qualification": "exit_gained_qualification",
    "in_employment": "exit_in_employment",
}
FOLLOWUPS: dict[str, str] = {
    "followup_in_employment": "followup_in_employment",
    "followup_improved_situation": "followup_improved_situation",
}

SNAPSHOT_FIELDS = (
    "id", "client_id", "funding_source_id", "entry_date", "exit_date", "exit_reason", "entry_age", "entry_sex",
    "entry_labour_market_status", "entry_education_level", "entry_has_disability", "entry_third_country_national",
    "entry_foreign_background", "entry_minority", "entry_homeless_or_housing_exclusion", "entry_rural_area",
    *RESULTS.values(), *FOLLOWUPS.values(),
)


def _by_gender() -> ByGender:
    return {"female": 0, "male": 0, "other": 0, "total": 0}


def _count(figure: ByGender, snapshot: Snapshot) -> None:
    sex = snapshot["entry_sex"] if snapshot["entry_sex"] in SEXES else "other"
    figure[sex] += 1  # type: ignore[literal-required]
    figure["total"] += 1


def breakdown(snapshots: Iterable[Snapshot]) -> Breakdown:
    """The ESF+ common output indicators of ``snapshots``, each by gender at entry."""
    figures = {name: _by_gender() for name in INDICATORS}
    for snapshot in snapshots:
        for name, applies in INDICATORS.items():
            if applies(snapshot):
                _count(figures[name], snapshot)
    return cast(Breakdown, figures)


def results(leaving: Iterable[Snapshot], followed_up: Iterable[Snapshot]) -> Results:
    figures = {name: _by_gender() for name in (*RESULTS, *FOLLOWUPS)}
    for snapshot in leaving:
        for name, field in RESULTS.items():
            if snapshot[field] is True:
                _count(figures[name], snapshot)
    for snapshot in followed_up:
        for name, field in FOLLOWUPS.items():
            if snapshot[field] is True:
                _count(figures[name], snapshot)
    return cast(Results, figures)


def participants_of(snapshots: list[Snapshot], start: dt.date, end: dt.date) -> Participants:
    """Participants of the month ``start`` to ``end`` among ``snapshots`` (those entered up to ``end``)."""
    followup_start = add_months(start, -6)
    followup_end = last_of_month(followup_start)
    cumulative = [p for p in snapshots if p["entry_date"] <= end]
    return {
        "new": breakdown(p for p in cumulative if p["entry_date"] >= start),
        "active": breakdown(p for p in cumulative if p["exit_date"] is None or p["exit_date"] >= start),
        "leaving": breakdown(p for p in cumulative if p["exit_date"] is not None and start <= p["exit_date"] <= end),
        "cumulative": breakdown(cumulative),
        "results": results(
            (p for p in cumulative if p["exit_date"] is not None and start <= p["exit_date"] <= end),
            (p for p in cumulative if p["exit_date"] is not None and followup_start <= p["exit_date"] <= followup_end),
        ),
    }


def _snapshots(centre: Centre, end: dt.date, cut_off: dt.datetime) -> list[Snapshot]:
    return list(
        Participation.objects.filter(centre=centre, created_at__lte=cut_off, entry_date__lte=end)
        .order_by("entry_date", "id")
        .values(*SNAPSHOT_FIELDS)
    )


def _participant_rows(
    centre: Centre, snapshots: list[Snapshot], start: dt.date, codes: Mapping[Any, str]
) -> list[ParticipantRow]:
    key = centre_key(centre)
    return [
        {
            "pseudonym": pseudonym(key=key, client_id=p["client_id"]),
            "project_code": codes[p["funding_source_id"]],
            "entry_date": p["entry_date"].isoformat(),
            "exit_date": p["exit_date"].isoformat() if p["exit_date"] else "",
            "exit_reason": p["exit_reason"] if p["exit_date"] else "",
            "sex": p["entry_sex"],
            "age_at_entry": p["entry_age"],
            "labour_market_status": p["entry_labour_market_status"],
            "education_level": p["entry_education_level"],
            "with_disabilities": p["entry_has_disability"],
            "third_country_national": p["entry_third_country_national"],
            "foreign_background": p["entry_foreign_background"],
            "minority": p["entry_minority"],
            "homeless_or_housing_exclusion": p["entry_homeless_or_housing_exclusion"],
            "rural_area": p["entry_rural_area"],
            "job_searching": p["exit_job_searching"],
            "in_education_or_training": p["exit_in_education_or_training"],
            "gained_qualification": p["exit_gained_qualification"],
            "in_employment": p["exit_in_employment"],
            "followup_in_employment": p["followup_in_employment"],
            "followup_improved_situation": p["followup_improved_situation"],
        }
        for p in snapshots
        if p["exit_date"] is None or p["exit_date"] >= start
    ]


# --- services and contracts ---------------------------------------------------------------------------------


def in_force_deliveries(centre: Centre, cut_off: dt.datetime) -> Any:
    """Delivered logs recorded up to the cut-off, less those superseded by a correction recorded by then."""
    superseded = Delivery.objects.filter(corrects=OuterRef("pk"), created_at__lte=cut_off)
    return Delivery.objects.filter(centre=centre, created_at__lte=cut_off, outcome=Outcome.DELIVERED).exclude(
        Exists(superseded)
    )


def _reported_lines(centre: Centre, start: dt.date, end: dt.date, cut_off: dt.datetime) -> list[ContractLine]:
    return list(
        ContractLine.objects.filter(
            centre=centre,
            created_at__lte=cut_off,
            contract__created_at__lte=cut_off,
            contract__start_date__lte=end,
            contract__end_date__gte=start,
        )
        .exclude(contract__status=ContractStatus.DRAFT)
        .select_related("contract__provider", "service_type", "funding_source")
        .order_by("contract__number", "service_type__sort_order", "service_type__code", "funding_source__name")
    )


def type_name(service_type: ServiceType, language: str) -> str:
    return str(getattr(service_type, f"name_{language}", "") or service_type.name_en)


def _services(
    centre: Centre, start: dt.date, end: dt.date, cut_off: dt.datetime, lines: list[ContractLine]
) -> list[ServiceRow]:
    # A log flagged as unusual (cus.deliveries.flags) is counted apart until the coordinator resolves it.
    flagged = ~Q(flags=[]) & (Q(flags_resolved_at__isnull=True) | Q(flags_resolved_at__gt=cut_off))
    delivered = {
        row["service_type"]: row
        for row in in_force_deliveries(centre, cut_off)
        .filter(date__gte=start, date__lte=end)
        .values("service_type")
        .annotate(
            delivered_units=Sum("units", filter=~flagged),
            minutes=Coalesce(Sum("duration_minutes", filter=~flagged), Value(0, output_field=IntegerField())),
            clients=Count("client", distinct=True, filter=~flagged),
            spent=Sum("cost", filter=~flagged),
            flagged_units=Sum("units", filter=flagged),
            flagged_logs=Count("pk", filter=flagged),
        )
        .order_by()
    }
    planned: dict[Any, Decimal] = defaultdict(Decimal)
    services = (
        PlannedService.objects.filter(
            centre=centre,
            created_at__lte=cut_off,
            plan__activated_at__isnull=False,
            plan__activated_at__lte=cut_off,
            start_date__lte=end,
        )
        .exclude(status=PlannedServiceStatus.CANCELLED)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start) | Q(per="total"))
        .values_list("service_type_id", "units", "per", "start_date", "end_date")
    )
    for type_id, units, per, service_start, service_end in services:
        planned[type_id] += planned_units(
            units=units, per=per, start=service_start, end=service_end, window_start=start, window_end=end
        )
    contracted: dict[Any, Decimal] = {}
    for line in lines:
        if line.monthly_capacity is not None:
            contracted[line.service_type_id] = contracted.get(line.service_type_id, ZERO) + line.monthly_capacity
    type_ids = set(delivered) | {type_id for type_id, units in planned.items() if units} | set(contracted)
    rows: list[ServiceRow] = []
    for service_type in ServiceType.objects.filter(pk__in=type_ids).order_by("sort_order", "code"):
        found = delivered.get(service_type.pk, {})
        rows.append(
            {
                "service_type": service_type.code,
                "name": type_name(service_type, centre.language),
                "unit": service_type.unit,
                "units_planned": money(planned.get(service_type.pk, ZERO)),
                "units_contracted": money(contracted[service_type.pk]) if service_type.pk in contracted else "",
                "units_delivered": money(found.get("delivered_units")),
                "hours": hours(found.get("minutes")),
                "clients": found.get("clients", 0),
                "cost": money(found.get("spent")),
                # Empty when none: reports made before flags compare equal.
                "logs_flagged": str(found["flagged_logs"]) if found.get("flagged_logs") else "",
                "units_flagged": money(found.get("flagged_units")) if found.get("flagged_logs") else "",
            }
        )
    return rows


def _rollup_window(line: ContractLine, start: dt.date) -> tuple[dt.date, dt.date] | None:
    """The whole months of a line's to-date spending read from the months' rollups: from the month after the
    contract's start month (that one may start mid-month) to the month before the report's; None when there is
    no such month. The rest (the start month from the contract's first day, the report's month) is summed from
    the logs."""
    first = add_months(first_of_month(line.contract.start_date), 1)
    last = add_months(start, -1)
    return (first, last) if first <= last else None


def _by_range(ranges: dict[Any, tuple[dt.date, dt.date]]) -> dict[tuple[dt.date, dt.date], list[Any]]:
    """The lines of each distinct date range: one condition per range (the lines' contracts mostly share their
    periods), not one per line, which PostgreSQL checks one by one for every log it reads (a city's 600 lines
    made the month's report take 40 s)."""
    lines: dict[tuple[dt.date, dt.date], list[Any]] = defaultdict(list)
    for line_id, period in ranges.items():
        lines[period].append(line_id)
    return lines


def _spent_from_rollups(
    centre: Centre, lines: list[ContractLine], windows: dict[Any, tuple[dt.date, dt.date]], cut_off: dt.datetime
) -> dict[Any, Decimal]:
    """Each line's cost of the delivered logs in force dated in its rollup window, as recorded up to the cut-off:
    the rollups (every log in force now) less the logs in force now recorded after the cut-off, plus the logs
    recorded by then that a correction recorded after the cut-off superseded. Both sets are read through the
    index on (centre, created_at): a report run now finds them empty."""
    if not windows:
        return {}
    spent: dict[Any, Decimal] = defaultdict(Decimal)
    same_window = _by_range(windows)
    in_window = reduce(
        or_, (Q(contract_line__in=ids, month__gte=first, month__lte=last) for (first, last), ids in same_window.items())
    )
    for row in (
        DeliveryMonthTotal.objects.filter(centre=centre).filter(in_window).values("contract_line")
        .annotate(cost=Sum("cost")).order_by()
    ):
        spent[row["contract_line"]] += Decimal(row["cost"] or 0)
    dated = reduce(
        or_,
        (
            Q(contract_line__in=ids, date__gte=first, date__lte=last_of_month(last))
            for (first, last), ids in same_window.items()
        ),
    )
    later = Delivery.objects.filter(centre=centre, created_at__gt=cut_off)
    # In force now (in the rollups) but recorded after the cut-off: not in the report.
    for row in (
        later.filter(dated, outcome=Outcome.DELIVERED).exclude(Exists(Delivery.objects.filter(corrects=OuterRef("pk"))))
        .values("contract_line").annotate(cost=Sum("cost")).order_by()
    ):
        spent[row["contract_line"]] -= Decimal(row["cost"] or 0)
    # Recorded by the cut-off and superseded since (out of the rollups): in the report, unless a correction recorded
    # by the cut-off had already superseded it.
    superseded_since = later.filter(corrects__isnull=False).values("corrects")
    for row in (
        Delivery.objects.filter(pk__in=superseded_since, created_at__lte=cut_off, outcome=Outcome.DELIVERED)
        .filter(dated)
        .exclude(Exists(Delivery.objects.filter(corrects=OuterRef("pk"), created_at__lte=cut_off)))
        .values("contract_line").annotate(cost=Sum("cost")).order_by()
    ):
        spent[row["contract_line"]] += Decimal(row["cost"] or 0)
    return spent


def _contracts(
    centre: Centre, start: dt.date, end: dt.date, cut_off: dt.datetime, lines: list[ContractLine]
) -> list[ContractLineRow]:
    """Each line's month and to-date figures. The to-date spending reads the months' rollups for the whole months
    between the contract's start month and the report's month (``_rollup_window``), and sums the logs of the
    rest: two short date ranges per line, whatever the contract's age."""
    in_month = Q(date__gte=start, date__lte=end)
    windows = {line.pk: window for line in lines if (window := _rollup_window(line, start)) is not None}
    before_window = _by_range({
        line.pk: (line.contract.start_date, windows[line.pk][0] if line.pk in windows else start) for line in lines
    })
    raw_ranges = [in_month & Q(contract_line__in=[line.pk for line in lines])] + [
        Q(contract_line__in=ids, date__gte=first, date__lt=until) for (first, until), ids in before_window.items()
    ]
    usage = {
        row["contract_line"]: row
        for row in in_force_deliveries(centre, cut_off)
        .filter(reduce(or_, raw_ranges), date__lte=end, date__gte=F("contract_line__contract__start_date"))
        .values("contract_line")
        .annotate(
            month_units=Sum("units", filter=in_month),
            month_spent=Sum("cost", filter=in_month),
            spent=Sum("cost"),
        )
        .order_by()
    } if lines else {}
    earlier = _spent_from_rollups(centre, lines, windows, cut_off)
    rows: list[ContractLineRow] = []
    for line in lines:
        found = usage.get(line.pk, {})
        spent = Decimal(found.get("spent") or 0) + earlier.get(line.pk, ZERO)
        rows.append(
            {
                "contract_id": str(line.contract_id),
                "contract_number": line.contract.number,
                "provider": line.contract.provider.name,
                "service_type": line.service_type.code,
                "funding_source": line.funding_source.name,
                "unit_price": money(line.unit_price),
                "budget": "" if line.budget is None else money(line.budget),
                "units_delivered_month": money(found.get("month_units")),
                "amount_spent_month": money(found.get("month_spent")),
                "amount_spent_to_date": money(spent),
                "amount_remaining": "" if line.budget is None else money(line.budget - spent),
                "budget_used_percent": "" if line.budget is None else percent(spent, line.budget),
            }
        )
    return rows


# --- volunteers, plans, waiting list ------------------------------------------------------------------------


def _volunteers(centre: Centre, start: dt.date, end: dt.date, cut_off: dt.datetime) -> VolunteerFigures:
    verified = VolunteerHours.objects.filter(
        centre=centre,
        created_at__lte=cut_off,
        date__gte=start,
        date__lte=end,
        status=HoursStatus.VERIFIED,
        verified_at__lte=cut_off,
    )
    by_type = verified.values("activity_type__hourly_rate").annotate(total=Sum("minutes")).order_by()
    value = sum((Decimal(row["total"]) * row["activity_type__hourly_rate"] for row in by_type), ZERO) / 60
    totals = verified.aggregate(volunteers=Count("volunteer", distinct=True), minutes=Sum("minutes"))
    minutes = totals["minutes"] or 0
    return {
        "volunteers": totals["volunteers"],
        "minutes": minutes,
        "hours": hours(minutes),
        "in_kind_value": money(value),
    }


def _plans(centre: Centre, start: dt.date, end: dt.date, cut_off: dt.datetime) -> PlanFigures:
    month_start, next_month = month_bounds(centre, start)
    plans = Plan.objects.filter(centre=centre, created_at__lte=cut_off)
    activated = plans.filter(activated_at__isnull=False, activated_at__lte=cut_off)
    closed_by_cut_off = Q(status=PlanStatus.CLOSED, closed_at__lte=cut_off)
    counts = activated.aggregate(
        opened=Count("id", filter=Q(activated_at__gte=month_start, activated_at__lt=next_month)),
        closed=Count("id", filter=closed_by_cut_off & Q(closed_at__gte=month_start, closed_at__lt=next_month)),
        active_at_month_end=Count(
            "id", filter=Q(activated_at__lt=next_month) & ~(closed_by_cut_off & Q(closed_at__lt=next_month))
        ),
    )
    reviews = Review.objects.filter(centre=centre, created_at__lte=cut_off, date__gte=start, date__lte=end)
    achieved = (
        GoalProgress.objects.filter(
            review__in=reviews, created_at__lte=cut_off, status=GoalStatus.ACHIEVED
        )
        .values("goal")
        .distinct()
        .count()
    )
    return {
        "opened": counts["opened"],
        "reviewed": reviews.count(),
        "closed": counts["closed"],
        "goals_achieved": achieved,
        "active_at_month_end": counts["active_at_month_end"],
    }


def _waiting_list(centre: Centre, end: dt.date, cut_off: dt.datetime) -> WaitingList:
    _, next_month = month_bounds(centre, end)
    waiting = (
        PlannedService.objects.filter(centre=centre, created_at__lte=cut_off, waiting_since__lte=end)
        .exclude(status=PlannedServiceStatus.CANCELLED)
        .exclude(plan__status=PlanStatus.CANCELLED)
        .exclude(assigned_at__lt=next_month, assigned_at__lte=cut_off)
        .exclude(plan__status=PlanStatus.CLOSED, plan__closed_at__lt=next_month, plan__closed_at__lte=cut_off)
        .values_list("plan__client_id", "waiting_since")
    )
    rows = list(waiting)
    days = [(end - since).days for _, since in rows if since is not None]
    return {
        "count": len(rows),
        "clients": len({client for client, _ in rows}),
        "median_wait_days": str(Decimal(str(statistics.median(days))).quantize(TENTH)) if days else "",
    }


# --- the report ------------------------------------------------------------------------------------------------


def centre_header(centre: Centre) -> CentreHeader:
    return {
        "name": centre.name,
        "code": centre.code,
        "municipality": centre.municipality,
        "country": centre.country,
        "language": centre.language,
        "currency": centre.currency,
        "timezone": centre.timezone,
    }


def compute(*, centre: Centre, month: dt.date, cut_off_at: dt.datetime, version: int = 0) -> ReportData:
    """The month's figures as recorded up to ``cut_off_at`` (``changes_since_close`` is left empty here)."""
    start, end = first_of_month(month), last_of_month(month)
    snapshots = _snapshots(centre, end, cut_off_at)
    source_ids = {p["funding_source_id"] for p in snapshots}
    sources = {source.pk: source for source in FundingSource.objects.filter(pk__in=source_ids)}
    projects: list[ProjectFigures] = []
    for source in sorted(sources.values(), key=lambda s: (s.project_code, s.name, str(s.pk))):
        own = [p for p in snapshots if p["funding_source_id"] == source.pk]
        projects.append(
            {
                "funding_source_id": str(source.pk),
                "name": source.name,
                "project_code": source.project_code,
                "funder": source.funder,
                "participants": participants_of(own, start, end),
            }
        )
    lines = _reported_lines(centre, start, end, cut_off_at)
    return {
        "centre": centre_header(centre),
        "month": f"{start:%Y-%m}",
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "cut_off_at": cut_off_at.isoformat(),
        "version": version,
        "funder_header": {
            "beneficiary": centre.name,
            "projects": ", ".join(p["project_code"] or p["name"] for p in projects),
            "funders": ", ".join(sorted({p["funder"] for p in projects if p["funder"]})),
        },
        "projects": projects,
        "participants": participants_of(snapshots, start, end),
        "services": _services(centre, start, end, cut_off_at, lines),
        "contracts": _contracts(centre, start, end, cut_off_at, lines),
        "volunteers": _volunteers(centre, start, end, cut_off_at),
        "plans": _plans(centre, start, end, cut_off_at),
        "waiting_list": _waiting_list(centre, end, cut_off_at),
        "changes_since_close": [],
        "participant_rows": _participant_rows(
            centre, snapshots, start, {s.pk: s.project_code or s.name for s in sources.values()}
        ),
    }


# --- changes since a month was closed ----------------------------------------------------------------------------

NOT_COMPARED = {"centre", "cut_off_at", "version", "changes_since_close", "participant_rows", "funder_header"}
LIST_KEYS = {
    "projects": lambda row: row["project_code"] or row["funding_source_id"],
    "services": lambda row: row["service_type"],
    "contracts": lambda row: f"{row['contract_number']}/{row['service_type']}/{row['funding_source']}",
}


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """The figures as ``{"dotted.path": "value"}``; rows of lists are keyed by what identifies them."""
    flat: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            if not prefix and key in NOT_COMPARED:
                continue
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(item, list) and key in LIST_KEYS:
                for row in item:
                    flat.update(flatten(row, f"{path}.{LIST_KEYS[key](row)}"))
            else:
                flat.update(flatten(item, path))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{prefix}.{index}"))
    else:
        flat[prefix] = "" if value is None else str(value)
    return flat


def differences(month: str, was: Mapping[str, Any], now: Mapping[str, Any]) -> list[dict[str, str]]:
    """The figures that differ between two reports of the same month (a row gone or new reads as "")."""
    before, after = flatten(dict(was)), flatten(dict(now))
    return [
        {"month": month, "path": path, "was": before.get(path, ""), "now": after.get(path, "")}
        for path in sorted(set(before) | set(after))
        if before.get(path, "") != after.get(path, "")
    ]
