"""The monthly report's figures recomputed independently: plain Python over whole-table dumps of raw rows.

Nothing here shares code with cus/reports/figures.py or the apps' selectors: every table is read in full
(``values()``, no filter, no aggregate) and each rule of the report (see figures' docstring) is written out
again by hand, so a mistake in the report's queries shows up as a difference.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps

Row = dict[str, Any]
CENT = Decimal("0.01")

TABLES = {
    "participations": "clients.Participation",
    "sources": "contracts.FundingSource",
    "deliveries": "deliveries.Delivery",
    "services": "plans.PlannedService",
    "plans": "plans.Plan",
    "reviews": "plans.Review",
    "progress": "plans.GoalProgress",
    "hours": "volunteers.VolunteerHours",
    "activity_types": "volunteers.ActivityType",
    "lines": "contracts.ContractLine",
    "contracts": "contracts.Contract",
    "providers": "catalogue.Provider",
    "types": "catalogue.ServiceType",
}


def dump() -> dict[str, list[Row]]:
    """Every row of every table the report reads."""
    return {name: list(apps.get_model(label).objects.order_by().values()) for name, label in TABLES.items()}


def cents(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def by_gender() -> dict[str, int]:
    return {"female": 0, "male": 0, "other": 0, "total": 0}


INDICATOR_NAMES = [
    "total", "unemployed", "long_term_unemployed", "inactive", "employed", "age_below_18", "age_18_29",
    "age_30_54", "age_55_plus", "isced_0_2", "isced_3_4", "isced_5_8", "with_disabilities",
    "third_country_nationals", "foreign_background", "minorities", "homeless_or_housing_exclusion", "rural_areas",
]
FLAG_INDICATORS = {
    "entry_has_disability": "with_disabilities",
    "entry_third_country_national": "third_country_nationals",
    "entry_foreign_background": "foreign_background",
    "entry_minority": "minorities",
    "entry_homeless_or_housing_exclusion": "homeless_or_housing_exclusion",
    "entry_rural_area": "rural_areas",
}


def indicators_of(p: Row) -> list[str]:
    found = ["total"]
    status = p["entry_labour_market_status"]
    if status == "unemployed":
        found.append("unemployed")
    elif status == "long_term_unemployed":
        found += ["unemployed", "long_term_unemployed"]
    elif status in ("inactive", "in_education"):
        found.append("inactive")
    elif status in ("employed", "self_employed"):
        found.append("employed")
    age = p["entry_age"]
    if age < 18:
        found.append("age_below_18")
    elif age < 30:
        found.append("age_18_29")
    elif age < 55:
        found.append("age_30_54")
    else:
        found.append("age_55_plus")
    if p["entry_education_level"]:
        found.append(p["entry_education_level"])
    found += [name for field, name in FLAG_INDICATORS.items() if p[field] is True]
    return found


def tally(rows: list[Row]) -> dict[str, dict[str, int]]:
    table = {name: by_gender() for name in INDICATOR_NAMES}
    for p in rows:
        sex = p["entry_sex"] if p["entry_sex"] in ("female", "male") else "other"
        for name in indicators_of(p):
            table[name][sex] += 1
            table[name]["total"] += 1
    return table


def tally_flags(rows: list[Row], flags: dict[str, str]) -> dict[str, dict[str, int]]:
    table = {name: by_gender() for name in flags}
    for p in rows:
        sex = p["entry_sex"] if p["entry_sex"] in ("female", "male") else "other"
        for name, field in flags.items():
            if p[field] is True:
                table[name][sex] += 1
                table[name]["total"] += 1
    return table


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_back(month: dt.date, n: int) -> dt.date:
    year, number = month.year, month.month - n
    while number < 1:
        number += 12
        year -= 1
    return dt.date(year, number, 1)


def participants(rows: list[Row], start: dt.date, end: dt.date) -> dict[str, Any]:
    upto = [p for p in rows if p["entry_date"] <= end]
    leavers = [p for p in upto if p["exit_date"] and start <= p["exit_date"] <= end]
    six_ago = months_back(start, 6)
    followed = [p for p in upto if p["exit_date"] and six_ago <= p["exit_date"] <= last_day(six_ago)]
    results = tally_flags(leavers, {
        "job_searching": "exit_job_searching",
        "in_education_or_training": "exit_in_education_or_training",
        "gained_qualification": "exit_gained_qualification",
        "in_employment": "exit_in_employment",
    })
    results.update(tally_flags(followed, {
        "followup_in_employment": "followup_in_employment",
        "followup_improved_situation": "followup_improved_situation",
    }))
    return {
        "new": tally([p for p in upto if p["entry_date"] >= start]),
        "active": tally([p for p in upto if not p["exit_date"] or p["exit_date"] >= start]),
        "leaving": tally(leavers),
        "cumulative": tally(upto),
        "results": results,
    }


def planned_in(service: Row, start: dt.date, end: dt.date) -> Decimal:
    """Units a planned service plans in the month: per week and per month spread by day, a total over its period."""
    units, per, first, last = service["units"], service["per"], service["start_date"], service["end_date"]
    if per == "total" and last is None:
        return units if start <= first <= end else Decimal(0)
    lo, hi = max(first, start), min(last or end, end)
    if hi < lo:
        return Decimal(0)
    days = (hi - lo).days + 1
    if per == "week":
        value = units * days / 7
    elif per == "month":
        value = units * days / calendar.monthrange(start.year, start.month)[1]
    else:
        value = units * days / ((last - first).days + 1)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def expected_figures(t: dict[str, list[Row]], centre: Any, month: dt.date, cut: dt.datetime) -> dict[str, Any]:
    """The report's figures (without headers, participant rows and changes) from the dumped rows."""
    tz = ZoneInfo(centre.timezone)
    start, end = month, last_day(month)

    def local(moment: dt.datetime | None) -> dt.date | None:
        return None if moment is None else moment.astimezone(tz).date()

    def mine(rows: list[Row]) -> list[Row]:
        return [r for r in rows if r["centre_id"] == centre.pk and r["created_at"] <= cut]

    # participants
    parts = [p for p in mine(t["participations"]) if p["entry_date"] <= end]
    sources = {s["id"]: s for s in t["sources"]}
    projects = []
    for source_id in sorted({p["funding_source_id"] for p in parts},
                            key=lambda i: (sources[i]["project_code"], sources[i]["name"], str(i))):
        own = [p for p in parts if p["funding_source_id"] == source_id]
        projects.append({"funding_source_id": str(source_id), "participants": participants(own, start, end)})

    # deliveries in force at the cut-off
    deliveries = mine(t["deliveries"])
    superseded = {d["corrects_id"] for d in deliveries if d["corrects_id"]}
    counted = [d for d in deliveries if d["outcome"] == "delivered" and d["id"] not in superseded]
    in_month = [d for d in counted if start <= d["date"] <= end]

    # service types
    types = {st["id"]: st for st in t["types"]}
    plans = {p["id"]: p for p in mine(t["plans"])}
    planned: dict[Any, Decimal] = defaultdict(Decimal)
    for service in mine(t["services"]):
        plan = plans.get(service["plan_id"])
        if service["status"] == "cancelled" or plan is None:
            continue
        if plan["activated_at"] is None or plan["activated_at"] > cut:
            continue
        planned[service["service_type_id"]] += planned_in(service, start, end)
    contracts = {c["id"]: c for c in mine(t["contracts"])}
    lines = [
        line for line in mine(t["lines"])
        if line["contract_id"] in contracts
        and contracts[line["contract_id"]]["status"] != "draft"
        and contracts[line["contract_id"]]["start_date"] <= end
        and contracts[line["contract_id"]]["end_date"] >= start
    ]
    capacity: dict[Any, Decimal] = {}
    for line in lines:
        if line["monthly_capacity"] is not None:
            capacity[line["service_type_id"]] = capacity.get(line["service_type_id"], Decimal(0)) + line["monthly_capacity"]
    shown = {d["service_type_id"] for d in in_month} | {k for k, v in planned.items() if v} | set(capacity)
    service_rows = []
    for type_id in sorted(shown, key=lambda i: (types[i]["sort_order"], types[i]["code"])):
        of_type = [d for d in in_month if d["service_type_id"] == type_id]
        # Flagged and not resolved by the cut-off: counted apart.
        held = [d for d in of_type if d["flags"] and (d["flags_resolved_at"] is None or d["flags_resolved_at"] > cut)]
        own = [d for d in of_type if d not in held]
        st = types[type_id]
        service_rows.append({
            "service_type": st["code"],
            "name": st.get(f"name_{centre.language}") or st["name_en"],
            "unit": st["unit"],
            "units_planned": cents(planned.get(type_id, Decimal(0))),
            "units_contracted": cents(capacity[type_id]) if type_id in capacity else "",
            "units_delivered": cents(sum((d["units"] for d in own), Decimal(0))),
            "hours": cents(Decimal(sum(d["duration_minutes"] or 0 for d in own)) / 60),
            "clients": len({d["client_id"] for d in own}),
            "cost": cents(sum((d["cost"] for d in own), Decimal(0))),
            "logs_flagged": str(len(held)) if held else "",
            "units_flagged": cents(sum((d["units"] for d in held), Decimal(0))) if held else "",
        })

    # contract lines
    providers = {p["id"]: p for p in t["providers"]}
    all_sources = {s["id"]: s for s in t["sources"]}
    line_rows = []
    for line in sorted(lines, key=lambda ln: (
        contracts[ln["contract_id"]]["number"], types[ln["service_type_id"]]["sort_order"],
        types[ln["service_type_id"]]["code"], all_sources[ln["funding_source_id"]]["name"],
    )):
        contract = contracts[line["contract_id"]]
        own = [d for d in counted if d["contract_line_id"] == line["id"] and contract["start_date"] <= d["date"] <= end]
        month_rows = [d for d in own if d["date"] >= start]
        spent = sum((d["cost"] for d in own), Decimal(0))
        budget = line["budget"]
        line_rows.append({
            "contract_id": str(contract["id"]),
            "contract_number": contract["number"],
            "provider": providers[contract["provider_id"]]["name"],
            "service_type": types[line["service_type_id"]]["code"],
            "funding_source": all_sources[line["funding_source_id"]]["name"],
            "unit_price": cents(line["unit_price"]),
            "budget": "" if budget is None else cents(budget),
            "units_delivered_month": cents(sum((d["units"] for d in month_rows), Decimal(0))),
            "amount_spent_month": cents(sum((d["cost"] for d in month_rows), Decimal(0))),
            "amount_spent_to_date": cents(spent),
            "amount_remaining": "" if budget is None else cents(budget - spent),
            "budget_used_percent": "" if budget is None or budget <= 0
            else str((spent * 100 / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        })

    # volunteers
    rates = {a["id"]: a["hourly_rate"] for a in t["activity_types"]}
    verified = [
        h for h in mine(t["hours"])
        if h["status"] == "verified" and h["verified_at"] is not None and h["verified_at"] <= cut
        and start <= h["date"] <= end
    ]
    minutes = sum(h["minutes"] for h in verified)
    value = sum((Decimal(h["minutes"]) * rates[h["activity_type_id"]] for h in verified), Decimal(0)) / 60
    volunteers = {
        "volunteers": len({h["volunteer_id"] for h in verified}),
        "minutes": minutes,
        "hours": cents(Decimal(minutes) / 60),
        "in_kind_value": cents(value),
    }

    # plans
    activated = [p for p in plans.values() if p["activated_at"] is not None and p["activated_at"] <= cut]

    def closed_by(p: Row, day: dt.date) -> bool:
        return p["status"] == "closed" and p["closed_at"] is not None and p["closed_at"] <= cut and local(p["closed_at"]) <= day

    reviews = {r["id"]: r for r in mine(t["reviews"]) if start <= r["date"] <= end}
    plan_figures = {
        "opened": sum(1 for p in activated if start <= local(p["activated_at"]) <= end),
        "reviewed": len(reviews),
        "closed": sum(1 for p in activated if closed_by(p, end) and local(p["closed_at"]) >= start),
        "goals_achieved": len({
            g["goal_id"] for g in mine(t["progress"]) if g["review_id"] in reviews and g["status"] == "achieved"
        }),
        "active_at_month_end": sum(1 for p in activated if local(p["activated_at"]) <= end and not closed_by(p, end)),
    }

    # waiting list at the month's end
    all_plans = {p["id"]: p for p in t["plans"]}
    waiting = []
    for service in mine(t["services"]):
        plan = all_plans[service["plan_id"]]
        if service["waiting_since"] is None or service["waiting_since"] > end or service["status"] == "cancelled":
            continue
        if plan["status"] == "cancelled" or closed_by(plan, end):
            continue
        assigned = service["assigned_at"]
        if assigned is not None and assigned <= cut and local(assigned) <= end:
            continue
        waiting.append((plan["client_id"], (end - service["waiting_since"]).days))
    waiting_list = {
        "count": len(waiting),
        "clients": len({client for client, _ in waiting}),
        "median_wait_days": str(Decimal(str(statistics.median([d for _, d in waiting]))).quantize(Decimal("0.1")))
        if waiting else "",
    }

    return {
        "participants": participants(parts, start, end),
        "projects": projects,
        "services": service_rows,
        "contracts": line_rows,
        "volunteers": volunteers,
        "plans": plan_figures,
        "waiting_list": waiting_list,
    }
