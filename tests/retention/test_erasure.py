"""Erasure requests (GDPR Art. 17): recorded, then carried out (anonymised now) or refused with the legal reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from cus.clients.models import Client
from cus.core.models import Role
from cus.retention.models import Anonymisation, DisposalLog, ErasureRequest, LegalHold

from .conftest import FIRST

pytestmark = pytest.mark.django_db


def record(api, user, client, **overrides):
    body = {"client": str(client.pk), "received_on": str(timezone.localdate()), "channel": "letter",
            "note": "Asked to delete everything", **overrides}
    return api(user).post("/api/v1/erasure-requests/", body, format="json")


def close(client: Client) -> None:
    client.status, client.closed_at, client.closure_reason = "closed", timezone.localdate(), "refused"
    client.save()


def test_coordinator_records_a_request_waiting_for_a_decision(api, held):
    response = record(api, held.coordinator, held.client)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["recorded_by"], body["decided_by"]) == ("pending", str(held.coordinator), "")
    assert body["client_reference"] == held.client.reference


def test_a_pending_and_a_refused_request_answer_as_the_schema_says(api, held, manager):
    """A request waiting for a decision has no legal reason (empty): the published schema allows that."""
    from tests.reports.test_report_schema import errors, strict

    schema = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    components = strict(schema["components"])
    pending = record(api, held.coordinator, held.client).json()
    assert pending["refusal_reason"] == ""
    assert errors(components, "ErasureRequest", pending) == []

    refused = api(manager).post(f"/api/v1/erasure-requests/{pending['id']}/decide/",
                                {"decision": "refuse", "refusal_reason": "legal_hold"}, format="json").json()
    assert errors(components, "ErasureRequest", refused) == []
    assert errors(components, "ErasureRequest", {**refused, "refusal_reason": "because"}) != []


def test_manager_carries_it_out_and_the_client_is_anonymised_at_once(api, held, manager):
    close(held.client)
    erasure = record(api, held.coordinator, held.client).json()

    response = api(manager).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/", {"decision": "carry_out"},
                                 format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decided_by"], body["client_anonymised"]) == ("carried_out", str(manager), True)
    assert body["decided_at"]
    assert Client.objects.get(pk=held.client.pk).first_name != FIRST
    assert Anonymisation.objects.get(client=held.client).category == "erasure"
    [log] = DisposalLog.objects.all()
    assert (log.category, log.count, log.legal_basis) == ("erasure", 1, "GDPR Art. 17")


def test_a_refusal_needs_the_legal_reason(api, held, manager):
    erasure = record(api, held.coordinator, held.client).json()
    url = f"/api/v1/erasure-requests/{erasure['id']}/decide/"

    missing = api(manager).post(url, {"decision": "refuse"}, format="json")
    assert missing.status_code == 400
    assert "refusal_reason" in missing.json()

    refused = api(manager).post(url, {"decision": "refuse", "refusal_reason": "retention_duty",
                                      "explanation": "Case files are kept 10 years (B10)."}, format="json")
    assert refused.status_code == 200, refused.content
    assert (refused.json()["status"], refused.json()["refusal_reason"]) == ("refused", "retention_duty")
    assert Client.objects.get(pk=held.client.pk).first_name == FIRST  # nothing was erased


def test_a_request_is_decided_once(api, held, manager):
    erasure = record(api, held.coordinator, held.client).json()
    url = f"/api/v1/erasure-requests/{erasure['id']}/decide/"
    api(manager).post(url, {"decision": "refuse", "refusal_reason": "legal_claims"}, format="json")

    again = api(manager).post(url, {"decision": "carry_out"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_transition"


def test_an_open_case_is_not_erased(api, held, manager):
    erasure = record(api, held.coordinator, held.client).json()
    response = api(manager).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/", {"decision": "carry_out"},
                                 format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "case_open"
    assert ErasureRequest.objects.get(pk=erasure["id"]).status == "pending"  # nothing half-written


def test_a_legal_hold_stops_the_erasure(api, held, manager):
    close(held.client)
    LegalHold.objects.create(centre=held.centre, client=held.client, reason="Court case", placed_by=manager)
    erasure = record(api, held.coordinator, held.client).json()
    response = api(manager).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/", {"decision": "carry_out"},
                                 format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "legal_hold"
    assert not Anonymisation.objects.exists()


def test_a_second_pending_request_is_refused(api, held):
    record(api, held.coordinator, held.client)
    response = record(api, held.coordinator, held.client)
    assert response.status_code == 409
    assert response.json()["code"] == "erasure_pending"


def test_a_request_received_in_the_future_is_a_400(api, held):
    response = record(api, held.coordinator, held.client, received_on=str(timezone.localdate() + dt.timedelta(2)))
    assert response.status_code == 400
    assert "received_on" in response.json()


def test_an_unknown_channel_is_a_400(api, held):
    response = record(api, held.coordinator, held.client, channel="pigeon")
    assert response.status_code == 400
    assert "channel" in response.json()


def test_coordinators_record_but_do_not_decide(api, held):
    erasure = record(api, held.coordinator, held.client).json()
    response = api(held.coordinator).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/",
                                          {"decision": "refuse", "refusal_reason": "legal_claims"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_providers_and_volunteers_see_no_erasure_requests(api, held, member, role):
    record(api, held.coordinator, held.client)
    assert api(member(role, held.centre)).get("/api/v1/erasure-requests/").status_code == 404


def test_another_centres_request_is_not_found(api, held, member, other_centre):
    erasure = record(api, held.coordinator, held.client).json()
    stranger = member(Role.MANAGER, other_centre)
    assert api(stranger).get(f"/api/v1/erasure-requests/{erasure['id']}/").status_code == 404
    response = api(stranger).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/", {"decision": "carry_out"},
                                  format="json")
    assert response.status_code == 404


def test_the_decision_is_in_the_requests_history(api, held, manager):
    erasure = record(api, held.coordinator, held.client).json()
    api(manager).post(f"/api/v1/erasure-requests/{erasure['id']}/decide/",
                      {"decision": "refuse", "refusal_reason": "eu_funding"}, format="json")
    versions = ErasureRequest.history.filter(id=erasure["id"]).order_by("history_date")
    assert [(v.status, v.history_user_id, v.history_change_reason) for v in versions] == [
        ("pending", held.coordinator.pk, "received"), ("refused", manager.pk, "refuse")]
