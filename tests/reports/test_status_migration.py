"""Migrations 0002/0003: a report run's status, message and finish time move to its job, as users saw them.

The tests migrate the test database back and forth, so they run outside a transaction (like every transactional
test, after the others); whatever happens, the database is left fully migrated. No serialized_rollback: restoring
rows over the content types a previous transactional test's flush re-created fails with a duplicate key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cus.core.models import TaskRun
from cus.reports.models import ReportRun

BEFORE = [("reports", "0001_initial")]
AFTER = [("reports", "0003_report_status_from_task_run")]


@pytest.fixture(autouse=True)
def _fully_migrated_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_runs_keep_their_status_message_and_finish_time(centre, manager):
    old = migrate(BEFORE)
    OldRun, OldJob = old.get_model("reports", "ReportRun"), old.get_model("core", "TaskRun")
    finished = timezone.now() - dt.timedelta(days=3)

    def run(version: int, job, **fields):
        return OldRun.objects.create(centre_id=centre.pk, month=dt.date(2026, 1, 1), version=version,
                                     requested_by_id=manager.pk, task_run=job, **fields)

    # done by the worker: the job agrees with the report
    done_job = OldJob.objects.create(centre_id=centre.pk, kind="report", task_name="cus.generate_report",
                                     status="done", result={"ok": 1}, finished_at=finished)
    done = run(1, done_job, status="done", finished_at=finished, data={"month": "2026-01"})
    # failed for good: the report was marked failed while its job was left running
    stuck_job = OldJob.objects.create(centre_id=centre.pk, kind="report", task_name="cus.generate_report",
                                      status="running", attempts=6)
    failed = run(2, stuck_job, status="failed", message="OperationalError: gone", finished_at=finished)
    # its job deleted (the link was SET_NULL)
    orphan = run(3, None, status="done", finished_at=finished, data={"month": "2026-01"})
    queued_job = OldJob.objects.create(centre_id=centre.pk, kind="report", task_name="cus.generate_report")
    queued = run(4, queued_job)

    migrate(AFTER)

    runs = {r.pk: r for r in ReportRun.objects.select_related("task_run")}
    assert (runs[done.pk].status, runs[done.pk].finished_at, runs[done.pk].task_run.result) == (
        "done", finished, {"ok": 1})
    assert (runs[failed.pk].status, runs[failed.pk].message, runs[failed.pk].finished_at) == (
        "failed", "OperationalError: gone", finished)
    assert runs[queued.pk].status == "queued"
    assert runs[queued.pk].finished_at is None
    recreated = runs[orphan.pk].task_run
    assert (recreated.status, recreated.finished_at, recreated.task_name, recreated.params) == (
        "done", finished, "cus.generate_report", {"report_run": str(orphan.pk)})
    assert (recreated.centre_id, recreated.created_by_id) == (centre.pk, manager.pk)
    assert TaskRun.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_migration_reverses_with_the_jobs_status(centre, manager):
    migrate(BEFORE)
    migrate(AFTER)
    job = TaskRun.objects.create(centre=centre, kind="report", task_name="cus.generate_report", status="failed",
                                 message="ValueError: no fonts")
    run = ReportRun.objects.create(centre=centre, month=dt.date(2026, 1, 1), version=1, task_run=job)

    old = migrate(BEFORE)

    restored = old.get_model("reports", "ReportRun").objects.get(pk=run.pk)
    assert (restored.status, restored.message) == ("failed", "ValueError: no fonts")
    migrate(AFTER)
