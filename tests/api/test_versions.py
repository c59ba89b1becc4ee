"""No lost updates (issue 13): records several people edit answer an ETag, and a write from an older read is a 412.

For each of clients, assessments, plans, planned services and contracts: a read's ETag is what the next write's
If-Match names; a write with the current one passes and answers the next ETag; a write with an older one is
refused with the record as it is now, who changed it and which fields, and writes nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from cus.clients.models import Assessment, Client
from cus.contracts.models import Contract
from cus.plans.models import Plan, PlannedService

from ..clients.factories import AssessmentFactory
from ..factories import ClientFactory, ContractFactory, PlanFactory, PlannedServiceFactory


@dataclass
class Case:
    url: str
    model: type
    editor: str  # the fixture of who edits it
    first: dict[str, Any]  # one person's change
    second: dict[str, Any]  # another's, made from the same read
    field: str  # the field the first change is on (named in the refusal)


def _cases(centre, coordinator) -> dict[str, Case]:
    client = ClientFactory(centre=centre, coordinator=coordinator)
    plan = PlanFactory(client=client, centre=centre, coordinator=coordinator)
    service = PlannedServiceFactory(plan=plan, centre=centre)
    assessment = AssessmentFactory(client=client, centre=centre, assessor=coordinator)
    contract = ContractFactory(centre=centre)
    return {
        "client": Case(f"/api/v1/clients/{client.pk}/", Client, "coordinator",
                       {"phone": "+48 600 100 200"}, {"phone": "+48 600 999 999"}, "phone"),
        "assessment": Case(f"/api/v1/assessments/{assessment.pk}/", Assessment, "coordinator",
                           {"summary": "Walks with a frame."}, {"summary": "Needs a wheelchair."}, "summary"),
        "plan": Case(f"/api/v1/plans/{plan.pk}/", Plan, "coordinator",
                     {"summary": "Stay at home safely."}, {"summary": "Move to sheltered housing."}, "summary"),
        "planned_service": Case(f"/api/v1/planned-services/{service.pk}/", PlannedService, "coordinator",
                                {"note": "Mornings only"}, {"note": "Afternoons only"}, "note"),
        "contract": Case(f"/api/v1/contracts/{contract.pk}/", Contract, "manager",
                         {"note": "Signed copy in the binder"}, {"note": "Awaiting signature"}, "note"),
    }


KINDS = ["client", "assessment", "plan", "planned_service", "contract"]


@pytest.fixture
def cases(centre, coordinator) -> dict[str, Case]:
    return _cases(centre, coordinator)


@pytest.fixture
def editors(coordinator, manager) -> dict[str, Any]:
    return {"coordinator": coordinator, "manager": manager}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_read_answers_the_etag_the_next_write_names(kind, cases, editors, api, centre):
    case = cases[kind]
    client = api(editors[case.editor], centre=centre)
    read = client.get(case.url)
    assert read.status_code == 200
    assert read["ETag"] == f'"{read.json()["revision"]}"'

    write = client.patch(case.url, case.first, format="json", HTTP_IF_MATCH=read["ETag"])
    assert write.status_code == 200, write.json()
    assert write["ETag"] == f'"{read.json()["revision"] + 1}"'
    assert client.get(case.url)["ETag"] == write["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_write_from_an_older_read_is_refused_with_the_current_record(kind, cases, editors, api, centre):
    case = cases[kind]
    one = api(editors[case.editor], centre=centre)
    other = api(editors[case.editor], centre=centre)
    etag = one.get(case.url)["ETag"]
    assert other.patch(case.url, case.first, format="json", HTTP_IF_MATCH=etag).status_code == 200

    late = one.patch(case.url, case.second, format="json", HTTP_IF_MATCH=etag)

    assert late.status_code == 412
    body = late.json()
    assert body["code"] == "stale_record"
    assert body["detail"]
    assert late["ETag"] == body["etag"] == f'"{body["revision"]}"'
    assert body["current"][case.field] == case.first[case.field]  # what the other person saved, shown
    assert case.field in [change["field"] for change in body["changes"]["fields"]]
    assert body["changes"]["by"]
    record = case.model.objects.get(pk=body["current"]["id"])
    assert getattr(record, case.field) == case.first[case.field]  # nothing of the late write was saved


@pytest.mark.django_db
def test_the_refusal_names_who_changed_the_record(cases, coordinator, api, centre):
    case = cases["client"]
    etag = api(coordinator, centre=centre).get(case.url)["ETag"]
    api(coordinator, centre=centre).patch(case.url, case.first, format="json")
    late = api(coordinator, centre=centre).patch(case.url, case.second, format="json", HTTP_IF_MATCH=etag)
    assert late.json()["changes"]["by"] == [coordinator.get_full_name() or coordinator.email]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["*", None])
def test_a_write_without_a_condition_or_with_any_passes(header, cases, coordinator, api, centre):
    case = cases["client"]
    extra = {"HTTP_IF_MATCH": header} if header else {}
    response = api(coordinator, centre=centre).patch(case.url, case.first, format="json", **extra)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['"0"', "not-a-tag", '"abc"', 'W/"999"'])
def test_an_if_match_naming_no_current_revision_is_refused(header, cases, coordinator, api, centre):
    case = cases["client"]
    response = api(coordinator, centre=centre).patch(case.url, case.first, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 412
    assert Client.objects.get(pk=response.json()["current"]["id"]).phone == ""


@pytest.mark.django_db
def test_a_weak_tag_of_the_current_revision_matches(cases, coordinator, api, centre):
    case = cases["client"]
    client = api(coordinator, centre=centre)
    etag = client.get(case.url)["ETag"]
    assert client.patch(case.url, case.first, format="json", HTTP_IF_MATCH=f"W/{etag}").status_code == 200


@pytest.mark.django_db
def test_a_refused_stale_write_reveals_nothing_to_who_may_not_write(cases, provider_staff, api, centre):
    """The 412 is answered after the permission and the scope checks: others get 403/404 as before."""
    case = cases["client"]
    response = api(provider_staff, centre=centre).patch(case.url, case.first, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code in (403, 404)
    assert "current" not in response.json()


@pytest.mark.django_db
def test_a_plan_action_from_an_older_read_is_refused(cases, coordinator, api, centre):
    """Not only PATCH: a lifecycle action sent with If-Match is checked too (cancelling a plan someone changed)."""
    case = cases["plan"]
    client = api(coordinator, centre=centre)
    etag = client.get(case.url)["ETag"]
    client.patch(case.url, case.first, format="json")
    response = client.post(f"{case.url}cancel/", {"reason": "Client moved away"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Plan.objects.get(pk=response.json()["current"]["id"]).status == "draft"


@pytest.mark.django_db
def test_changing_only_an_assessments_areas_is_a_new_revision(cases, coordinator, api, centre):
    case = cases["assessment"]
    client = api(coordinator, centre=centre)
    etag = client.get(case.url)["ETag"]
    response = client.patch(case.url, {"areas": [], "change_reason": "areas redone"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_a_write_without_if_match_keeps_counting(cases, coordinator, api, centre):
    case = cases["client"]
    client = api(coordinator, centre=centre)
    before = client.get(case.url).json()["revision"]
    client.patch(case.url, case.first, format="json")
    client.patch(case.url, case.second, format="json")
    assert client.get(case.url).json()["revision"] == before + 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_writes_from_the_same_read_cannot_both_pass(centre, coordinator, manager, api):
    """At the same moment, from the same read: the row lock makes one of them wait and then see the other's."""
    contract = ContractFactory(centre=centre)
    url = f"/api/v1/contracts/{contract.pk}/"
    etag = api(manager, centre=centre).get(url)["ETag"]
    results: list[int] = []
    barrier = threading.Barrier(2)

    def write(note: str) -> None:
        try:
            barrier.wait()
            results.append(api(manager, centre=centre).patch(url, {"note": note}, format="json",
                                                              HTTP_IF_MATCH=etag).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(note,)) for note in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 412]
    assert Contract.objects.get(pk=contract.pk).revision == contract.revision + 1

