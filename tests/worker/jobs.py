"""Test-only jobs built with job_task; a real worker loads them with `-I tests.worker.jobs`."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from worker.base import job_task

calls: list[str] = []


@job_task("tests.count_job")
def count_job(run: Any) -> dict[str, int]:
    calls.append(str(run.id))
    return {"calls": len(calls)}


@job_task("tests.fail_job")
def fail_job(run: Any) -> None:
    raise ValueError("the report template is missing")


@job_task("tests.flaky_job")
def flaky_job(run: Any) -> None:
    raise OperationalError("server closed the connection unexpectedly")


@job_task("tests.sleep_job")
def sleep_job(run: Any) -> dict[str, Any]:
    """Log each start and end to params["log"], sleeping params["seconds"] in between."""
    log = Path(run.params["log"])
    with log.open("a") as f:
        f.write(f"start {run.attempts}\n")
    time.sleep(run.params["seconds"])
    with log.open("a") as f:
        f.write("end\n")
    return {"slept": run.params["seconds"]}


@job_task("tests.stubborn_job")
def stubborn_job(run: Any) -> dict[str, Any]:
    """Sleep params["seconds"], ignoring the soft time limit (only the hard limit stops it)."""
    deadline = time.monotonic() + run.params["seconds"]
    while (left := deadline - time.monotonic()) > 0:
        with contextlib.suppress(SoftTimeLimitExceeded):
            time.sleep(left)
    return {"slept": run.params["seconds"]}
