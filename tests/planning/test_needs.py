"""The needs register: demand by service type and area from the waiting list, assessed needs without a planned
service and needs raised by partners or the public, against capacity; counts only, never a client."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cus.planning.models import RaisedNeed

from ..clients.factories import AssessmentFactory, IdentifiedNeedFactory
from ..factories import (
    ClientFactory,
    ContractLineFactory,
    OfferingFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
)
from .factories import MeetingFactory, PartnerFactory, RaisedNeedFactory

pytestmark = pytest.mark.django_db


def waiting(centre, service_type, area, *, plan_status="active"):
    plan = PlanFactory(client=ClientFactory(centre=centre, area=area), status=plan_status)
    return PlannedServiceFactory(plan=plan, service_type=service_type)


def assessed_need(centre, service_type, *, client=None, area="", status="completed"):
    client = client or ClientFactory(centre=centre, area=area)
    assessment = AssessmentFactory(client=client, status=status)
    return IdentifiedNeedFactory(assessment=assessment, service_type=service_type)


@pytest.fixture
def register_data(centre, other_centre):
    home_care = ServiceTypeFactory(code="reg_home_care", sort_order=1)
    meals = ServiceTypeFactory(code="reg_meals", sort_order=2)
    # Waiting list: 2 in Oksywie, 1 in Chylonia; a finished plan's and an assigned service do not count.
    waiting(centre, home_care, "Oksywie")
    waiting(centre, home_care, "Oksywie")
    waiting(centre, home_care, "Chylonia")
    waiting(centre, home_care, "Oksywie", plan_status="closed")
    line = ContractLineFactory(contract__provider__centre=centre, service_type=home_care, monthly_capacity=Decimal("400"))
    PlannedServiceFactory(plan=PlanFactory(client=ClientFactory(centre=centre, area="Oksywie"), status="active"),
                          contract_line=line)
    # Assessed needs: one client twice (counts once), one whose only planned service of the type was cancelled.
    twice = ClientFactory(centre=centre, area="Oksywie")
    assessed_need(centre, meals, client=twice)
    assessed_need(centre, meals, client=twice)
    cancelled = assessed_need(centre, meals, area="Oksywie")
    PlannedServiceFactory(plan=PlanFactory(client=cancelled.assessment.client, status="active"), service_type=meals,
                          status="cancelled")
    # ... and needs that do not count: planned for, a draft assessment, a closed client.
    planned = assessed_need(centre, home_care, area="Oksywie")
    PlannedServiceFactory(plan=PlanFactory(client=planned.assessment.client, status="active"), contract_line=line)
    assessed_need(centre, meals, area="Oksywie", status="draft")
    assessed_need(centre, meals, client=ClientFactory(centre=centre, area="Oksywie", status="closed"))
    # Raised needs: two open for meals in Oksywie, one closed, one without a type or area.
    RaisedNeedFactory(centre=centre, service_type=meals, area="Oksywie", people_estimate=12)
    RaisedNeedFactory(centre=centre, service_type=meals, area="oksywie", people_estimate=None, source="partner",
                      partner=PartnerFactory(centre=centre))
    RaisedNeedFactory(centre=centre, service_type=meals, area="Oksywie", is_open=False)
    RaisedNeedFactory(centre=centre, service_type=None, area="", people_estimate=3)
    # Capacity: active contracts today and active offerings; a draft contract and an inactive offering do not count.
    today = dt.date.today()
    ContractLineFactory(contract__provider__centre=centre, service_type=home_care, monthly_capacity=Decimal("100"),
                        contract__start_date=today - dt.timedelta(days=30), contract__end_date=today + dt.timedelta(days=30))
    ContractLineFactory(contract__provider__centre=centre, contract__status="draft", service_type=home_care,
                        monthly_capacity=Decimal("999"))
    OfferingFactory(provider__centre=centre, service_type=home_care, capacity=20)
    OfferingFactory(provider__centre=centre, service_type=home_care, capacity=50, is_active=False)
    # Another centre's demand never shows.
    waiting(other_centre, home_care, "Oksywie")
    assessed_need(other_centre, meals, area="Oksywie")
    RaisedNeedFactory(centre=other_centre, service_type=meals, area="Oksywie")
    return {"home_care": home_care, "meals": meals, "line": line}


def rows_by_key(data):
    return {(row["service_type_code"], row["area"]): row for row in data["results"]}


def test_register_counts_each_source_by_service_type_and_area(api, manager, register_data):
    line = register_data["line"]
    line_counts = line.contract.start_date <= dt.date.today() <= line.contract.end_date

    response = api(manager).get("/api/v1/needs/")

    assert response.status_code == 200
    rows = rows_by_key(response.data)
    assert set(rows) == {("reg_home_care", "Chylonia"), ("reg_home_care", "Oksywie"), ("reg_meals", "Oksywie"),
                         (None, "")}
    oksywie = rows[("reg_home_care", "Oksywie")]
    assert (oksywie["waiting"], oksywie["assessed"], oksywie["raised"], oksywie["total"]) == (2, 0, 0, 2)
    assert rows[("reg_home_care", "Chylonia")]["waiting"] == 1
    assert Decimal(oksywie["contracted_monthly_capacity"]) == Decimal("100") + (Decimal("400") if line_counts else 0)
    assert oksywie["offering_capacity"] == 20
    meals = rows[("reg_meals", "Oksywie")]
    assert (meals["waiting"], meals["assessed"], meals["raised"], meals["raised_people"]) == (0, 2, 2, 12)
    assert meals["contracted_monthly_capacity"] is None
    untyped = rows[(None, "")]
    assert (untyped["raised"], untyped["raised_people"], untyped["service_type"]) == (1, 3, None)


def test_register_can_be_summed_over_areas_and_filtered(api, manager, register_data):
    response = api(manager).get("/api/v1/needs/", {"by_area": "false"})
    rows = rows_by_key(response.data)
    assert rows[("reg_home_care", "")]["waiting"] == 3

    response = api(manager).get("/api/v1/needs/", {"service_type": str(register_data["meals"].pk), "area": "OKSYWIE"})
    assert [(row["service_type_code"], row["assessed"], row["raised"]) for row in response.data["results"]] == [
        ("reg_meals", 2, 2)
    ]


def test_register_names_no_client(api, coordinator, register_data):
    response = api(coordinator).get("/api/v1/needs/")

    assert response.status_code == 200
    text = response.content.decode()
    from cus.clients.models import Client

    for client in Client.objects.all():
        assert client.last_name not in text
        assert client.reference not in text
        assert str(client.pk) not in text


def test_raising_a_need_adds_it_to_the_register(api, coordinator, centre, register_data):
    meeting = MeetingFactory(centre=centre)
    payload = {"source": "meeting", "meeting": str(meeting.pk), "service_type": str(register_data["meals"].pk),
               "area": "Oksywie", "description": "Meals on Sundays too", "people_estimate": 4,
               "raised_on": "2026-03-05"}

    response = api(coordinator).post("/api/v1/needs/", payload)

    assert response.status_code == 201, response.data
    need = RaisedNeed.objects.get(pk=response.data["id"])
    assert (need.recorded_by, need.meeting, need.centre) == (coordinator, meeting, centre)
    assert need.history.first().history_change_reason == "raised"
    rows = rows_by_key(api(coordinator).get("/api/v1/needs/").data)
    assert rows[("reg_meals", "Oksywie")]["raised"] == 3
    assert rows[("reg_meals", "Oksywie")]["raised_people"] == 16


def test_closing_a_raised_need_takes_it_off_the_register(api, coordinator, centre, register_data):
    need = RaisedNeedFactory(centre=centre, service_type=register_data["home_care"], area="Chylonia")
    assert rows_by_key(api(coordinator).get("/api/v1/needs/").data)[("reg_home_care", "Chylonia")]["raised"] == 1

    response = api(coordinator).patch(f"/api/v1/raised-needs/{need.pk}/", {"is_open": False, "reason": "planned"})

    assert response.status_code == 200
    assert rows_by_key(api(coordinator).get("/api/v1/needs/").data)[("reg_home_care", "Chylonia")]["raised"] == 0
    assert need.history.first().history_change_reason == "planned"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"source": "partner"}, "partner"),
        ({"source": "meeting"}, "meeting"),
        ({"source": "rumour"}, "source"),
        ({"raised_on": "2999-01-01"}, "raised_on"),
        ({"description": "   "}, "description"),
        ({"people_estimate": 0}, "people_estimate"),
        ({"service_type": "00000000-0000-0000-0000-000000000000"}, "service_type"),
    ],
)
def test_a_bad_raised_need_is_refused_and_nothing_is_written(api, coordinator, payload, field):
    body = {"source": "public", "description": "Need", "raised_on": "2026-03-05", **payload}

    response = api(coordinator).post("/api/v1/needs/", body)

    assert response.status_code == 400
    assert field in response.data
    assert not RaisedNeed.objects.exists()


def test_another_centres_partner_cannot_be_named(api, coordinator, other_centre):
    partner = PartnerFactory(centre=other_centre)
    body = {"source": "partner", "partner": str(partner.pk), "description": "Need", "raised_on": "2026-03-05"}

    response = api(coordinator).post("/api/v1/needs/", body)

    assert response.status_code == 400
    assert "partner" in response.data
    assert not RaisedNeed.objects.exists()


def test_register_queries_do_not_grow_with_rows(api, manager, register_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = api(manager).get("/api/v1/needs/")
    assert response.status_code == 200
    for index in range(5):
        service_type = ServiceTypeFactory()
        RaisedNeedFactory(centre=register_data["line"].centre, service_type=service_type, area=f"Area {index}")
        waiting(register_data["line"].centre, service_type, f"Area {index}")
    with django_assert_max_num_queries(12):
        response = api(manager).get("/api/v1/needs/")
    assert len(response.data["results"]) == 9


def test_a_raised_need_can_be_changed_at_needs_detail_too(api, coordinator, centre, other_centre):
    need = RaisedNeedFactory(centre=centre, area="Oksywie")
    foreign = RaisedNeedFactory(centre=other_centre)
    client = api(coordinator)

    response = client.patch(f"/api/v1/needs/{need.pk}/", {"area": "Chylonia", "reason": "typo"})

    assert response.status_code == 200, response.data
    need.refresh_from_db()
    assert need.area == "Chylonia"
    assert need.history.first().history_change_reason == "typo"
    assert client.patch(f"/api/v1/needs/{foreign.pk}/", {"area": "x"}).status_code == 404
    assert client.patch("/api/v1/needs/not-a-uuid/", {"area": "x"}).status_code == 404
    bad = client.patch(f"/api/v1/needs/{need.pk}/", {"source": "partner"})
    assert bad.status_code == 400
    assert "partner" in bad.data
    need.refresh_from_db()
    assert need.source == "public"


@pytest.mark.parametrize("role", ["provider", "volunteer"])
def test_provider_staff_and_volunteers_cannot_raise_or_change_needs(api, member, centre, role):
    need = RaisedNeedFactory(centre=centre)
    client = api(member(role, centre))
    body = {"source": "public", "description": "N", "raised_on": "2026-01-05"}
    assert client.post("/api/v1/needs/", body).status_code == 404
    assert client.patch(f"/api/v1/needs/{need.pk}/", {"area": "x"}).status_code == 404
    assert RaisedNeed.objects.count() == 1


def test_admin_reads_the_register_but_cannot_change_a_need(api, admin_user, centre):
    need = RaisedNeedFactory(centre=centre)
    client = api(admin_user)
    assert client.get("/api/v1/needs/").status_code == 200
    assert client.patch(f"/api/v1/needs/{need.pk}/", {"area": "x"}).status_code == 403
    assert client.patch(f"/api/v1/raised-needs/{need.pk}/", {"area": "x"}).status_code == 403
