"""Benchmark: the daily reminder scan of a centre when nothing is new, against its candidate SELECTs, measured in
the same run.

The floor is the scan's own reads of the case data (every SELECT it sends that is not about notifications:
each rule's candidates, the centre's settings and staff), sent again as plain SQL and fetched in full: what the
scan cannot do without. What is left over is the scan's own cost: rendering, deduplication and inserts. The
scan's peak Python memory is printed too (it must not grow with the centre's history: candidates stream).

    python -m pytest tests/bench/test_scan_bench.py -m bench -s   # seeds CUS_BENCH_CLIENTS (300)
    python tests/bench/test_scan_bench.py                          # on the configured, seeded database
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest

try:  # run by pytest (tests.bench is a package), or as a script (this folder is on the path)
    from tests.bench.measure import best_of as best_of_n
    from tests.bench.measure import biggest_centre, line
except ImportError:
    from measure import best_of as best_of_n
    from measure import biggest_centre, line

CLIENTS = int(os.environ.get("CUS_BENCH_CLIENTS", "300"))
REPEAT = int(os.environ.get("CUS_BENCH_REPEAT", "3"))


def best_of(function: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    return best_of_n(function, repeat)


def candidate_selects(captured: list[dict[str, Any]]) -> list[str]:
    """The SELECTs of a scan that read case data (not the notifications it deduplicates against)."""
    return [
        query["sql"] for query in captured
        if query["sql"].lstrip().upper().startswith("SELECT") and "notifications_notification" not in query["sql"]
    ]


def bench_scan(centre: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cus.core.dates import centre_today
    from cus.notifications import rules
    from cus.notifications.models import Notification

    today = centre_today(centre)

    def scan() -> dict[str, int]:
        return rules.scan_reminders(centre=centre, today=today)

    first_time, first = best_of(scan, 1)  # raises what is due today (the demo may have done it already)
    with CaptureQueriesContext(connection) as captured:
        again = scan()
    assert set(again.values()) <= {0}, again
    selects = candidate_selects(captured.captured_queries)

    def floor() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                rows += len(cursor.fetchall())
        return rows

    scan_times, floor_times = [], []
    for _ in range(REPEAT):
        scan_times.append(best_of(scan, 1)[0])
        floor_times.append(best_of(floor, 1)[0])
    value, floor_time = min(scan_times), min(floor_times)
    tracemalloc.start()
    scan()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    notifications = Notification.objects.filter(centre=centre).count()
    rows = [
        line("reminder scan, first run of the day", f"{first_time * 1000:.0f} ms, {sum(first.values())} raised",
             "-", 0.0),
        line("reminder scan, nothing new",
             f"{value * 1000:.0f} ms, {len(captured.captured_queries)} queries, peak {peak / 2**20:.1f} MiB",
             f"{floor_time * 1000:.0f} ms ({len(selects)} candidate SELECTs, {floor()} rows)", value / floor_time),
    ]
    print(f"  notifications of the centre: {notifications}")
    return {"value": value, "floor": floor_time, "queries": len(captured.captured_queries), "peak": peak,
            "rows": rows}


def run(centre: Any) -> dict[str, Any]:
    from django.db import connection

    from cus.deliveries.models import Delivery
    from cus.plans.models import PlannedService

    print(f"\nreminder scan: {centre.name}, {PlannedService.objects.filter(centre=centre).count()} planned services, "
          f"{Delivery.objects.filter(centre=centre).count()} logs, {connection.vendor}")
    print("scenario | value | floor | ratio")
    return bench_scan(centre)


@pytest.mark.bench
@pytest.mark.django_db
def test_reminder_scan_against_its_candidate_selects(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--clients", str(CLIENTS), stdout=StringIO())
    result = run(biggest_centre())
    assert result["queries"] > 0


if __name__ == "__main__":
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        run(biggest_centre())
        transaction.set_rollback(True)
