"""Who sees and writes what: the centre's staff read planning; managers write the plan; managers and coordinators
raise needs and run meetings; provider staff and volunteers see nothing (404); another centre's rows are 404."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.core.models import Role

from .factories import (
    ActivityFactory,
    CommunityPlanFactory,
    DecisionFactory,
    FollowUpFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
    MeetingFactory,
    PartnerFactory,
    PriorityFactory,
    RaisedNeedFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["community-plans", "priorities", "measures", "activities", "indicators", "indicator-values", "needs",
         "raised-needs", "partners", "meetings", "meeting-decisions", "follow-ups"]


@pytest.mark.parametrize("endpoint", LISTS)
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.MANAGER, 200), (Role.COORDINATOR, 200), (Role.PROVIDER, 404), (Role.VOLUNTEER, 404)],
)
def test_planning_lists_are_for_the_centres_staff(api, member, centre, endpoint, role, status):
    response = api(member(role, centre)).get(f"/api/v1/{endpoint}/")
    assert response.status_code == status


def objects(centre):
    """One of each planning object in ``centre``, by endpoint."""
    plan = CommunityPlanFactory(centre=centre)
    priority = PriorityFactory(plan=plan)
    measure = MeasureFactory(priority=priority)
    activity = ActivityFactory(measure=measure)
    indicator = IndicatorFactory(activity=activity, kind="manual")
    meeting = MeetingFactory(centre=centre)
    return {
        "community-plans": plan,
        "priorities": priority,
        "measures": measure,
        "activities": activity,
        "indicators": indicator,
        "indicator-values": IndicatorValueFactory(indicator=indicator),
        "raised-needs": RaisedNeedFactory(centre=centre),
        "partners": PartnerFactory(centre=centre),
        "meetings": meeting,
        "meeting-decisions": DecisionFactory(meeting=meeting),
        "follow-ups": FollowUpFactory(meeting=meeting),
    }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_staff_see_their_centres_objects_and_not_another_centres(api, member, centre, other_centre, role):
    own = objects(centre)
    foreign = objects(other_centre)
    client = api(member(role, centre))
    for endpoint, obj in own.items():
        assert client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code == 200, endpoint
        listed = client.get(f"/api/v1/{endpoint}/").data["results"]
        assert [row["id"] for row in listed] == [str(obj.pk)], endpoint
    for endpoint, obj in foreign.items():
        assert client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code == 404, endpoint


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_cannot_see_any_planning_object(api, member, centre, role):
    client = api(member(role, centre))
    for endpoint, obj in objects(centre).items():
        assert client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code == 404, endpoint
        assert client.patch(f"/api/v1/{endpoint}/{obj.pk}/", {}).status_code == 404, endpoint


def test_writers_get_404_when_patching_another_centres_objects(api, manager, other_centre):
    client = api(manager)
    for endpoint, obj in objects(other_centre).items():
        if endpoint == "indicator-values":
            continue  # values are not changed, only added
        assert client.patch(f"/api/v1/{endpoint}/{obj.pk}/", {}).status_code == 404, endpoint
    plan = CommunityPlanFactory(centre=other_centre)
    assert client.post(f"/api/v1/community-plans/{plan.pk}/adopt/", {}).status_code == 404
    meeting = MeetingFactory(centre=other_centre)
    assert client.post(f"/api/v1/meetings/{meeting.pk}/close/", {"minutes": "x"}).status_code == 404
    follow_up = FollowUpFactory(meeting=meeting)
    assert client.post(f"/api/v1/follow-ups/{follow_up.pk}/complete/", {}).status_code == 404


WRITES = {
    # endpoint: roles that may write there
    "community-plans": {Role.MANAGER},
    "priorities": {Role.MANAGER},
    "measures": {Role.MANAGER},
    "activities": {Role.MANAGER},
    "indicators": {Role.MANAGER},
    "indicator-values": {Role.MANAGER},
    "needs": {Role.MANAGER, Role.COORDINATOR},
    "partners": {Role.MANAGER, Role.COORDINATOR},
    "meetings": {Role.MANAGER, Role.COORDINATOR},
    "meeting-decisions": {Role.MANAGER, Role.COORDINATOR},
    "follow-ups": {Role.MANAGER, Role.COORDINATOR},
}


def payloads(centre, user):
    plan = CommunityPlanFactory(centre=centre)
    priority = PriorityFactory(plan=plan)
    measure = MeasureFactory(priority=priority)
    activity = ActivityFactory(measure=measure)
    indicator = IndicatorFactory(activity=activity, kind="manual")
    meeting = MeetingFactory(centre=centre)
    return {
        "community-plans": {"title": "Plan", "start_date": "2026-01-01", "end_date": "2028-12-31"},
        "priorities": {"plan": str(plan.pk), "title": "P"},
        "measures": {"priority": str(priority.pk), "title": "M"},
        "activities": {"measure": str(measure.pk), "title": "A"},
        "indicators": {"activity": str(activity.pk), "name": "I", "kind": "people_served", "target": "10"},
        "indicator-values": {"indicator": str(indicator.pk), "date": "2026-05-01", "value": "3"},
        "needs": {"source": "public", "description": "N", "raised_on": "2026-01-05"},
        "partners": {"name": "Partner", "kind": "ngo"},
        "meetings": {"title": "M", "starts_at": "2026-05-01T10:00:00Z"},
        "meeting-decisions": {"meeting": str(meeting.pk), "text": "D"},
        "follow-ups": {"meeting": str(meeting.pk), "description": "F", "owner": str(user.pk),
                       "due_date": (dt.date.today() + dt.timedelta(days=10)).isoformat()},
    }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_role_matrix_for_creating(api, member, centre, role):
    user = member(role, centre)
    client = api(user)
    for endpoint, body in payloads(centre, user).items():
        response = client.post(f"/api/v1/{endpoint}/", body)
        expected = 201 if role in WRITES[endpoint] else 403
        assert response.status_code == expected, (endpoint, response.data)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_read_only_roles_cannot_change_the_plan(api, member, centre, role):
    client = api(member(role, centre))
    plan = CommunityPlanFactory(centre=centre)
    assert client.patch(f"/api/v1/community-plans/{plan.pk}/", {"title": "x"}).status_code == 403
    assert client.post(f"/api/v1/community-plans/{plan.pk}/adopt/", {}).status_code == 403
    plan.refresh_from_db()
    assert (plan.status, plan.title) != ("adopted", "x")


def test_admin_cannot_run_meetings(api, admin_user, centre):
    meeting = MeetingFactory(centre=centre)
    follow_up = FollowUpFactory(meeting=meeting)
    client = api(admin_user)
    assert client.post(f"/api/v1/meetings/{meeting.pk}/close/", {"minutes": "x"}).status_code == 403
    assert client.post(f"/api/v1/follow-ups/{follow_up.pk}/complete/", {}).status_code == 403
