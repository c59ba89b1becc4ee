"""Benchmark: the write paths that used to grow with history, each against its floor measured in the same run.

- log one delivery (``services.log_delivery``) against a bare ORM insert of the same row and its history row;
- bulk log of 100 rows (``services.log_deliveries``) against one plain multi-row INSERT of the same rows.

Each scenario takes a seeded centre and prints ``scenario | value | floor | ratio`` (not a timed assertion:
machines differ). Everything runs in one transaction that is rolled back, so the demo is left as it was (and
neither side pays a COMMIT); each timed call runs in a savepoint rolled back after it (the clock stops before), so
that the logs of one call never make the next a duplicate visit or take a client past a daily limit.

    python -m pytest tests/bench/test_write_paths_bench.py -m bench -s   # seeds CUS_BENCH_CLIENTS (300)
    python tests/bench/test_write_paths_bench.py                          # on the configured, seeded database
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest

try:  # run by pytest (tests.bench is a package), or as a script (this folder is on the path)
    from tests.bench.measure import biggest_centre, line
except ImportError:
    from measure import biggest_centre, line

CLIENTS = int(os.environ.get("CUS_BENCH_CLIENTS", "300"))
REPEAT = int(os.environ.get("CUS_BENCH_REPEAT", "7"))
BULK_ROWS = 100


class _Undo(Exception):
    pass


def undone(function: Callable[[], Any]) -> tuple[float, Any]:
    """``function`` timed in a savepoint that is rolled back after it: (seconds, its result)."""
    from django.db import transaction

    box: dict[str, Any] = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            box["result"] = function()
            box["time"] = time.perf_counter() - started
            raise _Undo
    except _Undo:
        pass
    return box["time"], box["result"]


def best_of(function: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        elapsed, result = undone(function)
        times.append(elapsed)
    return min(times), result


def queries_of(function: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted() -> int:
        with CaptureQueriesContext(connection) as captured:
            function()
        return len(captured.captured_queries)

    return int(undone(counted)[1])


def loggable(centre: Any, today: dt.date) -> tuple[Any, list[Any]]:
    """Provider staff of the provider with the most loggable services, and those services: assigned, plan active,
    contract in force today, the line with room for many more logs, the month open."""
    from django.db.models import F, Q

    from cus.core.models import Membership, Role
    from cus.deliveries.models import ClosedMonth, MonthlyStatement, StatementStatus
    from cus.plans.models import PlannedService

    month = today.replace(day=1)
    if ClosedMonth.objects.filter(centre=centre, month=month).exists():
        raise RuntimeError("this month is closed for reporting in the demo: nothing can be logged today")
    frozen = MonthlyStatement.objects.filter(
        centre=centre, month=month, status__in=(StatementStatus.SUBMITTED, StatementStatus.APPROVED)
    ).values("contract_id")
    services = (
        PlannedService.objects.filter(
            centre=centre, status="assigned", plan__status="active", contract_line__contract__status="active",
            start_date__lte=today, plan__start_date__lte=today,
            contract_line__contract__start_date__lte=today, contract_line__contract__end_date__gte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(plan__end_date__isnull=True) | Q(plan__end_date__gte=today))
        .filter(Q(contract_line__max_units__isnull=True)
                | Q(contract_line__max_units__gte=F("contract_line__units_delivered") + 500))
        .filter(Q(contract_line__budget__isnull=True)
                | Q(contract_line__budget__gte=F("contract_line__amount_spent") + 100000))
        .exclude(contract_line__contract_id__in=frozen)
        .select_related("plan", "contract_line__contract")
        .order_by("pk")
    )
    by_provider: dict[Any, list[Any]] = {}
    for service in services:
        by_provider.setdefault(service.provider_id, []).append(service)
    staff = {
        m.provider_id: m.user
        for m in Membership.objects.filter(centre=centre, role=Role.PROVIDER, is_active=True, user__is_active=True)
        .select_related("user").order_by("-user__email")
    }
    candidates = [(len(found), provider) for provider, found in by_provider.items() if provider in staff]
    if not candidates:
        raise RuntimeError("no provider staff with a loggable planned service in the demo")
    _count, provider = max(candidates, key=lambda item: item[0])
    return staff[provider], by_provider[provider]


def bench_log_one(centre: Any) -> dict[str, Any]:
    """One log through the service (the API's path without HTTP) against a bare ORM insert of the same row
    and its history row."""
    from django.db import transaction

    from cus.core.context import actor_for
    from cus.core.dates import centre_today
    from cus.core.history import stamp
    from cus.deliveries import services
    from cus.deliveries.models import Delivery

    today = centre_today(centre)
    user, planned = loggable(centre, today)
    actor = actor_for(user, centre.pk)
    counter = iter(range(10**6))

    def data() -> Any:
        n = next(counter)
        return services.DeliveryInput(
            planned_service=planned[n % len(planned)].pk, date=today, start_time=dt.time(6, 0), duration_minutes=30,
            worker_name=f"Bench worker {n}",
        )

    def log_one() -> Any:
        return services.log_delivery(actor=actor, data=data())[0]

    def log_one_with_key() -> Any:
        return services.log_delivery(actor=actor, data=data(), idempotency_key=f"bench-{next(counter)}")[0]

    template = undone(log_one)[1]
    queries = queries_of(log_one)
    keyed_queries = queries_of(log_one_with_key)

    def bare_insert() -> Any:
        n = next(counter)
        row = Delivery(
            centre_id=template.centre_id, planned_service_id=template.planned_service_id,
            client_id=template.client_id, provider_id=template.provider_id,
            service_type_id=template.service_type_id, contract_line_id=template.contract_line_id,
            funding_source_id=template.funding_source_id, date=today, start_time=dt.time(6, 0),
            duration_minutes=30, units=template.units, worker_name=f"Bare worker {n}", cost=template.cost,
            logged_by_id=template.logged_by_id, request_fingerprint=template.request_fingerprint,
        )
        stamp(row, user=user, reason="logged")
        with transaction.atomic():
            row.save()
        return row

    floor_queries = queries_of(bare_insert)
    # Interleaved, so that a busy neighbour on the machine weighs on both sides alike.
    service_times, floor_times, keyed_times = [], [], []
    for _ in range(REPEAT):
        service_times.append(best_of(log_one, 1)[0])
        floor_times.append(best_of(bare_insert, 1)[0])
        keyed_times.append(best_of(log_one_with_key, 1)[0])
    value, floor, keyed = min(service_times), min(floor_times), min(keyed_times)
    rows = [
        line("log one delivery", f"{value * 1000:.2f} ms, {queries} queries",
             f"{floor * 1000:.2f} ms, {floor_queries} queries (bare ORM insert + history)", value / floor),
        line("log one delivery, Idempotency-Key", f"{keyed * 1000:.2f} ms, {keyed_queries} queries",
             f"{floor * 1000:.2f} ms (bare ORM insert + history)", keyed / floor),
    ]
    return {"value": value, "floor": floor, "queries": queries, "keyed": keyed, "rows": rows}


def plain_insert(rows: list[Any]) -> None:
    """One multi-row INSERT of ``rows`` (Delivery instances), hand-built: the database's own floor."""
    from django.db import connection

    from cus.deliveries.models import Delivery

    fields = list(Delivery._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [field.get_db_prep_save(field.pre_save(row, True), connection) for row in rows for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} ({columns}) VALUES {', '.join([one] * len(rows))}",  # noqa: S608
            params,
        )


def bulk_slots(planned: list[Any], count: int, day: dt.date) -> list[tuple[Any, dt.time]]:
    """``count`` (planned service, start) pairs for one batch that passes the plausibility checks: every service
    once, then hourly ones again 25 minutes later (never the same visit twice; a daily limit in hours holds many
    20-minute logs, one in days or meals holds one), in the night before the demo's visits start."""
    slots: list[tuple[Any, dt.time]] = []
    for cycle in range(40):
        start = (dt.datetime.combine(day, dt.time(0, 10)) + dt.timedelta(minutes=25 * cycle)).time()
        for service in planned:
            if cycle == 0 or service.service_type.unit == "hour":
                slots.append((service, start))
            if len(slots) == count:
                return slots
    raise RuntimeError(f"the demo's provider has too few loggable services for a batch of {count}")


def bench_bulk(centre: Any) -> dict[str, Any]:
    """100 logs in one call of the bulk service against one plain multi-row INSERT of 100 such rows."""
    import uuid

    from cus.core.context import actor_for
    from cus.core.dates import centre_today
    from cus.deliveries import services
    from cus.deliveries.models import Delivery

    today = centre_today(centre)
    user, planned = loggable(centre, today)
    actor = actor_for(user, centre.pk)
    batch = iter(range(10**6))

    slots = bulk_slots(planned, BULK_ROWS, today)

    def rows() -> list[Any]:
        b = next(batch)
        return [
            services.DeliveryInput(
                planned_service=service.pk, date=today, start_time=start, duration_minutes=20,
                worker_name=f"Bench {b} worker {i}", note="bulk bench",
            )
            for i, (service, start) in enumerate(slots)
        ]

    def bulk() -> list[Any]:
        found, _created = services.log_deliveries(actor=actor, rows=rows())
        return found

    template = undone(bulk)[1]
    assert len(template) == BULK_ROWS
    queries = queries_of(bulk)

    def plain() -> None:
        copies = []
        for row in template:
            copy = Delivery(**{f.attname: getattr(row, f.attname) for f in Delivery._meta.concrete_fields})
            copy.pk = uuid.uuid4()
            copies.append(copy)
        plain_insert(copies)

    bulk_times, floor_times = [], []
    for _ in range(max(3, REPEAT // 2)):
        bulk_times.append(best_of(bulk, 1)[0])
        floor_times.append(best_of(plain, 1)[0])
    value, floor = min(bulk_times), min(floor_times)
    rate, floor_rate = BULK_ROWS / value, BULK_ROWS / floor
    text = line(
        f"bulk log {BULK_ROWS} rows", f"{value * 1000:.1f} ms ({rate:,.0f} rows/s, {queries} queries)",
        f"{floor * 1000:.1f} ms ({floor_rate:,.0f} rows/s, one multi-row INSERT)", value / floor,
    )
    print(f"  bulk rate = {100 * rate / floor_rate:.0f} % of the plain INSERT's rows per second (target >= 20 %)")
    return {"value": value, "floor": floor, "queries": queries, "rows": [text], "share": rate / floor_rate}


def history_size(centre: Any) -> str:
    from cus.clients.models import Client
    from cus.deliveries.models import Delivery

    return (f"{Client.objects.filter(centre=centre).count()} clients, "
            f"{Delivery.objects.filter(centre=centre).count()} logs")


def run(centre: Any) -> dict[str, Any]:
    from django.db import connection

    print(f"\nwrite paths: {centre.name}, {history_size(centre)}, {connection.vendor}")
    print("scenario | value | floor | ratio")
    return {"log_one": bench_log_one(centre), "bulk": bench_bulk(centre)}


@pytest.mark.bench
@pytest.mark.django_db
def test_write_paths_against_their_floors(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--clients", str(CLIENTS), stdout=StringIO())
    result = run(biggest_centre())
    assert result["log_one"]["queries"] > 0


if __name__ == "__main__":
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        run(biggest_centre())
        transaction.set_rollback(True)  # leave the database as it was
