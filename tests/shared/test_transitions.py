"""State machines as data: cus.core.transitions answers an illegal move with a 409 naming the current status."""

from __future__ import annotations

import pytest
from django.utils import translation

from cus.core.errors import Conflict
from cus.core.transitions import move, target_status
from cus.plans.models import PLAN_TRANSITIONS, Plan, PlanStatus


def test_allowed_move_sets_the_new_status():
    plan = Plan(status=PlanStatus.DRAFT)
    assert move(plan, PLAN_TRANSITIONS, "activate") == PlanStatus.ACTIVE
    assert plan.status == PlanStatus.ACTIVE


def test_illegal_move_is_a_conflict_naming_the_current_status():
    plan = Plan(status=PlanStatus.CLOSED)
    with pytest.raises(Conflict) as raised:
        move(plan, PLAN_TRANSITIONS, "suspend")
    assert raised.value.code == "illegal_transition"
    assert raised.value.extra == {"status": PlanStatus.CLOSED}
    assert "closed" in str(raised.value.detail)
    assert plan.status == PlanStatus.CLOSED  # nothing changed


def test_each_action_may_say_it_its_own_way_in_the_readers_language():
    plan = Plan(status=PlanStatus.ACTIVE)
    messages = {"cancel": "Only a draft plan can be cancelled; this plan is %(status)s."}
    with pytest.raises(Conflict) as raised:
        target_status(PLAN_TRANSITIONS, "cancel", plan, messages=messages)
    assert str(raised.value.detail) == "Only a draft plan can be cancelled; this plan is active."
    with translation.override("pl"), pytest.raises(Conflict) as raised:
        target_status(PLAN_TRANSITIONS, "cancel", plan)
    assert str(raised.value.detail) == "Nie można tego zrobić, gdy status to aktywny."
