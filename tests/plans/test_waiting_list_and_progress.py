"""waiting-list/ (unmet needs, longest wait first) and planned-services/{id}/progress/ (planned vs delivered)."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.dates import centre_today
from cus.core.models import Role
from cus.core.schedule import month_bounds, planned_units
from cus.plans.models import Plan

from ..factories import ClientFactory, PlannedServiceFactory, ServiceTypeFactory
from .factories import active_plan, contract_line, delivery, draft_plan

WAITING = "/api/v1/waiting-list/"
SERVICES = "/api/v1/planned-services/"


def waiting_service(centre, coordinator, days: int, *, area: str = "", service_type=None, plan_status="active"):
    client = ClientFactory(centre=centre, coordinator=coordinator, area=area)
    plan = active_plan(centre, coordinator, client=client)
    Plan.objects.filter(pk=plan.pk).update(status=plan_status)
    service = plan.services.get()
    service.waiting_since = centre_today(centre) - dt.timedelta(days=days)
    if service_type is not None:
        service.service_type = service_type
    service.save()
    return service


def test_waiting_list_shows_unassigned_services_with_days_waited_longest_first(api, coordinator, centre):
    short = waiting_service(centre, coordinator, 3, area="Oksywie")
    long = waiting_service(centre, coordinator, 40, area="Chylonia")
    response = api(coordinator).get(WAITING)
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [str(long.pk), str(short.pk)]
    assert [row["waiting_days"] for row in rows] == [40, 3]
    first = rows[0]
    assert first["client_name"] == long.plan.client.full_name
    assert first["client_reference"] == long.plan.client.reference
    assert first["area"] == "Chylonia"
    assert first["service_type"] == str(long.service_type_id)


def test_waiting_list_orders_by_waiting_days_either_way(api, coordinator, centre):
    services = [waiting_service(centre, coordinator, days) for days in (10, 1, 30)]
    client = api(coordinator)
    ascending = [row["waiting_days"] for row in client.get(f"{WAITING}?ordering=waiting_days").json()["results"]]
    descending = [row["waiting_days"] for row in client.get(f"{WAITING}?ordering=-waiting_days").json()["results"]]
    assert ascending == [1, 10, 30]
    assert descending == [30, 10, 1]
    assert len(services) == 3


def test_waiting_list_leaves_out_assigned_services_and_finished_plans(api, coordinator, centre):
    kept_draft = waiting_service(centre, coordinator, 5, plan_status="draft")
    kept_suspended = waiting_service(centre, coordinator, 5, plan_status="suspended")
    waiting_service(centre, coordinator, 5, plan_status="closed")
    waiting_service(centre, coordinator, 5, plan_status="cancelled")
    PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=contract_line(centre))
    listed = {row["id"] for row in api(coordinator).get(WAITING).json()["results"]}
    # the assigned service's plan also has a waiting service of its own
    assert {str(kept_draft.pk), str(kept_suspended.pk)} <= listed
    assert len(listed) == 3


def test_waiting_list_filters_by_service_type_and_area(api, coordinator, centre):
    meals = ServiceTypeFactory(code="meals")
    a = waiting_service(centre, coordinator, 5, area="Oksywie", service_type=meals)
    b = waiting_service(centre, coordinator, 5, area="Chylonia")
    client = api(coordinator)
    assert [r["id"] for r in client.get(f"{WAITING}?service_type={meals.pk}").json()["results"]] == [str(a.pk)]
    assert [r["id"] for r in client.get(f"{WAITING}?area=chylonia").json()["results"]] == [str(b.pk)]


@pytest.mark.parametrize(("role", "status"), [(Role.MANAGER, 200), (Role.ADMIN, 200), (Role.PROVIDER, 404),
                                              (Role.VOLUNTEER, 404)])
def test_waiting_list_is_for_the_centres_staff(api, member, coordinator, centre, role, status):
    waiting_service(centre, coordinator, 5)
    response = api(member(role, centre)).get(WAITING)
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 1


def test_waiting_list_leaves_out_other_centres(api, member, coordinator, other_centre):
    waiting_service(other_centre, member(Role.COORDINATOR, other_centre), 5)
    assert api(coordinator).get(WAITING).json()["count"] == 0


def test_waiting_list_queries_do_not_grow_with_rows(api, coordinator, centre, django_assert_max_num_queries):
    waiting_service(centre, coordinator, 2)
    client = api(coordinator)
    with django_assert_max_num_queries(5) as few:
        client.get(WAITING)
    first_count = len(few.captured_queries)
    for days in range(8):
        waiting_service(centre, coordinator, days)
    with django_assert_max_num_queries(first_count):
        assert client.get(WAITING).json()["count"] == 9


# --- progress ------------------------------------------------------------------------------------


def months_back(today: dt.date, count: int) -> dt.date:
    month = today.replace(day=1)
    for _ in range(count):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def test_progress_gives_planned_delivered_and_gap_per_month_up_to_this_month(
    api, coordinator, centre, django_assert_max_num_queries
):
    today = centre_today(centre)
    start = months_back(today, 2)
    end = month_bounds(months_back(today, -3))[1]  # three months ahead
    plan = active_plan(centre, coordinator, start_date=start, end_date=end)
    line = contract_line(centre, contract__start_date=start, contract__end_date=end)
    service = PlannedServiceFactory(plan=plan, contract_line=line, units=Decimal("8"), per="month")
    delivery(service, start, "3")
    delivery(service, start + dt.timedelta(days=5), "2.5")
    delivery(service, start + dt.timedelta(days=6), "4", outcome="client_absent")
    delivery(service, today.replace(day=1), "1")

    with django_assert_max_num_queries(8):
        response = api(coordinator).get(f"{SERVICES}{service.pk}/progress/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["unit"] == service.service_type.unit
    assert [row["month"] for row in body["months"]] == [
        start.strftime("%Y-%m"), months_back(today, 1).strftime("%Y-%m"), today.strftime("%Y-%m")
    ]
    assert [row["planned"] for row in body["months"]] == ["8.00", "8.00", "8.00"]
    assert [row["delivered"] for row in body["months"]] == ["5.50", "0.00", "1.00"]
    assert [row["gap"] for row in body["months"]] == ["2.50", "8.00", "7.00"]
    assert body["total"] == {"planned": "24.00", "delivered": "6.50", "gap": "17.50"}


def test_progress_follows_the_schedule_for_part_months(api, coordinator, centre):
    start = dt.date(2026, 1, 15)
    plan = active_plan(centre, coordinator)
    service = PlannedServiceFactory(plan=plan, units=Decimal("3"), per="week", start_date=start,
                                    end_date=dt.date(2026, 2, 10))
    body = api(coordinator).get(f"{SERVICES}{service.pk}/progress/").json()
    expected = [
        planned_units(units=Decimal(3), per="week", start=start, end=dt.date(2026, 2, 10),
                      window_start=month, window_end=month_bounds(month)[1])
        for month in (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    ]
    assert [Decimal(row["planned"]) for row in body["months"]] == expected
    assert [row["delivered"] for row in body["months"]] == ["0.00", "0.00"]


def test_progress_of_a_service_not_yet_started_is_empty(api, coordinator, centre):
    today = centre_today(centre)
    plan = draft_plan(centre, coordinator, start_date=today, end_date=today + dt.timedelta(days=400))
    service = PlannedServiceFactory(plan=plan, start_date=month_bounds(today)[1] + dt.timedelta(days=1))
    body = api(coordinator).get(f"{SERVICES}{service.pk}/progress/").json()
    assert body["months"] == []
    assert body["total"] == {"planned": "0.00", "delivered": "0.00", "gap": "0.00"}


def test_provider_staff_see_progress_of_their_services_only(api, member, coordinator, centre):
    line = contract_line(centre)
    staff = member(Role.PROVIDER, centre, provider=line.contract.provider)
    plan = active_plan(centre, coordinator)
    theirs = PlannedServiceFactory(plan=plan, contract_line=line)
    client = api(staff)
    assert client.get(f"{SERVICES}{theirs.pk}/progress/").status_code == 200
    assert client.get(f"{SERVICES}{plan.services.exclude(pk=theirs.pk).get().pk}/progress/").status_code == 404
