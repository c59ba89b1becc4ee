"""Notifications raised by rules: once per recipient and period, within the lead time, to the right person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from cus.core.models import Role
from cus.notifications import rules, services
from cus.notifications.models import Notification, NotificationKind, ReminderSetting
from tests.factories import ClientFactory, PlanFactory

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def plan_due(centre, coordinator):
    return PlanFactory(
        client=ClientFactory(centre=centre),
        coordinator=coordinator,
        status="active",
        next_review_date=TODAY + dt.timedelta(days=5),
    )


def test_scanning_twice_notifies_once(centre, plan_due):
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 1
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0
    assert Notification.objects.count() == 1


def test_a_new_review_date_is_a_new_period(centre, plan_due):
    rules.scan_reviews_due(centre=centre, today=TODAY)
    plan_due.next_review_date = TODAY + dt.timedelta(days=6)
    plan_due.save()
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 1
    assert Notification.objects.count() == 2


def test_notify_skips_recipients_already_notified_for_the_same_key(centre, coordinator, coordinator2):
    args = {
        "centre": centre,
        "kind": NotificationKind.REVIEW_DUE,
        "subject_type": "plan",
        "subject_id": None,
        "period": "2026-03",
        "title": "t",
        "body": "b",
    }
    assert services.notify(recipients=[coordinator], **args) == 1
    assert services.notify(recipients=[coordinator, coordinator2], **args) == 1
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert Notification.objects.filter(recipient=coordinator2).count() == 1


def test_review_beyond_the_default_lead_time_does_not_notify(centre, plan_due):
    plan_due.next_review_date = TODAY + dt.timedelta(days=8)
    plan_due.save()
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0


def test_review_on_the_last_day_of_the_lead_time_notifies(centre, plan_due):
    plan_due.next_review_date = TODAY + dt.timedelta(days=7)
    plan_due.save()
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 1


def test_centre_lead_time_setting_is_respected(centre, plan_due):
    ReminderSetting.objects.create(centre=centre, kind=NotificationKind.REVIEW_DUE, lead_days=3)
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0
    assert rules.scan_reviews_due(centre=centre, today=TODAY + dt.timedelta(days=2)) == 1


def test_disabled_setting_does_not_notify(centre, plan_due):
    ReminderSetting.objects.create(centre=centre, kind=NotificationKind.REVIEW_DUE, lead_days=30, enabled=False)
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0
    assert not Notification.objects.exists()


def test_only_the_plans_coordinator_is_notified(centre, plan_due, coordinator, coordinator2, manager):
    rules.scan_reviews_due(centre=centre, today=TODAY)
    notification = Notification.objects.get()
    assert notification.recipient == coordinator
    assert notification.centre == centre
    assert notification.kind == NotificationKind.REVIEW_DUE
    assert (notification.subject_type, notification.subject_id) == ("plan", plan_due.pk)
    assert plan_due.client.reference in notification.title


@pytest.mark.parametrize("status", ["draft", "suspended", "closed"])
def test_plans_that_are_not_active_are_not_reminded(centre, coordinator, status):
    PlanFactory(
        client=ClientFactory(centre=centre),
        coordinator=coordinator,
        status=status,
        next_review_date=TODAY + dt.timedelta(days=1),
    )
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0


def test_other_centres_plans_are_not_scanned(centre, other_centre, member):
    other_coordinator = member(Role.COORDINATOR, other_centre)
    PlanFactory(
        client=ClientFactory(centre=other_centre),
        coordinator=other_coordinator,
        status="active",
        next_review_date=TODAY,
    )
    assert rules.scan_reviews_due(centre=centre, today=TODAY) == 0
    assert rules.scan_reviews_due(centre=other_centre, today=TODAY) == 1


def test_text_is_rendered_in_the_recipients_language(centre, plan_due, coordinator, monkeypatch):
    coordinator.language = "pl"
    coordinator.save()
    languages: list[str | None] = []
    real_override = translation.override

    def spy(language, deactivate=False):
        languages.append(language)
        return real_override(language, deactivate)

    monkeypatch.setattr(services.translation, "override", spy)
    rules.scan_reviews_due(centre=centre, today=TODAY)
    assert languages == ["pl"]
    notification = Notification.objects.get()
    assert notification.title == f"Termin przeglądu planu: {plan_due.client.reference}"
