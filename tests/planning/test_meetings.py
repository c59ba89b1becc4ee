"""Partnership meetings: participants, agenda, minutes, decisions and follow-ups with owners and due dates (the
follow-up reminder is a rule of the notifications app: tests/notifications/test_follow_up_reminders.py)."""

from __future__ import annotations

import pytest

from cus.planning.models import Decision, FollowUp, Meeting, Partner

from .factories import MeetingFactory, PartnerFactory

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


def test_a_follow_ups_history_reads_in_the_readers_language(api, coordinator, centre):
    """Labels of fields and of choices in the reader's language, partners by name: never raw field names or ids."""
    meeting = MeetingFactory(centre=centre, organiser=coordinator)
    school, library = PartnerFactory(centre=centre, name="Szkoła nr 5"), PartnerFactory(centre=centre, name="Biblioteka")
    client = api(coordinator)
    created = client.post("/api/v1/follow-ups/", {"meeting": str(meeting.pk), "description": "Find rooms",
                                                  "owner_name": "Jan Nowak", "partner": str(school.pk),
                                                  "due_date": "2026-04-10"})
    follow_up = created.data["id"]
    client.patch(f"/api/v1/follow-ups/{follow_up}/", {"partner": str(library.pk), "reason": "the school has no room"})
    client.post(f"/api/v1/follow-ups/{follow_up}/complete/", {"outcome": "Rooms found"})

    response = client.get(f"/api/v1/follow-ups/{follow_up}/history/", HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 200
    completed, moved, first = response.data["results"]
    assert completed["model_label"] == "Działanie po spotkaniu"
    status = next(change for change in completed["changes"] if change["field"] == "status")
    assert (status["label"], status["old"], status["new"]) == ("Status", "open", "done")
    assert (status["old_display"], status["new_display"]) == ("Otwarty", "Wykonane")
    assert moved["reason"] == "the school has no room"
    assert [(c["field"], c["label"], c["old_display"], c["new_display"]) for c in moved["changes"]] == [
        ("partner", "Partner", "Szkoła nr 5", "Biblioteka")
    ]
    assert moved["changes"][0]["new"] == str(library.pk)
    due = next(change for change in first["changes"] if change["field"] == "due_date")
    assert (due["label"], due["new"]) == ("Termin", "2026-04-10")
