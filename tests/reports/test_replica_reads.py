"""The database router (cus/core/db_router.py): with DATABASE_REPLICA_URL, a report's figures are read from the
replica alias; every write, and every read outside ``replica_reads()``, goes to the primary (default)."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cus.core import db_router
from cus.core.context import actor_for
from cus.core.db_router import ReplicaRouter, replica_reads
from cus.deliveries.models import Delivery
from cus.reports import services
from cus.reports.models import ReportFile, ReportRun


def test_the_router_sends_reads_in_the_block_to_the_replica_and_everything_else_to_the_primary(monkeypatch):
    router = ReplicaRouter()
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)

    assert router.db_for_read(Delivery) == "default"
    with replica_reads() as alias:
        assert alias == "replica"
        assert router.db_for_read(Delivery) == "replica"
        assert router.db_for_write(Delivery) == "default"  # writes never go to a replica
    assert router.db_for_read(Delivery) == "default"
    assert router.allow_migrate("default", "deliveries") is True
    assert router.allow_migrate("replica", "deliveries") is False


def test_without_a_replica_the_block_reads_from_the_primary():
    assert "replica" not in settings.DATABASES
    with replica_reads() as alias:
        assert alias == "default"
        assert ReplicaRouter().db_for_read(Delivery) == "default"


@pytest.fixture
def replica() -> Iterator[str]:
    """A ``replica`` alias on the test database (a second connection to it, as a streaming replica would be a
    second server with the same rows): only on PostgreSQL, whose test database another connection can share."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory: a second connection cannot read it")
    connections.settings["replica"] = dict(connections.settings["default"])
    settings.DATABASES["replica"] = connections.settings["replica"]
    connections["replica"].connect()  # opened here: the test case allows only its own aliases to connect later
    try:
        yield "replica"
    finally:
        connections["replica"].close()
        del connections["replica"]
        connections.settings.pop("replica", None)
        settings.DATABASES.pop("replica", None)


@pytest.mark.django_db(transaction=True)
def test_a_report_reads_its_figures_from_the_replica_and_writes_its_files_to_the_primary(replica, manager, last_month):
    with mock.patch("worker.app.app.send_task"):  # generated here, not by a worker
        run = services.request_report(actor=actor_for(manager), month=last_month.month)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        services.generate_report(str(run.pk))

    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    primary_sql = [query["sql"] for query in on_primary.captured_queries]
    assert f'FROM "{Delivery._meta.db_table}"' in replica_sql  # the figures
    assert not any(f'FROM "{Delivery._meta.db_table}"' in sql for sql in primary_sql)
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in
                   (query["sql"] for query in on_replica.captured_queries))
    assert any(f'INSERT INTO "{ReportFile._meta.db_table}"' in sql for sql in primary_sql)
    assert ReportRun.objects.get(pk=run.pk).status == "done"
    assert timezone.now() >= ReportRun.objects.get(pk=run.pk).cut_off_at
