"""Reminder settings (GET /api/v1/reminder-settings/, PATCH .../{kind}/): a centre's managers and administrators see
every kind of reminder with its lead time (the default until they choose) and switch it on or off; the scan follows
their choice; other roles get 404 (403 to write); bad input 400 with nothing written; history keeps who did it."""

from __future__ import annotations

import pytest

from cus.notifications import rules
from cus.notifications.models import NotificationKind, ReminderSetting

URL = "/api/v1/reminder-settings/"
pytestmark = pytest.mark.django_db


def test_every_kind_is_listed_with_its_default(api, manager):
    body = api(manager).get(URL).json()

    assert [row["kind"] for row in body] == list(NotificationKind.values)
    review = next(row for row in body if row["kind"] == "review_due")
    assert review == {
        "kind": "review_due", "label": "Plan review due", "meaning": "days_before", "enabled": True,
        "lead_days": rules.DEFAULT_LEAD_DAYS["review_due"], "default_lead_days": rules.DEFAULT_LEAD_DAYS["review_due"],
        "customised": False,
    }
    assert next(row for row in body if row["kind"] == "budget_80")["meaning"] == "switch"


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_a_manager_or_administrator_changes_a_reminder_and_the_rules_follow(api, member, centre, role):
    user = member(role, centre)

    response = api(user).patch(f"{URL}review_due/", {"lead_days": 21}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["lead_days"], response.json()["customised"]) == (21, True)
    assert rules.lead_days(centre, NotificationKind.REVIEW_DUE) == 21

    api(user).patch(f"{URL}review_due/", {"enabled": False}, format="json")
    assert rules.lead_days(centre, NotificationKind.REVIEW_DUE) is None
    setting = ReminderSetting.objects.get(centre=centre, kind="review_due")
    assert setting.lead_days == 21  # kept for when it is switched on again
    assert setting.history.first().history_user == user


@pytest.mark.parametrize("value", [-1, 366, "soon"])
def test_a_lead_time_out_of_range_is_refused(api, manager, centre, value):
    response = api(manager).patch(f"{URL}plan_ending/", {"lead_days": value, "enabled": False}, format="json")

    assert response.status_code == 400
    assert "lead_days" in str(response.json())
    assert not ReminderSetting.objects.filter(centre=centre).exists()


def test_an_unknown_kind_is_404(api, manager):
    assert api(manager).patch(f"{URL}no_such_kind/", {"enabled": False}, format="json").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "provider", "volunteer", "auditor"])
def test_other_roles_get_404_to_read_and_403_to_change(api, member, centre, role):
    user = member(role, centre)
    assert api(user).get(URL).status_code == 404
    assert api(user).patch(f"{URL}review_due/", {"enabled": False}, format="json").status_code == 403


def test_a_centres_choice_is_its_own(api, manager, centre, other_centre):
    api(manager).patch(f"{URL}contract_ending/", {"lead_days": 60}, format="json")

    assert rules.lead_days(other_centre, NotificationKind.CONTRACT_ENDING) == rules.DEFAULT_LEAD_DAYS["contract_ending"]
