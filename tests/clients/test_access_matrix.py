"""Who may read and write what: role by endpoint by object.

Objects: the coordinator's own client, coordinator2's client, an unassigned client, and a client of
another centre. Staff (admin, manager, coordinators) read every client of their centre; only
coordinators write, and only their own caseload or unassigned clients; provider staff and volunteers
see no client here; another centre's client does not exist for anyone.
"""

from __future__ import annotations

import pytest

from .conftest import ROLES, client_payload
from .factories import AssessmentFactory, ConsentFactory, ContactPersonFactory, ReferralFactory

STAFF = {"admin_user", "manager", "coordinator", "coordinator2"}
OUTSIDERS = {"provider_staff", "volunteer"}
OBJECTS = ["own", "others", "unassigned", "foreign"]


def expected_read(role: str, obj: str) -> int:
    return 200 if role in STAFF and obj != "foreign" else 404


def expected_write(role: str, obj: str) -> int:
    """PATCH on a client (or on a record under it): a role that writes no client records is refused (403) before
    the record is looked up; a record out of the actor's reach does not exist (404); the caseload rule is a 403."""
    if role not in ("coordinator", "coordinator2"):
        return 403
    if obj == "foreign":
        return 404
    if role == "coordinator" and obj in ("own", "unassigned"):
        return 200
    if role == "coordinator2" and obj in ("others", "unassigned"):
        return 200
    return 403


# --- Clients ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_client_list_shows_the_centres_clients_to_staff_and_none_to_others(role, request, api, caseload):
    response = api(request.getfixturevalue(role)).get("/api/v1/clients/")
    assert response.status_code == 200
    names = {row["last_name"] for row in response.json()["results"]}
    assert names == ({"Own", "Others", "Unassigned"} if role in STAFF else set())


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_client_detail(role, obj, request, api, caseload):
    client = getattr(caseload, obj)
    response = api(request.getfixturevalue(role)).get(f"/api/v1/clients/{client.pk}/")
    assert response.status_code == expected_read(role, obj)


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_client_edit(role, obj, request, api, caseload):
    client = getattr(caseload, obj)
    response = api(request.getfixturevalue(role)).patch(f"/api/v1/clients/{client.pk}/", {"phone": "+48 111"})
    assert response.status_code == expected_write(role, obj)
    client.refresh_from_db()
    assert (client.phone == "+48 111") == (response.status_code == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_register_clients(role, request, api, centre):
    response = api(request.getfixturevalue(role)).post("/api/v1/clients/", client_payload())
    assert response.status_code == (201 if role in ("coordinator", "coordinator2") else 403)


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_client_history(role, obj, request, api, caseload):
    client = getattr(caseload, obj)
    response = api(request.getfixturevalue(role)).get(f"/api/v1/clients/{client.pk}/history/")
    assert response.status_code == expected_read(role, obj)


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_access_log_is_for_admins_and_the_clients_own_coordinator(role, obj, request, api, caseload):
    client = getattr(caseload, obj)
    response = api(request.getfixturevalue(role)).get(f"/api/v1/clients/{client.pk}/access-log/")
    if expected_read(role, obj) == 404:
        assert response.status_code == 404
    elif role == "admin_user" or (role, obj) in {("coordinator", "own"), ("coordinator2", "others")}:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


# --- Records under a client ----------------------------------------------------------------------------


def make_record(kind: str, client):
    factory = {
        "consents": ConsentFactory,
        "contacts": ContactPersonFactory,
        "referrals": ReferralFactory,
        "assessments": AssessmentFactory,
    }[kind]
    return factory(client=client)


PATCHES = {
    "consents": {"scope": "changed"},
    "contacts": {"note": "changed"},
    "referrals": {"source_name": "changed"},
    "assessments": {"summary": "changed"},
}


def new_record_payload(kind: str, client) -> dict:
    payload: dict = {
        "consents": {"kind": "eu_project", "given_on": "2025-06-01"},
        "contacts": {"name": "Jan Kowalski", "relation": "son"},
        "referrals": {"source": "hospital", "date": "2025-06-01", "reason": "Discharged, lives alone."},
        "assessments": {"date": "2025-06-01", "areas": [{"area": "mobility", "score": 2}]},
    }[kind]
    return {"client": str(client.pk), **payload}


KINDS = list(PATCHES)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_record_lists_show_the_centres_records_to_staff_only(kind, role, request, api, caseload):
    records = {obj: make_record(kind, getattr(caseload, obj)) for obj in OBJECTS}
    response = api(request.getfixturevalue(role)).get(f"/api/v1/{kind}/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    visible = {str(records[obj].pk) for obj in ("own", "others", "unassigned")}
    assert ids == (visible if role in STAFF else set())


@pytest.mark.parametrize("kind", KINDS)
def test_record_lists_filter_by_client(kind, api, coordinator, caseload):
    own = make_record(kind, caseload.own)
    make_record(kind, caseload.others)
    response = api(coordinator).get(f"/api/v1/{kind}/", {"client": str(caseload.own.pk)})
    assert [row["id"] for row in response.json()["results"]] == [str(own.pk)]


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_record_detail_and_edit(kind, role, obj, request, api, caseload):
    record = make_record(kind, getattr(caseload, obj))
    client = api(request.getfixturevalue(role))
    assert client.get(f"/api/v1/{kind}/{record.pk}/").status_code == expected_read(role, obj)
    response = client.patch(f"/api/v1/{kind}/{record.pk}/", PATCHES[kind], format="json")
    assert response.status_code == expected_write(role, obj)


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_record_create(kind, role, obj, request, api, caseload):
    client = getattr(caseload, obj)
    model = make_record(kind, client).__class__
    before = model.objects.count()
    response = api(request.getfixturevalue(role)).post(f"/api/v1/{kind}/", new_record_payload(kind, client), format="json")
    if role in ("admin_user", "manager") or role in OUTSIDERS:
        assert response.status_code == 403  # the role writes no client records at all
    elif obj == "foreign":
        assert response.status_code == 400  # the client is unknown in this centre
        assert "client" in response.json()
    else:
        assert response.status_code == {200: 201, 403: 403}[expected_write(role, obj)]
    assert model.objects.count() == before + (1 if response.status_code == 201 else 0)


def test_another_centres_consent_withdrawal_is_404(api, coordinator, caseload):
    consent = ConsentFactory(client=caseload.foreign)
    assert api(coordinator).post(f"/api/v1/consents/{consent.pk}/withdraw/", {}).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("coordinator", 200), ("coordinator2", 403), ("manager", 403),
                                              ("provider_staff", 403), ("volunteer", 403)])
def test_consent_withdrawal_follows_the_caseload_rule(role, status, request, api, caseload):
    consent = ConsentFactory(client=caseload.own)
    response = api(request.getfixturevalue(role)).post(f"/api/v1/consents/{consent.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == status
    consent.refresh_from_db()
    assert (consent.withdrawn_on is not None) == (status == 200)

