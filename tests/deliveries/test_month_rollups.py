"""The months' rollups of delivered logs (``DeliveryMonthTotal``) are kept with every log, and the reads that use
them (the funder report's to-date spending, a community plan's indicators) give the same figures as summing the
raw logs: after edits, corrections recorded after a report's cut-off, and a month closed and re-opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cus.core.context import actor_for
from cus.core.dates import add_months, first_of_month, last_of_month
from cus.deliveries import services
from cus.deliveries.models import Delivery, DeliveryMonthTotal
from cus.planning import selectors as planning
from cus.reports import figures

from ..planning.factories import ActivityFactory, CommunityPlanFactory, IndicatorFactory
from ..reports.independent import dump, expected_figures
from .conftest import World
from .helpers import approved, log

pytestmark = pytest.mark.django_db


def rollup_equals_logs() -> None:
    assert services.reconcile_month_totals() == []


def month_day(world: World, months_ago: int, day: int = 10) -> dt.date:
    return add_months(first_of_month(world.today), -months_ago).replace(day=day)


def contracts_of(month: dt.date, world: World, cut_off: dt.datetime) -> tuple[list, list]:
    """The report's contract rows and the same rows recomputed from raw rows (tests/reports/independent.py)."""
    data = figures.compute(centre=world.centre, month=month, cut_off_at=cut_off)
    return data["contracts"], expected_figures(dump(), world.centre, month, cut_off)["contracts"]


def test_every_change_to_a_log_moves_its_months_rollup(world, manager):
    provider, coordinator = actor_for(world.staff), actor_for(world.coordinator)
    first = log(world)  # 90 minutes, 75.00
    second = log(world, date=month_day(world, 2), start_time=dt.time(13), duration_minutes=60)
    log(world, start_time=dt.time(16), duration_minutes=30, outcome="client_absent")  # counts nothing
    rows = {row.month: row for row in DeliveryMonthTotal.objects.all()}
    assert set(rows) == {first_of_month(world.day), first_of_month(month_day(world, 2))}
    last = rows[first_of_month(world.day)]
    assert (last.units, last.cost, last.minutes, last.logs) == (Decimal("1.50"), Decimal("75.00"), 90, 1)
    rollup_equals_logs()

    services.update_delivery(actor=provider, delivery=second, date=world.day, duration_minutes=120)  # moves month
    rollup_equals_logs()
    assert DeliveryMonthTotal.objects.get(month=first_of_month(month_day(world, 2))).logs == 0
    services.confirm_delivery(actor=coordinator, delivery=first)
    services.dispute_delivery(actor=coordinator, delivery=second, reason="she was in hospital")
    services.update_delivery(actor=provider, delivery=second, outcome="client_absent")
    rollup_equals_logs()
    services.log_deliveries(actor=provider, rows=[
        services.DeliveryInput(planned_service=world.service.pk, date=month_day(world, months, 3),
                               start_time=dt.time(9), duration_minutes=60, worker_name="Ewa")
        for months in (1, 2, 3)
    ])
    rollup_equals_logs()


def test_the_reconciliation_finds_and_rebuilds_a_wrong_rollup(world, capsys):
    log(world)
    DeliveryMonthTotal.objects.update(cost=Decimal("1.00"))
    with pytest.raises(CommandError, match="1 month rollup"):
        call_command("reconcile_line_usage")
    call_command("reconcile_line_usage", "--fix")
    rollup_equals_logs()
    assert DeliveryMonthTotal.objects.get().cost == Decimal("75.00")


def test_the_funder_reports_to_date_spending_equals_the_raw_sums_at_every_cut_off(world, manager):
    provider = actor_for(world.staff)
    for months_ago in (14, 5, 3, 2, 1):
        for day in (3, 17):
            log(world, date=month_day(world, months_ago, day), duration_minutes=60 + months_ago)
    first_cut = timezone.now()
    three_months_ago = month_day(world, 3)
    approved(world, manager, month=first_of_month(three_months_ago))  # locked: corrections only
    original = Delivery.objects.get(date=three_months_ago.replace(day=3))
    services.correct_delivery(actor=provider, delivery=original, reason="it was two hours",
                              duration_minutes=120, date=world.day.replace(day=20))
    # A month closed for reporting and re-opened takes logs and edits again.
    month_two = first_of_month(month_day(world, 2))
    services.close_month_to_logs(actor=actor_for(manager), month=month_two)
    services.reopen_month_to_logs(actor=actor_for(manager), month=month_two)
    edited = Delivery.objects.get(date=month_day(world, 2, 17))
    services.update_delivery(actor=provider, delivery=edited, duration_minutes=30)
    log(world, date=month_day(world, 5, 25), duration_minutes=45)
    rollup_equals_logs()

    for month in (first_of_month(world.today), first_of_month(world.day), first_of_month(month_day(world, 4))):
        for cut_off in (first_cut, timezone.now()):
            found, expected = contracts_of(month, world, cut_off)
            assert found == expected, (month, cut_off)
    # The figures moved between the cut-offs: the later corrections and logs count only after them.
    then, _ = contracts_of(first_of_month(world.today), world, first_cut)
    now, _ = contracts_of(first_of_month(world.today), world, timezone.now())
    assert then[0]["amount_spent_to_date"] != now[0]["amount_spent_to_date"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2000, 1, 1), dt.date(2999, 12, 31)),  # whole months only
        (None, None),  # mid-month start and end: partial months from the logs
    ],
)
def test_a_community_plans_indicators_equal_the_raw_sums(world, start, end):
    for months_ago in (14, 5, 3, 1, 0):
        for day in (1, 9, 28):
            when = month_day(world, months_ago, day)
            if when <= world.today:
                log(world, date=when, duration_minutes=30 + day, start_time=dt.time(8 + day % 10))
    log(world, date=month_day(world, 3, 12), duration_minutes=None, units=Decimal("2.25"), start_time=None)
    if start is None:
        start, end = month_day(world, 5, 9), month_day(world, 1, 9)
    plan = CommunityPlanFactory(centre=world.centre, start_date=start, end_date=end)
    activity = ActivityFactory(measure__priority__plan=plan, centre=world.centre,
                               service_types=[world.service.service_type])
    kinds = ("delivered_units", "delivered_hours", "people_served")
    indicators = [IndicatorFactory(activity=activity, kind=kind) for kind in kinds]
    year = IndicatorFactory(activity=activity, kind="delivered_hours", period="year",
                            year=month_day(world, 5).year)
    tree = planning.community_plan_tree(actor_for(world.coordinator)).get(pk=plan.pk)
    progress = planning.plan_progress(tree)

    def raw(first: dt.date, last: dt.date) -> tuple[Decimal, Decimal, int]:
        logs = [d for d in Delivery.objects.in_force().filter(outcome="delivered") if first <= d.date <= last]
        hours = sum((Decimal(d.duration_minutes) / 60 if d.duration_minutes else d.units for d in logs), Decimal(0))
        return sum((d.units for d in logs), Decimal(0)), hours, len({d.client_id for d in logs})

    units, hours, people = raw(start, end)
    assert units > 0
    assert [progress[i.pk].actual for i in indicators] == [
        units.quantize(Decimal("0.01")), hours.quantize(Decimal("0.01")), Decimal(people).quantize(Decimal("0.01"))
    ]
    year_start = dt.date(year.year, 1, 1)
    _units, year_hours, _people = raw(year_start, last_of_month(dt.date(year.year, 12, 1)))
    assert progress[year.pk].actual == year_hours.quantize(Decimal("0.01"))
