"""Closing a month: only once its statements are approved; the closing report is frozen with it; deliveries into
a closed month are refused (409); re-opening needs a reason, is audited, and the next report shows what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from cus.core.context import actor_for
from cus.core.models import Role
from cus.deliveries import selectors as deliveries_selectors
from cus.deliveries.models import Delivery, MonthlyStatement
from cus.reports import selectors, services
from cus.reports.models import MonthClose, ReportRun, ReportStatus

from ..deliveries.factories import DeliveryFactory, MonthlyStatementFactory

URL = "/api/v1/month-closes/"
pytestmark = pytest.mark.django_db


def approve(last_month, status: str = "approved") -> MonthlyStatement:
    return MonthlyStatementFactory(contract=last_month.contract, month=last_month.month, status=status)


def close(api, user, month: str, **extra):
    return api(user).post(URL, {"month": month, **extra}, format="json")


def closing_run(close_id) -> ReportRun:
    run = MonthClose.objects.get(pk=close_id).closing_report
    assert run is not None
    services.generate_report(str(run.pk))
    run.refresh_from_db()
    return run


def test_a_month_with_approved_statements_is_closed_with_its_closing_report(api, manager, last_month):
    approve(last_month)

    response = close(api, manager, last_month.label)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["month"], body["status"], body["closed_by"]) == (last_month.label, "closed", manager.email)
    close_row = MonthClose.objects.get(pk=body["id"])
    run = closing_run(close_row.pk)
    assert run.is_closing
    assert run.status == ReportStatus.DONE
    assert run.cut_off_at == close_row.closed_at
    assert run.data["services"][0]["units_delivered"] == "2.00"
    assert selectors.month_is_closed(last_month.centre.pk, last_month.day)


@pytest.mark.parametrize("status", ["open", "submitted", "returned"])
def test_a_month_with_a_statement_not_approved_cannot_be_closed(api, manager, last_month, status):
    approve(last_month, status)

    response = close(api, manager, last_month.label)

    assert response.status_code == 409
    assert last_month.contract.number in response.json()["detail"]
    assert not MonthClose.objects.exists()
    assert not ReportRun.objects.exists()


def test_a_month_with_deliveries_but_no_statement_cannot_be_closed(api, manager, last_month):
    assert close(api, manager, last_month.label).status_code == 409


def test_the_current_month_cannot_be_closed(api, manager, centre):
    response = close(api, manager, timezone.localdate().strftime("%Y-%m"))

    assert response.status_code == 400
    assert "month" in response.json()


def test_a_closed_month_cannot_be_closed_again(api, manager, last_month):
    approve(last_month)
    close(api, manager, last_month.label)

    assert close(api, manager, last_month.label).status_code == 409
    assert ReportRun.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_managers_close_months(api, member, centre, last_month, role):
    approve(last_month)

    assert close(api, member(role, centre), last_month.label).status_code == 403
    assert not MonthClose.objects.exists()


def test_a_delivery_into_a_closed_month_is_refused_with_409(api, manager, last_month):
    approve(last_month)
    close(api, manager, last_month.label)
    MonthlyStatement.objects.all().delete()  # even without the statement's own lock, the closed month refuses
    count = Delivery.objects.count()

    response = api(last_month.staff).post(
        "/api/v1/deliveries/",
        {"planned_service": str(last_month.service.pk), "date": last_month.day.replace(day=12).isoformat(),
         "start_time": "09:00", "duration_minutes": 60, "worker_name": "Anna Nowak"},
        format="json",
    )

    assert response.status_code == 409, response.content
    assert "closed for reporting" in response.json()["detail"]
    assert Delivery.objects.count() == count


def test_re_opening_needs_a_reason_and_is_audited(api, manager, last_month):
    approve(last_month)
    close_id = close(api, manager, last_month.label).json()["id"]

    assert api(manager).post(f"{URL}{close_id}/reopen/", {"reason": "  "}, format="json").status_code == 400
    response = api(manager).post(f"{URL}{close_id}/reopen/", {"reason": "late invoice from the provider"},
                                 format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reopen_reason"], body["reopened_by"]) == (
        "reopened", "late invoice from the provider", manager.email)
    history = MonthClose.objects.get(pk=close_id).history.order_by("history_date")
    assert [h.history_change_reason for h in history] == ["closed", "late invoice from the provider"]
    assert history.last().history_user == manager
    assert not selectors.month_is_closed(last_month.centre.pk, last_month.month)
    assert not deliveries_selectors.is_month_closed(last_month.centre.pk, last_month.month)  # logs are taken again
    assert api(manager).post(f"{URL}{close_id}/reopen/", {"reason": "again"}, format="json").status_code == 409


def test_the_next_report_after_re_opening_shows_what_changed_since_the_close(api, manager, last_month):
    approve(last_month)
    close_id = close(api, manager, last_month.label).json()["id"]
    frozen = closing_run(close_id)
    frozen_data = frozen.data
    api(manager).post(f"{URL}{close_id}/reopen/", {"reason": "a visit was missing"}, format="json")
    DeliveryFactory(planned_service=last_month.service, date=last_month.day.replace(day=14), duration_minutes=60,
                    units=Decimal("1.00"), logged_by=last_month.staff)

    run = services.request_report(actor=actor_for(manager), month=last_month.month)
    services.generate_report(str(run.pk))
    run.refresh_from_db()

    code = last_month.line.service_type.code
    changes = {c["path"]: (c["was"], c["now"]) for c in run.data["changes_since_close"]}
    assert changes[f"services.{code}.units_delivered"] == ("2.00", "3.00")
    assert changes[f"services.{code}.cost"] == ("100.00", "150.00")
    assert all(c["month"] == last_month.label for c in run.data["changes_since_close"])
    frozen.refresh_from_db()
    assert frozen.data == frozen_data  # the closing report stays as it was

    # closing again freezes a new closing report, which lists the changes since the first one
    response = close(api, manager, last_month.label)
    assert response.status_code == 201
    second = closing_run(response.json()["id"])
    assert second.version == 3
    assert second.is_closing
    assert {c["path"] for c in second.data["changes_since_close"]} >= {f"services.{code}.units_delivered"}


def test_a_later_months_report_shows_changes_to_an_earlier_re_opened_month(api, manager, last_month):
    approve(last_month)
    close_id = close(api, manager, last_month.label).json()["id"]
    closing_run(close_id)
    api(manager).post(f"{URL}{close_id}/reopen/", {"reason": "a visit was missing"}, format="json")
    DeliveryFactory(planned_service=last_month.service, date=last_month.day.replace(day=14), duration_minutes=60,
                    units=Decimal("1.00"), logged_by=last_month.staff)

    this_month = timezone.localdate().replace(day=1)
    run = services.request_report(actor=actor_for(manager), month=this_month)
    services.generate_report(str(run.pk))
    run.refresh_from_db()

    assert {c["month"] for c in run.data["changes_since_close"]} == {last_month.label}


def test_the_lock_covers_only_the_closed_month_of_its_centre(last_month, manager, other_centre):
    approve(last_month)
    services.close_month(actor=actor_for(manager), month=last_month.month)

    assert selectors.month_is_closed(last_month.centre.pk, last_month.day)
    assert deliveries_selectors.is_month_closed(last_month.centre.pk, last_month.day)
    assert not deliveries_selectors.is_month_closed(last_month.centre.pk, timezone.localdate())
    assert not selectors.month_is_closed(other_centre.pk, last_month.month)
    assert not deliveries_selectors.is_month_closed(other_centre.pk, last_month.month)


def test_a_later_correction_of_a_closed_months_log_shows_in_the_next_report(api, manager, last_month):
    approve(last_month)
    close_id = close(api, manager, last_month.label).json()["id"]
    closing_run(close_id)
    original = last_month.delivery
    DeliveryFactory(planned_service=last_month.service, date=timezone.localdate(), duration_minutes=60,
                    units=Decimal("1.00"), logged_by=last_month.staff, corrects=original)

    run = services.request_report(actor=actor_for(manager), month=timezone.localdate().replace(day=1))
    services.generate_report(str(run.pk))
    run.refresh_from_db()

    code = last_month.line.service_type.code
    changes = {(c["month"], c["path"]): (c["was"], c["now"]) for c in run.data["changes_since_close"]}
    assert changes[(last_month.label, f"services.{code}.units_delivered")] == ("2.00", "0.00")


def test_an_untouched_closed_month_adds_no_changes(api, manager, last_month):
    approve(last_month)
    closing_run(close(api, manager, last_month.label).json()["id"])

    run = services.request_report(actor=actor_for(manager), month=timezone.localdate().replace(day=1))
    services.generate_report(str(run.pk))
    run.refresh_from_db()

    assert run.data["changes_since_close"] == []
