"""Partnership meetings: participants, agenda, minutes, decisions and follow-ups with owners and due dates,
and the follow-up reminder (once per due date, however often the scan runs)."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.core.models import Role
from cus.notifications.models import Notification, ReminderSetting
from cus.planning.models import Decision, FollowUp, Meeting, Partner
from cus.planning.services import scan_follow_ups_due

from .factories import FollowUpFactory, MeetingFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_from_agenda_to_completed_follow_up(api, coordinator, coordinator2, centre):
    client = api(coordinator)
    partner = client.post("/api/v1/partners/", {"name": "Szkoła Podstawowa nr 5", "kind": "school",
                                                "contact_name": "Jan Nowak"}).data
    created = client.post("/api/v1/meetings/", {
        "title": "Planning group, March", "starts_at": "2026-03-10T10:00:00+01:00", "location": "Town hall",
        "partners": [partner["id"]], "staff": [str(coordinator2.pk)], "agenda": "1. Day centre",
    })
    assert created.status_code == 201, created.data
    meeting_id = created.data["id"]
    assert created.data["organiser"]["id"] == str(coordinator.pk)
    assert [p["id"] for p in created.data["partners"]] == [partner["id"]]
    assert [s["id"] for s in created.data["staff"]] == [str(coordinator2.pk)]

    decision = client.post("/api/v1/meeting-decisions/", {"meeting": meeting_id, "text": "Open a day centre."})
    assert decision.status_code == 201, decision.data
    mine = client.post("/api/v1/follow-ups/", {
        "meeting": meeting_id, "decision": decision.data["id"], "description": "Find rooms",
        "owner": str(coordinator2.pk), "due_date": "2026-04-01",
    })
    theirs = client.post("/api/v1/follow-ups/", {
        "meeting": meeting_id, "description": "Offer the gym", "owner_name": "Jan Nowak", "partner": partner["id"],
        "due_date": "2026-04-15",
    })
    assert mine.status_code == theirs.status_code == 201, (mine.data, theirs.data)

    closed = client.post(f"/api/v1/meetings/{meeting_id}/close/", {"minutes": "Agreed to open a day centre."})
    assert closed.status_code == 200, closed.data
    assert closed.data["status"] == "held"
    assert [d["text"] for d in closed.data["decisions"]] == ["Open a day centre."]
    assert [f["description"] for f in closed.data["follow_ups"]] == ["Find rooms", "Offer the gym"]

    done = client.post(f"/api/v1/follow-ups/{mine.data['id']}/complete/", {"outcome": "Rooms found in school 5."})
    assert done.status_code == 200
    assert (done.data["status"], done.data["completed_by"]["id"]) == ("done", str(coordinator.pk))
    again = client.post(f"/api/v1/follow-ups/{mine.data['id']}/complete/", {})
    assert again.status_code == 409

    follow_up = FollowUp.objects.get(pk=mine.data["id"])
    reasons = list(follow_up.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert reasons == [("created", coordinator.pk), ("completed", coordinator.pk)]
    meeting = Meeting.objects.get(pk=meeting_id)
    assert meeting.history.filter(history_change_reason="held").exists()

    open_only = client.get("/api/v1/follow-ups/", {"status": "open"})
    assert [f["description"] for f in open_only.data["results"]] == ["Offer the gym"]


def test_a_meeting_cannot_close_without_minutes(api, coordinator, centre):
    meeting = MeetingFactory(centre=centre, organiser=coordinator)

    response = api(coordinator).post(f"/api/v1/meetings/{meeting.pk}/close/", {})

    assert response.status_code == 400
    assert "minutes" in response.data
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_a_cancelled_meeting_needs_a_reason_and_is_final(api, coordinator, centre):
    meeting = MeetingFactory(centre=centre, organiser=coordinator)
    client = api(coordinator)

    assert client.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {}).status_code == 400
    assert client.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "No quorum"}).status_code == 200
    assert client.patch(f"/api/v1/meetings/{meeting.pk}/", {"agenda": "New"}).status_code == 409
    assert client.post("/api/v1/meeting-decisions/", {"meeting": str(meeting.pk), "text": "x"}).status_code == 409
    assert client.post(f"/api/v1/meetings/{meeting.pk}/close/", {"minutes": "x"}).status_code == 409
    assert not Decision.objects.exists()


def test_a_partner_may_link_its_catalogue_provider_of_the_same_centre(api, manager, centre, other_centre):
    from ..factories import ProviderFactory

    own = ProviderFactory(centre=centre)
    response = api(manager).post("/api/v1/partners/", {"name": own.name, "kind": "provider", "provider": str(own.pk)})
    assert response.status_code == 201
    assert response.data["provider_name"] == own.name

    foreign = ProviderFactory(centre=other_centre)
    response = api(manager).post("/api/v1/partners/", {"name": "X", "kind": "provider", "provider": str(foreign.pk)})
    assert response.status_code == 400
    assert "provider" in response.data
    assert Partner.objects.count() == 1


# --- the reminder ---------------------------------------------------------------------------------


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
    assert "2026-04-10" in notification.title

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
