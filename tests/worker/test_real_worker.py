"""Jobs through a real Celery worker process and the Redis broker (CI: PostgreSQL and REDIS_URL set).

The worker shares the test database, so these tests commit their data (transaction=True) and hand the
worker a DATABASE_URL naming the test database pytest-django created.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from functools import partial

import pytest

from cus.core import jobs
from cus.core.celery_app import app
from cus.core.models import TaskRun, TaskRunStatus

from .conftest import WorkerStarter

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL (it is set in CI)"
    ),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 60
VISIBILITY_TIMEOUT = 3


@pytest.fixture
def start_worker(worker_process: WorkerStarter) -> WorkerStarter:
    """start_worker(name, **env) -> a worker on the test database that also knows the test jobs."""
    return partial(worker_process, imports="tests.worker.jobs")


def wait_for(run: TaskRun, condition: Callable[[TaskRun], bool], timeout: float = TIMEOUT) -> TaskRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.2)
    pytest.fail(f"run {run.id} is still {run.status} after {timeout} s")


def test_a_job_sent_through_the_broker_is_done_by_a_real_worker(start_worker):
    start_worker("echo")

    run = jobs.start_job(kind="health", task_name="cus.echo_job", params={"hello": "worker"})

    wait_for(run, lambda r: r.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED))
    assert run.status == TaskRunStatus.DONE, run.message
    assert run.result == {"hello": "worker"}
    assert run.attempts == 1


def test_a_job_whose_worker_is_killed_is_completed_exactly_once_by_another_worker(start_worker, tmp_path):
    log = tmp_path / "sleep_job.log"
    env = {"CUS_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    first = start_worker("doomed", **env)

    run = jobs.start_job(kind="test", task_name="tests.sleep_job", params={"seconds": 4, "log": str(log)})

    wait_for(run, lambda r: r.status == TaskRunStatus.RUNNING)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert log.read_text().splitlines() == ["start 1"]

    start_worker("rescuer", **env)
    wait_for(run, lambda r: r.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED))
    assert run.status == TaskRunStatus.DONE, run.message
    assert (run.attempts, run.result) == (2, {"slept": 4})

    # The rescuer acknowledged the message only after finishing: nothing is redelivered later.
    time.sleep(VISIBILITY_TIMEOUT * 2 + 1)
    run.refresh_from_db()
    assert log.read_text().splitlines() == ["start 1", "start 2", "end"]
    assert (run.status, run.attempts) == (TaskRunStatus.DONE, 2)


def test_jobs_past_their_time_limits_are_stopped_and_marked_failed(start_worker, tmp_path):
    """The settings' limits, from the environment, on production's prefork pool: the soft limit interrupts a job
    (its run fails saying so); a job that carries on past it is killed at the hard limit, and marked failed."""
    start_worker("limits", pool="prefork", CELERY_TASK_SOFT_TIME_LIMIT="2", CELERY_TASK_TIME_LIMIT="4")
    log = tmp_path / "sleep_job.log"

    def start(task_name: str, **params: object) -> TaskRun:
        run = TaskRun.objects.create(kind="test", task_name=task_name, params=params)
        # Sent without limits, so that the worker's own apply: a sender that has the task registered (this test
        # process may) would send its own settings' limits with the message, as start_job does there.
        app.send_task(task_name, args=[str(run.id)], time_limit=None, soft_time_limit=None)
        return run

    stopped = start("tests.sleep_job", seconds=30, log=str(log))
    killed = start("tests.stubborn_job", seconds=30)
    after = start("cus.echo_job", after="the kill")

    finished = (TaskRunStatus.DONE, TaskRunStatus.FAILED)
    wait_for(stopped, lambda r: r.status in finished)
    assert (stopped.status, stopped.message) == (
        TaskRunStatus.FAILED,
        "Time limit exceeded: the job ran longer than its soft time limit of 2 s and was stopped.",
    )
    assert log.read_text().splitlines() == ["start 1"]
    wait_for(killed, lambda r: r.status in finished)
    assert (killed.status, killed.message) == (
        TaskRunStatus.FAILED,
        "Time limit exceeded: the job ran longer than its hard time limit of 4 s and was killed.",
    )
    wait_for(after, lambda r: r.status in finished)
    assert (after.status, after.result) == (TaskRunStatus.DONE, {"after": "the kill"})  # the worker carries on
    killed.refresh_from_db()
    assert (killed.status, killed.attempts) == (TaskRunStatus.FAILED, 1)  # and the killed job is not run again
