"""Benchmark: the main reads (caseload, client, plan, visits, logs, catalogue, HSDS) and the community-plan tree,
each against one hand-written SQL of the same answer, measured in the same run.

Each read goes through the API as its screen sends it (as the role that reads it) and is timed against its floor:
one statement that returns the same page (its rows with the joined names the response shows, and the total count
as a scalar subquery, as a paginated API counts it)
or, for a record, the record with its children. A list's queries are counted at 5, 20 and 100 rows a page: the
count must be the same at every size (no N+1) and at most 10. The community plan's floor computes every
indicator's actual value from the raw logs, planned services and contract lines in one statement (no rollup), and
the API's values must equal it.

Printed as ``scenario | value | floor | ratio`` (not a timed assertion: machines differ). Targets (issue 14):
reads <= 3x the floor or <= floor + 20 ms, <= 10 queries, the same count at any page size; the tree within a small
factor.

    python -m pytest tests/bench/test_reads_bench.py -m bench -s   # seeds CUS_BENCH_CLIENTS (300)
    python tests/bench/test_reads_bench.py                          # on the configured, seeded database
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO
from typing import Any

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
SIZES = (5, PAGE, 100)


# --- the floors: one statement each (PostgreSQL) ------------------------------------------------------------

CASELOAD_SQL = """
SELECT c.id, c.reference, c.first_name, c.last_name, c.birth_date, c.municipality, c.area, c.status,
  c.coordinator_id, u.first_name, u.last_name, c.lives_alone,
  EXISTS (SELECT 1 FROM plans_plan p WHERE p.client_id = c.id AND p.status = 'active'),
  (SELECT COUNT(*) FROM clients_client n WHERE n.centre_id = %(centre)s AND n.coordinator_id = %(user)s)
FROM clients_client c LEFT JOIN core_user u ON u.id = c.coordinator_id
WHERE c.centre_id = %(centre)s AND c.coordinator_id = %(user)s
ORDER BY c.last_name, c.id
LIMIT %(page)s
"""

CLIENT_SQL = """
SELECT c.*, u.first_name, u.last_name,
  ARRAY(SELECT d.to_client_id FROM clients_client_distinct_from d WHERE d.from_client_id = c.id)
FROM clients_client c LEFT JOIN core_user u ON u.id = c.coordinator_id
WHERE c.centre_id = %(centre)s AND c.id = %(record)s
"""

PLAN_SQL = """
SELECT p.*, c.first_name, c.last_name, c.reference, u.first_name, u.last_name, sb.email, ab.email,
  (SELECT json_agg(g ORDER BY g.created_at) FROM plans_goal g WHERE g.plan_id = p.id),
  (SELECT json_agg(json_build_object('s', s, 'type', t.code, 'name', t.name_en, 'unit', t.unit, 'provider', pr.name,
                                     'contract', k.number) ORDER BY s.created_at)
   FROM plans_plannedservice s JOIN catalogue_servicetype t ON t.id = s.service_type_id
   LEFT JOIN catalogue_provider pr ON pr.id = s.provider_id
   LEFT JOIN contracts_contractline l ON l.id = s.contract_line_id LEFT JOIN contracts_contract k ON k.id = l.contract_id
   WHERE s.plan_id = p.id)
FROM plans_plan p JOIN clients_client c ON c.id = p.client_id JOIN core_user u ON u.id = p.coordinator_id
LEFT JOIN core_user sb ON sb.id = p.submitted_by_id LEFT JOIN core_user ab ON ab.id = p.approved_by_id
WHERE p.centre_id = %(centre)s AND p.id = %(record)s
"""

VISITS_SQL = """
SELECT s.*, c.id, c.first_name, c.last_name, c.reference, c.street, c.phone, t.code, t.name_en, t.unit, pr.name,
  k.number,
  (SELECT COUNT(*) FROM plans_plannedservice n JOIN plans_plan np ON np.id = n.plan_id
   WHERE n.centre_id = %(centre)s AND n.provider_id = %(provider)s AND n.status = 'assigned' AND np.status = 'active')
FROM plans_plannedservice s JOIN plans_plan p ON p.id = s.plan_id JOIN clients_client c ON c.id = p.client_id
JOIN catalogue_servicetype t ON t.id = s.service_type_id JOIN catalogue_provider pr ON pr.id = s.provider_id
LEFT JOIN contracts_contractline l ON l.id = s.contract_line_id LEFT JOIN contracts_contract k ON k.id = l.contract_id
WHERE s.centre_id = %(centre)s AND s.provider_id = %(provider)s AND s.status = 'assigned' AND p.status = 'active'
ORDER BY c.last_name, c.first_name, s.id
LIMIT %(page)s
"""

LOGS_SQL = """
SELECT d.*, c.first_name, c.last_name, pr.name, t.name_en, x.id,
  (SELECT COUNT(*) FROM deliveries_delivery n WHERE n.centre_id = %(centre)s)
FROM deliveries_delivery d JOIN clients_client c ON c.id = d.client_id
JOIN catalogue_provider pr ON pr.id = d.provider_id JOIN catalogue_servicetype t ON t.id = d.service_type_id
LEFT JOIN deliveries_delivery x ON x.corrects_id = d.id
WHERE d.centre_id = %(centre)s
ORDER BY d.date DESC, d.created_at DESC, d.id
LIMIT %(page)s
"""

OFFERINGS_SQL = """
SELECT o.*, pr.name, pr.street, pr.municipality, pr.phone, pr.email, pr.website, t.code, t.name_en, ce.name,
  (SELECT COUNT(*) FROM catalogue_offering n JOIN catalogue_provider np ON np.id = n.provider_id
   WHERE n.is_public AND n.is_active AND np.is_public AND np.is_active)
FROM catalogue_offering o JOIN catalogue_provider pr ON pr.id = o.provider_id
JOIN catalogue_servicetype t ON t.id = o.service_type_id JOIN core_centre ce ON ce.id = o.centre_id
WHERE o.is_public AND o.is_active AND pr.is_public AND pr.is_active
ORDER BY pr.name, o.id
LIMIT %(page)s
"""

# Every indicator of a plan with its actual value computed from the raw rows (no rollup): what the tree must show.
IN_FORCE = "NOT EXISTS (SELECT 1 FROM deliveries_delivery x WHERE x.corrects_id = d.id)"
TREE_SQL = f"""
WITH i AS (
  SELECT i.id, i.kind, a.id AS activity,
    CASE WHEN i.period = 'year' AND i.year IS NOT NULL THEN make_date(i.year, 1, 1) ELSE cp.start_date END AS start,
    CASE WHEN i.period = 'year' AND i.year IS NOT NULL THEN make_date(i.year, 12, 31) ELSE cp.end_date END AS until,
    ARRAY(SELECT ast.servicetype_id FROM planning_activity_service_types ast WHERE ast.activity_id = a.id) AS types
  FROM planning_indicator i JOIN planning_activity a ON a.id = i.activity_id
  JOIN planning_measure m ON m.id = a.measure_id JOIN planning_priority pp ON pp.id = m.priority_id
  JOIN planning_communityplan cp ON cp.id = pp.plan_id
  WHERE cp.id = %(plan)s AND cp.centre_id = %(centre)s
)
SELECT i.id, CASE
  WHEN i.kind = 'manual' THEN (SELECT v.value FROM planning_indicatorvalue v WHERE v.indicator_id = i.id
                               AND v.date BETWEEN i.start AND i.until ORDER BY v.date DESC, v.created_at DESC LIMIT 1)
  WHEN cardinality(i.types) = 0 THEN 0
  WHEN i.kind = 'delivered_units' THEN (
    SELECT SUM(d.units) FROM deliveries_delivery d WHERE d.centre_id = %(centre)s AND d.outcome = 'delivered'
      AND d.service_type_id = ANY(i.types) AND d.date BETWEEN i.start AND i.until AND {IN_FORCE})
  WHEN i.kind = 'delivered_hours' THEN (
    SELECT COALESCE(SUM(d.duration_minutes), 0) / 60.0
      + COALESCE(SUM(d.units) FILTER (WHERE d.duration_minutes IS NULL AND l.unit = 'hour'), 0)
    FROM deliveries_delivery d LEFT JOIN contracts_contractline l ON l.id = d.contract_line_id
    WHERE d.centre_id = %(centre)s AND d.outcome = 'delivered'
      AND d.service_type_id = ANY(i.types) AND d.date BETWEEN i.start AND i.until AND {IN_FORCE})
  WHEN i.kind = 'people_served' THEN (
    SELECT COUNT(DISTINCT d.client_id) FROM deliveries_delivery d WHERE d.centre_id = %(centre)s
      AND d.outcome = 'delivered' AND d.service_type_id = ANY(i.types) AND d.date BETWEEN i.start AND i.until
      AND {IN_FORCE})
  WHEN i.kind = 'plans_active' THEN (
    SELECT COUNT(DISTINCT s.plan_id) FROM plans_plannedservice s JOIN plans_plan p ON p.id = s.plan_id
    WHERE s.centre_id = %(centre)s AND p.status IN ('active', 'suspended') AND s.status <> 'cancelled'
      AND s.service_type_id = ANY(i.types) AND s.start_date <= i.until AND (s.end_date IS NULL OR s.end_date >= i.start))
  WHEN i.kind = 'contracted_capacity' THEN (
    SELECT SUM(l.monthly_capacity) FROM contracts_contractline l JOIN contracts_contract k ON k.id = l.contract_id
    WHERE l.centre_id = %(centre)s AND k.status = 'active' AND l.service_type_id = ANY(i.types)
      AND k.start_date <= i.until AND k.end_date >= i.start)
  END
FROM i
"""  # noqa: S608 (no input is interpolated: this module's fixed SQL pieces)


# --- the reads ----------------------------------------------------------------------------------------------


@dataclass
class Read:
    name: str
    path: str
    member: Any  # the Membership that reads it; None: no login (the public catalogue)
    sql: str
    params: dict[str, Any]
    query: dict[str, Any] = field(default_factory=dict)
    size_param: str | None = "page_size"  # None: a record, not a list


def reads(centre: Any) -> list[Read]:
    from django.db.models import Count

    from cus.clients.models import Client
    from cus.core.models import Membership, Role
    from cus.plans.models import Plan, PlannedService

    def member(role: Any, **where: Any) -> Any:
        found = Membership.objects.filter(
            centre=centre, role=role, is_active=True, user__is_active=True, **where
        ).select_related("user").order_by("user__email").first()
        assert found is not None, f"no {role} in the demo"
        return found

    busiest = (
        Client.objects.filter(centre=centre, coordinator__isnull=False).values("coordinator")
        .annotate(n=Count("pk")).order_by("-n").first()
    )
    assert busiest is not None
    coordinator = member(Role.COORDINATOR, user_id=busiest["coordinator"])
    manager = member(Role.MANAGER)
    plan = (
        Plan.objects.filter(centre=centre, status="active", client__coordinator_id=coordinator.user_id)
        .annotate(n=Count("services")).order_by("-n", "pk").first()
    )
    assert plan is not None
    staffed = Membership.objects.filter(
        centre=centre, role=Role.PROVIDER, is_active=True, user__is_active=True
    ).values("provider_id")
    busiest_provider = (
        PlannedService.objects.filter(centre=centre, status="assigned", provider_id__in=staffed)
        .values("provider_id").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert busiest_provider is not None, "no provider staff with assigned services in the demo"
    provider = member(Role.PROVIDER, provider_id=busiest_provider["provider_id"])
    base = {"centre": centre.pk}
    return [
        Read("caseload (coordinator's clients)", "/api/v1/clients/", coordinator, CASELOAD_SQL,
             {**base, "user": coordinator.user_id}, {"coordinator": str(coordinator.user_id), "ordering": "last_name"}),
        Read("client record", f"/api/v1/clients/{plan.client_id}/", coordinator, CLIENT_SQL,
             {**base, "record": plan.client_id}, size_param=None),
        Read(f"plan ({plan.n} planned services)", f"/api/v1/plans/{plan.pk}/", coordinator, PLAN_SQL,
             {**base, "record": plan.pk}, size_param=None),
        Read("provider's visits (loggable services)", "/api/v1/planned-services/", provider, VISITS_SQL,
             {**base, "provider": provider.provider_id}, {"loggable": "true"}),
        Read("logs (centre's, newest first)", "/api/v1/deliveries/", manager, LOGS_SQL, base, {"ordering": "-date"}),
        Read("public catalogue (services)", "/api/public/services/", None, OFFERINGS_SQL, {}),
        Read("HSDS services", "/api/hsds/services/", None, OFFERINGS_SQL, {}, size_param="per_page"),
    ]


def client_for(member: Any, centre: Any) -> Any:
    from rest_framework.test import APIClient

    api = APIClient()
    if member is not None:
        api.force_authenticate(member.user)
        api.credentials(HTTP_X_CENTRE=str(centre.pk))
    return api


def prepared(params: dict[str, Any]) -> dict[str, Any]:
    """UUIDs as the database driver takes them (SQLite stores them as hex)."""
    from uuid import UUID

    from django.db import connection
    from django.db.models import UUIDField

    uuid_field = UUIDField()
    return {key: uuid_field.get_db_prep_value(value, connection) if isinstance(value, UUID) else value
            for key, value in params.items()}


def count_of(data: Any) -> int | None:
    if isinstance(data, dict):
        for key in ("count", "total_items"):
            if isinstance(data.get(key), int):
                return int(data[key])
    return None


def bench_read(read: Read, centre: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = client_for(read.member, centre)

    def get(size: int = PAGE) -> Any:
        query = dict(read.query)
        if read.size_param:
            query[read.size_param] = size
        response = api.get(read.path, query)
        assert response.status_code == 200, (read.path, response.status_code, response.content[:300])
        return response.json()

    params = prepared({**read.params, "page": PAGE})

    def floor() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(read.sql, params)
            return cursor.fetchall()

    get()  # warm
    counts = []
    for size in SIZES if read.size_param else (PAGE,):
        fresh_log()
        with CaptureQueriesContext(connection) as captured:
            get(size)
        counts.append(len(captured.captured_queries))
    value, data = best_of(get)
    floor_time, rows = best_of(floor)
    found = count_of(data)
    sizes = f" ({counts[0]} at 5 rows, {counts[2]} at 100)" if read.size_param else ""
    text = line(
        f"{read.name}" + (f" ({found} in all)" if found is not None else ""),
        f"{value * 1000:.1f} ms, {counts[1 if read.size_param else 0]} queries{sizes}",
        f"{floor_time * 1000:.1f} ms (one SQL" + (f", {rows[0][-1]} in all)" if read.size_param and rows else ")"),
        value / floor_time,
    )
    met = (value <= 3 * floor_time or value <= floor_time + 0.020) and max(counts) <= 10 and len(set(counts)) == 1
    return {"value": value, "floor": floor_time, "queries": counts, "row": text, "met": met}


def bench_tree(centre: Any) -> dict[str, Any]:
    """The community plan with the most indicators: the tree with live progress against the raw computation."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from cus.core.models import Membership, Role
    from cus.planning.models import CommunityPlan

    plan = (
        CommunityPlan.objects.filter(centre=centre)
        .annotate(n=Count("priorities__measures__activities__indicators")).order_by("-n", "pk").first()
    )
    assert plan is not None, "no community plan in the demo"
    manager = Membership.objects.filter(
        centre=centre, role=Role.MANAGER, is_active=True, user__is_active=True
    ).select_related("user").first()
    api = client_for(manager, centre)

    def get() -> Any:
        response = api.get(f"/api/v1/community-plans/{plan.pk}/")
        assert response.status_code == 200, response.content[:300]
        return response.json()

    params = prepared({"centre": centre.pk, "plan": plan.pk})

    def floor() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(TREE_SQL, params)
            return cursor.fetchall()

    get()
    fresh_log()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured.captured_queries)  # at once: the next request empties the log the capture reads
    value, data = best_of(get, max(3, REPEAT // 2))
    floor_time, rows = best_of(floor, max(3, REPEAT // 2))
    by_api = {
        indicator["id"]: Decimal(indicator["actual"])
        for priority in data["priorities"] for measure in priority["measures"]
        for activity in measure["activities"] for indicator in activity["indicators"]
    }
    by_sql = {str(row[0]): Decimal(row[1] or 0).quantize(Decimal("0.01")) for row in rows}
    differ = {key: (by_api.get(key), by_sql[key]) for key in by_sql if by_api.get(key) != by_sql[key]}
    text = line(
        f"community-plan tree ({len(by_api)} indicators)",
        f"{value * 1000:.1f} ms, {queries} queries",
        f"{floor_time * 1000:.1f} ms (one SQL over the raw logs)", value / floor_time,
    )
    if differ:
        print(f"  indicators whose value differs from the raw computation: {differ}")
    return {"value": value, "floor": floor_time, "queries": queries, "row": text,
            "differ": differ}


def run(centre: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import override_settings

    from cus.clients.models import Client
    from cus.deliveries.models import Delivery

    print(f"\nreads: {centre.name}, {Client.objects.filter(centre=centre).count()} clients, "
          f"{Delivery.objects.filter(centre=centre).count()} logs, {connection.vendor}")
    print("scenario | value | floor | ratio")
    results: dict[str, Any] = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        for read in reads(centre):
            results[read.name] = bench_read(read, centre)
        results["tree"] = bench_tree(centre)
    missed = [name for name, result in results.items() if name != "tree" and not result["met"]]
    print(f"  reads past a target (3x or floor + 20 ms, <= 10 queries, same at any size): {missed or 'none'}")
    return results


@pytest.mark.bench
@pytest.mark.django_db
def test_reads_against_their_floors(settings):
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the floors are PostgreSQL SQL")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--clients", str(CLIENTS), stdout=StringIO())
    result = run(biggest_centre())
    assert result["tree"]["differ"] == {}
    for name, figures in result.items():
        if name != "tree":
            assert len(set(figures["queries"])) == 1, (name, figures["queries"])  # no N+1


if __name__ == "__main__":
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        run(biggest_centre())
        transaction.set_rollback(True)  # the reads' access log entries are not kept
