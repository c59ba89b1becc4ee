"""The follow-up reminder: the owner of an open follow-up agreed at a partnership meeting is reminded once per due
date, however often the scan runs (the rule is in cus.notifications.rules, its subjects in cus.planning)."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.core.models import Role
from cus.notifications.models import Notification, ReminderSetting
from cus.notifications.rules import RULES, scan_follow_ups_due
from tests.planning.factories import FollowUpFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_follow_up_rule_runs_in_every_scan():
    assert scan_follow_ups_due in RULES


def test_follow_up_reminder_fires_once_however_often_the_scan_runs(member, coordinator, centre):
    owner = member(Role.COORDINATOR, centre)
    follow_up = FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=owner, owner_name="",
                                due_date=dt.date(2026, 4, 10))
    today = dt.date(2026, 4, 5)  # within the default lead time of 7 days

    assert scan_follow_ups_due(centre=centre, today=today) == 1
    assert scan_follow_ups_due(centre=centre, today=today) == 0
    assert scan_follow_ups_due(centre=centre, today=today + dt.timedelta(days=1)) == 0

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.subject_id) == (owner, "follow_up_due", follow_up.pk)
    assert "April 10, 2026" in notification.title  # the recipient's language and date format

    # A new due date is a new reminder.
    follow_up.due_date = dt.date(2026, 4, 12)
    follow_up.save()
    assert scan_follow_ups_due(centre=centre, today=today) == 1


def test_follow_up_reminder_respects_the_lead_time_and_the_centres_setting(member, coordinator, centre):
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=coordinator, owner_name="",
                    due_date=dt.date(2026, 4, 20))
    setting = ReminderSetting.objects.create(centre=centre, kind="follow_up_due", lead_days=3)

    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 16)) == 0
    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 17)) == 1

    setting.enabled = False
    setting.save()
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=coordinator, owner_name="",
                    due_date=dt.date(2026, 4, 18))
    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 17)) == 0


def test_a_follow_up_owned_by_a_partner_contact_reminds_the_organiser(coordinator, centre):
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=None, owner_name="Jan Nowak",
                    partner=PartnerFactory(centre=centre), due_date=dt.date(2026, 4, 1))

    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 3)) == 1  # overdue counts too

    assert Notification.objects.get().recipient == coordinator


def test_a_follow_up_given_to_a_partner_reminds_its_staff_in_cus_and_the_organiser(member, coordinator, centre):
    partner = PartnerFactory(centre=centre)
    staff = member(Role.PARTNER, centre, partner=partner)
    member(Role.PARTNER, centre)  # another partner's staff: not reminded
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=None, owner_name="Jan Nowak",
                    partner=partner, due_date=dt.date(2026, 4, 5))

    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 3)) == 2

    assert set(Notification.objects.values_list("recipient", flat=True)) == {staff.pk, coordinator.pk}


def test_done_follow_ups_cancelled_meetings_and_other_centres_are_not_reminded(coordinator, centre, other_centre,
                                                                                member):
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=coordinator, owner_name="",
                    due_date=dt.date(2026, 4, 1), status="done")
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, meeting__status="cancelled",
                    owner=coordinator, owner_name="", due_date=dt.date(2026, 4, 1))
    elsewhere = member(Role.COORDINATOR, other_centre)
    FollowUpFactory(meeting__centre=other_centre, meeting__organiser=elsewhere, owner=elsewhere, owner_name="",
                    due_date=dt.date(2026, 4, 1))

    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 1)) == 0
    assert scan_follow_ups_due(centre=other_centre, today=dt.date(2026, 4, 1)) == 1


def test_an_owner_who_left_the_centre_is_replaced_by_the_organiser(member, coordinator, centre):
    from cus.core.models import Membership

    owner = member(Role.COORDINATOR, centre)
    FollowUpFactory(meeting__centre=centre, meeting__organiser=coordinator, owner=owner, owner_name="",
                    due_date=dt.date(2026, 4, 1))
    Membership.objects.filter(user=owner).update(is_active=False)

    assert scan_follow_ups_due(centre=centre, today=dt.date(2026, 4, 1)) == 1
    assert Notification.objects.get().recipient == coordinator
