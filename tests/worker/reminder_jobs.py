"""Loaded into a real worker with `-I tests.worker.reminder_jobs`: a last reminder rule that pauses once.

It lets a test kill the worker in the middle of a scan, after the real rules have raised (and committed)
their notifications and before the scan's run is done. Each call appends "start" to the file named by
CUS_TEST_PAUSE_LOG; the first call then sleeps CUS_TEST_PAUSE_SECONDS. Without CUS_TEST_PAUSE_LOG it does
nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from cus.core.models import Centre
from cus.notifications import rules


def pause_once(*, centre: Centre, today: dt.date) -> int:
    log = os.environ.get("CUS_TEST_PAUSE_LOG")
    if not log:
        return 0
    path = Path(log)
    first = not path.exists()
    with path.open("a") as f:
        f.write("start\n")
    if first:
        time.sleep(float(os.environ.get("CUS_TEST_PAUSE_SECONDS", "60")))
    return 0


rules.RULES.append(pause_once)
