"""reviews/: progress on goals, satisfaction, the decision and the next review; a review may close the plan."""

import datetime as dt

import pytest

from cus.core.dates import centre_today
from cus.core.models import Role
from cus.plans.models import Goal, GoalProgress, Plan, Review

from ..factories import GoalFactory
from .factories import active_plan, draft_plan

URL = "/api/v1/reviews/"


@pytest.fixture
def plan(centre, coordinator) -> Plan:
    return active_plan(centre, coordinator)


def review_body(reviewed: Plan, **extra) -> dict:
    goal = reviewed.goals.first()
    return {
        "plan": str(reviewed.pk),
        "date": "2026-04-01",
        "decision": "continue",
        "satisfaction": 4,
        "next_review_date": "2026-07-01",
        "goal_progress": [{"goal": str(goal.pk), "status": "in_progress", "note": "Manages breakfast alone"}],
        "note": "Good progress",
        **extra,
    }


def test_a_review_updates_the_goals_and_the_next_review(api, coordinator, plan):
    response = api(coordinator).post(URL, review_body(plan))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reviewed_by"]["id"] == str(coordinator.pk)
    assert body["goal_progress"][0]["status"] == "in_progress"
    goal = plan.goals.get()
    assert (goal.status, goal.progress_note) == ("in_progress", "Manages breakfast alone")
    assert goal.history.first().history_change_reason == "review of 2026-04-01"
    plan.refresh_from_db()
    assert plan.next_review_date == dt.date(2026, 7, 1)
    assert plan.version == 1  # a review records progress; it is not a change of the plan


def test_a_review_may_cover_some_goals_only(api, coordinator, plan):
    untouched = GoalFactory(plan=plan)
    assert api(coordinator).post(URL, review_body(plan)).status_code == 201
    untouched.refresh_from_db()
    assert untouched.status == "open"


def test_a_review_deciding_to_close_closes_the_plan(api, coordinator, plan):
    body = review_body(plan, decision="close", next_review_date=None, closure_reason="goals_achieved")
    body["goal_progress"][0]["status"] = "achieved"
    response = api(coordinator).post(URL, body)
    assert response.status_code == 201, response.json()
    plan.refresh_from_db()
    assert (plan.status, plan.closure_reason) == ("closed", "goals_achieved")
    assert set(plan.services.values_list("status", flat=True)) <= {"ended", "cancelled"}
    assert Review.objects.get().next_review_date is None


def test_closing_by_review_needs_a_closure_reason(api, coordinator, plan):
    response = api(coordinator).post(URL, review_body(plan, decision="close", next_review_date=None))
    assert response.status_code == 400
    assert "closure_reason" in response.json()
    plan.refresh_from_db()
    assert plan.status == "active"


def test_reviews_of_a_suspended_plan_are_allowed(api, coordinator, plan):
    Plan.objects.filter(pk=plan.pk).update(status="suspended")
    assert api(coordinator).post(URL, review_body(plan)).status_code == 201


@pytest.mark.parametrize("status", ["draft", "closed", "cancelled"])
def test_only_active_or_suspended_plans_are_reviewed(api, coordinator, plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    response = api(coordinator).post(URL, review_body(plan))
    assert response.status_code == 409
    assert response.json()["status"] == status
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"next_review_date": None}, "next_review_date"),
        ({"next_review_date": "2026-04-01"}, "next_review_date"),
        ({"next_review_date": "2026-03-01"}, "next_review_date"),
        ({"satisfaction": 0}, "satisfaction"),
        ({"satisfaction": 6}, "satisfaction"),
        ({"decision": "pause"}, "decision"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": "2025-12-01"}, "date"),
        ({"date": None}, "date"),
        ({"closure_reason": "bored"}, "closure_reason"),
        ({"goal_progress": [{"goal": "00000000-0000-0000-0000-000000000000", "status": "achieved"}]},
         "goal_progress"),
        ({"goal_progress": [{"status": "achieved"}]}, "goal_progress"),
        ({"plan": "00000000-0000-0000-0000-000000000000"}, "plan"),
    ],
)
def test_bad_review_input_is_400_naming_the_field_and_writes_nothing(api, coordinator, plan, change, field):
    response = api(coordinator).post(URL, review_body(plan, **change))
    assert response.status_code == 400
    assert field in response.json()
    assert not Review.objects.exists()
    assert not GoalProgress.objects.exists()
    assert plan.goals.get().status == "open"


def test_a_goal_of_another_plan_is_refused_and_nothing_is_written(api, coordinator, centre, plan):
    stranger = GoalFactory(plan=draft_plan(centre, coordinator))
    body = review_body(plan)
    body["goal_progress"].append({"goal": str(stranger.pk), "status": "achieved"})
    response = api(coordinator).post(URL, body)
    assert response.status_code == 400
    assert "not part of the plan" in response.json()["goal_progress"][0]
    assert not Review.objects.exists()
    assert Goal.objects.get(pk=stranger.pk).status == "open"
    assert plan.goals.get().status == "open"


def test_the_same_goal_twice_is_refused(api, coordinator, plan):
    body = review_body(plan)
    body["goal_progress"].append(dict(body["goal_progress"][0]))
    response = api(coordinator).post(URL, body)
    assert response.status_code == 400
    assert "goal_progress" in response.json()


def test_only_the_plans_coordinator_records_reviews(api, coordinator2, manager, plan):
    assert api(coordinator2).post(URL, review_body(plan)).status_code == 403
    assert api(manager).post(URL, review_body(plan)).status_code == 403
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_get_404_on_reviews(api, member, coordinator, centre, plan, role):
    api(coordinator).post(URL, review_body(plan))
    review = Review.objects.get()
    client = api(member(role, centre))
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{review.pk}/").status_code == 404
    assert client.post(URL, review_body(plan)).status_code == 404


def test_reviews_are_read_by_the_centres_staff_and_filtered_by_plan(
    api, coordinator, coordinator2, manager, centre, plan
):
    api(coordinator).post(URL, review_body(plan))
    other = active_plan(centre, coordinator)
    api(coordinator).post(URL, review_body(other))
    for user in (coordinator2, manager):
        response = api(user).get(f"{URL}?plan={plan.pk}")
        assert response.status_code == 200
        assert [row["plan"] for row in response.json()["results"]] == [str(plan.pk)]


def test_reviews_of_another_centre_are_not_found(api, member, coordinator, other_centre):
    foreign = member(Role.COORDINATOR, other_centre)
    plan = active_plan(other_centre, foreign)
    api(foreign).post(URL, review_body(plan))
    review = Review.objects.get()
    client = api(coordinator)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{review.pk}/").status_code == 404
    response = client.post(URL, review_body(plan))
    assert response.status_code == 400
    assert response.json()["plan"] == ["Unknown plan."]


def test_reviews_have_no_patch(api, coordinator, plan):
    api(coordinator).post(URL, review_body(plan))
    review = Review.objects.get()
    assert api(coordinator).patch(f"{URL}{review.pk}/", {"note": "x"}).status_code == 405


def test_review_list_queries_do_not_grow_with_rows(api, coordinator, centre, django_assert_max_num_queries):
    client = api(coordinator)
    client.post(URL, review_body(active_plan(centre, coordinator)))
    with django_assert_max_num_queries(6) as few:
        client.get(URL)
    first_count = len(few.captured_queries)
    for _ in range(5):
        client.post(URL, review_body(active_plan(centre, coordinator)))
    with django_assert_max_num_queries(first_count):
        assert client.get(URL).json()["count"] == 6


def test_review_date_today_is_accepted(api, coordinator, centre):
    today = centre_today(centre)
    plan = active_plan(centre, coordinator, start_date=today - dt.timedelta(days=100), end_date=None)
    body = review_body(plan, date=today.isoformat(), next_review_date=(today + dt.timedelta(days=90)).isoformat())
    assert api(coordinator).post(URL, body).status_code == 201
