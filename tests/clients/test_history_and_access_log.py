"""The client's timeline (history of the record and everything under it) and its access log."""

from __future__ import annotations

import pytest

from cus.clients import selectors, services
from cus.clients.models import ClientAccessLog
from cus.core.history import HistorySource
from cus.core.models import Centre

from ..factories import ServiceTypeFactory
from .conftest import client_payload
from .factories import ConsentFactory

# --- History -------------------------------------------------------------------------------------------------


def history(client, client_id, **params) -> dict:
    response = client.get(f"/api/v1/clients/{client_id}/history/", params)
    assert response.status_code == 200
    return response.json()


def test_history_shows_who_changed_what_and_why_newest_first(api, coordinator):
    client = api(coordinator)
    created = client.post("/api/v1/clients/", client_payload(phone="+48 1")).json()
    client.patch(f"/api/v1/clients/{created['id']}/", {"phone": "+48 2", "change_reason": "new phone number"})
    entries = history(client, created["id"])["results"]
    assert [(e["model"], e["change_type"], e["reason"]) for e in entries] == [
        ("client", "changed", "new phone number"),
        ("client", "created", "registered"),
    ]
    assert entries[0]["user"] == {"id": str(coordinator.pk), "name": str(coordinator)}
    assert entries[0]["object_id"] == created["id"]
    assert entries[0]["model_label"] == "Client"
    assert entries[0]["version"] is None
    assert entries[0]["changes"] == [
        {"field": "phone", "label": "Phone", "old": "+48 1", "new": "+48 2", "old_display": "+48 1",
         "new_display": "+48 2", "hidden": False}
    ]
    creation = {c["field"]: c for c in entries[1]["changes"]}
    assert creation["last_name"] == {
        "field": "last_name", "label": "Last name", "old": None, "new": "Kowalska", "old_display": None,
        "new_display": "Kowalska", "hidden": False,
    }
    assert creation["birth_date"]["new"] == "1950-03-15"
    assert "updated_at" not in creation


def test_history_covers_consents_contacts_referrals_assessments_areas_and_needs(api, coordinator, caseload):
    client = api(coordinator)
    own = str(caseload.own.pk)
    meals = ServiceTypeFactory(code="meals")
    consent = client.post("/api/v1/consents/", {"client": own, "kind": "eu_project", "given_on": "2025-01-01"}).json()
    client.post(f"/api/v1/consents/{consent['id']}/withdraw/", {"reason": "moved", "date": "2025-02-01"})
    client.post("/api/v1/contacts/", {"client": own, "name": "Jan"})
    client.post("/api/v1/referrals/", {"client": own, "source": "self", "date": "2025-01-01", "reason": "asks"})
    assessment = client.post("/api/v1/assessments/", {
        "client": own, "date": "2025-01-02", "areas": [{"area": "health", "score": 2}],
        "needs": [{"area": "health", "service_type": str(meals.pk)}],
    }, format="json").json()
    client.patch(f"/api/v1/assessments/{assessment['id']}/", {"areas": [], "change_reason": "area was wrong"},
                 format="json")
    entries = history(client, own)["results"]
    summary = [(e["model"], e["change_type"]) for e in entries]
    assert summary == [
        ("assessment_area", "deleted"),
        ("identified_need", "created"),
        ("assessment_area", "created"),
        ("assessment", "created"),
        ("referral", "created"),
        ("contact", "created"),
        ("consent", "changed"),
        ("consent", "created"),
        ("client", "created"),
    ]
    assert entries[0]["reason"] == "area was wrong"
    assert entries[0]["user"]["id"] == str(coordinator.pk)
    withdrawal = entries[6]
    assert withdrawal["reason"] == "consent withdrawn: moved"
    withdrawn_on = next(change for change in withdrawal["changes"] if change["field"] == "withdrawn_on")
    assert (withdrawn_on["old"], withdrawn_on["new"]) == (None, "2025-02-01")


def test_history_of_one_client_does_not_show_anothers(api, coordinator, caseload):
    ConsentFactory(client=caseload.unassigned)
    client = api(coordinator)
    client.post("/api/v1/contacts/", {"client": str(caseload.unassigned.pk), "name": "Jan"})
    assert history(client, caseload.own.pk)["count"] == 1  # the factory's creation of the client itself


def test_history_is_paginated(api, coordinator, caseload):
    client = api(coordinator)
    for n in range(4):
        client.patch(f"/api/v1/clients/{caseload.own.pk}/", {"phone": str(n)})
    first = history(client, caseload.own.pk, page_size=2)
    assert first["count"] == 5
    assert [e["changes"][0]["new"] for e in first["results"]] == ["3", "2"]
    second = history(client, caseload.own.pk, page_size=2, page=2)
    assert [e["changes"][0]["new"] for e in second["results"]] == ["1", "0"]


def test_history_names_fields_and_values_in_the_readers_language(api, coordinator, coordinator2, caseload):
    client = api(coordinator)
    client.patch(f"/api/v1/clients/{caseload.own.pk}/", {
        "phone": "+48 2", "lives_alone": True, "status": "inactive", "coordinator": str(coordinator2.pk),
    })
    response = client.get(f"/api/v1/clients/{caseload.own.pk}/history/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    change = response.json()["results"][0]
    assert change["model_label"] == "Klient"
    by_field = {c["field"]: c for c in change["changes"]}
    assert by_field["phone"]["label"] == "Telefon"
    assert by_field["lives_alone"]["new_display"] == "tak"  # yes/no in words
    assert (by_field["status"]["new"], by_field["status"]["new_display"]) == ("inactive", "Nieaktywny")  # a choice
    # a related record by its name, beside its id
    coordinator_change = by_field["coordinator"]
    assert coordinator_change["label"] == "Koordynator"
    assert (coordinator_change["old"], coordinator_change["new"]) == (str(coordinator.pk), str(coordinator2.pk))
    assert (coordinator_change["old_display"], coordinator_change["new_display"]) == (
        str(coordinator), str(coordinator2)
    )


def test_history_names_the_records_under_the_client_and_their_related_records(api, coordinator, caseload):
    meals = ServiceTypeFactory(code="meals")
    client = api(coordinator)
    client.post("/api/v1/assessments/", {
        "client": str(caseload.own.pk), "date": "2025-01-02",
        "needs": [{"area": "health", "service_type": str(meals.pk), "priority": "high"}],
    }, format="json")
    need = history(client, caseload.own.pk)["results"][0]
    assert (need["model"], need["model_label"]) == ("identified_need", "Identified need")
    by_field = {c["field"]: c for c in need["changes"]}
    assert "assessment" not in by_field  # the parent: the timeline already says whose record it is
    assert by_field["service_type"]["label"] == "Service type"
    assert by_field["service_type"]["new_display"] == str(meals)
    assert by_field["priority"]["new_display"] == "High"


def test_other_apps_can_put_their_history_on_the_timeline(api, coordinator, caseload, monkeypatch):
    monkeypatch.setattr(selectors.client_timeline, "sources", list(selectors.client_timeline.sources))
    selectors.client_timeline.add(HistorySource("centre", Centre, lambda c: Centre.history.filter(id=c.centre_id)))
    models = {e["model"] for e in history(api(coordinator), caseload.own.pk)["results"]}
    assert models == {"client", "centre"}


# --- Access log ------------------------------------------------------------------------------------------------


def test_reading_a_client_is_logged_with_user_role_path_ip_and_user_agent(api, manager, caseload):
    client = api(manager)
    client.get(f"/api/v1/clients/{caseload.own.pk}/", HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="10.1.2.3")
    entry = ClientAccessLog.objects.get()
    assert (entry.client, entry.user, entry.role, entry.action) == (caseload.own, manager, "manager", "view")
    assert entry.path == f"/api/v1/clients/{caseload.own.pk}/"
    assert entry.ip_address == "10.1.2.3"
    assert entry.user_agent == "Firefox/140"
    assert entry.centre_id == caseload.own.centre_id


def test_reading_the_history_is_logged_as_such(api, coordinator, caseload):
    api(coordinator).get(f"/api/v1/clients/{caseload.others.pk}/history/")
    assert ClientAccessLog.objects.get().action == "history"


def test_lists_writes_and_refused_reads_are_not_logged_as_reads(api, coordinator, volunteer, caseload):
    client = api(coordinator)
    client.get("/api/v1/clients/")
    client.patch(f"/api/v1/clients/{caseload.own.pk}/", {"phone": "1"})
    client.get(f"/api/v1/clients/{caseload.foreign.pk}/")
    api(volunteer).get(f"/api/v1/clients/{caseload.own.pk}/")
    client.get(f"/api/v1/clients/{caseload.own.pk}/access-log/")
    assert ClientAccessLog.objects.count() == 0


def test_access_log_lists_the_reads_newest_first(api, coordinator, coordinator2, admin_user, caseload):
    api(coordinator2).get(f"/api/v1/clients/{caseload.own.pk}/", REMOTE_ADDR="10.0.0.2")
    api(coordinator).get(f"/api/v1/clients/{caseload.own.pk}/history/")
    response = api(admin_user).get(f"/api/v1/clients/{caseload.own.pk}/access-log/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["user"]["id"], row["action"]) for row in rows] == [
        (str(coordinator.pk), "history"),
        (str(coordinator2.pk), "view"),
    ]
    assert rows[1]["role"] == "coordinator"
    assert rows[1]["ip_address"] == "10.0.0.2"


def test_access_log_of_a_client_does_not_show_another_clients_reads(api, coordinator, caseload):
    client = api(coordinator)
    client.get(f"/api/v1/clients/{caseload.others.pk}/")
    assert client.get(f"/api/v1/clients/{caseload.own.pk}/access-log/").json()["count"] == 0


@pytest.mark.parametrize(("remote_addr", "stored"), [("192.168.0.7", "192.168.0.7"), ("::1", "::1"), ("junk", None),
                                                     (None, None)])
def test_access_log_keeps_only_a_valid_ip_address(as_actor, coordinator, caseload, remote_addr, stored):
    entry = services.record_client_access(actor=as_actor(coordinator), client=caseload.own, ip_address=remote_addr,
                                           path="/x", user_agent="u" * 500)
    assert entry.ip_address == stored
    assert len(entry.user_agent) == 300
