"""A large list export sent through the real Redis broker is written by a real worker, with its progress saved."""

from __future__ import annotations

import csv
import io
import os

import pytest
from rest_framework.test import APIClient

from cus.clients.models import AccessAction, ClientAccessLog
from cus.core.models import Role, TaskRunStatus
from cus.reports.models import ListExport

from ..factories import CentreFactory, ClientFactory, MembershipFactory, UserFactory
from .test_real_worker import start_worker, wait_for  # noqa: F401  (start_worker is a fixture)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL (it is set in CI)"),
    pytest.mark.django_db(transaction=True),
]


def test_a_large_caseload_export_is_written_by_a_real_worker(start_worker, settings):  # noqa: F811
    settings.CUS_EXPORT_INLINE_ROWS = 2  # anything larger goes to the worker
    centre = CentreFactory(code="exp")
    manager = UserFactory()
    MembershipFactory(user=manager, centre=centre, role=Role.MANAGER)
    for i in range(5):
        ClientFactory(centre=centre, last_name=f"Zielińska{i}")
    start_worker("exports")
    api = APIClient()
    api.force_authenticate(manager)

    response = api.post("/api/v1/list-exports/", {"list": "clients", "format": "csv",
                                                  "filters": {"ordering": "last_name"}}, format="json")

    assert response.status_code == 202, response.content
    export = ListExport.objects.get(pk=response.json()["id"])
    run = wait_for(export.task_run, lambda r: r.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED), timeout=120)
    assert run.status == TaskRunStatus.DONE, run.message
    done = api.get(f"/api/v1/list-exports/{export.pk}/").json()
    assert done["rows_done"] == done["rows_total"] == 5
    content = api.get(done["download"]).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert [row[rows[0].index("Last name")] for row in rows[1:]] == [f"Zielińska{i}" for i in range(5)]
    assert ClientAccessLog.objects.filter(user=manager, action=AccessAction.EXPORT).count() == 5
