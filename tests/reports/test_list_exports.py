"""Exports of lists (issue 15): the caseload, deliveries, the waiting list and contracts as CSV or XLSX with the
filters of their screens, made at once when small and by the worker when large; each role gets what its list shows
it, the clients on an export are in their access logs, and the file is the requester's alone."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cus.clients.models import AccessAction, ClientAccessLog
from cus.clients.national_id import generate_pesel
from cus.core.models import TaskRun, TaskRunStatus
from cus.reports import list_exports
from cus.reports.models import ListExport

from ..factories import ClientFactory, ContractFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads the diacritics
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def download(client, export: dict) -> bytes:
    response = client.get(export["download"])
    assert response.status_code == 200
    return response.content


@pytest.fixture
def clients(centre, other_centre, coordinator, coordinator2):
    mine = [ClientFactory(centre=centre, coordinator=coordinator, last_name=f"Nowak{i}", municipality="Gdynia",
                          birth_date=dt.date(1940, 1, 1 + i)) for i in range(3)]
    theirs = ClientFactory(centre=centre, coordinator=coordinator2, last_name="Kowalska", municipality="Rumia",
                           birth_date=dt.date(1950, 5, 5))
    foreign = ClientFactory(centre=other_centre, coordinator=None, last_name="Obca", birth_date=dt.date(1945, 3, 3))
    return mine, theirs, foreign


def test_a_small_caseload_is_exported_at_once_with_the_lists_filters_and_its_clients_logged(api, coordinator, clients):
    mine, _theirs, _foreign = clients
    client = api(coordinator)
    response = client.post("/api/v1/list-exports/", {
        "list": "clients", "format": "csv", "filters": {"coordinator": str(coordinator.pk), "ordering": "last_name"},
    }, format="json")
    assert response.status_code == 201, response.content
    export = response.json()
    assert export["status"] == "done"
    assert export["rows_total"] == export["rows_done"] == 3
    rows = read_csv(download(client, export))
    header, body = rows[0], rows[1:]
    assert "Case reference" in header
    assert "Last name" in header
    assert "id" not in [h.lower() for h in header]  # no internal ids in a file people pass around
    last_names = [row[header.index("Last name")] for row in body]
    assert last_names == ["Nowak0", "Nowak1", "Nowak2"]  # the filter and the ordering of the list
    logged = ClientAccessLog.objects.filter(user=coordinator, action=AccessAction.EXPORT)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(c.pk for c in mine)


def test_the_export_holds_what_the_list_shows_the_role_and_no_other_centre(api, manager, provider_staff, clients):
    _mine, _theirs, _foreign = clients
    rows = read_csv(download(api(manager), api(manager).post(
        "/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json").json()))
    assert len(rows) - 1 == 4
    assert "Obca" not in {cell for row in rows for cell in row}
    # Provider staff see only the clients they serve (none here): an empty file with its header.
    response = api(provider_staff).post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json")
    assert response.status_code == 201
    assert len(read_csv(download(api(provider_staff), response.json()))) == 1


def test_a_search_by_national_id_exports_the_clients_it_finds(api, manager, clients):
    """The screen sends a national ID in a header, not the URL; its export (a POST body) matches it the same way."""
    _mine, theirs, _foreign = clients
    theirs.national_id = generate_pesel(theirs.birth_date, "female", 7)
    theirs.save()
    response = api(manager).post("/api/v1/list-exports/", {
        "list": "clients", "format": "csv", "filters": {"search": theirs.national_id},
    }, format="json")
    assert response.status_code == 201, response.content
    rows = read_csv(download(api(manager), response.json()))
    header = rows[0]
    assert [row[header.index("Last name")] for row in rows[1:]] == ["Kowalska"]


def test_xlsx_has_typed_cells_and_neutralised_text(api, manager, centre):
    ClientFactory(centre=centre, last_name="=HYPERLINK(\"http://x\")", birth_date=dt.date(1939, 9, 1))
    client = api(manager)
    export = client.post("/api/v1/list-exports/", {"list": "clients", "format": "xlsx"}, format="json").json()
    assert export["filename"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download(client, export))).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[header.index("Last name")].startswith("'=")  # text, never a formula
    assert row[header.index("Birth date")].date() == dt.date(1939, 9, 1)  # a date cell, not text


@pytest.mark.parametrize(("payload", "field"), [
    ({"list": "volunteers-secret", "format": "csv"}, "list"),
    ({"list": "clients", "format": "pdf"}, "format"),
    ({"list": "clients", "format": "csv", "filters": {"status": "nonsense"}}, "filters"),
    ({"list": "clients", "format": "csv", "filters": {"status": {"a": 1}}}, "filters"),
])
def test_bad_requests_are_refused_naming_the_field_and_write_nothing(api, manager, clients, payload, field):
    response = api(manager).post("/api/v1/list-exports/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ListExport.objects.exists()


def test_a_list_the_role_may_not_read_is_not_exported(api, volunteer, clients):
    response = api(volunteer).post("/api/v1/list-exports/", {"list": "waiting-list", "format": "csv"}, format="json")
    assert response.status_code == 404
    assert not ListExport.objects.exists()


def test_too_many_rows_are_refused_with_the_reason(api, manager, clients, settings):
    settings.CUS_EXPORT_MAX_ROWS = 2
    response = api(manager).post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json")
    assert response.status_code == 400
    assert "narrow the filters" in str(response.json()["filters"])


def test_an_export_is_its_requesters_alone(api, coordinator, coordinator2, manager, clients):
    export = api(coordinator).post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json").json()
    for other in (coordinator2, manager):
        assert api(other).get(f"/api/v1/list-exports/{export['id']}/").status_code == 404
        assert api(other).get(export["download"]).status_code == 404
    assert [e["id"] for e in api(coordinator).get("/api/v1/list-exports/").json()["results"]] == [export["id"]]
    assert api(coordinator2).get("/api/v1/list-exports/").json()["count"] == 0


def test_a_large_list_goes_to_the_worker_which_builds_it_with_progress(api, coordinator, clients, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.CUS_EXPORT_INLINE_ROWS = 1
    client = api(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.post("/api/v1/list-exports/", {
            "list": "clients", "format": "csv", "filters": {"coordinator": str(coordinator.pk)},
        }, format="json")
    assert response.status_code == 202, response.content
    export = response.json()
    assert export["status"] == "queued"
    assert export["download"] is None
    assert export["rows_total"] == 3
    assert len(sent) == 1  # the job goes to the worker once the request commits
    assert client.get(f"/api/v1/list-exports/{export['id']}/file/").status_code == 409
    run = TaskRun.objects.get(pk=ListExport.objects.get(pk=export["id"]).task_run_id)

    from cus.api import exports

    seen: list[int] = []
    original = list_exports.record_progress

    def spy(record, done, total=None):
        seen.append(done)
        original(record, done, total)

    list_exports.record_progress = spy
    try:
        result = list_exports.generate(export["id"], params=run.params, make=exports.make)
    finally:
        list_exports.record_progress = original
    assert result["rows"] == 3
    assert seen[-1] == 3
    run.status = TaskRunStatus.DONE
    run.save()
    done = client.get(f"/api/v1/list-exports/{export['id']}/").json()
    assert done["status"] == "done"
    assert done["rows_done"] == 3
    assert len(read_csv(download(client, done))) == 4
    # A redelivered message builds nothing again.
    assert list_exports.generate(export["id"], params=run.params, make=exports.make)["skipped"] is True
    assert ClientAccessLog.objects.filter(user=coordinator, action=AccessAction.EXPORT).count() == 3


def test_an_expired_file_is_removed_and_the_record_stays(api, coordinator, centre, clients):
    client = api(coordinator)
    export = client.post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json").json()
    ListExport.objects.filter(pk=export["id"]).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(f"/api/v1/list-exports/{export['id']}/file/").status_code == 409
    assert list_exports.purge_expired(centre=centre) == 1
    record = ListExport.objects.get(pk=export["id"])
    assert record.content is None
    assert record.purged_at is not None
    assert client.get(f"/api/v1/list-exports/{export['id']}/").json()["download"] is None


def test_contracts_deliveries_and_the_waiting_list_export(api, manager, centre):
    ContractFactory(centre=centre, provider=ProviderFactory(centre=centre), number="UM/7/2026", title="Care")
    client = api(manager)
    for name in ("contracts", "deliveries", "waiting-list"):
        response = client.post("/api/v1/list-exports/", {"list": name, "format": "csv"}, format="json")
        assert response.status_code == 201, (name, response.content)
        rows = read_csv(download(client, response.json()))
        assert rows[0]  # the header
    contracts = read_csv(download(client, client.post(
        "/api/v1/list-exports/", {"list": "contracts", "format": "csv"}, format="json").json()))
    assert any("UM/7/2026" in row for row in contracts[1:])


def test_listing_exports_takes_a_fixed_number_of_queries(api, coordinator, clients, django_assert_max_num_queries):
    client = api(coordinator)
    for _ in range(3):
        client.post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/list-exports/").json()["count"] == 3
