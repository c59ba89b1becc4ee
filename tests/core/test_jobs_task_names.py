"""One list of task names (cus.core.jobs.TaskName) for the side that sends jobs and the worker that runs them."""

from __future__ import annotations

import importlib
from unittest import mock

import pytest
from django.conf import settings

from cus.core import jobs
from cus.core.task_names import TaskName
from worker import tasks as worker_tasks  # noqa: F401  (registers every task module's tasks on the app)
from worker.app import app

beat_migration = importlib.import_module("cus.notifications.migrations.0003_beat_schedules")


def registered_cus_tasks() -> set[str]:
    return {name for name in app.tasks if name.startswith("cus.")}


def test_every_task_name_is_registered_by_the_worker():
    assert {str(name) for name in TaskName} <= set(app.tasks)


def test_every_task_the_worker_registers_under_cus_is_a_task_name():
    assert registered_cus_tasks() <= {str(name) for name in TaskName}


def test_the_beat_schedules_name_registered_tasks():
    """The beat rows are data (notifications' migration 0003): each names a task the worker runs."""
    scheduled = {row[1] for row in beat_migration.CRONTAB_TASKS + beat_migration.INTERVAL_TASKS}
    assert scheduled <= {str(name) for name in TaskName}
    assert scheduled <= set(app.tasks)


def test_task_names_are_plain_strings_for_the_broker():
    assert TaskName.GENERATE_REPORT == "cus.generate_report"
    assert f"{TaskName.GENERATE_REPORT}" == "cus.generate_report"
    assert jobs.TaskName is TaskName


@pytest.mark.django_db
def test_start_job_stores_and_sends_the_task_name_as_a_string(django_capture_on_commit_callbacks):
    with mock.patch.object(app, "send_task") as send_task, django_capture_on_commit_callbacks(execute=True):
        run = jobs.start_job(kind="health", task_name=TaskName.ECHO_JOB, params={})

    run.refresh_from_db()
    assert type(run.task_name) is str
    assert run.task_name == "cus.echo_job"
    name = send_task.call_args.args[0]
    assert type(name) is str
    assert name == "cus.echo_job"


def test_the_app_cus_sends_with_is_the_workers():
    from cus.core.celery_app import app as sending_app

    assert sending_app is app


def test_time_limits_are_set_with_the_reports_longer():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert (app.conf.task_soft_time_limit, app.conf.task_time_limit) == (
        settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT)
    report = app.tasks[TaskName.GENERATE_REPORT]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT <= report.soft_time_limit < report.time_limit
    assert (report.soft_time_limit, report.time_limit) == (
        settings.CUS_REPORT_SOFT_TIME_LIMIT, settings.CUS_REPORT_TIME_LIMIT)
