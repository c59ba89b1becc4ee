"""The community plan editor: removing and ordering the tree's nodes, what may change once a plan is adopted or
closed, raised needs answered by an activity (link, close with a note, re-open), each role's reach, and the
plan document (PDF)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cus.core.models import Role
from cus.planning import services
from cus.planning.models import Activity, Indicator, IndicatorValue, Measure, Priority, RaisedNeed

from ..factories import ServiceTypeFactory
from .factories import (
    ActivityFactory,
    CommunityPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
    PartnerFactory,
    PriorityFactory,
    RaisedNeedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(centre):
    plan = CommunityPlanFactory(centre=centre, title="Programme of social services 2026-2028")
    priority = PriorityFactory(plan=plan, code="1", title="Seniors at home")
    measure = MeasureFactory(priority=priority, code="1.1", title="Care at home")
    activity = ActivityFactory(measure=measure, code="1.1.1", title="Home care for seniors living alone",
                               responsible_partner=PartnerFactory(centre=centre, name="Caritas Gdynia"),
                               service_types=[ServiceTypeFactory(code="home_care_x", name_en="Home care X",
                                                                 name_pl="Opieka domowa X")])
    indicator = IndicatorFactory(activity=activity, name="Hours of home care", kind="manual")
    IndicatorValueFactory(indicator=indicator)
    return plan, priority, measure, activity, indicator


# --- removing -------------------------------------------------------------------------------------


def test_deleting_a_priority_removes_its_subtree_each_removal_in_the_history(api, manager, tree):
    _plan, priority, measure, activity, indicator = tree
    answer = api(manager).delete(f"/api/v1/priorities/{priority.pk}/")

    assert answer.status_code == 204
    assert not Priority.objects.exists()
    assert not Measure.objects.exists()
    assert not Activity.objects.exists()
    assert not Indicator.objects.exists()
    assert not IndicatorValue.objects.exists()
    for model, pk in ((Priority, priority.pk), (Measure, measure.pk), (Activity, activity.pk), (Indicator, indicator.pk)):
        removal = model.history.get(id=pk, history_type="-")
        assert removal.history_user == manager


def test_deleting_an_indicator_leaves_the_activity(api, manager, tree):
    *_, activity, indicator = tree
    assert api(manager).delete(f"/api/v1/indicators/{indicator.pk}/").status_code == 204
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert not Indicator.objects.exists()


def test_an_adopted_plans_tree_may_still_change_a_closed_one_is_read_only(api, manager, tree):
    plan, priority, measure, activity, indicator = tree
    client = api(manager)
    assert client.post(f"/api/v1/community-plans/{plan.pk}/adopt/", {}).status_code == 200
    assert client.patch(f"/api/v1/activities/{activity.pk}/", {"title": "Home care 7 days a week"}).status_code == 200
    assert client.post(f"/api/v1/measures/{measure.pk}/move/", {"direction": "up"}).status_code == 200
    extra = MeasureFactory(priority=priority)
    assert client.delete(f"/api/v1/measures/{extra.pk}/").status_code == 204

    assert client.post(f"/api/v1/community-plans/{plan.pk}/close/", {}).status_code == 200
    refused = client.delete(f"/api/v1/indicators/{indicator.pk}/")
    assert refused.status_code == 409
    assert "closed" in str(refused.data["detail"])
    assert client.post(f"/api/v1/activities/{activity.pk}/move/", {"direction": "down"}).status_code == 409
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_activity_answering_raised_needs_is_not_removed(api, manager, tree, centre):
    *_, priority, _measure, activity, _indicator = tree
    RaisedNeedFactory(centre=centre, answered_by=activity)
    refused = api(manager).delete(f"/api/v1/priorities/{priority.pk}/")
    assert refused.status_code == 409
    assert Activity.objects.filter(pk=activity.pk).exists()


# --- ordering -------------------------------------------------------------------------------------


def test_moving_a_node_swaps_it_with_its_neighbour(api, manager, centre):
    plan = CommunityPlanFactory(centre=centre)
    first, second, third = (PriorityFactory(plan=plan, code=code, sort_order=0) for code in ("A", "B", "C"))
    client = api(manager)

    moved = client.post(f"/api/v1/priorities/{third.pk}/move/", {"direction": "up"})
    assert moved.status_code == 200, moved.data
    tree = client.get(f"/api/v1/community-plans/{plan.pk}/").data
    assert [p["code"] for p in tree["priorities"]] == ["A", "C", "B"]
    client.post(f"/api/v1/priorities/{first.pk}/move/", {"direction": "up"})  # already first: nothing moves
    client.post(f"/api/v1/priorities/{first.pk}/move/", {"direction": "down"})
    tree = client.get(f"/api/v1/community-plans/{plan.pk}/").data
    assert [p["code"] for p in tree["priorities"]] == ["C", "A", "B"]
    assert Priority.history.filter(id=second.pk, history_change_reason__startswith="moved").exists()


def test_a_bad_direction_is_refused_naming_the_field(api, manager, tree):
    _plan, priority, *_ = tree
    answer = api(manager).post(f"/api/v1/priorities/{priority.pk}/move/", {"direction": "sideways"})
    assert answer.status_code == 400
    assert "direction" in answer.data


# --- who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR, Role.ADMIN])
def test_staff_without_the_planning_permission_write_nothing(api, member, centre, tree, role):
    _plan, priority, _measure, activity, indicator = tree
    client = api(member(role, centre))
    assert client.delete(f"/api/v1/priorities/{priority.pk}/").status_code == 403
    assert client.post(f"/api/v1/activities/{activity.pk}/move/", {"direction": "up"}).status_code == 403
    assert client.delete(f"/api/v1/indicators/{indicator.pk}/").status_code == 403
    assert Priority.objects.filter(pk=priority.pk).exists()


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_find_nothing(api, member, centre, tree, role):
    plan, priority, *_ = tree
    client = api(member(role, centre))
    assert client.delete(f"/api/v1/priorities/{priority.pk}/").status_code == 404
    assert client.get(f"/api/v1/community-plans/{plan.pk}/document/").status_code == 404
    need = RaisedNeedFactory(centre=centre)
    assert client.post(f"/api/v1/raised-needs/{need.pk}/close/", {}).status_code == 404
    assert Priority.objects.filter(pk=priority.pk).exists()


def test_another_centres_plan_is_not_found(api, member, other_centre, tree):
    plan, priority, _measure, activity, _indicator = tree
    stranger = api(member(Role.MANAGER, other_centre))
    assert stranger.delete(f"/api/v1/priorities/{priority.pk}/").status_code == 404
    assert stranger.post(f"/api/v1/activities/{activity.pk}/move/", {"direction": "up"}).status_code == 404
    assert stranger.get(f"/api/v1/community-plans/{plan.pk}/document/").status_code == 404


# --- raised needs answered by an activity ----------------------------------------------------------


def test_coordinator_links_a_need_to_the_activity_that_answers_it_then_closes_and_reopens_it(
    api, coordinator, manager, centre, tree
):
    plan, *_, activity, _indicator = tree
    need = RaisedNeedFactory(centre=centre)
    client = api(coordinator)

    linked = client.post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": str(activity.pk)})
    assert linked.status_code == 200, linked.data
    assert str(linked.data["answered_by"]) == str(activity.pk)
    assert str(linked.data["answered_by_plan"]) == str(plan.pk)
    assert "Home care for seniors living alone" in linked.data["answered_by_name"]
    node = api(manager).get(f"/api/v1/community-plans/{plan.pk}/").data["priorities"][0]["measures"][0]["activities"][0]
    assert node["answers_needs"] == 1
    assert api(manager).get(f"/api/v1/activities/{activity.pk}/").data["answers_needs"] == 1

    closed = client.post(f"/api/v1/raised-needs/{need.pk}/close/", {"note": "Answered by activity 1.1.1"})
    assert closed.status_code == 200
    assert closed.data["is_open"] is False
    assert closed.data["close_note"] == "Answered by activity 1.1.1"
    assert client.post(f"/api/v1/raised-needs/{need.pk}/close/", {}).status_code == 409
    reopened = client.post(f"/api/v1/raised-needs/{need.pk}/reopen/", {"reason": "Still waiting"})
    assert reopened.status_code == 200
    assert reopened.data["is_open"] is True

    reasons = list(RaisedNeed.history.filter(id=need.pk).values_list("history_change_reason", "history_user"))
    assert ("Answered by activity 1.1.1", coordinator.pk) in reasons
    assert ("Still waiting", coordinator.pk) in reasons
    unlinked = client.post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": None}, format="json")
    assert unlinked.status_code == 200
    assert unlinked.data["answered_by"] is None


def test_a_need_cannot_be_answered_by_another_centres_activity(api, coordinator, centre, other_centre):
    need = RaisedNeedFactory(centre=centre)
    foreign = ActivityFactory(measure__priority__plan__centre=other_centre)
    answer = api(coordinator).post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": str(foreign.pk)})
    assert answer.status_code == 400
    assert "activity" in answer.data
    need.refresh_from_db()
    assert need.answered_by is None


def test_the_service_refuses_another_centres_activity(centre, other_centre, coordinator):
    from cus.core.context import actor_for
    from cus.core.errors import ValidationError

    need = RaisedNeedFactory(centre=centre)
    foreign = ActivityFactory(measure__priority__plan__centre=other_centre)
    with pytest.raises(ValidationError):
        services.link_need_to_activity(actor=actor_for(coordinator, str(centre.pk)), need=need, activity=foreign)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_readers_cannot_link_or_close_needs(api, member, centre, tree, role):
    *_, activity, _indicator = tree
    need = RaisedNeedFactory(centre=centre)
    client = api(member(role, centre))
    assert client.post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": str(activity.pk)}).status_code == 403
    assert client.post(f"/api/v1/raised-needs/{need.pk}/close/", {}).status_code == 403
    need.refresh_from_db()
    assert need.is_open
    assert need.answered_by is None


def test_raised_needs_list_with_their_activity_in_bounded_queries(
    api, coordinator, centre, tree, django_assert_max_num_queries
):
    *_, activity, _indicator = tree
    for _ in range(8):
        RaisedNeedFactory(centre=centre, answered_by=activity)
    with django_assert_max_num_queries(10):
        answer = api(coordinator).get("/api/v1/raised-needs/", {"answered_by": str(activity.pk)})
    assert answer.status_code == 200
    assert answer.data["count"] == 8


# --- the plan document --------------------------------------------------------------------------------


def test_the_plan_document_is_a_pdf_with_the_tree_in_the_language_asked_for(api, manager, tree):
    plan, *_ = tree
    answer = api(manager).get(f"/api/v1/community-plans/{plan.pk}/document/", {"lang": "pl"})

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    for expected in ("Programme of social services 2026-2028", "Seniors at home", "1.1.1", "Caritas Gdynia",
                     "Hours of home care", "Opieka domowa X"):
        assert expected in text
    assert "Partner odpowiedzialny" in text  # the labels in Polish


def test_every_reader_of_planning_may_print_the_plan(api, coordinator, tree):
    plan, *_ = tree
    assert api(coordinator).get(f"/api/v1/community-plans/{plan.pk}/document/").status_code == 200


def test_activities_to_link_a_need_to_leave_out_closed_plans(api, coordinator, centre, tree):
    *_, activity, _indicator = tree
    closed = ActivityFactory(measure__priority__plan=CommunityPlanFactory(centre=centre, status="closed"))
    answer = api(coordinator).get("/api/v1/activities/?plan_status=draft&plan_status=adopted")
    ids = {row["id"] for row in answer.json()["results"]}
    assert str(activity.pk) in ids
    assert str(closed.pk) not in ids
    assert answer.json()["results"][0]["plan_title"] == activity.measure.priority.plan.title


def test_a_need_cannot_be_linked_to_an_activity_of_a_closed_plan(api, coordinator, centre):
    closed = ActivityFactory(measure__priority__plan=CommunityPlanFactory(centre=centre, status="closed"))
    need = RaisedNeedFactory(centre=centre)
    answer = api(coordinator).post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": str(closed.pk)})
    assert answer.status_code == 409
    need.refresh_from_db()
    assert need.answered_by is None


def test_activities_keep_their_order_in_the_tree_and_the_list(api, manager, centre, tree):
    _plan, _priority, measure, first, _indicator = tree
    second = ActivityFactory(measure=measure, code="1.1.2", sort_order=0)
    RaisedNeedFactory(centre=centre, answered_by=second)
    client = api(manager)
    assert client.post(f"/api/v1/activities/{second.pk}/move/", {"direction": "up"}).status_code == 200

    node = client.get(f"/api/v1/community-plans/{measure.priority.plan_id}/").data["priorities"][0]["measures"][0]
    assert [a["code"] for a in node["activities"]] == ["1.1.2", "1.1.1"]
    assert [a["answers_needs"] for a in node["activities"]] == [1, 0]
    listed = client.get("/api/v1/activities/", {"measure": str(measure.pk)}).data["results"]
    assert [a["code"] for a in listed] == ["1.1.2", "1.1.1"]
    assert str(first.pk) == str(listed[1]["id"])
