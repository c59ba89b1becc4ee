"""The paths that used to grow with history: a log's write, a bulk log and the statements list cost the same number
of queries however many logs a centre has (or a request carries), the figures equal the raw computation, and the
indexes serve the queries (the partial index on corrections, contract line + date; no duplicated single-column
index)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.context import actor_for
from cus.core.dates import add_months, first_of_month
from cus.deliveries import selectors, services
from cus.deliveries.models import Delivery, MonthlyStatement, Outcome

from .conftest import STATEMENTS_URL, World
from .helpers import approved, log, statement, submitted

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and indexes")


def sqls(function) -> list[str]:  # type: ignore[no-untyped-def]
    """The statements a call sends, but the savepoints of the test's transaction (a request has none)."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]


def add_history(world: World, count: int) -> None:
    """``count`` logs of the world's service in the months before ``world.day``, written in bulk as an import
    would, some of them corrected; the line's running totals brought up to date."""
    template = log(world, date=first_of_month(world.day) - dt.timedelta(days=1), start_time=dt.time(6),
                   duration_minutes=30, worker_name="History")
    rows = []
    for n in range(count):
        day = first_of_month(world.day) - dt.timedelta(days=1 + n % 200)
        rows.append(Delivery(
            centre_id=template.centre_id, planned_service_id=template.planned_service_id,
            client_id=template.client_id, provider_id=template.provider_id, service_type_id=template.service_type_id,
            contract_line_id=template.contract_line_id, funding_source_id=template.funding_source_id, date=day,
            start_time=dt.time(6), duration_minutes=10, units=Decimal("0.01"), cost=Decimal("0.50"),
            worker_name=f"History {n}", logged_by_id=template.logged_by_id,
        ))
    Delivery.objects.bulk_create(rows)
    corrections = [
        Delivery(**{**{f.attname: getattr(row, f.attname) for f in Delivery._meta.concrete_fields},
                    "id": None, "corrects_id": row.pk, "worker_name": "Correction"})
        for row in rows[: count // 10]
    ]
    for correction in corrections:
        correction.pk = Delivery._meta.pk.get_default()  # type: ignore[union-attr]
    Delivery.objects.bulk_create(corrections)
    services.reconcile_line_usage(fix=True)


def data(world: World, **fields) -> services.DeliveryInput:  # type: ignore[no-untyped-def]
    values = {"planned_service": world.service.pk, "date": world.day, "start_time": dt.time(9), "duration_minutes": 30,
              "worker_name": "Anna Nowak"}
    values.update(fields)
    return services.DeliveryInput(**values)


# --- one log ------------------------------------------------------------------------------------------------


def test_one_log_costs_the_same_queries_with_little_and_much_history(world):
    actor = actor_for(world.staff)
    little = sqls(lambda: services.log_delivery(actor=actor, data=data(world, start_time=dt.time(8))))
    add_history(world, 400)
    much = sqls(lambda: services.log_delivery(actor=actor, data=data(world, start_time=dt.time(12))))
    assert len(little) == len(much)
    # ... and one upsert of the log's month's rollup; the plausibility reads: the client's and the worker's day,
    # the service type's daily limit, the planned service's week
    assert len(much) <= 14, much
    # Nothing sums the line's logs: the budget check reads the line's running totals. The one sum is the planned
    # service's week (its frequency), bounded by the week whatever the history.
    sums = [sql for sql in much if "SUM(" in sql.upper()]
    assert len(sums) == 1, sums
    assert '"planned_service_id" IN' in sums[0]
    assert '"date" >=' in sums[0]


def test_a_retried_log_is_found_by_its_client_uuid_in_one_query(world):
    import uuid

    actor = actor_for(world.staff)
    first = data(world, client_uuid=uuid.uuid4())
    services.log_delivery(actor=actor, data=first)
    retried = sqls(lambda: services.log_delivery(actor=actor, data=first))
    assert len(retried) == 1
    assert Delivery.objects.filter(client_uuid=first.client_uuid).count() == 1


# --- bulk -----------------------------------------------------------------------------------------------------


def rows(world: World, count: int, tag: str, *, hour: int = 6) -> list[services.DeliveryInput]:
    """``count`` half-hour visits over five days, one after another on each day from ``hour`` (the same visit is
    logged once)."""
    return [
        data(world, worker_name=f"{tag} {n}", date=world.day - dt.timedelta(days=n % 5),
             start_time=dt.time(hour + (n // 5) // 2, 30 * ((n // 5) % 2)))
        for n in range(count)
    ]


def test_a_bulk_log_costs_the_same_queries_for_one_row_and_for_fifty_whatever_the_history(world):
    actor = actor_for(world.staff)
    one = sqls(lambda: services.log_deliveries(actor=actor, rows=rows(world, 1, "One", hour=18)))
    fifty = sqls(lambda: services.log_deliveries(actor=actor, rows=rows(world, 50, "Fifty")))
    add_history(world, 300)
    later = sqls(lambda: services.log_deliveries(actor=actor, rows=rows(world, 20, "Later", hour=12)))
    assert len(one) == len(fifty) == len(later)
    inserts = [sql for sql in fifty if sql.startswith("INSERT")]
    assert len(inserts) == 3  # the logs, their history rows, the months' rollups (one upsert whatever the months)
    updates = [sql for sql in fifty if sql.startswith("UPDATE")]
    assert len(updates) == 1  # the one contract line's running totals, once


def test_bulk_logs_are_saved_with_their_history_and_move_the_lines_totals(world):
    actor = actor_for(world.staff)
    found, created = services.log_deliveries(actor=actor, rows=rows(world, 12, "Worker"))
    assert created
    assert len(found) == 12
    assert [d.worker_name for d in found] == [f"Worker {n}" for n in range(12)]
    for delivery in found:
        record = delivery.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+", world.staff, "logged")
    assert services.reconcile_line_usage() == []
    world.line.refresh_from_db()
    assert world.line.units_delivered == Decimal("6.00")  # 12 x 30 minutes of an hourly service


def test_bulk_rows_are_checked_against_the_history_and_each_other_in_sets(world):
    """Each row is refused for its own first conflict, as a request of one row would be."""
    actor = actor_for(world.staff)
    log(world, start_time=dt.time(9), duration_minutes=60)  # Anna Nowak, 09:00-10:00
    batch = [
        data(world, start_time=dt.time(9, 30), worker_name="anna nowak"),  # overlaps the earlier log (any case)
        data(world, start_time=dt.time(11), worker_name="Ben"),  # fine
        data(world, start_time=dt.time(11, 15), worker_name="Ben"),  # overlaps the row before it
        data(world, start_time=dt.time(12), worker_name="Cy", date=world.today + dt.timedelta(days=2)),  # future
    ]
    with pytest.raises(services.RowErrors) as refused:
        services.log_deliveries(actor=actor, rows=batch)
    errors = {row["index"]: row["errors"] for row in refused.value.extra["rows"]}
    assert set(errors) == {0, 2, 3}
    assert "start_time" in errors[0]
    assert "start_time" in errors[2]
    assert "date" in errors[3]
    assert Delivery.objects.count() == 1


# --- the statements list --------------------------------------------------------------------------------------


def raw_totals(contract_id, month: dt.date) -> tuple[Decimal, Decimal, int]:  # type: ignore[no-untyped-def]
    """A month's statement figures from the logs, in Python: delivered units and cost, less the corrected entry's."""
    units, cost, count = Decimal(0), Decimal(0), 0
    end = add_months(month, 1)
    for delivery in Delivery.objects.filter(contract_line__contract_id=contract_id, date__gte=month, date__lt=end):
        corrected = delivery.corrects
        units += (delivery.units if delivery.outcome == Outcome.DELIVERED else 0) - (
            corrected.units if corrected is not None and corrected.outcome == Outcome.DELIVERED else 0)
        cost += delivery.cost - (corrected.cost if corrected is not None else 0)
        count += 1
    return units, cost, count


def test_statement_totals_equal_the_raw_sums_open_submitted_and_approved(world, manager):
    provider = actor_for(world.staff)
    earlier = first_of_month(add_months(world.day, -1)).replace(day=12)
    original = log(world, date=earlier)
    log(world, date=earlier, start_time=dt.time(14), outcome="client_absent")
    approved(world, manager, month=earlier)
    log(world)  # the month of world.day: submitted
    log(world, start_time=dt.time(15), duration_minutes=45)
    submitted(world)
    services.correct_delivery(actor=provider, delivery=original, reason="was 60 minutes", duration_minutes=60)
    log(world, date=world.today, start_time=dt.time(7), worker_name="Today")  # this month: open
    statement(world, month=world.today)
    response = world.api(manager).get(STATEMENTS_URL, {"page_size": 10})
    assert response.status_code == 200
    listed = response.json()["results"]
    assert {row["status"] for row in listed} == {"approved", "submitted", "open"}
    for row in listed:
        found = MonthlyStatement.objects.get(pk=row["id"])
        expected = raw_totals(found.contract_id, found.month)
        assert (Decimal(row["total_units"]), Decimal(row["total_cost"]), row["deliveries_count"]) == expected, row


def test_each_statement_of_a_page_counts_its_own_months_logs_by_state(world, manager):
    """The page's figures come from one grouped query: each statement gets its own contract's month, not a
    neighbour's (two months of one contract, logs in several states)."""
    earlier = first_of_month(add_months(world.day, -1)).replace(day=12)
    log(world, date=earlier)
    log(world, date=earlier, start_time=dt.time(14))
    disputed = log(world, start_time=dt.time(11))
    log(world, start_time=dt.time(15))
    Delivery.objects.filter(pk=disputed.pk).update(status="disputed", flagged=True)
    statement(world, month=earlier)
    submitted(world)
    empty = statement(world, month=add_months(first_of_month(world.day), 1))
    rows = world.api(manager).get(STATEMENTS_URL, {"page_size": 10}).json()["results"]
    assert len(rows) == 3
    for row in rows:
        found = MonthlyStatement.objects.get(pk=row["id"])
        logs = Delivery.objects.filter(contract_line__contract_id=found.contract_id, date__gte=found.month,
                                       date__lt=add_months(found.month, 1))
        expected = {"confirmed": logs.filter(status="confirmed").count(), "unconfirmed": logs.filter(status="logged").count(),
                    "flagged": logs.filter(flagged=True).count(), "disputed": logs.filter(status="disputed").count()}
        assert row["log_counts"] == expected, row
        assert row["deliveries_count"] == raw_totals(found.contract_id, found.month)[2]
    by_id = {row["id"]: row for row in rows}
    assert by_id[str(empty.pk)]["deliveries_count"] == 0
    assert by_id[str(empty.pk)]["log_counts"] == {"confirmed": 0, "unconfirmed": 0, "flagged": 0, "disputed": 0}


def test_a_frozen_statement_shows_its_frozen_totals(world, manager):
    log(world)
    found = submitted(world)
    MonthlyStatement.objects.filter(pk=found.pk).update(total_units=Decimal("99.00"), deliveries_count=7)
    row = world.api(manager).get(STATEMENTS_URL).json()["results"][0]
    assert (row["total_units"], row["deliveries_count"]) == ("99.00", 7)


def test_the_statements_list_costs_the_same_queries_at_any_page_size_and_history(world, manager):
    client = world.api(manager)
    log(world)
    for months_back in range(6):
        statement(world, month=add_months(first_of_month(world.day), -months_back))
    submitted(world)
    counts = []
    for size in (1, 3, 10):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(STATEMENTS_URL, {"page_size": size}).status_code == 200
        counts.append(len(captured.captured_queries))
    add_history(world, 300)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(STATEMENTS_URL, {"page_size": 10}).status_code == 200
    counts.append(len(captured.captured_queries))
    assert len(set(counts)) == 1, counts


# --- indexes -----------------------------------------------------------------------------------------------------


def explain(queryset) -> str:  # type: ignore[no-untyped-def]
    """The plan, with sequential scans priced out so that the tiny test tables show which indexes can serve."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@postgresql_only
def test_the_not_corrected_anti_join_reads_the_partial_index(world):
    add_history(world, 20)
    assert "delivery_corrections" in explain(Delivery.objects.in_force().filter(outcome=Outcome.DELIVERED))


@postgresql_only
def test_the_statements_months_figures_read_contract_line_and_date(world):
    log(world)
    found = statement(world)
    plan = explain(selectors.month_figures([found])[0])
    assert "delivery_line_date" in plan
    # the months are date ranges in the index's condition (the grouping truncates only the rows found)
    assert "date_trunc" not in next(row for row in plan.splitlines() if "Index Cond" in row).lower()


MY_APPS = ("deliveries", "notifications", "contracts", "plans", "clients")


def test_no_single_column_index_duplicates_a_longer_one():
    """An index on one column is kept only where no other index (or unique constraint) starts with that column."""
    duplicated = []
    with connection.cursor() as cursor:
        for app in MY_APPS:
            for model in apps.get_app_config(app).get_models():
                if model.__name__.startswith("Historical"):
                    continue
                table = model._meta.db_table
                indexes = connection.introspection.get_constraints(cursor, table)
                # A partial index (or unique constraint with a condition) serves only its rows: no substitute.
                partial = {item.name for item in [*model._meta.indexes, *model._meta.constraints]
                           if getattr(item, "condition", None) is not None}
                keyed = {
                    name: spec["columns"] for name, spec in indexes.items()
                    if (spec["index"] or spec["unique"]) and spec["columns"] and not name.endswith("_like")
                    and not spec.get("foreign_key")
                }
                for name, columns in keyed.items():
                    spec = indexes[name]
                    if len(columns) != 1 or spec["unique"] or spec.get("primary_key"):
                        continue
                    longer = [other for other, cols in keyed.items() if other != name and len(cols) > 1
                              and cols[0] == columns[0] and other not in partial]
                    if longer:
                        duplicated.append((table, name, longer))
    assert duplicated == []
