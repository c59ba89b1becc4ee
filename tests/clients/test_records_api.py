"""Consents, contact persons, referrals and needs assessments under a client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cus.clients.models import (
    Assessment,
    AssessmentArea,
    ClientAccessLog,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Referral,
)

from ..factories import ProviderFactory, ServiceTypeFactory
from .conftest import today
from .factories import AssessmentAreaFactory, AssessmentFactory, ConsentFactory, IdentifiedNeedFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def tomorrow() -> str:
    return (today() + dt.timedelta(days=1)).isoformat()


# --- Consents ------------------------------------------------------------------------------------------------


def test_consent_is_recorded_by_the_coordinator_with_the_providers_it_covers(api, coordinator, caseload, centre):
    provider = ProviderFactory(centre=centre)
    response = api(coordinator).post("/api/v1/consents/", {
        "client": str(caseload.own.pk), "kind": "sharing_with_providers", "given_on": "2025-05-01",
        "providers": [str(provider.pk)], "scope": "Address and access notes",
    }, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["providers"] == [str(provider.pk)]
    assert body["recorded_by"]["id"] == str(coordinator.pk)
    assert body["is_active"] is True


def test_consent_evidence_is_uploaded_as_multipart_and_downloaded_with_an_access_log_entry(api, coordinator, caseload):
    client = api(coordinator)
    scan = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 consent", content_type="application/pdf")
    response = client.post("/api/v1/consents/", {
        "client": str(caseload.own.pk), "kind": "data_processing", "given_on": "2025-05-01", "evidence": scan,
    }, format="multipart")
    assert response.status_code == 201
    assert response.json()["has_evidence"] is True
    download = client.get(f"/api/v1/consents/{response.json()['id']}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 consent"
    assert ClientAccessLog.objects.filter(client=caseload.own, user=coordinator).count() == 1


def test_consent_without_evidence_has_no_download(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own)
    assert api(coordinator).get(f"/api/v1/consents/{consent.pk}/evidence/").status_code == 404


def test_evidence_must_be_a_pdf_or_an_image(api, coordinator, caseload):
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = api(coordinator).post("/api/v1/consents/", {
        "client": str(caseload.own.pk), "kind": "data_processing", "given_on": "2025-05-01", "evidence": script,
    }, format="multipart")
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert Consent.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"<html><script>alert(1)</script></html>"),  # a page saved under a PDF's name
        ("photo.jpg", b"%PDF-1.4 not a photo"),
        ("photo.png", b"\xff\xd8\xff\xe0 a JPEG named .png"),
        ("empty.pdf", b""),
    ],
)
def test_evidence_whose_content_is_not_what_its_name_says_is_refused(api, coordinator, caseload, name, content):
    response = api(coordinator).post("/api/v1/consents/", {
        "client": str(caseload.own.pk), "kind": "data_processing", "given_on": "2025-05-01",
        "evidence": SimpleUploadedFile(name, content),
    }, format="multipart")
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert Consent.objects.count() == 0


def test_evidence_is_added_to_a_recorded_consent_and_the_history_keeps_the_change(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    response = api(coordinator).patch(f"/api/v1/consents/{consent.pk}/", {
        "evidence": SimpleUploadedFile("signed.png", png),
    }, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["has_evidence"] is True
    consent.refresh_from_db()
    assert consent.evidence.read() == png
    assert consent.history.count() == 2
    assert consent.history.first().history_user == coordinator


def test_a_withdrawn_consent_takes_no_evidence(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, withdrawn_on=dt.date(2025, 6, 1))
    response = api(coordinator).patch(f"/api/v1/consents/{consent.pk}/", {
        "evidence": SimpleUploadedFile("signed.pdf", b"%PDF-1.7 x"),
    }, format="multipart")
    assert response.status_code == 409
    consent.refresh_from_db()
    assert not consent.evidence


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"client": None}, "client"),
        ({"kind": "marketing"}, "kind"),
        ({"given_on": "yesterday"}, "given_on"),
        ({"given_on": None}, "given_on"),
        ({"given_on": "tomorrow"}, "given_on"),
        ({"valid_until": "2025-04-30"}, "valid_until"),
        ({"providers": ["00000000-0000-0000-0000-000000000000"]}, "providers"),
        ({"providers": "foreign"}, "providers"),
    ],
)
def test_bad_consent_is_400_naming_the_field_and_writes_nothing(api, coordinator, caseload, member, other_centre,
                                                                overrides, field):
    payload = {"client": str(caseload.own.pk), "kind": "data_processing", "given_on": "2025-05-01", **overrides}
    if payload.get("given_on") == "tomorrow":
        payload["given_on"] = tomorrow()
    if payload.get("providers") == "foreign":
        payload["providers"] = [str(ProviderFactory(centre=other_centre).pk)]
    before = Consent.objects.count(), Consent.history.count()
    response = api(coordinator).post("/api/v1/consents/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert (Consent.objects.count(), Consent.history.count()) == before


def test_consent_correction_keeps_its_client(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own)
    response = api(coordinator).patch(
        f"/api/v1/consents/{consent.pk}/", {"client": str(caseload.unassigned.pk), "scope": "all data"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["client"] == str(caseload.own.pk)
    assert response.json()["scope"] == "all data"


def test_bad_consent_correction_is_400_and_changes_nothing(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, given_on=dt.date(2025, 5, 1))
    response = api(coordinator).patch(f"/api/v1/consents/{consent.pk}/", {"valid_until": "2025-01-01"})
    assert response.status_code == 400
    assert "valid_until" in response.json()
    consent.refresh_from_db()
    assert consent.valid_until is None


def test_withdrawing_a_consent_records_reason_and_date(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, given_on=dt.date(2025, 5, 1))
    response = api(coordinator).post(
        f"/api/v1/consents/{consent.pk}/withdraw/", {"reason": "No longer wants the project", "date": "2025-09-01"}
    )
    assert response.status_code == 200
    assert response.json()["withdrawn_on"] == "2025-09-01"
    assert response.json()["is_active"] is False
    record = Consent.history.filter(id=consent.pk).first()
    assert record.history_change_reason == "consent withdrawn: No longer wants the project"
    assert record.history_user_id == coordinator.pk


def test_withdrawal_defaults_to_today(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, given_on=dt.date(2025, 5, 1))
    assert api(coordinator).post(f"/api/v1/consents/{consent.pk}/withdraw/", {}).json()["withdrawn_on"] == (
        today().isoformat()
    )


@pytest.mark.parametrize("date", ["2025-04-30", "tomorrow", "not a date"])
def test_withdrawal_date_must_be_between_giving_and_today(api, coordinator, caseload, date):
    consent = ConsentFactory(client=caseload.own, given_on=dt.date(2025, 5, 1))
    response = api(coordinator).post(
        f"/api/v1/consents/{consent.pk}/withdraw/", {"date": tomorrow() if date == "tomorrow" else date}
    )
    assert response.status_code == 400
    assert "date" in response.json()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_withdrawn_consent_can_be_neither_withdrawn_again_nor_changed(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, withdrawn_on=dt.date(2025, 6, 1))
    client = api(coordinator)
    assert client.post(f"/api/v1/consents/{consent.pk}/withdraw/", {}).status_code == 409
    assert client.patch(f"/api/v1/consents/{consent.pk}/", {"scope": "x"}).status_code == 409


def test_consent_list_filters_by_kind(api, coordinator, caseload):
    ConsentFactory(client=caseload.own, kind="eu_project")
    ConsentFactory(client=caseload.own, kind="photos")
    response = api(coordinator).get("/api/v1/consents/", {"kind": "photos"})
    assert [row["kind"] for row in response.json()["results"]] == ["photos"]


# --- Contact persons and referrals -------------------------------------------------------------------------------


def test_contact_person_is_added_and_changed(api, coordinator, caseload):
    client = api(coordinator)
    created = client.post("/api/v1/contacts/", {
        "client": str(caseload.own.pk), "name": "Jan Kowalski", "relation": "son", "is_emergency_contact": True,
    })
    assert created.status_code == 201
    changed = client.patch(f"/api/v1/contacts/{created.json()['id']}/", {"phone": "+48 500 500 500"})
    assert changed.json()["phone"] == "+48 500 500 500"
    assert changed.json()["is_emergency_contact"] is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"name": ""}, "name"), ({"email": "jan@"}, "email"), ({"client": "nope"}, "client"),
     ({"is_legal_guardian": "perhaps"}, "is_legal_guardian")],
)
def test_bad_contact_is_400_naming_the_field_and_writes_nothing(api, coordinator, caseload, overrides, field):
    payload = {"client": str(caseload.own.pk), "name": "Jan Kowalski", **overrides}
    response = api(coordinator).post("/api/v1/contacts/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert ContactPerson.objects.count() == 0


def test_referral_is_received_by_the_coordinator(api, coordinator, caseload):
    response = api(coordinator).post("/api/v1/referrals/", {
        "client": str(caseload.own.pk), "source": "hospital", "source_name": "Szpital Miejski",
        "date": "2025-04-01", "reason": "Discharged after a stroke; lives alone.",
    })
    assert response.status_code == 201
    assert response.json()["received_by"]["id"] == str(coordinator.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"source": "radio"}, "source"), ({"reason": ""}, "reason"), ({"date": "tomorrow"}, "date"),
     ({"date": "2025-13-01"}, "date")],
)
def test_bad_referral_is_400_naming_the_field_and_writes_nothing(api, coordinator, caseload, overrides, field):
    payload = {"client": str(caseload.own.pk), "source": "family", "date": "2025-04-01", "reason": "Help", **overrides}
    if payload["date"] == "tomorrow":
        payload["date"] = tomorrow()
    response = api(coordinator).post("/api/v1/referrals/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert Referral.objects.count() == 0


def test_bad_referral_edit_is_400_and_changes_nothing(api, coordinator, caseload):
    created = api(coordinator).post("/api/v1/referrals/", {
        "client": str(caseload.own.pk), "source": "family", "date": "2025-04-01", "reason": "Help",
    }).json()
    response = api(coordinator).patch(f"/api/v1/referrals/{created['id']}/", {"source": "radio"})
    assert response.status_code == 400
    assert Referral.objects.get().source == "family"


# --- Needs assessments -------------------------------------------------------------------------------------------


def assessment_payload(client, service_type, overrides=None) -> dict:
    payload = {
        "client": str(client.pk),
        "date": "2025-06-01",
        "summary": "Needs help with shopping and cleaning.",
        "areas": [
            {"area": "self_care", "score": 3, "description": "Cannot cook"},
            {"area": "mobility", "score": 2},
        ],
        "needs": [{"area": "self_care", "service_type": str(service_type.pk), "description": "Meals", "priority": "high"}],
    }
    payload.update(overrides or {})
    return payload


def test_assessment_is_recorded_with_areas_and_needs_in_one_request(api, coordinator, caseload):
    meals = ServiceTypeFactory(code="meals")
    response = api(coordinator).post("/api/v1/assessments/", assessment_payload(caseload.own, meals), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["assessor"]["id"] == str(coordinator.pk)
    assert sorted((a["area"], a["score"]) for a in body["areas"]) == [("mobility", 2), ("self_care", 3)]
    assert body["needs"][0]["service_type"] == str(meals.pk)
    assert body["needs"][0]["service_type_name"] == meals.name_en


def test_the_centres_own_service_type_may_be_a_need(api, coordinator, caseload, centre):
    own_type = ServiceTypeFactory(centre=centre, code="local_bus")
    response = api(coordinator).post("/api/v1/assessments/", assessment_payload(caseload.own, own_type), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("which", ["other_centres", "inactive"])
def test_need_service_type_must_be_shipped_or_the_centres_own_and_active(api, coordinator, caseload, other_centre, which):
    service_type = (ServiceTypeFactory(centre=other_centre, code="theirs") if which == "other_centres"
                    else ServiceTypeFactory(code="retired", active=False))
    response = api(coordinator).post("/api/v1/assessments/", assessment_payload(caseload.own, service_type), format="json")
    assert response.status_code == 400
    assert response.json()["needs"]["0"]["service_type"] == [
        "Choose an active service type of the catalogue or of this centre."
    ]
    assert (Assessment.objects.count(), AssessmentArea.objects.count(), IdentifiedNeed.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"areas": [{"area": "mobility", "score": 5}]}, "areas"),
        ({"areas": [{"area": "mobility", "score": -1}]}, "areas"),
        ({"areas": [{"area": "cooking", "score": 1}]}, "areas"),
        ({"areas": [{"area": "mobility", "score": 1}, {"area": "mobility", "score": 2}]}, "areas"),
        ({"needs": [{"area": "self_care", "service_type": "00000000-0000-0000-0000-000000000000"}]}, "needs"),
        ({"needs": [{"area": "self_care"}]}, "needs"),
        ({"date": "tomorrow"}, "date"),
        ({"status": "final"}, "status"),
        ({"client": None}, "client"),
    ],
)
def test_bad_assessment_is_400_naming_the_field_and_writes_nothing(api, coordinator, caseload, overrides, field):
    meals = ServiceTypeFactory(code="meals")
    payload = assessment_payload(caseload.own, meals, overrides)
    if payload["date"] == "tomorrow":
        payload["date"] = tomorrow()
    response = api(coordinator).post("/api/v1/assessments/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert (Assessment.objects.count(), AssessmentArea.objects.count(), IdentifiedNeed.objects.count()) == (0, 0, 0)


def test_assessment_update_replaces_areas_and_needs_by_key(api, coordinator, caseload):
    meals, cleaning = ServiceTypeFactory(code="meals"), ServiceTypeFactory(code="cleaning")
    assessment = AssessmentFactory(client=caseload.own)
    mobility = AssessmentAreaFactory(assessment=assessment, area="mobility", score=3)
    AssessmentAreaFactory(assessment=assessment, area="housing", score=1)
    kept = IdentifiedNeedFactory(assessment=assessment, service_type=meals)
    IdentifiedNeedFactory(assessment=assessment, service_type=meals, area="health")
    response = api(coordinator).patch(f"/api/v1/assessments/{assessment.pk}/", {
        "status": "completed",
        "areas": [{"area": "mobility", "score": 4}, {"area": "safety", "score": 2}],
        "needs": [{"id": str(kept.pk), "area": "self_care", "service_type": str(meals.pk), "priority": "urgent"},
                  {"area": "housing", "service_type": str(cleaning.pk)}],
        "change_reason": "review visit",
    }, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert sorted((a["area"], a["score"]) for a in body["areas"]) == [("mobility", 4), ("safety", 2)]
    assert next(a for a in body["areas"] if a["area"] == "mobility")["id"] == str(mobility.pk)
    assert sorted((n["area"], n["priority"]) for n in body["needs"]) == [("housing", "medium"), ("self_care", "urgent")]
    assert str(kept.pk) in {n["id"] for n in body["needs"]}


def test_assessment_update_without_lists_keeps_them(api, coordinator, caseload):
    assessment = AssessmentFactory(client=caseload.own)
    AssessmentAreaFactory(assessment=assessment)
    response = api(coordinator).patch(f"/api/v1/assessments/{assessment.pk}/", {"summary": "new"}, format="json")
    assert len(response.json()["areas"]) == 1


def test_need_id_of_another_assessment_is_refused(api, coordinator, caseload):
    meals = ServiceTypeFactory(code="meals")
    assessment = AssessmentFactory(client=caseload.own)
    stranger = IdentifiedNeedFactory(assessment=AssessmentFactory(client=caseload.own), service_type=meals)
    response = api(coordinator).patch(f"/api/v1/assessments/{assessment.pk}/", {
        "needs": [{"id": str(stranger.pk), "area": "health", "service_type": str(meals.pk)}],
    }, format="json")
    assert response.status_code == 400
    assert "needs" in response.json()
    stranger.refresh_from_db()
    assert stranger.area == "self_care"


def test_bad_assessment_update_changes_nothing(api, coordinator, caseload):
    assessment = AssessmentFactory(client=caseload.own, summary="before")
    AssessmentAreaFactory(assessment=assessment, area="mobility", score=1)
    response = api(coordinator).patch(f"/api/v1/assessments/{assessment.pk}/", {
        "summary": "after", "areas": [{"area": "mobility", "score": 9}],
    }, format="json")
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.summary == "before"
    assert AssessmentArea.objects.get().score == 1
