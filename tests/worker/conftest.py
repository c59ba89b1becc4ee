"""Real Celery worker processes on the test database, for the tests that go through the Redis broker.

The worker shares the test database, so such tests commit their data (transaction=True) and hand the worker a
DATABASE_URL naming the test database pytest-django created. Every worker started is stopped after the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

type WorkerStarter = Callable[..., subprocess.Popen[bytes]]


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
def worker_process(tmp_path: Path) -> Iterator[WorkerStarter]:
    """worker_process(name, imports=module, pool="solo", **env) -> a `celery worker` process (one at a time) on
    the test database, also loading the test-only task module ``imports``; its log is ``tmp_path/<name>.log``.
    The solo pool starts fastest; the prefork pool (production's) is the one that enforces time limits."""
    database_url = shared_database_url()
    workers: list[subprocess.Popen[bytes]] = []

    def start(name: str, *, imports: str, pool: str = "solo", **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "CUS_DATA_DIR": str(settings.DATA_DIR),
            **extra_env,
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        command = [sys.executable, "-m", "celery", "-A", "worker", "worker", f"--pool={pool}", "--concurrency=1"]
        queues = ",".join(queue.name for queue in settings.CELERY_TASK_QUEUES)  # every kind of job (cus/settings.py)
        command += ["-Q", queues, "-I", imports, "-n", f"{name}-{os.getpid()}@%h", "-l", "info"]
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
