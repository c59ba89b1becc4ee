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


@job_task(
    TaskName.EXPORT_LIST,
    soft_time_limit=settings.CUS_REPORT_SOFT_TIME_LIMIT,  # a list of 200,000 rows takes a while
    time_limit=settings.CUS_REPORT_TIME_LIMIT,
)
def export_list(run: TaskRun) -> Any:
    """Write a large list as CSV or XLSX with the filters its screen had (the list's own endpoint renders the rows,
    see cus.api.exports), saving the rows written as it goes."""
    from cus.api import exports
    from cus.reports import list_exports

    return list_exports.generate(str(run.params["list_export"]), params=run.params, make=exports.make)
