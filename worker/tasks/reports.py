"""Task entry points for reports: thin doorways that call services in cus/reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from celery import shared_task

from worker.base import MAX_RETRIES, TRANSIENT_ERRORS, error_text, job_task

if TYPE_CHECKING:
    from cus.core.models import TaskRun


@job_task("cus.generate_report")
def generate_report(run: TaskRun) -> Any:
    """Compute, render and store the report run named in the job's params (``report_run``).

    A transient error is retried by job_task while retries remain (the report stays "running"); any other
    error, or the last attempt's, marks the report failed as well as the job.
    """
    from cus.reports import services

    report_run_id = str(run.params["report_run"])
    try:
        return services.generate_report(report_run_id)
    except Exception as exc:
        if not isinstance(exc, TRANSIENT_ERRORS) or run.attempts > MAX_RETRIES:
            services.mark_report_failed(report_run_id, error_text(exc))
        raise


@shared_task(name="cus.start_monthly_reports", acks_late=True)
def start_monthly_reports() -> list[str]:
    """Beat, on the first of the month: start each centre's report on the previous month (once per month)."""
    from cus.reports import services

    return services.start_monthly_reports()
