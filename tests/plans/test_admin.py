"""Django admin: every plans model has a list, a change page and its history."""

from __future__ import annotations

import pytest
from django.test import Client

from cus.core.models import User
from cus.plans.models import GoalProgress, Review

from .factories import active_plan


@pytest.fixture
def admin_client_(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x"))
    return client


def test_every_plans_model_has_a_list_a_change_page_and_a_history(admin_client_, centre, coordinator):
    plan = active_plan(centre, coordinator)
    goal = plan.goals.get()
    review = Review.objects.create(centre=centre, plan=plan, date=plan.start_date, reviewed_by=coordinator,
                                   decision="continue")
    progress = GoalProgress.objects.create(centre=centre, review=review, goal=goal, status="in_progress")
    for name, obj in (("plan", plan), ("goal", goal), ("plannedservice", plan.services.get()), ("review", review),
                      ("goalprogress", progress)):
        assert admin_client_.get(f"/admin/plans/{name}/").status_code == 200
        assert admin_client_.get(f"/admin/plans/{name}/{obj.pk}/change/").status_code == 200
        assert admin_client_.get(f"/admin/plans/{name}/{obj.pk}/history/").status_code == 200
