"""Background jobs: enqueue worker tasks by name after commit, and keep each job's state in a TaskRun.

cus never imports worker: tasks are sent by name through the Celery app of ``celery_app.py``, and
``TaskName`` (``task_names.py``, re-exported here) is the one list of those names, used by the sending side
(``start_job``, ``enqueue``) and by the worker, which registers each task under its member (a test checks
that the two agree). The worker calls mark_running / mark_done / mark_failed around a job's body; they are
safe to call again for the same run, because a message may be delivered more than once (acks_late
redelivers a job whose worker died), and a finished run must not run again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Centre, TaskRun, TaskRunStatus, User
from .task_names import TaskName

__all__ = ["FINISHED", "TaskName", "enqueue", "mark_done", "mark_failed", "mark_running", "start_job"]

FINISHED = (TaskRunStatus.DONE, TaskRunStatus.FAILED)


def enqueue(task_name: TaskName, *args: Any, **kwargs: Any) -> None:
    """Send ``task_name(*args, **kwargs)`` to the worker once the current transaction commits."""
    from .celery_app import app  # imported when first needed: the web process may never send a job

    name = str(task_name)
    transaction.on_commit(lambda: app.send_task(name, args=args, kwargs=kwargs))


@transaction.atomic
def start_job(
    *,
    kind: str,
    task_name: TaskName,
    params: dict[str, Any],
    centre: Centre | None = None,
    user: User | None = None,
) -> TaskRun:
    """Record a queued job and send `task_name(run_id)` to the worker once the transaction commits."""
    run = TaskRun(kind=kind, task_name=str(task_name), params=params, centre=centre, created_by=user)
    run.full_clean()
    run.save()
    enqueue(task_name, str(run.id))
    return run


@transaction.atomic
def mark_running(run_id: uuid.UUID | str) -> TaskRun | None:
    """Claim a run for execution; None when it is unknown or already finished, so the caller skips it.

    A run that is still `running` is claimed again: its previous worker died before finishing it.
    """
    run = TaskRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.status in FINISHED:
        return None
    run.status = TaskRunStatus.RUNNING
    run.attempts += 1
    run.started_at = timezone.now()
    run.save(update_fields=["status", "attempts", "started_at"])
    return run


@transaction.atomic
def mark_done(run_id: uuid.UUID | str, result: Any) -> bool:
    """Store a run's result and finish it; False (nothing changed) when it was already finished."""
    run = TaskRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.status in FINISHED:
        return False
    run.status = TaskRunStatus.DONE
    run.result = result
    run.message = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "result", "message", "finished_at"])
    return True


@transaction.atomic
def mark_failed(run_id: uuid.UUID | str, message: str) -> bool:
    """Finish a run as failed with an error text; False (nothing changed) when it was already finished."""
    run = TaskRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.status in FINISHED:
        return False
    run.status = TaskRunStatus.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return True
