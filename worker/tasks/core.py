"""Task entry points: thin doorways that take ids and call one service in cus/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from celery import shared_task

from cus.core.task_names import TaskName
from worker.base import job_task

if TYPE_CHECKING:
    from cus.core.models import TaskRun


@shared_task(name=TaskName.PING.value, acks_late=True)
def ping() -> str:
    """A liveness probe for the worker (used by health checks and tests)."""
    return "pong"


@job_task(TaskName.ECHO_JOB)
def echo_job(run: TaskRun) -> Any:
    """Store the job's parameters as its result: a round trip through the worker for tests and health checks."""
    return run.params
