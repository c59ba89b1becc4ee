"""A contract line keeps running totals of its logs, so a log's check does not sum the line's history; the totals
always equal the logs (``reconcile_line_usage``), whatever was done to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.contracts.models import ContractLine
from cus.core.context import actor_for
from cus.core.errors import Conflict
from cus.deliveries import services
from cus.deliveries.models import Delivery

from .conftest import World
from .helpers import approved, log

pytestmark = pytest.mark.django_db


def totals(world: World) -> tuple[Decimal, Decimal, Decimal]:
    line = ContractLine.objects.get(pk=world.line.pk)
    return line.units_delivered, line.units_confirmed, line.amount_spent


def assert_reconciled() -> None:
    assert services.reconcile_line_usage() == []
    assert services.reconcile_month_totals() == []  # the months' rollups move with the same logs


def test_every_change_to_a_log_moves_its_lines_totals(world, manager):
    provider, coordinator = actor_for(world.staff), actor_for(world.coordinator)
    first = log(world)  # 90 minutes: 1.5 h at 50.00
    assert totals(world) == (Decimal("1.50"), 0, Decimal("75.00"))
    second = log(world, start_time=dt.time(13), duration_minutes=60)
    absent = log(world, start_time=dt.time(16), duration_minutes=30, outcome="client_absent")
    assert totals(world) == (Decimal("2.50"), 0, Decimal("125.00"))  # an absence takes nothing
    assert_reconciled()

    services.update_delivery(actor=provider, delivery=second, duration_minutes=120)
    assert totals(world) == (Decimal("3.50"), 0, Decimal("175.00"))
    services.confirm_delivery(actor=coordinator, delivery=first)
    assert totals(world) == (Decimal("3.50"), Decimal("1.50"), Decimal("175.00"))
    services.dispute_delivery(actor=coordinator, delivery=second, reason="she was in hospital")
    services.update_delivery(actor=provider, delivery=second, outcome="client_absent")
    assert totals(world) == (Decimal("1.50"), Decimal("1.50"), Decimal("75.00"))
    services.update_delivery(actor=provider, delivery=absent, outcome="delivered")
    assert totals(world) == (Decimal("2.00"), Decimal("1.50"), Decimal("100.00"))
    assert_reconciled()


def test_a_correcting_entry_replaces_the_original_in_the_totals(world, manager):
    original = log(world)
    approved(world, manager)  # the month is locked: corrections only
    services.correct_delivery(actor=actor_for(world.staff), delivery=original, reason="it was an hour",
                              duration_minutes=60)
    assert totals(world) == (Decimal("1.00"), 0, Decimal("50.00"))
    assert_reconciled()


def test_a_bulk_counts_each_row_once(world):
    rows = [
        services.DeliveryInput(planned_service=world.service.pk, date=world.day - dt.timedelta(days=day),
                               start_time=dt.time(9), duration_minutes=60, worker_name="Ewa")
        for day in range(5)
    ]
    services.log_deliveries(actor=actor_for(world.staff), rows=rows)
    assert totals(world) == (Decimal("5.00"), 0, Decimal("250.00"))
    assert_reconciled()


def test_a_refused_log_leaves_the_totals_as_they_were(world):
    ContractLine.objects.filter(pk=world.line.pk).update(max_units=Decimal("2"))
    log(world)  # 1.5 of the line's 2 units
    with pytest.raises(Conflict, match=r"0\.50 units remain"):
        log(world, start_time=dt.time(20), duration_minutes=60, date=world.day - dt.timedelta(days=1))
    assert totals(world) == (Decimal("1.50"), 0, Decimal("75.00"))


def test_the_cost_of_a_log_does_not_grow_with_the_lines_history(world):
    def queries_to_log(day: dt.date) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            log(world, date=day, start_time=dt.time(7), duration_minutes=30)
        return [query["sql"] for query in captured.captured_queries]

    few = queries_to_log(world.day - dt.timedelta(days=1))
    many_rows = [
        services.DeliveryInput(planned_service=world.service.pk, date=world.day - dt.timedelta(days=day),
                               start_time=dt.time(12), duration_minutes=30, worker_name="Ewa")
        for day in range(2, 40)
    ]
    services.log_deliveries(actor=actor_for(world.staff), rows=many_rows)
    later = queries_to_log(world.day - dt.timedelta(days=45))
    assert len(later) == len(few)
    # The line's limits are read, not summed (the one sum: the planned service's week, for its frequency).
    assert not [sql for sql in later if "SUM(" in sql.upper() and '"planned_service_id" IN' not in sql]


def test_reconciliation_finds_and_fixes_rows_written_without_the_services(world, capsys):
    made = log(world)
    Delivery.objects.filter(pk=made.pk).update(units=Decimal("3.00"), cost=Decimal("150.00"))  # behind its back
    with pytest.raises(CommandError, match="1 contract line"):
        call_command("reconcile_line_usage")
    assert str(world.line.pk) in capsys.readouterr().out
    call_command("reconcile_line_usage", "--fix")
    assert totals(world) == (Decimal("3.00"), 0, Decimal("150.00"))
    call_command("reconcile_line_usage")
    assert "equal the logs" in capsys.readouterr().out


def test_saving_a_line_loaded_before_a_log_does_not_undo_the_log(world):
    stale = ContractLine.objects.get(pk=world.line.pk)
    log(world)
    stale.monthly_capacity = Decimal("40")
    stale.save()
    assert totals(world) == (Decimal("1.50"), 0, Decimal("75.00"))
    assert ContractLine.objects.get(pk=world.line.pk).monthly_capacity == Decimal("40")
