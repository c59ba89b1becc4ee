"""Task entry points for delivery logs: thin doorways that call services in cus/deliveries.

The daily beat entry (created by the deliveries app's migration 0010) confirms the logs nobody disputed in time.
"""

from __future__ import annotations

from cus.core.task_names import TaskName
from worker.tasks.notifications import retried_task


@retried_task(TaskName.AUTO_CONFIRM_LOGS)
def auto_confirm_logs() -> dict[str, int]:
    """Beat, daily: at every centre that confirms automatically, confirm the logged, unflagged, undisputed logs of
    the statements submitted long enough ago (idempotent: a log once confirmed is not matched again)."""
    from cus.deliveries import services

    return services.auto_confirm_logs()
