"""Task entry points for reports: thin doorways that call services in cus/reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from celery import shared_task
from django.conf import settings

from cus.core.task_names import TaskName
from worker.base import job_task

if TYPE_CHECKING:
    from cus.core.models import TaskRun


@job_task(
    TaskName.GENERATE_REPORT,
    soft_time_limit=settings.CUS_REPORT_SOFT_TIME_LIMIT,  # a large centre's PDF takes longer than most jobs
    time_limit=settings.CUS_REPORT_TIME_LIMIT,
)
def generate_report(run: TaskRun) -> Any:
    """Compute, render and store the report run named in the job's params (``report_run``).

    The report's status is this job's: a transient error is retried while retries remain (the report stays
    "running"); any other error, the last attempt's, or the time limit fails the job and so the report.
    """
    from cus.reports import services

    return services.generate_report(str(run.params["report_run"]))


@shared_task(name=TaskName.START_MONTHLY_REPORTS.value, acks_late=True)
def start_monthly_reports() -> list[str]:
    """Beat, on the first of the month: start each centre's report on the previous month (once per month)."""
    from cus.reports import services

    return services.start_monthly_reports()
