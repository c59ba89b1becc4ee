"""Two web processes and two Celery workers on one PostgreSQL and one Redis keep the guarantees one of each gives:
a log retried against both web nodes at once is stored once; the same reminder scan run by both workers at once
raises each notice and sends each e-mail once; the monthly reports' beat delivered twice, to both workers,
starts one automatic run per centre and month, generated once. (docs/scaling.md: the web nodes are stateless,
every guarantee lives in the database.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from knox.models import AuthToken

from cus.core.dates import centre_today, first_of_month
from cus.core.models import Membership, TaskRun, TaskRunStatus
from cus.deliveries import services as deliveries
from cus.deliveries.models import Delivery
from cus.notifications.models import Notification
from cus.reports.models import ReportRun, ReportStatus
from worker.app import app

from ..deliveries.conftest import assigned_service
from .conftest import ROOT, shared_database_url
from .test_reminders_worker import (  # noqa: F401  (centre_with_reminders, mail_dir, start_worker: fixtures)
    REVIEWS_DUE,
    centre_with_reminders,
    emails_sent,
    expected_notifications,
    finished,
    mail_dir,
    notifications_by_recipient_and_kind,
    scan,
    settle,
    start_worker,
    wait_until,
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL (it is set in CI)"),
    pytest.mark.django_db(transaction=True),
]

type Request = Callable[..., tuple[int, dict]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def web_nodes(tmp_path: Path) -> Iterator[list[str]]:
    """Two gunicorn processes (one worker, four threads each) on the test database: their base URLs."""
    env = {
        **os.environ, "DATABASE_URL": shared_database_url(), "REDIS_URL": os.environ["REDIS_URL"],
        "CUS_DATA_DIR": str(settings.DATA_DIR), "CUS_HTTPS": "off", "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    nodes, processes = [], []
    for index in range(2):
        port = free_port()
        with (tmp_path / f"web{index}.log").open("wb") as log:
            processes.append(subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "cus.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--threads", "4"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            ))
        nodes.append(f"http://127.0.0.1:{port}")
    try:
        for node, process in zip(nodes, processes, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (tmp_path / "web0.log").read_text()[-2000:]
                try:
                    with urllib.request.urlopen(f"{node}/healthz/", timeout=2):  # noqa: S310
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"web node {node} did not start")
                    time.sleep(0.2)
        yield nodes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def requester(user, centre) -> Request:
    """request(node, method, path, body, **headers) -> (status, JSON) as ``user`` with an API token."""
    _instance, token = AuthToken.objects.create(user=user)

    def request(node: str, method: str, path: str, body: dict | None = None, **headers: str) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        sent = urllib.request.Request(  # noqa: S310
            f"{node}{path}", data=data, method=method,
            headers={"Authorization": f"Token {token}", "X-Centre": str(centre.pk),
                     "Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(sent, timeout=30) as answer:  # noqa: S310
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    return request


def test_a_log_retried_on_both_web_nodes_at_once_is_stored_once(web_nodes, centre, provider_staff, coordinator):
    provider = Membership.objects.get(user=provider_staff).provider
    service = assigned_service(centre, provider, coordinator=coordinator, max_units=Decimal("100"))
    request = requester(provider_staff, centre)
    day = first_of_month(centre_today(centre)) - dt.timedelta(days=3)
    body = {"planned_service": str(service.pk), "date": day.isoformat(), "start_time": "09:00",
            "duration_minutes": 90, "worker_name": "Anna Nowak", "client_uuid": str(uuid.uuid4())}
    key = str(uuid.uuid4())

    with ThreadPoolExecutor(max_workers=8) as pool:  # a phone's retries, spread over both nodes at once
        answers = list(pool.map(
            lambda n: request(web_nodes[n % 2], "POST", "/api/v1/deliveries/", body, **{"Idempotency-Key": key}),
            range(8),
        ))

    statuses = sorted(status for status, _body in answers)
    assert statuses.count(201) == 1, answers
    assert set(statuses) <= {200, 201}, answers
    assert len({answer["id"] for _status, answer in answers}) == 1
    assert Delivery.objects.filter(client_uuid=body["client_uuid"]).count() == 1
    assert deliveries.reconcile_line_usage() == []  # the line's totals and months counted it once
    assert deliveries.reconcile_month_totals() == []
    status, page = request(web_nodes[1], "GET", f"/api/v1/deliveries/?month={day:%Y-%m}")
    assert status == 200
    assert page["count"] == 1


def test_two_workers_scan_and_report_exactly_once(start_worker, centre_with_reminders, mail_dir):  # noqa: F811
    centre, coordinator, manager = centre_with_reminders
    start_worker("one")
    start_worker("two")
    wait_until(lambda: len(app.control.ping(timeout=1)) >= 2, "both workers to start", timeout=120)

    runs = [scan(centre), scan(centre)]  # the same day's scan twice: one for each worker, at the same time
    for run in runs:
        finished(run)
    assert sum(run.result["scan_reviews_due"] for run in runs) == REVIEWS_DUE
    assert notifications_by_recipient_and_kind() == expected_notifications(coordinator, manager)
    assert settle(mail_dir) == [coordinator.email] * (REVIEWS_DUE + 1)

    app.send_task("cus.start_monthly_reports")  # the beat's message delivered twice
    app.send_task("cus.start_monthly_reports")
    finishing = [TaskRunStatus.DONE, TaskRunStatus.FAILED]
    wait_until(lambda: ReportRun.objects.filter(params__automatic=True).exists()
               and not ReportRun.objects.exclude(task_run__status__in=finishing).exists(),
               "the monthly reports")
    time.sleep(2)  # a second start, had there been one, would be queued by now
    automatic = ReportRun.objects.filter(params__automatic=True)
    assert sorted(automatic.values_list("centre_id", flat=True)) == sorted({run.centre_id for run in automatic})
    assert {run.status for run in automatic} == {ReportStatus.DONE}
    assert TaskRun.objects.filter(task_name="cus.generate_report").count() == automatic.count()
    assert automatic.filter(centre=centre).count() == 1
    assert len(emails_sent(mail_dir)) == REVIEWS_DUE + 1  # nothing sent twice meanwhile
    assert Notification.objects.count() == sum(expected_notifications(coordinator, manager).values())
