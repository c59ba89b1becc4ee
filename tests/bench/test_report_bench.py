"""Benchmark: the monthly report's computation against one hand-written SQL aggregate of the same figures.

Prints both timings, their ratio and the figures (not a timed assertion: machines differ). The figures of
both ways must agree, so the benchmark also checks the report against a third, SQL-only computation.

    python -m pytest tests/bench -m bench -s              # CUS_BENCH_CLIENTS=2000 for a bigger city
    python tests/bench/test_report_bench.py --clients 500 # as a script, on the configured database, rolled back
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest

CLIENTS = int(os.environ.get("CUS_BENCH_CLIENTS", "300"))
REPEAT = 3

SEXES = {"female": "entry_sex = 'female'", "male": "entry_sex = 'male'", "other": "entry_sex NOT IN ('female', 'male')"}
SECTIONS = {
    "new": "entry_date >= %(start)s",
    "active": "(exit_date IS NULL OR exit_date >= %(start)s)",
    "leaving": "exit_date >= %(start)s AND exit_date <= %(end)s",
    "cumulative": "1 = 1",
}
INDICATORS = {
    "total": "1 = 1",
    "unemployed": "entry_labour_market_status IN ('unemployed', 'long_term_unemployed')",
    "long_term_unemployed": "entry_labour_market_status = 'long_term_unemployed'",
    "inactive": "entry_labour_market_status IN ('inactive', 'in_education')",
    "employed": "entry_labour_market_status IN ('employed', 'self_employed')",
    "age_below_18": "entry_age < 18",
    "age_18_29": "entry_age BETWEEN 18 AND 29",
    "age_30_54": "entry_age BETWEEN 30 AND 54",
    "age_55_plus": "entry_age >= 55",
    "isced_0_2": "entry_education_level = 'isced_0_2'",
    "isced_3_4": "entry_education_level = 'isced_3_4'",
    "isced_5_8": "entry_education_level = 'isced_5_8'",
    "with_disabilities": "entry_has_disability",
    "third_country_nationals": "entry_third_country_national",
    "foreign_background": "entry_foreign_background",
    "minorities": "entry_minority",
    "homeless_or_housing_exclusion": "entry_homeless_or_housing_exclusion",
    "rural_areas": "entry_rural_area",
}


def participant_columns() -> list[tuple[str, str]]:
    return [
        (f"participants.{section}.{indicator}.{sex}",
         f"SUM(CASE WHEN {where} AND ({condition}) AND {sex_sql} THEN 1 ELSE 0 END)")
        for section, where in SECTIONS.items()
        for indicator, condition in INDICATORS.items()
        for sex, sex_sql in SEXES.items()
    ]


def report_sql() -> tuple[str, list[str]]:
    """One statement: every participant breakdown, the delivered services, volunteer hours and plan counts."""
    columns = participant_columns()
    names = [name for name, _ in columns]
    participants = ",\n  ".join(sql for _, sql in columns)
    sql = f"""
WITH p AS (
  SELECT * FROM clients_participation
  WHERE centre_id = %(centre)s AND created_at <= %(cut)s AND entry_date <= %(end)s
), d AS (
  SELECT d.* FROM deliveries_delivery d
  WHERE d.centre_id = %(centre)s AND d.created_at <= %(cut)s AND d.outcome = 'delivered'
    AND d.date BETWEEN %(start)s AND %(end)s
    AND NOT EXISTS (SELECT 1 FROM deliveries_delivery c WHERE c.corrects_id = d.id AND c.created_at <= %(cut)s)
), h AS (
  SELECT h.minutes, h.volunteer_id, a.hourly_rate FROM volunteers_volunteerhours h
  JOIN volunteers_activitytype a ON a.id = h.activity_type_id
  WHERE h.centre_id = %(centre)s AND h.created_at <= %(cut)s AND h.status = 'verified' AND h.verified_at <= %(cut)s
    AND h.date BETWEEN %(start)s AND %(end)s
)
SELECT
  {participants},
  (SELECT COALESCE(SUM(units), 0) FROM d),
  (SELECT COALESCE(SUM(duration_minutes), 0) FROM d),
  (SELECT COALESCE(SUM(cost), 0) FROM d),
  (SELECT COUNT(*) FROM d),
  (SELECT COALESCE(SUM(minutes), 0) FROM h),
  (SELECT COUNT(DISTINCT volunteer_id) FROM h),
  (SELECT COUNT(*) FROM plans_plan WHERE centre_id = %(centre)s AND created_at <= %(cut)s
     AND activated_at >= %(month_start)s AND activated_at < %(next_month)s AND activated_at <= %(cut)s),
  (SELECT COUNT(*) FROM plans_review WHERE centre_id = %(centre)s AND created_at <= %(cut)s
     AND date BETWEEN %(start)s AND %(end)s)
FROM p
"""  # noqa: S608 (the interpolated column expressions are this module's constants; values are parameters)
    return sql, [*names, "services.units", "services.minutes", "services.cost", "services.logs",
                 "volunteers.minutes", "volunteers.volunteers", "plans.opened", "plans.reviewed"]


def report_figures(data: Any) -> dict[str, Any]:
    """The same figures picked from the report's data."""
    picked: dict[str, Any] = {}
    for section in SECTIONS:
        for indicator in INDICATORS:
            for sex in SEXES:
                picked[f"participants.{section}.{indicator}.{sex}"] = data["participants"][section][indicator][sex]
    services = data["services"]
    picked["services.units"] = sum((Decimal(s["units_delivered"]) for s in services), Decimal(0))
    picked["services.minutes"] = data["_minutes"]
    picked["services.cost"] = sum((Decimal(s["cost"]) for s in services), Decimal(0))
    picked["services.logs"] = data["_logs"]
    picked["volunteers.minutes"] = data["volunteers"]["minutes"]
    picked["volunteers.volunteers"] = data["volunteers"]["volunteers"]
    picked["plans.opened"] = data["plans"]["opened"]
    picked["plans.reviewed"] = data["plans"]["reviewed"]
    return picked


def best_of(function: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def add_participations(clients: int) -> None:
    from cus.clients.models import Client, Participation
    from cus.contracts.models import FundingSource
    from cus.core.models import Centre

    centre = max(Centre.objects.all(), key=lambda c: Client.objects.filter(centre=c).count())
    if Participation.objects.filter(centre=centre).exists():
        return
    source = FundingSource.objects.filter(centre=centre).order_by("name").first()
    assert source is not None
    rng = random.Random(clients)
    today = dt.date.today()
    rows = []
    for client in Client.objects.filter(centre=centre).only("id", "sex"):
        entry = today - dt.timedelta(days=rng.randint(0, 400))
        left = entry + dt.timedelta(days=rng.randint(0, 300))
        rows.append(Participation(
            centre=centre, client=client, funding_source=source, entry_date=entry, entry_age=rng.randint(15, 90),
            entry_sex=client.sex, entry_labour_market_status=rng.choice(["", "unemployed", "long_term_unemployed",
                                                                          "inactive", "employed", "in_education"]),
            entry_education_level=rng.choice(["", "isced_0_2", "isced_3_4", "isced_5_8"]),
            entry_has_disability=rng.choice([True, False, None]), entry_rural_area=rng.choice([True, False]),
            exit_date=left if left < today else None,
        ))
    Participation.objects.bulk_create(rows)


def run_benchmark(clients: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cus.clients.models import Client
    from cus.core.dates import add_months, last_of_month, month_bounds
    from cus.core.models import Centre
    from cus.reports import figures

    started = time.perf_counter()
    call_command("seed_demo", "--clients", str(clients), stdout=StringIO())
    add_participations(clients)
    seeded = time.perf_counter() - started
    centre = max(Centre.objects.all(), key=lambda c: Client.objects.filter(centre=c).count())
    month = add_months(timezone.localdate().replace(day=1), -1)
    cut = timezone.now()
    month_start, next_month = month_bounds(centre, month)
    params = {"centre": centre.pk, "cut": cut, "start": month, "end": last_of_month(month),
              "month_start": month_start, "next_month": next_month}

    report_time, data = best_of(lambda: figures.compute(centre=centre, month=month, cut_off_at=cut))
    sql, names = report_sql()

    def aggregate() -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            assert row is not None
            return tuple(row)

    sql_time, row = best_of(aggregate)
    by_sql = {name: (0 if value is None else value) for name, value in zip(names, row, strict=True)}
    delivered = figures.in_force_deliveries(centre, cut).filter(date__gte=month, date__lte=params["end"])
    data = {**data, "_minutes": sum(d or 0 for d in delivered.values_list("duration_minutes", flat=True)),
            "_logs": delivered.count()}
    by_report = report_figures(data)
    mismatches = {k: (by_report[k], by_sql[k]) for k in names if Decimal(str(by_report[k])) != Decimal(str(by_sql[k]))}

    print(f"\nmonthly report benchmark: {clients} clients ({seeded:.1f} s to seed), month {month:%Y-%m}, "
          f"{connection.vendor}")
    print(f"  participations counted: {data['participants']['cumulative']['total']['total']}, "
          f"active {data['participants']['active']['total']['total']}, delivered logs {data['_logs']}, "
          f"service types {len(data['services'])}, contract lines {len(data['contracts'])}")
    print(f"  figures: units {by_report['services.units']}, cost {by_report['services.cost']}, "
          f"volunteer minutes {by_report['volunteers.minutes']}, plans opened {by_report['plans.opened']}, "
          f"reviewed {by_report['plans.reviewed']}")
    print(f"  report computation (figures.compute, best of {REPEAT}): {report_time * 1000:.1f} ms")
    print(f"  one hand-written SQL aggregate of the same figures:   {sql_time * 1000:.1f} ms")
    print(f"  ratio report / SQL: {report_time / sql_time:.1f}x; figures that differ: {len(mismatches)}")
    return {"mismatches": mismatches, "report_time": report_time, "sql_time": sql_time}


@pytest.mark.bench
@pytest.mark.django_db
def test_report_computation_against_one_sql_aggregate(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    result = run_benchmark(CLIENTS)

    assert result["mismatches"] == {}


if __name__ == "__main__":
    import argparse

    import django

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    arguments = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        outcome = run_benchmark(arguments.clients)
        transaction.set_rollback(True)  # leave the database as it was
    sys.exit(1 if outcome["mismatches"] else 0)
