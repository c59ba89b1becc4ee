"""Every read of a client's data is in the client's access log: who, when, what, from where, for what purpose; the
list and its searches give a summary without special-category data."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.clients.models import Assessment, ClientAccessLog, Consent, ContactPerson, Referral
from cus.core.models import Role

from ..factories import ClientFactory
from .conftest import log_of

pytestmark = pytest.mark.django_db

SPECIAL = {"national_id", "health_summary", "mobility", "risks", "has_disability", "minority", "access_notes",
           "third_country_national", "foreign_background", "homeless_or_housing_exclusion", "exit_situation"}


def test_the_list_is_a_summary_without_special_category_data_and_is_not_logged(api, coordinator, served):
    answer = api(coordinator).get("/api/v1/clients/?page_size=200")
    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert set(row) == {"id", "reference", "first_name", "last_name", "birth_date", "municipality", "area", "status",
                        "coordinator", "coordinator_name", "flags"}
    assert not SPECIAL & set(row)
    assert row["flags"] == ["active_plan"]
    assert log_of(served.client) == []


def test_a_search_by_national_id_is_logged_for_the_clients_it_found(api, coordinator, served, centre):
    bystander = ClientFactory(centre=centre, last_name="Bystander", national_id="99999999999")
    term = served.client.national_id[:7]
    answer = api(coordinator).get("/api/v1/clients/", HTTP_X_SEARCH=term, HTTP_USER_AGENT="Firefox/130")
    assert [row["id"] for row in answer.json()["results"]] == [str(served.client.pk)]
    [entry] = log_of(served.client)
    assert (entry.user, entry.role, entry.action, entry.what, entry.purpose) == (
        coordinator, Role.COORDINATOR, "search", "client", "case_work"
    )
    assert entry.path == "/api/v1/clients/"  # the ID searched for is not kept with the read
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == "Firefox/130"
    # A search by name finds the client without revealing more than the list: not logged.
    api(coordinator).get("/api/v1/clients/", {"search": "Served"})
    assert len(log_of(served.client)) == 1
    assert log_of(bystander) == []


def test_a_national_id_in_the_url_finds_nobody_and_the_header_takes_names_too(api, coordinator, served):
    """National IDs travel in the X-Search header, never in a URL (server logs, the browser's history): a query
    string with one matches nothing; the header also carries a name, percent-encoded (headers are Latin-1)."""
    reader = api(coordinator)
    in_url = reader.get("/api/v1/clients/", {"search": served.client.national_id})
    assert (in_url.status_code, in_url.json()["count"]) == (200, 0)
    assert log_of(served.client) == []
    by_name = reader.get("/api/v1/clients/", HTTP_X_SEARCH=quote(served.client.last_name.upper()))
    assert [row["id"] for row in by_name.json()["results"]] == [str(served.client.pk)]
    assert reader.get("/api/v1/clients/", HTTP_X_SEARCH=quote("Zzz Nobody")).json()["count"] == 0


def test_reading_the_record_is_logged_with_the_purpose_the_reader_states(api, manager, served):
    reader = api(manager)
    assert reader.get(f"/api/v1/clients/{served.client.pk}/").status_code == 200
    assert reader.get(f"/api/v1/clients/{served.client.pk}/", HTTP_X_ACCESS_PURPOSE="subject_request").status_code == 200
    assert [(e.action, e.purpose, e.role) for e in log_of(served.client)] == [
        ("view", "management", Role.MANAGER), ("view", "subject_request", Role.MANAGER)
    ]


def test_an_unknown_purpose_is_a_400_naming_the_header_and_nothing_is_read(api, manager, served):
    answer = api(manager).get(f"/api/v1/clients/{served.client.pk}/", HTTP_X_ACCESS_PURPOSE="curiosity")
    assert answer.status_code == 400
    assert "X-Access-Purpose" in answer.json()
    assert log_of(served.client) == []


def test_a_read_that_fails_is_not_logged(api, coordinator, centre, other_centre):
    foreign = ClientFactory(centre=other_centre)
    assert api(coordinator).get(f"/api/v1/clients/{foreign.pk}/").status_code == 404
    assert ClientAccessLog.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "action", "what"),
    [
        ("/api/v1/clients/{client}/history/", "history", "client"),
        ("/api/v1/consent-coverage/{client}/", "view", "client"),
        ("/api/v1/consents/?client={client}", "list", "consent"),
        ("/api/v1/contacts/?client={client}", "list", "contactperson"),
        ("/api/v1/referrals/?client={client}", "list", "referral"),
        ("/api/v1/assessments/?client={client}", "list", "assessment"),
        ("/api/v1/plans/?client={client}", "list", "plan"),
        ("/api/v1/plans/{plan}/", "view", "plan"),
        ("/api/v1/plans/{plan}/history/", "history", "plan"),
        ("/api/v1/goals/?plan={plan}", "list", "goal"),
        ("/api/v1/planned-services/?client={client}", "list", "plannedservice"),
        ("/api/v1/planned-services/{service}/", "view", "plannedservice"),
    ],
)
def test_every_read_of_a_clients_related_records_is_logged(api, coordinator, served, path, action, what):
    from ..factories import GoalFactory

    Consent.objects.create(centre=served.client.centre, client=served.client, kind="data_processing",
                           given_on="2026-01-02", recorded_by=coordinator)
    ContactPerson.objects.create(centre=served.client.centre, client=served.client, name="Daughter")
    Referral.objects.create(centre=served.client.centre, client=served.client, source="self", date="2026-01-02",
                            reason="Asked for help", received_by=coordinator)
    GoalFactory(plan=served.plan)
    Assessment.objects.create(centre=served.client.centre, client=served.client, date="2026-01-03", assessor=coordinator)
    url = path.format(client=served.client.pk, plan=served.plan.pk, service=served.service.pk)
    answer = api(coordinator).get(url)
    assert answer.status_code == 200, answer.content
    [entry] = log_of(served.client)
    assert (entry.action, entry.what, entry.user, entry.purpose) == (action, what, coordinator, "case_work")
    assert entry.path == url


def test_a_list_logs_each_client_on_the_page_once_in_one_insert(api, coordinator, centre, django_assert_max_num_queries):
    clients = [ClientFactory(centre=centre) for _ in range(3)]
    for client in clients:
        for name in ("Son", "Neighbour"):
            ContactPerson.objects.create(centre=centre, client=client, name=name)
    reader = api(coordinator)

    def inserts_and_count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            assert reader.get("/api/v1/contacts/?page_size=50").status_code == 200
        statements = [q["sql"] for q in queries.captured_queries]
        return sum(1 for sql in statements if "INSERT" in sql and "clients_clientaccesslog" in sql), len(statements)

    inserts, few = inserts_and_count()
    assert inserts == 1
    assert ClientAccessLog.objects.count() == 3  # one row per client, not per contact
    more = [ClientFactory(centre=centre) for _ in range(5)]
    for client in more:
        ContactPerson.objects.create(centre=centre, client=client, name="Son")
    inserts, many = inserts_and_count()
    assert inserts == 1
    assert many == few  # as many queries for 8 clients as for 3
    assert ClientAccessLog.objects.count() == 3 + 8


def test_provider_staff_reads_are_logged_as_service_delivery(api, provider_staff, served):
    reader = api(provider_staff)
    assert reader.get("/api/v1/planned-services/").json()["count"] == 1
    assert reader.get("/api/v1/clients/").json()["count"] == 1
    assert [(e.action, e.what, e.role, e.purpose) for e in log_of(served.client)] == [
        ("list", "plannedservice", Role.PROVIDER, "service_delivery"),
        ("list", "client", Role.PROVIDER, "service_delivery"),
    ]


def test_consent_evidence_download_is_logged_once(api, coordinator, served, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    consent = Consent.objects.create(centre=served.client.centre, client=served.client, kind="data_processing",
                                     given_on="2026-01-02", recorded_by=coordinator)
    consent.evidence.save("signed.pdf", ContentFile(b"%PDF-1.4"), save=True)
    answer = api(coordinator).get(f"/api/v1/consents/{consent.pk}/evidence/")
    assert answer.status_code == 200
    assert [(e.action, e.what) for e in log_of(served.client)] == [("view", "consent")]
