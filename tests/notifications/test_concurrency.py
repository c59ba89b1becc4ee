"""Scans and e-mail sweeps running at the same time (threads, each with its own PostgreSQL connection)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from cus.core.models import NotificationEmail, Role
from cus.notifications import email, rules, services
from cus.notifications.models import Notification, NotificationKind
from tests.factories import ClientFactory, PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_and_locmem(settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def at_once(function: Callable[[], Any], times: int = 3) -> list[Any]:
    """Run ``function`` in ``times`` threads started together; returns their results (re-raises an error)."""
    barrier = threading.Barrier(times)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(function())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def raise_many(centre, user, count: int) -> None:
    for n in range(count):
        services.notify(
            centre=centre,
            recipients=[user],
            kind=NotificationKind.REVIEW_DUE,
            subject_type="plan",
            subject_id=uuid.uuid4(),
            period="2026-03-10",
            title=f"Reminder {n:02d}",
            body="",
        )


def test_sweeps_running_at_once_email_each_notification_once(centre, member, monkeypatch):
    monkeypatch.setattr(email, "EMAIL_BATCH_SIZE", 4)
    user = member(Role.COORDINATOR, centre, notification_email=NotificationEmail.IMMEDIATE)
    raise_many(centre, user, 30)

    results = at_once(email.send_immediate_emails)

    assert sum(results) == 30
    assert sorted(message.subject for message in mail.outbox) == [f"Reminder {n:02d}" for n in range(30)]


def test_digests_running_at_once_send_one_digest_per_user(centre, member):
    users = [member(Role.COORDINATOR, centre, notification_email=NotificationEmail.DAILY_DIGEST) for _ in range(5)]
    for user in users:
        raise_many(centre, user, 3)

    at_once(email.send_daily_digests)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users)
    assert all(message.subject == "Notifications (3)" for message in mail.outbox)


def test_scans_running_at_once_notify_once(centre, member):
    coordinator = member(Role.COORDINATOR, centre)
    for _ in range(10):
        PlanFactory(
            client=ClientFactory(centre=centre),
            coordinator=coordinator,
            status="active",
            next_review_date=dt.date(2026, 3, 12),
        )

    at_once(lambda: rules.scan_reminders(centre=centre, today=dt.date(2026, 3, 10)))

    assert Notification.objects.filter(kind=NotificationKind.REVIEW_DUE).count() == 10
    assert Notification.objects.values("dedup_key").distinct().count() == 10
