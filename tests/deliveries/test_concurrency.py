"""Concurrent logs against one contract line are serialised: together they never exceed what it has left."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from cus.core.context import actor_for
from cus.core.errors import Conflict
from cus.deliveries import services
from cus.deliveries.models import Delivery


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's; SQLite's in-memory test database refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True)
def test_two_logs_at_once_cannot_both_take_the_last_units(world):
    world.line.max_units = Decimal("2")
    world.line.save()
    actor = actor_for(world.staff)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def log_at(hour: int) -> None:
        try:
            start.wait()
            services.log_delivery(actor=actor, data=services.DeliveryInput(
                planned_service=world.service.pk, date=world.day, start_time=dt.time(hour), duration_minutes=90,
                worker_name=f"Worker {hour}",
            ))
            outcomes.append("logged")
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_at, args=(hour,)) for hour in (8, 14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["logged", "units_exceeded"]
    assert Delivery.objects.count() == 1
