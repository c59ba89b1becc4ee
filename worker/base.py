"""The pattern every background job follows: `@job_task(TaskName.X)` over a function of its TaskRun.

The task takes the run id. It claims the run (skipping one that already finished, so a redelivered
message is harmless), calls the function with the run, stores what it returns as the run's result,
and records the error text when it fails. Transient errors (the database or a connection dropping)
are retried with exponential backoff and jitter, up to MAX_RETRIES times, before the run fails.
Messages are acknowledged only after the job ends (acks_late), so a job whose worker dies is
delivered again to another worker.

Time limits (settings CELERY_TASK_SOFT_TIME_LIMIT / CELERY_TASK_TIME_LIMIT, or per task): past the soft
limit the job is interrupted (SoftTimeLimitExceeded) and its run fails with a message saying so; past the
hard limit its process is killed, and the worker's main process marks the run failed (``JobTask.on_failure``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from billiard.einfo import ExceptionInfo
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.db import OperationalError

if TYPE_CHECKING:  # the models load only once the worker has set Django up
    from cus.core.models import TaskRun
    from cus.core.task_names import TaskName

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


def time_limit_text(kind: str, seconds: float | None) -> str:
    """The run's message when a time limit stopped it (``kind``: "soft" or "hard")."""
    limit = f"its {kind} time limit of {seconds:g} s" if seconds else f"its {kind} time limit"
    stopped = "stopped" if kind == "soft" else "killed"
    return f"Time limit exceeded: the job ran longer than {limit} and was {stopped}."


class JobTask(Task):
    """The task class of every job: a job killed at its hard time limit is marked failed.

    The killed process cannot record that, so Celery calls ``on_failure`` in the worker's main process.
    """

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: ExceptionInfo) -> None:
        if isinstance(exc, TimeLimitExceeded) and args:
            from cus.core import jobs

            seconds = exc.args[0] if exc.args and isinstance(exc.args[0], int | float) else self.time_limit
            jobs.mark_failed(args[0], time_limit_text("hard", seconds))
        super().on_failure(exc, task_id, args, kwargs, einfo)


def job_task(name: TaskName, **options: Any) -> Callable[[JobFunction], Task]:
    """Register `function(run) -> result` as the Celery task `name(run_id)` that keeps the TaskRun's state.

    The result must be JSON-serialisable. A run that is already done or failed is not executed again.
    ``options`` are Celery task options, e.g. ``soft_time_limit`` and ``time_limit`` (seconds) for a job that
    legitimately needs longer than the settings' defaults.
    """

    def decorate(function: JobFunction) -> Task:
        @shared_task(name=str(name), base=JobTask, bind=True, acks_late=True, max_retries=MAX_RETRIES, **options)
        def run_job(self: Task, run_id: str) -> str | None:
            from cus.core import jobs

            try:
                run = jobs.mark_running(run_id)
                if run is None:
                    return None
                result = function(run)
            except SoftTimeLimitExceeded:
                jobs.mark_failed(run_id, time_limit_text("soft", soft_time_limit(self)))
                raise
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


def soft_time_limit(task: Task) -> float | None:
    """The soft time limit in force for the task's current message (sent with it, or the task's, or the app's)."""
    sent = task.request.timelimit or (None, None)
    return sent[1] or task.soft_time_limit or task.app.conf.task_soft_time_limit
