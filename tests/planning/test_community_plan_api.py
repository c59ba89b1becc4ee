"""Building a community plan through the API: the tree, its states, bad input refused whole, history, and a
bounded number of queries however big the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cus.planning.models import Activity, CommunityPlan, Indicator, IndicatorValue, Measure, Priority

from ..factories import ServiceTypeFactory
from .factories import (
    ActivityFactory,
    CommunityPlanFactory,
    IndicatorFactory,
    MeasureFactory,
    MeetingFactory,
    PartnerFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db


def test_manager_builds_the_tree_and_reads_it_back_with_progress(api, manager, centre):
    client = api(manager)
    home_care = ServiceTypeFactory(unit="hour")
    partner = PartnerFactory(centre=centre)
    plan = client.post("/api/v1/community-plans/", {"title": "Programme 2026-2028", "start_date": "2026-01-01",
                                                    "end_date": "2028-12-31"})
    assert plan.status_code == 201, plan.data
    priority = client.post("/api/v1/priorities/", {"plan": plan.data["id"], "code": "1", "title": "Seniors"})
    measure = client.post("/api/v1/measures/", {"priority": priority.data["id"], "code": "1.1", "title": "Care"})
    activity = client.post("/api/v1/activities/", {
        "measure": measure.data["id"], "code": "1.1.1", "title": "Home care", "responsible_partner": str(partner.pk),
        "target_groups": ["seniors", "disabilities"], "service_types": [str(home_care.pk)],
    })
    assert activity.status_code == 201, activity.data
    indicator = client.post("/api/v1/indicators/", {"activity": activity.data["id"], "name": "Hours of home care 2026",
                                                    "kind": "delivered_hours", "period": "year", "year": 2026,
                                                    "target": "12000", "unit_label": "hours"})
    assert indicator.status_code == 201, indicator.data
    assert indicator.data["actual"] == "0.00"

    tree = client.get(f"/api/v1/community-plans/{plan.data['id']}/")

    assert tree.status_code == 200
    node = tree.data["priorities"][0]["measures"][0]["activities"][0]
    assert node["responsible_partner_name"] == partner.name
    assert node["target_groups"] == ["seniors", "disabilities"]
    assert [t["id"] for t in node["service_types"]] == [str(home_care.pk)]
    assert node["indicators"][0]["period_start"] == "2026-01-01"
    assert node["indicators"][0]["progress"] == "0.0000"


def test_plan_states_adopt_then_close_freezes_the_tree(api, manager, centre):
    plan = CommunityPlanFactory(centre=centre)
    priority = PriorityFactory(plan=plan)
    client = api(manager)

    assert client.post(f"/api/v1/community-plans/{plan.pk}/close/", {}).status_code == 409
    adopted = client.post(f"/api/v1/community-plans/{plan.pk}/adopt/", {"reason": "Council resolution XII/123/2026"})
    assert adopted.status_code == 200
    assert adopted.data["status"] == "adopted"
    assert client.post(f"/api/v1/community-plans/{plan.pk}/close/", {}).status_code == 200

    assert client.patch(f"/api/v1/community-plans/{plan.pk}/", {"title": "x"}).status_code == 409
    assert client.patch(f"/api/v1/priorities/{priority.pk}/", {"title": "x"}).status_code == 409
    assert client.post("/api/v1/measures/", {"priority": str(priority.pk), "title": "x"}).status_code == 409
    assert not Measure.objects.exists()
    reasons = list(CommunityPlan.history.filter(id=plan.pk).values_list("history_change_reason", flat=True))
    assert "Council resolution XII/123/2026" in reasons


def test_changes_are_kept_in_the_history_with_user_and_reason(api, manager, centre):
    activity = ActivityFactory(measure__priority__plan__centre=centre)
    meals = ServiceTypeFactory()

    response = api(manager).patch(f"/api/v1/activities/{activity.pk}/", {"title": "Meals", "reason": "renamed",
                                                                        "service_types": [str(meals.pk)]})

    assert response.status_code == 200, response.data
    records = Activity.history.filter(id=activity.pk, history_change_reason="renamed")
    assert records.exists()
    assert {(record.title, record.history_user) for record in records} == {("Meals", manager)}
    assert list(activity.service_types.all()) == [meals]


def test_manual_values_only_for_manual_indicators(api, manager, centre):
    computed = IndicatorFactory(activity__measure__priority__plan__centre=centre, kind="people_served")
    manual = IndicatorFactory(activity__measure__priority__plan__centre=centre, kind="manual", target=Decimal("4"))
    client = api(manager)

    refused = client.post("/api/v1/indicator-values/", {"indicator": str(computed.pk), "date": "2026-05-01",
                                                        "value": "3"})
    accepted = client.post("/api/v1/indicator-values/", {"indicator": str(manual.pk), "date": "2026-05-01",
                                                         "value": "3"})

    assert refused.status_code == 400
    assert "indicator" in refused.data
    assert accepted.status_code == 201
    assert IndicatorValue.objects.get().indicator == manual
    assert client.get(f"/api/v1/indicators/{manual.pk}/").data["progress"] == "0.7500"


@pytest.fixture
def tree(centre):
    plan = CommunityPlanFactory(centre=centre, start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31))
    priority = PriorityFactory(plan=plan)
    measure = MeasureFactory(priority=priority)
    activity = ActivityFactory(measure=measure)
    indicator = IndicatorFactory(activity=activity)
    return {"plan": plan, "priority": priority, "measure": measure, "activity": activity, "indicator": indicator}


BAD_CREATES = [
    ("community-plans", {"title": "P", "start_date": "2026-01-01", "end_date": "2025-01-01"}, "end_date"),
    ("community-plans", {"start_date": "2026-01-01", "end_date": "2027-01-01"}, "title"),
    ("priorities", {"plan": "00000000-0000-0000-0000-000000000000", "title": "P"}, "plan"),
    ("priorities", {"plan": "{plan}", "title": ""}, "title"),
    ("measures", {"priority": "{priority}", "title": "x" * 300}, "title"),
    ("activities", {"measure": "{measure}", "title": "A", "target_groups": ["aliens"]}, "target_groups"),
    ("activities", {"measure": "{measure}", "title": "A", "service_types": ["nope"]}, "service_types"),
    ("activities", {"measure": "{measure}", "title": "A", "responsible_partner": "{foreign_partner}"},
     "responsible_partner"),
    ("indicators", {"activity": "{activity}", "name": "I", "kind": "magic", "target": "1"}, "kind"),
    ("indicators", {"activity": "{activity}", "name": "I", "kind": "manual", "target": "-1"}, "target"),
    ("indicators", {"activity": "{activity}", "name": "I", "kind": "manual", "target": "1", "period": "year"}, "year"),
    ("indicators", {"activity": "{activity}", "name": "I", "kind": "manual", "target": "1", "period": "year",
                    "year": 2031}, "year"),
    ("indicators", {"activity": "{activity}", "name": "I", "kind": "manual", "target": "1", "year": 2026}, "year"),
    ("indicator-values", {"indicator": "{indicator}", "date": "2026-01-01", "value": "abc"}, "value"),
    ("partners", {"name": "P", "kind": "cult"}, "kind"),
    ("partners", {"name": "P", "kind": "ngo", "email": "not-an-address"}, "email"),
    ("partners", {"name": "{partner_name}", "kind": "ngo"}, "name"),
    ("meetings", {"title": "M", "starts_at": "yesterday"}, "starts_at"),
    ("meetings", {"title": "M", "starts_at": "2026-05-01T10:00:00Z", "staff": ["{stranger}"]}, "staff"),
    ("meetings", {"title": "M", "starts_at": "2026-05-01T10:00:00Z", "partners": ["{foreign_partner}"]}, "partners"),
    ("meeting-decisions", {"meeting": "{meeting}", "text": "   "}, "text"),
    ("follow-ups", {"meeting": "{meeting}", "description": "F", "due_date": "2026-05-01"}, "owner"),
    ("follow-ups", {"meeting": "{meeting}", "description": "F", "owner_name": "X", "due_date": "soon"}, "due_date"),
    ("follow-ups", {"meeting": "{meeting}", "description": "F", "owner": "{stranger}", "due_date": "2026-05-01"},
     "owner"),
    ("follow-ups", {"meeting": "{meeting}", "description": "F", "owner_name": "X", "due_date": "2026-05-01",
                    "decision": "{other_decision}"}, "decision"),
]

COUNTED = [CommunityPlan, Priority, Measure, Activity, Indicator, IndicatorValue]


@pytest.mark.parametrize(("endpoint", "body", "field"), BAD_CREATES)
def test_bad_input_on_create_is_refused_naming_the_field_and_nothing_is_written(
    api, manager, centre, other_centre, member, tree, endpoint, body, field
):
    from cus.core.models import Role
    from cus.planning.models import Decision, FollowUp, Meeting, Partner

    from .factories import DecisionFactory

    meeting = MeetingFactory(centre=centre)
    values = {
        "plan": tree["plan"].pk, "priority": tree["priority"].pk, "measure": tree["measure"].pk,
        "activity": tree["activity"].pk, "indicator": IndicatorFactory(activity=tree["activity"], kind="manual").pk,
        "foreign_partner": PartnerFactory(centre=other_centre).pk, "partner_name": PartnerFactory(centre=centre).name,
        "stranger": member(Role.COORDINATOR, other_centre).pk, "meeting": meeting.pk,
        "other_decision": DecisionFactory(meeting=MeetingFactory(centre=centre)).pk,
    }

    def fill(value):
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            return str(values[value[1:-1]])
        return value

    models = [*COUNTED, Partner, Meeting, Decision, FollowUp]
    before = {model: model.objects.count() for model in models}

    response = api(manager).post(f"/api/v1/{endpoint}/", {key: fill(value) for key, value in body.items()})

    assert response.status_code == 400, response.data
    assert field in response.data, response.data
    assert {model: model.objects.count() for model in models} == before


BAD_UPDATES = [
    ("community-plans", "plan", {"end_date": "2025-01-01"}, "end_date"),
    ("priorities", "priority", {"title": ""}, "title"),
    ("activities", "activity", {"target_groups": ["seniors", "seniors"]}, "target_groups"),
    ("indicators", "indicator", {"period": "year"}, "year"),
    ("indicators", "indicator", {"target": "-5"}, "target"),
]


@pytest.mark.parametrize(("endpoint", "key", "body", "field"), BAD_UPDATES)
def test_bad_input_on_change_is_refused_and_nothing_changes(api, manager, tree, endpoint, key, body, field):
    obj = tree[key]
    history_before = obj.history.count()

    response = api(manager).patch(f"/api/v1/{endpoint}/{obj.pk}/", body)

    assert response.status_code == 400, response.data
    assert field in response.data
    assert obj.history.count() == history_before
    fresh = type(obj).objects.get(pk=obj.pk)
    for name in body:
        assert getattr(fresh, name) == getattr(obj, name)


def test_bad_input_on_meeting_and_follow_up_changes(api, coordinator, centre, other_centre):
    from .factories import FollowUpFactory

    meeting = MeetingFactory(centre=centre, status="held", minutes="Minutes")
    follow_up = FollowUpFactory(meeting=meeting)
    client = api(coordinator)

    assert client.patch(f"/api/v1/meetings/{meeting.pk}/", {"minutes": ""}).status_code == 400
    assert client.patch(f"/api/v1/follow-ups/{follow_up.pk}/", {"owner_name": ""}).status_code == 400
    foreign = PartnerFactory(centre=other_centre)
    assert client.patch(f"/api/v1/follow-ups/{follow_up.pk}/", {"partner": str(foreign.pk)}).status_code == 400
    meeting.refresh_from_db()
    follow_up.refresh_from_db()
    assert (meeting.minutes, follow_up.owner_name, follow_up.partner) == ("Minutes", "Jan Nowak (school)", None)


def build_plan(centre, size: int) -> CommunityPlan:
    plan = CommunityPlanFactory(centre=centre)
    types = [ServiceTypeFactory() for _ in range(2)]
    for _ in range(size):
        priority = PriorityFactory(plan=plan)
        for _ in range(size):
            activity = ActivityFactory(measure=MeasureFactory(priority=priority), service_types=types,
                                       responsible_partner=PartnerFactory(centre=centre))
            for kind in ("delivered_hours", "delivered_units", "people_served", "plans_active", "contracted_capacity",
                         "manual"):
                IndicatorFactory(activity=activity, kind=kind)
    return plan


def test_the_plan_tree_takes_a_bounded_number_of_queries(api, manager, centre, django_assert_max_num_queries):
    small = build_plan(centre, 1)
    large = build_plan(centre, 3)
    client = api(manager)

    with django_assert_max_num_queries(16) as small_queries:
        assert client.get(f"/api/v1/community-plans/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(16) as large_queries:
        response = client.get(f"/api/v1/community-plans/{large.pk}/")
    assert len(small_queries.captured_queries) == len(large_queries.captured_queries)
    indicators = sum(len(a["indicators"]) for p in response.data["priorities"] for m in p["measures"]
                     for a in m["activities"])
    assert indicators == 3 * 3 * 6


@pytest.mark.parametrize("endpoint", ["community-plans", "priorities", "measures", "activities", "indicators",
                                      "partners", "meetings", "follow-ups", "raised-needs", "meeting-decisions"])
def test_list_queries_do_not_grow_with_rows(api, manager, centre, endpoint, django_assert_max_num_queries):
    from .factories import DecisionFactory, FollowUpFactory, RaisedNeedFactory

    build_plan(centre, 2)
    for _ in range(3):
        meeting = MeetingFactory(centre=centre)
        meeting.partners.set([PartnerFactory(centre=centre)])
        DecisionFactory(meeting=meeting)
        FollowUpFactory(meeting=meeting, owner=manager)
        RaisedNeedFactory(centre=centre, partner=PartnerFactory(centre=centre), meeting=meeting)

    with django_assert_max_num_queries(12):
        response = api(manager).get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    assert response.data["count"] >= 1


def test_bad_input_on_partner_decision_and_raised_need_changes(api, coordinator, centre):
    from .factories import DecisionFactory, RaisedNeedFactory

    partner = PartnerFactory(centre=centre, kind="ngo")
    decision = DecisionFactory(meeting=MeetingFactory(centre=centre))
    need = RaisedNeedFactory(centre=centre)
    client = api(coordinator)

    assert client.patch(f"/api/v1/partners/{partner.pk}/", {"kind": "cult"}).status_code == 400
    assert client.patch(f"/api/v1/meeting-decisions/{decision.pk}/", {"text": " "}).status_code == 400
    assert client.patch(f"/api/v1/raised-needs/{need.pk}/", {"source": "meeting"}).status_code == 400
    partner.refresh_from_db()
    decision.refresh_from_db()
    need.refresh_from_db()
    assert (partner.kind, decision.text, need.source) == ("ngo", "Open a second day centre in Oksywie.", "public")


def test_a_yearly_indicator_made_plan_wide_drops_its_year(api, manager, tree):
    indicator = tree["indicator"]
    client = api(manager)
    assert client.patch(f"/api/v1/indicators/{indicator.pk}/", {"period": "year", "year": 2027}).status_code == 200

    response = client.patch(f"/api/v1/indicators/{indicator.pk}/", {"period": "plan"})

    assert response.status_code == 200, response.data
    assert (response.data["year"], response.data["period_start"]) == (None, "2026-01-01")


def test_each_record_has_a_readable_history(api, manager, coordinator, centre, other_centre):
    plan = api(manager).post("/api/v1/community-plans/", {"title": "Programme", "start_date": "2026-01-01",
                                                          "end_date": "2028-12-31"}).data
    api(manager).patch(f"/api/v1/community-plans/{plan['id']}/", {"title": "Programme 2026+", "reason": "wording"})

    response = api(coordinator).get(f"/api/v1/community-plans/{plan['id']}/history/")

    assert response.status_code == 200
    assert response.data["count"] == 2
    changed, created = response.data["results"]
    assert (created["change_type"], created["reason"], created["user"]["id"]) == ("created", "created", str(manager.pk))
    assert (created["model"], created["model_label"], created["object_id"]) == ("communityplan", "Community plan", plan["id"])
    assert {change["field"] for change in created["changes"]} == {"title", "start_date", "end_date", "status"}
    assert (changed["reason"], changed["changes"]) == ("wording", [{
        "field": "title", "label": "Title", "old": "Programme", "new": "Programme 2026+",
        "old_display": "Programme", "new_display": "Programme 2026+", "hidden": False,
    }])
    foreign = CommunityPlanFactory(centre=other_centre)
    assert api(coordinator).get(f"/api/v1/community-plans/{foreign.pk}/history/").status_code == 404


@pytest.mark.parametrize("role", ["provider", "volunteer"])
def test_history_is_hidden_from_provider_staff_and_volunteers(api, member, centre, role):
    meeting = MeetingFactory(centre=centre)
    assert api(member(role, centre)).get(f"/api/v1/meetings/{meeting.pk}/history/").status_code == 404
