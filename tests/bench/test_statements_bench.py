"""Benchmark: the statements list (``GET /api/v1/statements/``, 20 rows) against one hand-written SQL of the same
page with the same totals, measured in the same run.

The floor reads a submitted or approved statement's frozen totals and sums an open one's month of logs once
(a LATERAL join over its contract's lines by date range), and counts every statement's logs by state in the same
pass (confirmed,
unconfirmed, flagged, disputed: the list shows them for each statement since issue 13). The API's figures must
equal the floor's.

    python -m pytest tests/bench/test_statements_bench.py -m bench -s   # seeds CUS_BENCH_CLIENTS (300)
    python tests/bench/test_statements_bench.py                          # on the configured, seeded database
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from typing import Any
from uuid import UUID

import pytest

try:  # run by pytest (tests.bench is a package), or as a script (this folder is on the path)
    from tests.bench.measure import best_of as best_of_n
    from tests.bench.measure import biggest_centre, fresh_log, line
except ImportError:
    from measure import best_of as best_of_n
    from measure import biggest_centre, fresh_log, line

CLIENTS = int(os.environ.get("CUS_BENCH_CLIENTS", "300"))
REPEAT = int(os.environ.get("CUS_BENCH_REPEAT", "7"))


def best_of(function: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    return best_of_n(function, repeat)


PAGE = 20


FROZEN = "s.status IN ('submitted', 'approved')"
UNITS = ("SUM(CASE WHEN d.outcome = 'delivered' THEN d.units ELSE 0 END"
         " - CASE WHEN c.outcome = 'delivered' THEN c.units ELSE 0 END)")
COST = "SUM(d.cost - COALESCE(c.cost, 0))"
STATES = ("COUNT(*) FILTER (WHERE d.status = 'confirmed') AS confirmed, "
          "COUNT(*) FILTER (WHERE d.status = 'logged') AS unconfirmed, "
          "COUNT(*) FILTER (WHERE d.flagged) AS flagged, COUNT(*) FILTER (WHERE d.status = 'disputed') AS disputed")
MONTH_LOGS = """FROM contracts_contractline l
  JOIN deliveries_delivery d ON d.contract_line_id = l.id
  LEFT JOIN deliveries_delivery c ON c.id = d.corrects_id
  WHERE l.contract_id = s.contract_id AND d.date >= s.month AND d.date < {next_month}"""


def floor_sql(vendor: str, *, by_provider: bool) -> str:
    """One statement: the page (chosen first), its frozen totals, and each of its statements' month of logs summed
    and counted by state once."""
    provider = "AND s.provider_id = %(provider)s" if by_provider else ""
    if vendor == "postgresql":
        logs = MONTH_LOGS.format(next_month="s.month + INTERVAL '1 month'")
        return f"""
SELECT s.id,
  CASE WHEN {FROZEN} THEN s.total_units ELSE COALESCE(t.units, 0) END,
  CASE WHEN {FROZEN} THEN s.total_cost ELSE COALESCE(t.cost, 0) END,
  CASE WHEN {FROZEN} THEN s.deliveries_count ELSE COALESCE(t.logs, 0) END,
  t.confirmed, t.unconfirmed, t.flagged, t.disputed
FROM (
  SELECT s.*, p.name AS provider_name FROM deliveries_monthlystatement s
  JOIN catalogue_provider p ON p.id = s.provider_id
  WHERE s.centre_id = %(centre)s {provider}
  ORDER BY s.month DESC, p.name
  LIMIT %(page)s
) s
LEFT JOIN LATERAL (
  SELECT {UNITS} AS units, {COST} AS cost, COUNT(*) AS logs, {STATES}
  {logs}
) t ON TRUE
ORDER BY s.month DESC, s.provider_name
"""  # noqa: S608 (no input is interpolated: this module's fixed SQL pieces)
    logs = MONTH_LOGS.format(next_month="date(s.month, '+1 month')")  # SQLite: no LATERAL, a subquery per figure
    return f"""
SELECT s.id,
  CASE WHEN {FROZEN} THEN s.total_units ELSE COALESCE((SELECT {UNITS} {logs}), 0) END,
  CASE WHEN {FROZEN} THEN s.total_cost ELSE COALESCE((SELECT {COST} {logs}), 0) END,
  CASE WHEN {FROZEN} THEN s.deliveries_count ELSE (SELECT COUNT(*) {logs}) END,
  (SELECT COUNT(*) {logs} AND d.status = 'confirmed'), (SELECT COUNT(*) {logs} AND d.status = 'logged'),
  (SELECT COUNT(*) {logs} AND d.flagged), (SELECT COUNT(*) {logs} AND d.status = 'disputed')
FROM deliveries_monthlystatement s
JOIN catalogue_provider p ON p.id = s.provider_id
WHERE s.centre_id = %(centre)s {provider}
ORDER BY s.month DESC, p.name
LIMIT %(page)s
"""  # noqa: S608


def client_settings() -> Any:
    from django.test.utils import override_settings

    return override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)


def bench_statements(centre: Any) -> dict[str, Any]:
    """The provider's list (the provider with the most statements) and the manager's list of the centre."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from cus.core.models import Membership, Role
    from cus.deliveries.models import MonthlyStatement

    busiest = (
        MonthlyStatement.objects.filter(centre=centre).values("provider").annotate(n=Count("pk")).order_by("-n")
    )
    staff = None
    for row in busiest:
        staff = Membership.objects.filter(
            centre=centre, role=Role.PROVIDER, provider_id=row["provider"], is_active=True, user__is_active=True
        ).select_related("user").first()
        if staff is not None:
            break
    assert staff is not None, "no provider staff with statements in the demo"
    manager = Membership.objects.filter(
        centre=centre, role__in=(Role.MANAGER, Role.COORDINATOR), is_active=True, user__is_active=True
    ).select_related("user").order_by("role").first()
    assert manager is not None
    results = {}
    with client_settings():
        for who, member, by_provider in (("provider's", staff, True), ("centre's", manager, False)):
            api = APIClient()
            api.force_authenticate(member.user)
            api.credentials(HTTP_X_CENTRE=str(centre.pk))

            def page(size: int = PAGE, api: Any = api) -> Any:
                response = api.get("/api/v1/statements/", {"page_size": size})
                assert response.status_code == 200, response.content[:300]
                return response.json()

            uuid_field = MonthlyStatement._meta.pk
            assert uuid_field is not None
            params = {
                "centre": uuid_field.get_db_prep_value(centre.pk, connection),
                "provider": uuid_field.get_db_prep_value(staff.provider_id, connection), "page": PAGE,
            }
            sql = floor_sql(connection.vendor, by_provider=by_provider)

            def floor(sql: str = sql, params: dict[str, Any] = params) -> list[tuple[Any, ...]]:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()

            page()  # warm
            counts = []  # taken at once: the next request empties the connection's log the capture reads
            for size in (5, PAGE, 100):
                fresh_log()
                with CaptureQueriesContext(connection) as captured:
                    page(size)
                counts.append(len(captured.captured_queries))
            value, data = best_of(page)
            floor_time, rows = best_of(floor)
            states = ("confirmed", "unconfirmed", "flagged", "disputed")
            by_api = {
                row["id"]: (Decimal(row["total_units"]), Decimal(row["total_cost"]), row["deliveries_count"],
                            *(row["log_counts"][state] for state in states))
                for row in data["results"]
            }
            by_sql = {str(UUID(str(r[0]))): (Decimal(r[1]).quantize(Decimal("0.01")), Decimal(r[2]).quantize(Decimal("0.01")),
                                  int(r[3]), *(int(n or 0) for n in r[4:8])) for r in rows}
            differ = {key: (by_api.get(key), by_sql.get(key)) for key in by_sql if by_api.get(key) != by_sql[key]}
            open_rows = sum(1 for row in data["results"] if row["status"] in ("open", "returned"))
            text = line(
                f"{who} statements list ({len(by_api)} of {data['count']}, {open_rows} open)",
                f"{value * 1000:.1f} ms, {counts[1]} queries ({counts[0]} at 5 rows, {counts[2]} at 100)",
                f"{floor_time * 1000:.1f} ms (one SQL)", value / floor_time,
            )
            if differ:
                print(f"  figures that differ from the floor's: {differ}")
            results[who] = {"value": value, "floor": floor_time, "differ": differ, "row": text,
                            "queries": counts}
    return results


def run(centre: Any) -> dict[str, Any]:
    from django.db import connection

    from cus.deliveries.models import Delivery, MonthlyStatement

    print(f"\nstatements: {centre.name}, {MonthlyStatement.objects.filter(centre=centre).count()} statements, "
          f"{Delivery.objects.filter(centre=centre).count()} logs, {connection.vendor}")
    print("scenario | value | floor | ratio")
    return bench_statements(centre)


@pytest.mark.bench
@pytest.mark.django_db
def test_statements_list_against_one_sql(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--clients", str(CLIENTS), stdout=StringIO())
    result = run(biggest_centre())
    for figures in result.values():
        assert figures["differ"] == {}


if __name__ == "__main__":
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        run(biggest_centre())
        transaction.set_rollback(True)
