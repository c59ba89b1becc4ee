"""Task entry points for subject rights and retention: thin doorways that call services in cus/retention.

The daily beat entry (created by the retention app's migration 0002) starts one retention job per centre.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cus.core.task_names import TaskName
from worker.base import job_task
from worker.tasks.notifications import retried_task

if TYPE_CHECKING:
    from cus.core.models import TaskRun


@job_task(TaskName.GENERATE_SUBJECT_EXPORT)
def generate_subject_export(run: TaskRun) -> Any:
    """Build a client's subject-access copy (the ZIP with data.json, the PDF and the files) named in the params."""
    from cus.retention import services

    return services.generate_export(str(run.params["export"]))


@retried_task(TaskName.START_RETENTION)
def start_retention() -> list[str]:
    """Beat, daily: start one retention job (a TaskRun) per centre; a centre already done today is skipped."""
    from cus.retention import services

    return [str(run.id) for run in services.start_retention_jobs()]


@job_task(TaskName.APPLY_RETENTION)
def apply_retention(run: TaskRun) -> dict[str, int]:
    """Anonymise what passed its retention in the run's centre, and write the disposal log."""
    from cus.retention import services

    return services.run_retention_job(run)
