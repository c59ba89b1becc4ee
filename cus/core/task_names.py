"""The names of the worker's tasks: one enumeration for the side that sends them (``cus.core.jobs``) and the
worker that registers them (``worker/tasks``). It imports nothing from Django, so the worker can import it
before Django is set up.
"""

from __future__ import annotations

from enum import StrEnum


class TaskName(StrEnum):
    """Every task the worker runs, by the name it is registered and sent under (``worker/tasks/``).

    The beat schedule rows (django-celery-beat, created by notifications' migration 0003) name the periodic
    ones as data: renaming a member means a data migration of those rows too.
    """

    PING = "cus.ping"  # liveness probe
    ECHO_JOB = "cus.echo_job"  # a job storing its params as its result (health checks, tests)
    GENERATE_REPORT = "cus.generate_report"  # job: compute, render and store a report run
    START_MONTHLY_REPORTS = "cus.start_monthly_reports"  # beat, monthly: each centre's report on last month
    START_REMINDER_SCANS = "cus.start_reminder_scans"  # beat, daily: one reminder-scan job per centre
    SCAN_REMINDERS = "cus.scan_reminders"  # job: run the reminder rules of a centre's day
    SEND_NOTIFICATION_EMAILS = "cus.send_notification_emails"  # beat, every few minutes
    SEND_DAILY_DIGESTS = "cus.send_daily_digests"  # beat, daily
    GENERATE_SUBJECT_EXPORT = "cus.generate_subject_export"  # job: build a client's subject-access copy (ZIP)
    EXPORT_LIST = "cus.export_list"  # job: write a large list (caseload, deliveries...) as CSV or XLSX
    START_RETENTION = "cus.start_retention"  # beat, daily: one retention job per centre
    APPLY_RETENTION = "cus.apply_retention"  # job: anonymise what passed its retention in a centre, log it
    AUTO_CONFIRM_LOGS = "cus.auto_confirm_logs"  # beat, daily: confirm the undisputed logs of statements long submitted
    EXTEND_ASSIGNMENTS = "cus.extend_assignments"  # beat, daily: assignments continue on renewed contracts
