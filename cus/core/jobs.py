"""Enqueue worker tasks by name, after the current transaction commits. cus never imports worker."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue(task_name: str, *args: Any, **kwargs: Any) -> None:
    from worker.app import app  # the Celery app object only; no task code is imported

    transaction.on_commit(lambda: app.send_task(task_name, args=args, kwargs=kwargs))
