"""Jobs through a real Celery worker process and the Redis broker (CI: PostgreSQL and REDIS_URL set).

The worker shares the test database, so these tests commit their data (transaction=True) and hand the
worker a DATABASE_URL naming the test database pytest-django created.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from cus.core import jobs
from cus.core.models import TaskRun, TaskRunStatus

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL (it is set in CI)"
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
VISIBILITY_TIMEOUT = 3


def shared_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip(
            "the test database is SQLite (in memory), which a worker process cannot share; "
            "these tests run in CI, where DATABASE_URL is PostgreSQL"
        )
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """start_worker(name, **env) -> a `celery worker` process on the test database; all are stopped after."""
    database_url = shared_database_url()
    workers: list[subprocess.Popen[bytes]] = []

    def start(name: str, **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "CUS_DATA_DIR": str(settings.DATA_DIR),
            **extra_env,
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        command = [sys.executable, "-m", "celery", "-A", "worker", "worker", "--pool=solo", "--concurrency=1"]
        command += ["-Q", "celery", "-I", "tests.worker.jobs", "-n", f"{name}-{os.getpid()}@%h", "-l", "info"]
        with (tmp_path / f"{name}.log").open("wb") as log:
            worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    connection.close()  # the worker's rows are committed; start the teardown flush on a fresh connection


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
