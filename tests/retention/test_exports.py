"""Subject access and portability (GDPR Art. 15, 20): one action, a ZIP built by the worker, everything in it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from cus.clients.models import AccessAction, Client, ClientAccessLog
from cus.core.models import Role, TaskRun
from cus.retention import anonymiser, records
from cus.retention.models import SubjectAccessExport
from cus.volunteers.models import VolunteerHours

from ..factories import VolunteerFactory
from .conftest import FIRST, LAST, NATIONAL_ID, OLD_PHONE, PHONE, run_job

pytestmark = pytest.mark.django_db


def request_copy(api, user, client: Client):
    return api(user).post("/api/v1/subject-exports/", {"client": str(client.pk)}, format="json")


def built(api, user, client: Client) -> tuple[SubjectAccessExport, zipfile.ZipFile]:
    response = request_copy(api, user, client)
    assert response.status_code == 202, response.content
    export = SubjectAccessExport.objects.get(pk=response.json()["id"])
    run_job(export.task_run)
    download = api(user).get(f"/api/v1/subject-exports/{export.pk}/download/")
    assert download.status_code == 200, download.content
    assert download["Content-Type"] == "application/zip"
    return export, zipfile.ZipFile(io.BytesIO(download.content))


def test_coordinator_requests_a_copy_and_it_is_queued_with_its_progress(api, held):
    response = request_copy(api, held.coordinator, held.client)

    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["progress"], body["available"]) == ("queued", 0, False)
    assert body["client_reference"] == held.client.reference
    run = TaskRun.objects.get(pk=SubjectAccessExport.objects.get(pk=body["id"]).task_run_id)
    assert (run.task_name, run.params) == ("cus.generate_subject_export", {"export": body["id"]})


def test_the_worker_builds_the_copy_and_the_coordinator_downloads_it(api, held):
    export, archive = built(api, held.coordinator, held.client)

    export.refresh_from_db()
    assert export.progress == 100
    assert export.status == "done"
    assert export.download_count == 1
    assert sorted(name for name in archive.namelist() if not name.startswith("files/")) == ["copy.pdf", "data.json"]
    listed = api(held.coordinator).get(f"/api/v1/subject-exports/?client={held.client.pk}").json()["results"]
    assert listed[0]["status"] == "done"
    assert listed[0]["available"] is True


def test_the_request_and_each_download_are_in_the_clients_access_log(api, held):
    built(api, held.coordinator, held.client)

    exports = ClientAccessLog.objects.filter(client=held.client, action=AccessAction.EXPORT)
    assert exports.count() == 2
    assert {entry.user for entry in exports} == {held.coordinator}


def test_the_json_holds_every_record_with_its_history(api, held):
    _export, archive = built(api, held.coordinator, held.client)
    data = json.loads(archive.read("data.json"))

    assert data["format"] == "cus-subject-access/1"
    assert data["subject"] == {"id": str(held.client.pk), "reference": held.client.reference}
    [own] = data["records"]["clients.client"]
    assert (own["first_name"], own["national_id"], own["phone"]) == (FIRST, NATIONAL_ID, PHONE)
    assert own["coordinator_name"] == str(held.coordinator)
    for label in ("clients.consent", "clients.contactperson", "clients.referral", "clients.assessment",
                  "clients.assessmentarea", "clients.identifiedneed", "clients.participation", "plans.plan",
                  "plans.goal", "plans.plannedservice", "plans.review", "plans.goalprogress", "deliveries.delivery",
                  "volunteers.volunteerassignment", "volunteers.volunteerhours", "quality.satisfactionsurvey",
                  "clients.clientaccesslog"):
        assert data["records"].get(label), label
    phones = [version["phone"] for version in data["history"]["clients.client"]]
    assert OLD_PHONE in phones
    assert PHONE in phones
    assert data["notifications"][0]["subject_id"] == str(held.plan.pk)


def test_secrets_never_reach_the_copy(api, held):
    _export, archive = built(api, held.coordinator, held.client)
    data = json.loads(archive.read("data.json"))

    [invitation] = data["records"]["quality.surveyinvitation"]
    assert "token_hash" not in invitation
    assert all("request_fingerprint" not in row for row in data["records"]["deliveries.delivery"])
    assert all("content" not in row for row in data["records"].get("retention.subjectaccessexport", []))


def test_the_consent_evidence_file_is_in_the_zip(api, held):
    _export, archive = built(api, held.coordinator, held.client)
    data = json.loads(archive.read("data.json"))

    [evidence] = [f for f in data["files"] if f["table"] == "clients.consent"]
    assert archive.read(evidence["path"]) == b"%PDF-1.4 signed consent"


def test_the_pdf_is_readable_and_in_the_clients_language(api, held):
    held.client.language = "pl"
    held.client.save()
    _export, archive = built(api, held.coordinator, held.client)

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("copy.pdf"))).pages)
    assert FIRST in text
    assert LAST in text
    assert "Osoby kontaktowe" in text  # the sections are named in Polish
    assert "Contact persons" not in text


def test_where_the_client_is_also_a_volunteer_their_hours_are_in_the_copy(api, held):
    volunteer = VolunteerFactory(centre=held.centre, first_name=FIRST, last_name=LAST,
                                 birth_date=held.client.birth_date)
    hours = VolunteerHours.objects.filter(client=held.client).first()
    VolunteerHours.objects.create(centre=held.centre, volunteer=volunteer, activity_type=hours.activity_type,
                                  date=hours.date, minutes=45, logged_by=held.coordinator)
    _export, archive = built(api, held.coordinator, held.client)
    data = json.loads(archive.read("data.json"))

    assert [row["minutes"] for row in data["volunteer"]["records"]["volunteers.volunteerhours"]] == [45]
    assert data["volunteer"]["records"]["volunteers.volunteer"][0]["id"] == str(volunteer.pk)


def test_export_completeness_every_table_holding_the_client_is_in_the_copy(api, held):
    """Walk the models' foreign keys to Client independently of the export and check every row of every table
    (and every historical table) that holds the client's id, directly or through its parents, is in the copy."""
    from django.apps import apps

    _export, archive = built(api, held.coordinator, held.client)
    data = json.loads(archive.read("data.json"))
    ClientAccessLog.objects.filter(client=held.client, action=AccessAction.EXPORT).order_by("-at", "-id").first().delete()

    def paths_to_client(model, seen=()):
        for field in model._meta.concrete_fields:
            if not (field.is_relation and (field.many_to_one or field.one_to_one)) or field.related_model in seen:
                continue
            if field.related_model is Client:
                yield field.name
            elif field.related_model is not model:
                for rest in paths_to_client(field.related_model, (*seen, model)):
                    yield f"{field.name}__{rest}"

    checked = 0
    for model in apps.get_models():
        if model is Client or records.is_historical(model):
            continue
        ids = set()
        for path in paths_to_client(model):
            ids |= {str(pk) for pk in model._base_manager.filter(**{path: held.client}).values_list("pk", flat=True)}
        if not ids:
            continue
        label = model._meta.label_lower
        exported = {str(row["id"]) for row in data["records"].get(label, [])}
        assert ids <= exported, f"{label}: rows missing from the copy"
        history = records.history_model(model)
        if history is not None:
            versions = {str(v) for v in history._default_manager.filter(id__in=list(ids)).values_list("history_id",
                                                                                                      flat=True)}
            assert versions <= {str(row["history_id"]) for row in data["history"].get(label, [])}, label
        checked += 1
    assert checked >= 18


def test_one_copy_at_a_time_per_client(api, held):
    assert request_copy(api, held.coordinator, held.client).status_code == 202
    response = request_copy(api, held.coordinator, held.client)
    assert response.status_code == 409
    assert response.json()["code"] == "export_running"


def test_a_client_is_named_by_its_case_reference_too(api, held):
    response = api(held.coordinator).post(
        "/api/v1/subject-exports/", {"client_reference": held.client.reference.lower()}, format="json"
    )
    assert response.status_code == 202, response.content
    assert response.json()["client"] == str(held.client.pk)


def test_an_unknown_reference_is_a_400_naming_the_field(api, held):
    response = api(held.coordinator).post("/api/v1/subject-exports/", {"client_reference": "NOPE/1"}, format="json")
    assert response.status_code == 400
    assert "client_reference" in response.json()


def test_another_centres_client_is_not_found(api, held, member, other_centre):
    stranger = member(Role.COORDINATOR, other_centre)
    response = api(stranger).post("/api/v1/subject-exports/", {"client": str(held.client.pk)}, format="json")
    assert response.status_code == 400  # the id names no client the actor may name
    export, _archive = built(api, held.coordinator, held.client)
    assert api(stranger).get(f"/api/v1/subject-exports/{export.pk}/").status_code == 404
    assert api(stranger).get(f"/api/v1/subject-exports/{export.pk}/download/").status_code == 404


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_provider_staff_and_volunteers_have_no_copies(api, held, member, role):
    user = member(role, held.centre)
    assert api(user).get("/api/v1/subject-exports/").status_code == 404
    assert request_copy(api, user, held.client).status_code == 404


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_see_the_copies_but_neither_request_nor_download_them(api, held, member, role):
    user = member(role, held.centre)
    export, _archive = built(api, held.coordinator, held.client)
    assert api(user).get("/api/v1/subject-exports/").json()["count"] == 1
    assert request_copy(api, user, held.client).status_code == 403
    assert api(user).get(f"/api/v1/subject-exports/{export.pk}/download/").status_code == 403


def test_another_coordinator_cannot_download_someone_elses_copy(api, held, coordinator2):
    export, _archive = built(api, held.coordinator, held.client)
    response = api(coordinator2).get(f"/api/v1/subject-exports/{export.pk}/download/")
    assert response.status_code == 403


def test_a_copy_not_ready_cannot_be_downloaded(api, held):
    export_id = request_copy(api, held.coordinator, held.client).json()["id"]
    response = api(held.coordinator).get(f"/api/v1/subject-exports/{export_id}/download/")
    assert response.status_code == 409
    assert response.json()["code"] == "export_not_ready"


def test_an_anonymised_client_has_nothing_to_copy(api, held):
    held.client.status = "closed"
    held.client.save()
    anonymiser.anonymise_clients([held.client], category="erasure")
    response = request_copy(api, held.coordinator, held.client)
    assert response.status_code == 409
    assert response.json()["code"] == "anonymised"
