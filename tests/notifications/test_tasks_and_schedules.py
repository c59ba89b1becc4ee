"""The worker's entry points (called directly, no broker), the beat schedule rows, and the e-mail preference."""

from __future__ import annotations

import datetime as dt
import importlib
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django_celery_beat.models import PeriodicTask

from cus.core.dates import centre_today
from cus.core.models import NotificationEmail, TaskRun, TaskRunStatus
from cus.notifications import scans
from cus.notifications.models import Notification
from tests.factories import ClientFactory, PlanFactory
from worker.tasks import notifications as tasks

pytestmark = pytest.mark.django_db

beat_migration = importlib.import_module("cus.notifications.migrations.0003_beat_schedules")


@pytest.fixture
def sent():
    with mock.patch("worker.app.app.send_task") as send_task:
        yield send_task


def test_start_reminder_scans_starts_one_run_per_centre_once_a_day(
    centre, other_centre, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.start_reminder_scans()
    assert len(first) == 2
    runs = TaskRun.objects.filter(kind=scans.REMINDER_SCAN_KIND)
    assert {run.centre for run in runs} == {centre, other_centre}
    assert all(run.params["today"] == centre_today(run.centre).isoformat() for run in runs)
    assert sent.call_count == 2
    assert {call.args[0] for call in sent.call_args_list} == {"cus.scan_reminders"}

    assert tasks.start_reminder_scans() == []
    assert runs.count() == 2


def test_a_failed_scan_is_started_again(centre, sent):
    scans.start_reminder_scans(centres=[centre])
    TaskRun.objects.update(status=TaskRunStatus.FAILED)
    assert len(scans.start_reminder_scans(centres=[centre])) == 1


def test_scan_job_runs_the_rules_records_the_result_and_sends_the_emails(centre, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    coordinator.notification_email = NotificationEmail.IMMEDIATE
    coordinator.save()
    PlanFactory(
        client=ClientFactory(centre=centre),
        coordinator=coordinator,
        status="active",
        next_review_date=dt.date(2026, 3, 12),
    )
    run = TaskRun.objects.create(
        kind=scans.REMINDER_SCAN_KIND, task_name="cus.scan_reminders", centre=centre, params={"today": "2026-03-10"}
    )
    with mock.patch.object(tasks.send_notification_emails, "delay") as delay:
        tasks.scan_reminders(str(run.id))
        delay.assert_called_once_with()
    run.refresh_from_db()
    assert run.status == TaskRunStatus.DONE
    assert run.result["scan_reviews_due"] == 1
    assert Notification.objects.count() == 1

    # A redelivered message finds the run done and does nothing.
    with mock.patch.object(tasks.send_notification_emails, "delay"):
        tasks.scan_reminders(str(run.id))
    assert Notification.objects.count() == 1

    assert tasks.send_notification_emails() == 1
    assert tasks.send_notification_emails() == 0
    assert len(mail.outbox) == 1


def test_email_tasks_are_late_acknowledged_and_retried_with_backoff():
    for task in (tasks.send_notification_emails, tasks.send_daily_digests, tasks.start_reminder_scans):
        assert task.acks_late
        assert task.max_retries == 5
        assert task.retry_backoff
        assert OSError in task.autoretry_for


def test_beat_migration_creates_the_schedules():
    # Run the migration's function rather than trusting the rows are still there: a transactional test
    # (the real-worker ones) flushes the tables, and with --reuse-db the flush outlives the session.
    beat_migration.remove_schedules(django_apps, None)
    beat_migration.create_schedules(django_apps, None)
    by_task = {task.task: task for task in PeriodicTask.objects.all()}
    scan = by_task["cus.start_reminder_scans"]
    assert (scan.crontab.hour, scan.crontab.minute) == ("6", "0")
    digests = by_task["cus.send_daily_digests"]
    assert (digests.crontab.hour, digests.crontab.minute) == ("7", "0")
    reports = by_task["cus.start_monthly_reports"]
    assert (reports.crontab.day_of_month, reports.crontab.hour, reports.crontab.minute) == ("1", "2", "0")
    immediate = by_task["cus.send_notification_emails"]
    assert (immediate.interval.every, immediate.interval.period) == (5, "minutes")
    assert all(task.enabled for task in by_task.values())


def test_beat_schedule_migration_is_idempotent_and_reversible():
    names = [row[0] for row in beat_migration.CRONTAB_TASKS + beat_migration.INTERVAL_TASKS]
    beat_migration.create_schedules(django_apps, None)
    scan = PeriodicTask.objects.get(task="cus.start_reminder_scans")
    scan.enabled = False  # an administrator's change survives running the migration again
    scan.save()

    beat_migration.create_schedules(django_apps, None)
    assert PeriodicTask.objects.filter(name__in=names).count() == 4
    assert not PeriodicTask.objects.get(pk=scan.pk).enabled

    beat_migration.remove_schedules(django_apps, None)
    assert not PeriodicTask.objects.filter(name__in=names).exists()

    beat_migration.create_schedules(django_apps, None)
    assert PeriodicTask.objects.filter(name__in=names).count() == 4


def test_user_sets_their_email_preference_on_me(api, coordinator):
    client = api(coordinator)
    assert client.get("/api/v1/me/").json()["notification_email"] == NotificationEmail.DAILY_DIGEST

    response = client.patch("/api/v1/me/", {"notification_email": "immediate"}, format="json")

    assert response.status_code == 200, response.content
    coordinator.refresh_from_db()
    assert coordinator.notification_email == NotificationEmail.IMMEDIATE


def test_unknown_email_preference_is_refused(api, coordinator):
    response = api(coordinator).patch("/api/v1/me/", {"notification_email": "hourly"}, format="json")
    assert response.status_code == 400
    assert "notification_email" in response.json()
    coordinator.refresh_from_db()
    assert coordinator.notification_email == NotificationEmail.DAILY_DIGEST


def test_administrators_set_a_centres_reminder_lead_time_in_the_admin(client, centre):
    from cus.core.models import User
    from cus.notifications.models import NotificationKind, ReminderSetting

    client.force_login(User.objects.create_superuser("root@example.org", "a-long-and-unusual-passphrase"))
    response = client.post(
        "/admin/notifications/remindersetting/add/",
        {"centre": centre.pk, "kind": NotificationKind.CONTRACT_ENDING, "lead_days": 60, "enabled": "on"},
    )
    assert response.status_code == 302, response.content
    setting = ReminderSetting.objects.get()
    assert (setting.centre, setting.kind, setting.lead_days, setting.enabled) == (
        centre,
        NotificationKind.CONTRACT_ENDING,
        60,
        True,
    )
    assert client.get("/admin/notifications/remindersetting/").status_code == 200
    assert client.get("/admin/notifications/notification/").status_code == 200
