"""The data-protection officer (auditor): reads everything, writes nothing; the access log searched, exported and a
client's own log printed; who sees the old values of special-category fields in the history."""

from __future__ import annotations

import csv
import io

import pytest

from cus.clients.models import ClientAccessLog
from cus.core.models import Role

from ..factories import ClientFactory
from .conftest import log_of

pytestmark = pytest.mark.django_db


def change_health(api, coordinator, client, text: str) -> None:
    answer = api(coordinator).patch(f"/api/v1/clients/{client.pk}/", {"health_summary": text, "phone": "+48 1"})
    assert answer.status_code == 200, answer.content


def health_changes(api, reader, client) -> list[dict]:
    answer = api(reader).get(f"/api/v1/clients/{client.pk}/history/")
    assert answer.status_code == 200, answer.content
    return [c for entry in answer.json()["results"] for c in entry["changes"] if c["field"] == "health_summary"]


def test_old_values_of_special_category_fields_are_shown_to_the_coordinator_and_the_auditor_only(
    api, coordinator, coordinator2, admin_user, manager, auditor, served
):
    change_health(api, coordinator, served.client, "Diabetes; new: needs a wheelchair")
    for reader in (coordinator, auditor):
        changes = health_changes(api, reader, served.client)
        assert changes
        assert not any(c["hidden"] for c in changes)
        assert {c["new"] for c in changes} >= {"Diabetes; new: needs a wheelchair"}
    for reader in (coordinator2, admin_user, manager):
        changes = health_changes(api, reader, served.client)
        assert changes, "they see that the field changed"
        assert all(c["hidden"] and c["old"] is c["new"] is c["old_display"] is c["new_display"] is None for c in changes)
        # ... and who changed it; other fields keep their values.
        answer = api(reader).get(f"/api/v1/clients/{served.client.pk}/history/").json()["results"]
        assert answer[0]["user"]["id"] == str(coordinator.pk)
        phone = [c for e in answer for c in e["changes"] if c["field"] == "phone"]
        assert phone[0]["new"] == "+48 1"
        assert not phone[0]["hidden"]


def test_provider_staff_see_no_history(api, provider_staff, served):
    assert api(provider_staff).get(f"/api/v1/clients/{served.client.pk}/history/").status_code == 404
    assert api(provider_staff).get(f"/api/v1/plans/{served.plan.pk}/history/").status_code == 404


def test_the_auditor_reads_but_never_writes(api, auditor, served):
    reader = api(auditor)
    assert reader.get(f"/api/v1/clients/{served.client.pk}/").status_code == 200
    assert reader.patch(f"/api/v1/clients/{served.client.pk}/", {"phone": "+48 2"}).status_code == 403
    assert reader.post("/api/v1/clients/", {"first_name": "X"}).status_code == 403
    assert reader.post("/api/v1/goals/", {"plan": str(served.plan.pk), "description": "x"}).status_code == 403
    assert reader.post(f"/api/v1/planned-services/{served.service.pk}/unassign/", {}).status_code == 403
    [entry] = log_of(served.client)
    assert (entry.role, entry.purpose) == (Role.AUDITOR, "audit")


def test_the_access_log_is_searched_by_client_reader_and_period(api, auditor, coordinator, manager, served, centre):
    other = ClientFactory(centre=centre, last_name="Other")
    api(coordinator).get(f"/api/v1/clients/{served.client.pk}/")
    api(manager).get(f"/api/v1/clients/{other.pk}/")
    ClientAccessLog.objects.filter(client=other).update(at="2026-03-04T10:00:00Z")
    reader = api(auditor)

    def found(**query) -> list[tuple[str, str]]:
        answer = reader.get("/api/v1/access-log/", query)
        assert answer.status_code == 200, answer.content
        return [(row["client"]["reference"], row["user"]["id"]) for row in answer.json()["results"]]

    assert len(found()) == 2
    assert found(client=str(served.client.pk)) == [(served.client.reference, str(coordinator.pk))]
    assert found(client_search="Other") == [(other.reference, str(manager.pk))]
    assert found(user=str(manager.pk)) == [(other.reference, str(manager.pk))]
    assert found(user_search=coordinator.email) == [(served.client.reference, str(coordinator.pk))]
    assert found(since="2026-03-01", until="2026-03-31") == [(other.reference, str(manager.pk))]
    assert reader.get("/api/v1/access-log/", {"since": "yesterday"}).status_code == 400


def test_only_the_auditor_and_administrators_read_the_centres_access_log(
    api, auditor, admin_user, coordinator, manager, provider_staff, member, other_centre, served
):
    api(coordinator).get(f"/api/v1/clients/{served.client.pk}/")
    assert api(admin_user).get("/api/v1/access-log/").json()["count"] == 1
    for user in (coordinator, manager, provider_staff):
        assert api(user).get("/api/v1/access-log/").status_code == 404
    # Another centre's auditor sees none of this centre's log.
    assert api(member(Role.AUDITOR, other_centre)).get("/api/v1/access-log/").json()["count"] == 0


def test_the_export_is_csv_with_formulas_neutralised(api, auditor, coordinator, served):
    served.client.first_name = "=HYPERLINK(\"http://x\")"
    served.client.save()
    api(coordinator).get(f"/api/v1/clients/{served.client.pk}/", HTTP_USER_AGENT="Firefox")
    answer = api(auditor).get("/api/v1/access-log/export/", {"client": str(served.client.pk)})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["When", "Case reference", "Client"]
    assert len(rows) == 2
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][3] == str(coordinator)
    assert rows[1][4:7] == ["Coordinator", "Viewed the record", "client"]


def test_a_clients_own_access_log_prints_as_a_pdf_and_the_print_is_logged(
    api, coordinator, coordinator2, auditor, served
):
    api(coordinator2).get(f"/api/v1/clients/{served.client.pk}/")
    answer = api(auditor).get(f"/api/v1/clients/{served.client.pk}/access-log/print/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert [(e.action, e.purpose, e.role) for e in log_of(served.client)][-1] == ("export", "subject_request", Role.AUDITOR)
    # Only the client's coordinator, administrators and the auditor print it.
    assert api(coordinator2).get(f"/api/v1/clients/{served.client.pk}/access-log/print/").status_code == 403
    assert api(coordinator).get(f"/api/v1/clients/{served.client.pk}/access-log/print/").status_code == 200
