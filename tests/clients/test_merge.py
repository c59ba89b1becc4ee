"""Likely duplicates among a centre's records and merging two records of one person (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.clients import services
from cus.clients.models import Client, ClientAccessLog
from cus.core.models import TaskRun
from cus.retention.models import Anonymisation, ErasureRequest, LegalHold, SubjectAccessExport

from ..factories import ClientFactory, FundingSourceFactory, PlanFactory, VolunteerFactory
from ..reports.factories import ParticipationFactory
from ..volunteers.factories import AssignmentFactory
from .factories import AssessmentFactory, ConsentFactory, ContactPersonFactory, ReferralFactory

BIRTH = dt.date(1948, 5, 2)


@pytest.fixture
def pair(centre, coordinator):
    """Two records of one person: Róża Audyt and Roza Audyta, born the same day."""
    survivor = ClientFactory(centre=centre, first_name="Róża", last_name="Audyt", birth_date=BIRTH,
                             coordinator=coordinator, national_id="", phone="")
    absorbed = ClientFactory(centre=centre, first_name="Roza", last_name="Audyta", birth_date=BIRTH,
                             coordinator=None, national_id="48050200000", phone="+48 600 1")
    return survivor, absorbed


def merge(api_client, survivor, absorbed, reason="The same person: same address and phone.") -> Any:
    return api_client.post(f"/api/v1/clients/{survivor.pk}/merge/", {"absorbed": str(absorbed.pk), "reason": reason})


# --- Every relation to a client moves: the foreign keys walked, so a new table cannot be forgotten ----------------

# How to make a row pointing at ``client`` through each relation to Client, by the related model's label. A
# relation added to Client without a builder here fails the test below: say how to make one, and the merge moves it.
def _builders(user) -> dict[str, Callable[[Client], Any]]:
    return {
        "clients.Client": lambda client: ClientFactory(centre=client.centre, merged_into=client, status="merged"),
        "clients.Consent": lambda client: ConsentFactory(client=client, recorded_by=user),
        "clients.ContactPerson": lambda client: ContactPersonFactory(client=client),
        "clients.Referral": lambda client: ReferralFactory(client=client, received_by=user),
        "clients.Assessment": lambda client: AssessmentFactory(client=client, assessor=user),
        "clients.ClientAccessLog": lambda client: ClientAccessLog.objects.create(
            centre=client.centre, client=client, user=user, role="coordinator", action="view"
        ),
        "clients.Participation": lambda client: ParticipationFactory(client=client),
        "plans.Plan": lambda client: PlanFactory(client=client, coordinator=user),
        "volunteers.VolunteerAssignment": lambda client: AssignmentFactory(
            volunteer=VolunteerFactory(centre=client.centre), client=client, community_activity=""
        ),
        "retention.LegalHold": lambda client: LegalHold.objects.create(
            centre=client.centre, client=client, reason="Court case", placed_by=user
        ),
        "retention.SubjectAccessExport": lambda client: SubjectAccessExport.objects.create(
            centre=client.centre, client=client, requested_by=user, language="pl",
            task_run=TaskRun.objects.create(centre=client.centre, kind="subject_export", task_name="t"),
        ),
        "retention.ErasureRequest": lambda client: ErasureRequest.objects.create(
            centre=client.centre, client=client, received_on=dt.date(2026, 1, 2), channel="letter", recorded_by=user
        ),
        # One-to-one: a client has it once; a merge of a record that has one is refused (test below).
        "retention.Anonymisation": lambda client: Anonymisation.objects.create(
            centre=client.centre, client=client, category="erasure"
        ),
    }


def test_the_merge_moves_every_row_pointing_at_the_absorbed_record(api, manager, coordinator, pair):
    survivor, absorbed = pair
    builders = _builders(coordinator)
    third = ClientFactory(centre=survivor.centre, birth_date=dt.date(1970, 1, 1))
    made: list[tuple[Any, Any]] = []
    for rel in Client._meta.related_objects:
        label = rel.related_model._meta.label
        if rel.many_to_many:
            assert (label, rel.field.name) == ("clients.Client", "distinct_from"), f"add a check for {label}"
            absorbed.distinct_from.add(third)
            continue
        if rel.one_to_one:
            assert label in builders, f"say how to make a {label} in _builders"
            continue
        assert label in builders, f"a new relation to Client: say how to make a {label} in _builders"
        made.append((rel, builders[label](absorbed)))

    response = merge(api(manager), survivor, absorbed)
    assert response.status_code == 200, response.json()

    for rel, row in made:
        row.refresh_from_db()
        assert getattr(row, rel.field.attname) == survivor.pk, f"{rel.related_model._meta.label} was not moved"
    assert list(survivor.distinct_from.all()) == [third]
    assert list(absorbed.distinct_from.all()) == []


def test_a_record_with_a_one_to_one_link_is_not_merged(api, manager, coordinator, pair):
    survivor, absorbed = pair
    for rel in Client._meta.related_objects:
        if rel.one_to_one:
            _builders(coordinator)[rel.related_model._meta.label](absorbed)
    response = merge(api(manager), survivor, absorbed)
    assert response.status_code == 409
    assert response.json()["code"] == "merge_conflict"
    assert Client.objects.get(pk=absorbed.pk).merged_into_id is None


# --- History, the absorbed record, the survivor -------------------------------------------------------------------


def test_the_merge_is_in_the_history_of_both_records_with_who_and_why(api, manager, pair):
    survivor, absorbed = pair
    assert merge(api(manager), survivor, absorbed, reason="Same phone, same address").status_code == 200
    on_absorbed = Client.history.filter(id=absorbed.pk).latest("history_date")
    on_survivor = Client.history.filter(id=survivor.pk).latest("history_date")
    assert on_absorbed.history_user_id == on_survivor.history_user_id == manager.pk
    assert on_absorbed.history_change_reason == f"merged into {survivor.reference}: Same phone, same address"
    assert on_survivor.history_change_reason == f"{absorbed.reference} merged into this record: Same phone, same address"
    assert on_absorbed.status == "merged"
    assert on_absorbed.merged_into_id == survivor.pk


def test_moved_rows_have_a_history_entry_naming_the_merge(api, manager, coordinator, pair):
    survivor, absorbed = pair
    consent = ConsentFactory(client=absorbed, recorded_by=coordinator)
    merge(api(manager), survivor, absorbed)
    record = consent.history.latest("history_date")
    assert record.client_id == survivor.pk
    assert record.history_user_id == manager.pk
    assert record.history_change_reason.startswith(f"client {absorbed.reference} merged into {survivor.reference}")


def test_the_survivor_takes_what_only_the_absorbed_record_had(api, manager, pair):
    survivor, absorbed = pair
    body = merge(api(manager), survivor, absorbed).json()
    assert body["id"] == str(survivor.pk)
    assert body["national_id"] == "48050200000"  # the survivor had none
    assert body["phone"] == "+48 600 1"
    survivor.refresh_from_db()
    assert survivor.first_name == "Róża"  # what both have stays the survivor's


def test_the_absorbed_record_leaves_lists_and_reads_point_to_the_survivor(api, manager, coordinator, pair):
    survivor, absorbed = pair
    merge(api(manager), survivor, absorbed)
    client = api(coordinator)
    ids = [row["id"] for row in client.get("/api/v1/clients/").json()["results"]]
    assert str(absorbed.pk) not in ids
    assert str(survivor.pk) in ids
    response = client.get(f"/api/v1/clients/{absorbed.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "merged"
    assert response.json()["merged_into"] == str(survivor.pk)
    assert response.json()["merged_into_reference"] == survivor.reference


def test_the_absorbed_record_refuses_writes(api, manager, coordinator, pair, as_actor):
    survivor, absorbed = pair
    merge(api(manager), survivor, absorbed)
    client = api(coordinator)
    assert client.patch(f"/api/v1/clients/{absorbed.pk}/", {"phone": "1"}).status_code == 404
    response = client.post("/api/v1/contacts/", {"client": str(absorbed.pk), "name": "Daughter"})
    assert response.status_code == 400
    assert "client" in response.json()
    absorbed.refresh_from_db()
    with pytest.raises(services.records.Conflict):
        services.create_contact(actor=as_actor(coordinator), client=absorbed, name="Daughter")
    assert merge(api(manager), survivor, absorbed).status_code == 400  # no longer a record one can name


def test_two_ongoing_plans_are_refused_with_the_reason_and_nothing_moves(api, manager, coordinator, pair):
    survivor, absorbed = pair
    PlanFactory(client=survivor, coordinator=coordinator, status="active")
    plan = PlanFactory(client=absorbed, coordinator=coordinator, status="active")
    consent = ConsentFactory(client=absorbed, recorded_by=coordinator)
    response = merge(api(manager), survivor, absorbed)
    assert response.status_code == 409
    assert response.json()["code"] == "merge_conflict"
    assert "active plan" in response.json()["detail"]
    plan.refresh_from_db(), consent.refresh_from_db()
    assert plan.client_id == consent.client_id == absorbed.pk
    assert Client.objects.get(pk=absorbed.pk).merged_into_id is None


def test_two_open_participations_in_one_project_are_refused(api, manager, pair):
    survivor, absorbed = pair
    project = FundingSourceFactory(centre=survivor.centre)
    ParticipationFactory(client=survivor, funding_source=project)
    ParticipationFactory(client=absorbed, funding_source=project)
    assert merge(api(manager), survivor, absorbed).status_code == 409


def test_a_closed_plan_moves_beside_the_survivors_active_one(api, manager, coordinator, pair):
    survivor, absorbed = pair
    PlanFactory(client=survivor, coordinator=coordinator, status="active")
    closed = PlanFactory(client=absorbed, coordinator=coordinator, status="closed")
    assert merge(api(manager), survivor, absorbed).status_code == 200
    closed.refresh_from_db()
    assert closed.client_id == survivor.pk


@pytest.mark.parametrize(("body", "field"), [
    ({"reason": ""}, "reason"),
    ({"reason": "   "}, "reason"),
    ({}, "reason"),
])
def test_a_merge_needs_a_reason(api, manager, pair, body, field):
    survivor, absorbed = pair
    response = api(manager).post(f"/api/v1/clients/{survivor.pk}/merge/", {"absorbed": str(absorbed.pk), **body})
    assert response.status_code == 400
    assert field in response.json()
    assert Client.objects.get(pk=absorbed.pk).merged_into_id is None


def test_a_record_is_not_merged_into_itself(api, manager, pair):
    survivor, _absorbed = pair
    response = merge(api(manager), survivor, survivor)
    assert response.status_code == 400
    assert "absorbed" in response.json()


# --- Who may list duplicates and merge --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "admin_user"])
def test_managers_and_administrators_list_likely_duplicates(api, request, pair, centre, who):
    survivor, absorbed = pair
    ClientFactory(centre=centre, first_name="Piotr", last_name="Nowak", birth_date=BIRTH, sex="male")
    response = api(request.getfixturevalue(who)).get("/api/v1/clients/duplicates/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert {item["left"]["id"], item["right"]["id"]} == {str(survivor.pk), str(absorbed.pk)}
    assert 0.6 <= item["score"] <= 1
    assert "national_id" not in item["left"]  # special-category data: never in a list
    assert {item["left"]["has_national_id"], item["right"]["has_national_id"]} == {True, False}
    # Contact details side by side: the read is in both records' access log.
    logged = ClientAccessLog.objects.filter(user=request.getfixturevalue(who), action="list")
    assert set(logged.values_list("client_id", flat=True)) == {survivor.pk, absorbed.pk}


@pytest.mark.parametrize("who", ["coordinator", "provider_staff", "volunteer"])
def test_other_roles_neither_list_duplicates_nor_merge(api, request, pair, who):
    survivor, absorbed = pair
    client = api(request.getfixturevalue(who))
    assert client.get("/api/v1/clients/duplicates/").status_code == 404
    assert merge(client, survivor, absorbed).status_code in (403, 404)
    assert Client.objects.get(pk=absorbed.pk).merged_into_id is None


def test_pairs_confirmed_as_different_persons_and_merged_records_are_not_listed(api, manager, pair):
    survivor, absorbed = pair
    survivor.distinct_from.add(absorbed)
    assert api(manager).get("/api/v1/clients/duplicates/").json()["count"] == 0
    survivor.distinct_from.clear()
    merge(api(manager), survivor, absorbed)
    assert api(manager).get("/api/v1/clients/duplicates/").json()["count"] == 0


def test_another_centres_records_are_neither_listed_nor_merged(api, manager, member, other_centre, pair):
    survivor, absorbed = pair
    foreign = ClientFactory(centre=other_centre, first_name="Róża", last_name="Audyt", birth_date=BIRTH)
    ClientFactory(centre=other_centre, first_name="Roza", last_name="Audyt", birth_date=BIRTH)
    assert api(manager).get("/api/v1/clients/duplicates/").json()["count"] == 1
    assert merge(api(manager), survivor, foreign).status_code == 400  # not a record the manager can name
    assert api(manager).post(f"/api/v1/clients/{foreign.pk}/merge/",
                             {"absorbed": str(absorbed.pk), "reason": "x"}).status_code == 404
    other_manager = member("manager", other_centre)
    assert merge(api(other_manager), survivor, absorbed).status_code == 404
    assert Client.objects.filter(merged_into__isnull=False).count() == 0


def test_the_duplicates_list_runs_a_fixed_number_of_queries(api, manager, centre):
    def pairs(start: int, n: int) -> None:
        for i in range(start, start + n):
            born = dt.date(1930, 1, 1) + dt.timedelta(days=i)
            ClientFactory(centre=centre, first_name="Róża", last_name=f"Audyt{'x' * (i % 3)}", birth_date=born)
            ClientFactory(centre=centre, first_name="Roza", last_name=f"Audyt{'x' * (i % 3)}", birth_date=born)

    client = api(manager)
    pairs(0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/clients/duplicates/").json()["count"] == 2
    pairs(2, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/clients/duplicates/").json()["count"] == 12
    assert len(many) == len(few)
