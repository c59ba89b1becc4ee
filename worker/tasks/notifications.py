"""Task entry points for notifications: thin doorways that call services in cus/notifications.

The beat schedules (django-celery-beat rows, editable in the admin) are created by the notifications app's
migration 0003: the reminder scans daily at 06:00, the digests daily at 07:00, the immediate e-mails every
five minutes (and right after each scan).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from celery import shared_task
from django.db import OperationalError

from cus.core.task_names import TaskName
from worker.base import BACKOFF_FACTOR, BACKOFF_MAX, MAX_RETRIES, job_task

if TYPE_CHECKING:
    from cus.core.models import TaskRun


def retried_task(name: TaskName) -> Any:
    """A plain task that is acknowledged late and retried with exponential backoff and jitter on a database
    that dropped or a mail server that refused or could not be reached (smtplib's errors are OSErrors).
    Sending stays at most once per notification (see cus.notifications.email)."""
    return shared_task(
        name=str(name),
        acks_late=True,
        autoretry_for=(OperationalError, OSError),
        retry_backoff=BACKOFF_FACTOR,
        retry_backoff_max=BACKOFF_MAX,
        retry_jitter=True,
        max_retries=MAX_RETRIES,
    )


@retried_task(TaskName.START_REMINDER_SCANS)
def start_reminder_scans() -> list[str]:
    """Beat, daily: start one reminder-scan job (a TaskRun) per centre; a centre already scanned today is skipped."""
    from cus.notifications import scans

    return [str(run.id) for run in scans.start_reminder_scans()]


@job_task(TaskName.SCAN_REMINDERS)
def scan_reminders(run: TaskRun) -> dict[str, int]:
    """Run every reminder rule for the run's centre and day, then send the immediate e-mails it raised."""
    from cus.notifications import scans

    created = scans.run_reminder_scan(run)
    send_notification_emails.delay()
    return created


@retried_task(TaskName.SEND_NOTIFICATION_EMAILS)
def send_notification_emails() -> int:
    """Beat, every few minutes: e-mail the notifications of users who want them right away (at most once)."""
    from cus.notifications import email

    return email.send_immediate_emails()


@retried_task(TaskName.SEND_DAILY_DIGESTS)
def send_daily_digests() -> int:
    """Beat, daily: one digest e-mail per user who chose it, with their notifications not yet e-mailed."""
    from cus.notifications import email

    return email.send_daily_digests()
