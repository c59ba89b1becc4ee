"""The job state machine, calling the tasks directly (no broker, no eager mode)."""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import transaction

from cus.core import jobs
from cus.core.models import TaskRun, TaskRunStatus
from worker import base
from worker.tasks.core import echo_job

from . import jobs as test_jobs

pytestmark = pytest.mark.django_db


def make_run(task_name: str = "cus.echo_job", **fields) -> TaskRun:
    fields.setdefault("params", {"a": 1})
    return TaskRun.objects.create(kind="test", task_name=task_name, **fields)


@pytest.fixture
def sent():
    with mock.patch("worker.app.app.send_task") as send_task:
        yield send_task


def test_start_job_records_a_queued_run_and_sends_its_id_after_commit(
    centre, coordinator, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.start_job(
            kind="report", task_name="cus.echo_job", params={"year": 2026}, centre=centre, user=coordinator
        )
        sent.assert_not_called()

    run.refresh_from_db()
    assert (run.kind, run.task_name, run.params) == ("report", "cus.echo_job", {"year": 2026})
    assert (run.centre, run.created_by, run.status, run.attempts) == (
        centre,
        coordinator,
        TaskRunStatus.QUEUED,
        0,
    )
    assert run.started_at is None
    assert run.finished_at is None
    assert run.result is None
    sent.assert_called_once_with("cus.echo_job", args=(str(run.id),), kwargs={})


def test_start_job_sends_nothing_when_the_transaction_rolls_back(sent, django_capture_on_commit_callbacks):
    def start_and_roll_back() -> None:
        with transaction.atomic():
            jobs.start_job(kind="report", task_name="cus.echo_job", params={})
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        start_and_roll_back()

    assert not TaskRun.objects.exists()
    sent.assert_not_called()


def test_echo_job_stores_its_params_as_its_result():
    run = make_run(params={"hello": "world", "n": [1, 2]})

    assert echo_job(str(run.id)) == str(run.id)

    run.refresh_from_db()
    assert run.status == TaskRunStatus.DONE
    assert run.result == {"hello": "world", "n": [1, 2]}
    assert run.attempts == 1
    assert run.message == ""
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.finished_at >= run.started_at


def test_a_done_run_is_not_executed_again():
    test_jobs.calls.clear()
    run = make_run("tests.count_job")

    test_jobs.count_job(str(run.id))
    finished_at = TaskRun.objects.get(pk=run.pk).finished_at
    assert test_jobs.count_job(str(run.id)) is None

    run.refresh_from_db()
    assert test_jobs.calls == [str(run.id)]
    assert (run.status, run.attempts, run.result, run.finished_at) == (
        TaskRunStatus.DONE,
        1,
        {"calls": 1},
        finished_at,
    )


def test_a_failing_job_records_the_error_and_is_not_executed_again():
    run = make_run("tests.fail_job")

    with pytest.raises(ValueError, match="template is missing"):
        test_jobs.fail_job(str(run.id))
    assert test_jobs.fail_job(str(run.id)) is None

    run.refresh_from_db()
    assert run.status == TaskRunStatus.FAILED
    assert run.message == "ValueError: the report template is missing"
    assert run.attempts == 1
    assert run.result is None
    assert run.finished_at is not None


def test_a_run_left_running_by_a_dead_worker_is_claimed_again():
    run = make_run(status=TaskRunStatus.RUNNING, attempts=1)

    echo_job(str(run.id))

    run.refresh_from_db()
    assert (run.status, run.attempts, run.result) == (TaskRunStatus.DONE, 2, {"a": 1})


def test_an_unknown_run_is_skipped():
    assert echo_job(str(uuid.uuid4())) is None
    assert jobs.mark_running(uuid.uuid4()) is None
    assert jobs.mark_done(uuid.uuid4(), {}) is False
    assert jobs.mark_failed(uuid.uuid4(), "x") is False


def test_a_finished_run_keeps_its_outcome():
    done = make_run(status=TaskRunStatus.DONE, result={"ok": True})
    failed = make_run(status=TaskRunStatus.FAILED, message="boom")

    assert jobs.mark_running(done.id) is None
    assert jobs.mark_running(failed.id) is None
    assert jobs.mark_failed(done.id, "late error") is False
    assert jobs.mark_done(failed.id, {"late": True}) is False

    done.refresh_from_db()
    failed.refresh_from_db()
    assert (done.status, done.result, done.message, done.attempts) == (
        TaskRunStatus.DONE,
        {"ok": True},
        "",
        0,
    )
    assert (failed.status, failed.result, failed.message) == (TaskRunStatus.FAILED, None, "boom")


def test_a_transient_error_is_retried_with_backoff_and_the_run_stays_open():
    run = make_run("tests.flaky_job")
    task = test_jobs.flaky_job
    task.push_request(called_directly=False, retries=2)
    try:
        with mock.patch.object(task, "retry", side_effect=Retry()) as retry, pytest.raises(Retry):
            task(str(run.id))
    finally:
        task.pop_request()

    countdown = retry.call_args.kwargs["countdown"]
    assert 0 <= countdown <= base.BACKOFF_FACTOR * 2**2
    run.refresh_from_db()
    assert (run.status, run.attempts, run.message) == (TaskRunStatus.RUNNING, 1, "")


def test_a_transient_error_fails_the_run_once_the_retries_are_spent():
    run = make_run("tests.flaky_job", status=TaskRunStatus.RUNNING, attempts=base.MAX_RETRIES)
    task = test_jobs.flaky_job
    task.push_request(called_directly=False, retries=base.MAX_RETRIES)
    try:
        with mock.patch.object(task, "retry") as retry, pytest.raises(Exception, match="server closed"):
            task(str(run.id))
    finally:
        task.pop_request()

    retry.assert_not_called()
    run.refresh_from_db()
    assert run.status == TaskRunStatus.FAILED
    assert run.attempts == base.MAX_RETRIES + 1
    assert run.message == "OperationalError: server closed the connection unexpectedly"


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap():
    for retries in range(8):
        delays = {base.retry_delay(retries) for _ in range(50)}
        assert all(0 <= d <= min(base.BACKOFF_MAX, base.BACKOFF_FACTOR * 2**retries) for d in delays)
    assert len({base.retry_delay(6) for _ in range(50)}) > 1


def test_job_tasks_acknowledge_late_and_retry_at_most_five_times():
    for task in (echo_job, test_jobs.sleep_job):
        assert task.acks_late is True
        assert task.max_retries == 5
    assert echo_job.name == "cus.echo_job"


@contextmanager
def soft_time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after ``seconds`` as the prefork pool does at a task's soft time limit."""

    def interrupt(signum: int, frame: object) -> None:
        raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_job_past_its_soft_time_limit_is_stopped_and_marked_failed(tmp_path):
    run = make_run("tests.sleep_job", params={"seconds": 5, "log": str(tmp_path / "log")})

    with soft_time_limit(0.2), pytest.raises(SoftTimeLimitExceeded):
        test_jobs.sleep_job(str(run.id))

    run.refresh_from_db()
    assert (run.status, run.attempts, run.result) == (TaskRunStatus.FAILED, 1, None)
    assert run.message == (
        f"Time limit exceeded: the job ran longer than its soft time limit of "
        f"{settings.CELERY_TASK_SOFT_TIME_LIMIT} s and was stopped."
    )
    assert run.finished_at is not None
    assert (tmp_path / "log").read_text().splitlines() == ["start 1"]  # it never got to its end


def test_a_job_killed_at_its_hard_time_limit_is_marked_failed_by_the_main_process():
    run = make_run("tests.stubborn_job", status=TaskRunStatus.RUNNING, attempts=1)

    # What Celery calls in the worker's main process once it has killed the job's process.
    test_jobs.stubborn_job.on_failure(TimeLimitExceeded(660), "task-id", (str(run.id),), {}, None)

    run.refresh_from_db()
    assert run.status == TaskRunStatus.FAILED
    assert run.message == "Time limit exceeded: the job ran longer than its hard time limit of 660 s and was killed."


def test_other_failures_reported_to_the_main_process_leave_the_run_to_the_job():
    run = make_run("tests.fail_job", status=TaskRunStatus.RUNNING, attempts=1)

    test_jobs.fail_job.on_failure(ValueError("boom"), "task-id", (str(run.id),), {}, None)

    run.refresh_from_db()
    assert run.status == TaskRunStatus.RUNNING
