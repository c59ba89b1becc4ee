"""A report run sent through the real Redis broker is computed by a real worker, which records its result."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from cus.core.context import actor_for
from cus.core.dates import add_months
from cus.core.models import Role, TaskRunStatus
from cus.reports import services
from cus.reports.models import ReportRun, ReportStatus

from ..factories import CentreFactory, ClientFactory, FundingSourceFactory, MembershipFactory, UserFactory
from ..reports.factories import ParticipationFactory
from .test_real_worker import start_worker, wait_for  # noqa: F401  (start_worker is a fixture)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL (it is set in CI)"),
    pytest.mark.django_db(transaction=True),
]


def test_a_report_run_through_the_broker_is_generated_by_a_real_worker(start_worker):  # noqa: F811
    centre = CentreFactory(code="wrk")
    manager = UserFactory()
    MembershipFactory(user=manager, centre=centre, role=Role.MANAGER)
    month = add_months(timezone.localdate().replace(day=1), -1)
    ParticipationFactory(client=ClientFactory(centre=centre), funding_source=FundingSourceFactory(centre=centre),
                         entry_date=month.replace(day=5), entry_sex="male", entry_age=24)
    start_worker("reports")

    run = services.request_report(actor=actor_for(manager), month=month)

    assert run.task_run is not None
    task_run = wait_for(run.task_run, lambda r: r.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED), timeout=120)
    assert task_run.status == TaskRunStatus.DONE, task_run.message
    run = ReportRun.objects.get(pk=run.pk)
    assert run.status == ReportStatus.DONE, run.message
    assert task_run.result["report_run"] == str(run.pk)
    assert run.data["participants"]["new"]["age_18_29"] == {"female": 0, "male": 1, "other": 0, "total": 1}
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "participants", "pdf", "xlsx"]
