"""Concurrent registrations queue on the locked reference counter (PostgreSQL: SQLite has one writer)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from cus.clients import services
from cus.core.context import actor_for

from .conftest import today

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")

WORKERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_reference(centre, coordinator):
    start = threading.Barrier(WORKERS)

    def register(n: int) -> str:
        try:
            start.wait()
            client = services.create_client(
                actor=actor_for(coordinator),
                first_name=f"Osoba{n}",
                last_name="Równoległa",
                birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=n),
                sex="female",
            )
            return client.reference
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        references = list(pool.map(register, range(WORKERS)))
    year = today().year
    assert sorted(references) == [f"GDY/{year}/{n:05d}" for n in range(1, WORKERS + 1)]
