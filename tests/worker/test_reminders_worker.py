"""Reminder scans through a real Celery worker and the Redis broker (CI: PostgreSQL and REDIS_URL set).

Exactly once, end to end: a scan run twice, or a worker killed in the middle of a scan and a new worker
finishing it, raises each notification once and sends each e-mail once. The worker shares the test
database (so the tests commit their data: transaction=True) and writes e-mails to files
(tests/worker/mail_settings.py) that the test counts.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from cus.core import jobs
from cus.core.models import NotificationEmail, Role, TaskRun, TaskRunStatus
from cus.notifications import scans
from cus.notifications.models import Notification, NotificationKind
from tests.clients.factories import ConsentFactory
from tests.contracts.factories import delivery_on
from tests.factories import ClientFactory, PlanFactory
from tests.notifications.factories import line_in
from worker.app import app

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
TODAY = "2026-03-10"
REVIEWS_DUE = 3


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(worker_process: WorkerStarter, mail_dir: Path) -> WorkerStarter:
    """start_worker(name, **env) -> a worker on the test database, writing e-mails to ``mail_dir``."""
    return partial(
        worker_process,
        imports="tests.worker.reminder_jobs",
        DJANGO_SETTINGS_MODULE="tests.worker.mail_settings",
        CUS_TEST_MAIL_DIR=str(mail_dir),
        CUS_BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"still waiting for {what} after {timeout} s")


def finished(run: TaskRun) -> TaskRun:
    def done() -> bool:
        run.refresh_from_db()
        return run.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED)

    wait_until(done, f"run {run.id}")
    assert run.status == TaskRunStatus.DONE, run.message
    return run


def emails_sent(mail_dir: Path) -> list[str]:
    """The recipients of every e-mail the workers wrote, one entry per e-mail."""
    recipients = []
    for path in sorted(mail_dir.iterdir()):
        recipients += [line.removeprefix("To: ") for line in path.read_text().splitlines() if line.startswith("To: ")]
    return recipients


def settle(mail_dir: Path) -> list[str]:
    """Wait for the worker to drain its queue (an echo job sent last), then for late redeliveries."""
    finished(jobs.start_job(kind="test", task_name="cus.echo_job", params={}))
    time.sleep(VISIBILITY_TIMEOUT * 2 + 1)
    return emails_sent(mail_dir)


@pytest.fixture
def centre_with_reminders(centre, member):
    """Three plan reviews due for a coordinator who wants e-mails right away, a consent expiring, and a contract
    line at 90 % for a manager who wants the daily digest."""
    coordinator = member(Role.COORDINATOR, centre, notification_email=NotificationEmail.IMMEDIATE)
    manager = member(Role.MANAGER, centre, notification_email=NotificationEmail.DAILY_DIGEST)
    for _ in range(REVIEWS_DUE):
        PlanFactory(
            client=ClientFactory(centre=centre),
            coordinator=coordinator,
            status="active",
            next_review_date=dt.date(2026, 3, 12),
            end_date=None,
        )
    ConsentFactory(client=ClientFactory(centre=centre, coordinator=coordinator), valid_until=dt.date(2026, 3, 20))
    line = line_in(centre, max_units=Decimal(10), contract__end_date=dt.date(2026, 12, 31))
    delivery_on(line, 9, date=dt.date(2026, 3, 2))
    return centre, coordinator, manager


def scan(centre) -> TaskRun:
    return jobs.start_job(
        kind=scans.REMINDER_SCAN_KIND, task_name="cus.scan_reminders", params={"today": TODAY}, centre=centre
    )


def expected_notifications(coordinator, manager) -> dict:
    return {
        (coordinator.pk, NotificationKind.REVIEW_DUE): REVIEWS_DUE,
        (coordinator.pk, NotificationKind.CONSENT_EXPIRING): 1,
        (manager.pk, NotificationKind.BUDGET_80): 1,
    }


def notifications_by_recipient_and_kind() -> dict:
    counts: dict = {}
    for recipient_id, kind in Notification.objects.values_list("recipient_id", "kind"):
        counts[(recipient_id, kind)] = counts.get((recipient_id, kind), 0) + 1
    return counts


def test_a_scan_run_twice_notifies_and_emails_once(start_worker, centre_with_reminders, mail_dir):
    centre, coordinator, manager = centre_with_reminders
    start_worker("scanner")

    first = finished(scan(centre))
    assert first.result["scan_reviews_due"] == REVIEWS_DUE
    assert first.result["scan_budgets"] == 1
    second = finished(scan(centre))
    assert set(second.result.values()) == {0}

    assert notifications_by_recipient_and_kind() == expected_notifications(coordinator, manager)
    # The coordinator wants each notification right away; the manager waits for the digest.
    assert settle(mail_dir) == [coordinator.email] * (REVIEWS_DUE + 1)

    # The digests through the worker too, sent twice: one digest.
    app.send_task("cus.send_daily_digests")
    app.send_task("cus.send_daily_digests")
    assert sorted(settle(mail_dir)) == sorted([coordinator.email] * (REVIEWS_DUE + 1) + [manager.email])
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_worker_killed_mid_scan_is_finished_by_another_without_repeats(
    start_worker, centre_with_reminders, mail_dir, tmp_path
):
    centre, coordinator, manager = centre_with_reminders
    pause_log = tmp_path / "pause.log"
    env = {"CUS_TEST_PAUSE_LOG": str(pause_log), "CUS_TEST_PAUSE_SECONDS": "60"}
    doomed = start_worker("doomed", **env)

    run = scan(centre)
    # The real rules have run (and committed) when the last rule pauses: kill the worker there.
    wait_until(pause_log.exists, "the scan to reach its last rule")
    assert notifications_by_recipient_and_kind() == expected_notifications(coordinator, manager)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskRunStatus.RUNNING, 1)
    assert emails_sent(mail_dir) == []  # the e-mails are sent after the scan

    start_worker("rescuer", **env)
    finished(run)
    assert run.attempts == 2
    assert set(run.result.values()) == {0}  # everything was already raised by the first attempt
    assert pause_log.read_text().splitlines() == ["start", "start"]

    assert notifications_by_recipient_and_kind() == expected_notifications(coordinator, manager)
    assert settle(mail_dir) == [coordinator.email] * (REVIEWS_DUE + 1)
