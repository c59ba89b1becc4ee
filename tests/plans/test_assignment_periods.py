"""A planned service across contract periods (issue 13): December to May across an annual contract.

Assigned on the line of the contract in force at its start, it continues on the same provider's line of the renewed
contract from the day after; without a renewal it is assigned up to the contract's end, the coordinator is reminded
before that day, and the nightly run continues it once the renewal is active. Each log is paid through the line
of the period its date falls in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.models import Membership
from cus.deliveries.models import Delivery
from cus.notifications.models import Notification, NotificationKind
from cus.notifications.rules import scan_assignments_ending
from cus.plans import services
from cus.plans.models import AssignmentPeriod, PlannedService

from ..factories import ContractFactory, ContractLineFactory, PlannedServiceFactory, ServiceTypeFactory
from .factories import active_plan

SERVICES = "/api/v1/planned-services/"
DEC_1, DEC_31, JAN_1, MAY_31 = dt.date(2025, 12, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 5, 31)


@pytest.fixture
def home_care(db):
    return ServiceTypeFactory(code="home_care_periods", unit="hour")


@pytest.fixture
def provider_staff_membership(provider_staff):
    return Membership.objects.get(user=provider_staff)


@pytest.fixture
def lines(centre, home_care, provider_staff_membership):
    """The provider's contract of 2025 (45.00 an hour) and its renewal for 2026 (48.00)."""
    provider = provider_staff_membership.provider
    old = ContractLineFactory(
        contract=ContractFactory(provider=provider, number="UM/1/2025", start_date=dt.date(2025, 1, 1), end_date=DEC_31),
        service_type=home_care, unit_price=Decimal("45.00"),
    )
    return old, provider


def renewal(provider, home_care, **contract):
    return ContractLineFactory(
        contract=ContractFactory(provider=provider, number="UM/1/2026", start_date=JAN_1,
                                 end_date=dt.date(2026, 12, 31), **contract),
        service_type=home_care, unit_price=Decimal("48.00"),
    )


@pytest.fixture
def service(centre, coordinator, home_care) -> PlannedService:
    plan = active_plan(centre, coordinator, start_date=dt.date(2025, 11, 1), end_date=dt.date(2026, 6, 30))
    return PlannedServiceFactory(plan=plan, service_type=home_care, start_date=DEC_1, end_date=MAY_31,
                                 units=Decimal("6"), per="week")


def assign(api, coordinator, service, line):
    return api(coordinator).post(f"{SERVICES}{service.pk}/assign/", {"contract_line": str(line.pk)})


def periods_of(service):
    return list(AssignmentPeriod.objects.filter(planned_service=service).order_by("start_date").values_list(
        "contract_line__contract__number", "start_date", "end_date"))


def test_a_service_past_its_contracts_end_is_offered_the_contract_and_continues_on_the_renewal(
    api, coordinator, service, lines, home_care,
):
    old, provider = lines
    new = renewal(provider, home_care)
    candidates = api(coordinator).get(f"{SERVICES}{service.pk}/candidates/").json()
    assert str(old.pk) in [candidate["contract_line"] for candidate in candidates]

    response = assign(api, coordinator, service, old)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(p["contract_number"], p["start_date"], p["end_date"]) for p in body["periods"]] == [
        ("UM/1/2025", "2025-12-01", "2025-12-31"), ("UM/1/2026", "2026-01-01", "2026-05-31"),
    ]
    assert body["assigned_until"] is None  # covered to its end
    assert periods_of(service) == [("UM/1/2025", DEC_1, DEC_31), ("UM/1/2026", JAN_1, MAY_31)]
    assert AssignmentPeriod.history.filter(planned_service_id=service.pk).count() == 2
    assert new.pk in {period.contract_line_id for period in AssignmentPeriod.objects.filter(planned_service=service)}


def test_another_providers_contract_is_never_the_continuation(api, coordinator, centre, service, lines, home_care):
    old, _provider = lines
    ContractLineFactory(contract=ContractFactory(centre=centre, start_date=JAN_1, end_date=dt.date(2026, 12, 31)),
                        service_type=home_care)
    body = assign(api, coordinator, service, old).json()
    assert [p["contract_number"] for p in body["periods"]] == ["UM/1/2025"]
    assert body["assigned_until"] == "2025-12-31"


def test_a_renewal_still_in_draft_is_not_the_continuation(api, coordinator, service, lines, home_care):
    old, provider = lines
    renewal(provider, home_care, status="draft")
    body = assign(api, coordinator, service, old).json()
    assert body["assigned_until"] == "2025-12-31"


def test_without_a_renewal_the_assignment_reaches_the_contracts_end_and_the_coordinator_is_reminded(
    api, coordinator, centre, service, lines,
):
    old, _provider = lines
    response = assign(api, coordinator, service, old)
    assert response.status_code == 200, response.json()  # was a 400: no candidate covered the whole period
    assert response.json()["assigned_until"] == "2025-12-31"

    assert scan_assignments_ending(centre=centre, today=dt.date(2025, 11, 30)) == 0  # 31 days before: not yet
    assert scan_assignments_ending(centre=centre, today=dt.date(2025, 12, 1)) == 1  # 30 days before
    assert scan_assignments_ending(centre=centre, today=dt.date(2025, 12, 2)) == 0  # once per gap
    notice = Notification.objects.get(kind=NotificationKind.ASSIGNMENT_ENDING)
    assert notice.recipient == coordinator
    assert "Dec. 31, 2025" in notice.body  # in the coordinator's language and date format
    assert old.contract.provider.name in notice.body


def test_the_nightly_run_continues_the_assignment_once_the_renewal_is_active(
    api, coordinator, centre, service, lines, home_care,
):
    old, provider = lines
    assign(api, coordinator, service, old)
    assert services.extend_assignments(today=dt.date(2025, 12, 20)) == {}  # nothing to continue on yet

    new = renewal(provider, home_care)
    done = services.extend_assignments(today=dt.date(2025, 12, 20))

    assert done == {centre.code: {"extended": 1, "moved": 0}}
    assert periods_of(service) == [("UM/1/2025", DEC_1, DEC_31), ("UM/1/2026", JAN_1, MAY_31)]
    added = AssignmentPeriod.history.filter(planned_service_id=service.pk, contract_line_id=new.pk).get()
    assert "UM/1/2026" in added.history_change_reason
    assert scan_assignments_ending(centre=centre, today=dt.date(2025, 12, 20)) == 0  # no gap left
    assert services.extend_assignments(today=dt.date(2025, 12, 20)) == {}  # idempotent

    # On the renewal's first day the service's current line is the renewal's (the provider stays the same).
    assert services.extend_assignments(today=JAN_1) == {centre.code: {"extended": 0, "moved": 1}}
    service.refresh_from_db()
    assert service.contract_line_id == new.pk
    assert service.provider_id == provider.pk
    assert "UM/1/2026" in service.history.first().history_change_reason


def test_each_log_is_paid_through_the_line_of_its_period(api, coordinator, provider_staff, service, lines, home_care):
    old, provider = lines
    new = renewal(provider, home_care)
    assign(api, coordinator, service, old)
    staff = api(provider_staff)

    for day, line, cost in (("2025-12-15", old, "90.00"), ("2026-01-15", new, "96.00")):
        response = staff.post("/api/v1/deliveries/", {
            "planned_service": str(service.pk), "date": day, "start_time": "09:00", "duration_minutes": 120,
            "worker_name": "Anna Nowak",
        }, format="json")
        assert response.status_code == 201, response.json()
        delivery = Delivery.objects.get(pk=response.json()["id"])
        assert (delivery.contract_line_id, delivery.cost) == (line.pk, Decimal(cost))


def test_a_log_after_the_last_period_is_refused_naming_the_contract(api, coordinator, provider_staff, service, lines):
    old, _provider = lines
    assign(api, coordinator, service, old)
    response = api(provider_staff).post("/api/v1/deliveries/", {
        "planned_service": str(service.pk), "date": "2026-01-15", "start_time": "09:00", "duration_minutes": 60,
        "worker_name": "Anna Nowak",
    }, format="json")
    assert response.status_code == 400
    assert "contract" in response.json()["date"][0]


def test_moving_the_services_end_moves_its_periods(api, coordinator, service, lines, home_care):
    old, provider = lines
    renewal(provider, home_care)
    assign(api, coordinator, service, old)
    response = api(coordinator).patch(f"{SERVICES}{service.pk}/", {"end_date": "2025-12-20",
                                                                   "reason": "client moves away"})
    assert response.status_code == 200, response.json()
    assert periods_of(service) == [("UM/1/2025", DEC_1, dt.date(2025, 12, 20))]
    response = api(coordinator).patch(f"{SERVICES}{service.pk}/", {"end_date": "2026-03-31",
                                                                   "reason": "stays longer"})
    assert response.status_code == 200, response.json()
    assert periods_of(service) == [("UM/1/2025", DEC_1, DEC_31), ("UM/1/2026", JAN_1, dt.date(2026, 3, 31))]


def test_unassigning_ends_the_periods(api, coordinator, service, lines):
    old, _provider = lines
    assign(api, coordinator, service, old)
    response = api(coordinator).post(f"{SERVICES}{service.pk}/unassign/", {"reason": "provider withdrew"})
    assert response.status_code == 200, response.json()
    assert periods_of(service) == []
    assert response.json()["periods"] == []
    assert response.json()["assigned_until"] is None


def test_a_plans_services_and_their_periods_take_a_constant_number_of_queries(
    api, coordinator, service, lines, home_care,
):
    old, provider = lines
    renewal(provider, home_care)
    assign(api, coordinator, service, old)
    client = api(coordinator)
    url = f"/api/v1/plans/{service.plan_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        extra = PlannedServiceFactory(plan=service.plan, service_type=home_care, start_date=DEC_1, end_date=MAY_31)
        assign(api, coordinator, extra, old)
    with CaptureQueriesContext(connection) as five:
        body = client.get(url).json()
    assert len(five) == len(one)
    assert all(len(s["periods"]) == 2 for s in body["services"] if s["status"] == "assigned")


def test_the_beat_migration_schedules_the_nightly_continuation(db):
    import importlib

    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("cus.plans.migrations.0007_extend_assignments_schedule")
    migration.remove_schedule(django_apps, None)
    assert not PeriodicTask.objects.filter(task="cus.extend_assignments").exists()
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)  # idempotent
    [task] = PeriodicTask.objects.filter(task="cus.extend_assignments")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("2", "45", "Europe/Warsaw")
