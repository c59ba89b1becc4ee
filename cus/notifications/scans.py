"""The daily reminder scan as background jobs: one job per centre and day, running every rule of ``rules``.

Kept apart from ``services`` (which the rules use to raise notifications) so that imports go one way:
scans -> rules -> services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from cus.core import jobs
from cus.core.dates import centre_today
from cus.core.models import Centre, TaskRun, TaskRunStatus

from . import rules

REMINDER_SCAN_KIND = "reminder_scan"
REMINDER_SCAN_TASK = jobs.TaskName.SCAN_REMINDERS


def start_reminder_scans(*, centres: Iterable[Centre] | None = None) -> list[TaskRun]:
    """Start one reminder-scan job per centre for the centre's today; returns the runs started.

    A centre whose scan for today is already queued, running or done is skipped, so the beat entry may
    fire twice (or be run by hand) without doubling the work; a failed scan is started again. Each centre
    is locked while deciding, so two callers at once cannot both start it.
    """
    started = []
    for centre in centres if centres is not None else Centre.objects.order_by("pk").iterator():
        with transaction.atomic():
            Centre.objects.select_for_update().filter(pk=centre.pk).first()
            today = centre_today(centre).isoformat()
            already = TaskRun.objects.filter(
                centre=centre, kind=REMINDER_SCAN_KIND, params__today=today
            ).exclude(status=TaskRunStatus.FAILED)
            if already.exists():
                continue
            started.append(
                jobs.start_job(
                    kind=REMINDER_SCAN_KIND, task_name=REMINDER_SCAN_TASK, params={"today": today}, centre=centre
                )
            )
    return started


def run_reminder_scan(run: TaskRun) -> dict[str, int]:
    """The body of a reminder-scan job: every rule for the run's centre and day (``params["today"]``)."""
    if run.centre is None:
        raise ValueError("a reminder scan needs a centre")
    today = dt.date.fromisoformat(run.params["today"]) if run.params.get("today") else centre_today(run.centre)
    return rules.scan_reminders(centre=run.centre, today=today)
