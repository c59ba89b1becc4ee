"""The pattern every background job follows: `@job_task("cus.x")` over a function of its TaskRun.

The task takes the run id. It claims the run (skipping one that already finished, so a redelivered
message is harmless), calls the function with the run, stores what it returns as the run's result,
and records the error text when it fails. Transient errors (the database or a connection dropping)
are retried with exponential backoff and jitter, up to MAX_RETRIES times, before the run fails.
Messages are acknowledged only after the job ends (acks_late), so a job whose worker dies is
delivered again to another worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import OperationalError

if TYPE_CHECKING:  # the models load only once the worker has set Django up
    from cus.core.models import TaskRun

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, ConnectionError)
MAX_RETRIES = 5
BACKOFF_FACTOR = 2  # seconds: retries wait about 2, 4, 8, 16, 32 s, each a random share of that (jitter)
BACKOFF_MAX = 300

JobFunction = Callable[["TaskRun"], Any]


def retry_delay(retries: int) -> int:
    """Seconds to wait before retry number `retries + 1`: exponential, capped, with full jitter."""
    return get_exponential_backoff_interval(BACKOFF_FACTOR, retries, BACKOFF_MAX, full_jitter=True)


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def job_task(name: str) -> Callable[[JobFunction], Task]:
    """Register `function(run) -> result` as the Celery task `name(run_id)` that keeps the TaskRun's state.

    The result must be JSON-serialisable. A run that is already done or failed is not executed again.
    """

    def decorate(function: JobFunction) -> Task:
        @shared_task(name=name, bind=True, acks_late=True, max_retries=MAX_RETRIES)
        def run_job(self: Task, run_id: str) -> str | None:
            from cus.core import jobs

            try:
                run = jobs.mark_running(run_id)
                if run is None:
                    return None
                result = function(run)
            except TRANSIENT_ERRORS as exc:
                if self.request.called_directly or self.request.retries >= MAX_RETRIES:
                    jobs.mark_failed(run_id, error_text(exc))
                    raise
                raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
            except Exception as exc:
                jobs.mark_failed(run_id, error_text(exc))
                raise
            jobs.mark_done(run_id, result)
            return str(run.id)

        run_job.__doc__ = function.__doc__
        return run_job

    return decorate
