"""Task entry points for plans: thin doorways that call services in cus/plans.

The daily beat entry (created by the plans app's migration 0007) lets assignments that stopped at a contract's end
continue on the provider's renewed or next contract.
"""

from __future__ import annotations

from cus.core.task_names import TaskName
from worker.tasks.notifications import retried_task


@retried_task(TaskName.EXTEND_ASSIGNMENTS)
def extend_assignments() -> dict[str, dict[str, int]]:
    """Beat, daily: at every centre, assignments continue on renewed contracts and move to the line in force today
    (idempotent: a period once added is the assignment's reach, and is not added again)."""
    from cus.plans import services

    return services.extend_assignments()
