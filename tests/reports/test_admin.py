"""The reports admin: runs and files are read-only snapshots; closed months are listed with their history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cus.core.context import actor_for
from cus.core.models import User
from cus.reports import services
from cus.reports.models import MonthClose, ReportFile, ReportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root@example.org", "a-long-and-unusual-passphrase"))
    return client


@pytest.fixture
def done_run(manager, last_month) -> ReportRun:
    run = services.request_report(actor=actor_for(manager), month=last_month.month)
    services.generate_report(str(run.pk))
    return run


@pytest.mark.parametrize("model", [ReportRun, ReportFile, MonthClose])
def test_each_reports_model_has_an_admin_list(admin_client, done_run, model):
    url = reverse(f"admin:reports_{model._meta.model_name}_changelist")

    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("model", [ReportRun, ReportFile, MonthClose])
def test_nothing_is_added_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:reports_{model._meta.model_name}_add")).status_code == 403


def test_a_run_is_shown_read_only_with_its_files(admin_client, done_run):
    url = reverse("admin:reports_reportrun_change", args=[done_run.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert b"participants.csv" in response.content
    before = ReportRun.objects.get(pk=done_run.pk).status
    assert admin_client.post(url, {"status": "failed"}).status_code == 403
    assert ReportRun.objects.get(pk=done_run.pk).status == before
