"""One audit timeline (cus.core.history): changes named by field labels in the reader's language, values as a
reader reads them, related records by name; a constant number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cus.clients.models import Client, Consent
from cus.core.history import HistorySource, Timeline, object_timeline, stamp
from cus.core.models import Role
from tests.factories import ClientFactory


def _client_timeline() -> Timeline:
    return Timeline("test-client").add(
        HistorySource("client", Client, lambda client: Client.history.filter(id=client.pk)),
        HistorySource("consent", Consent, lambda client: Consent.history.filter(client_id=client.pk),
                      frozenset({"client"})),
    )


@pytest.fixture
def coordinators(member, centre):
    return (member(Role.COORDINATOR, centre, first_name="Anna", last_name="Nowak"),
            member(Role.COORDINATOR, centre, first_name="Jan", last_name="Kowal"))


def _change(client: Client, user, reason: str, **fields) -> None:
    for name, value in fields.items():
        setattr(client, name, value)
    stamp(client, user=user, reason=reason)
    client.save()


@pytest.mark.django_db
def test_a_change_reads_in_the_readers_language(centre, coordinators):
    anna, jan = coordinators
    client = ClientFactory(centre=centre, coordinator=anna, sex="female", lives_alone=None)
    _change(client, anna, "moved in with her daughter", lives_alone=False, coordinator=jan)
    timeline = _client_timeline()
    with translation.override("pl"):
        newest, created = timeline.entries(timeline.index(client))
    assert newest.change_type == "changed"
    assert newest.reason == "moved in with her daughter"
    assert newest.user == anna
    changes = {change.field: change for change in newest.changes}
    assert set(changes) == {"lives_alone", "coordinator"}
    assert changes["lives_alone"].label == "Mieszka samotnie"
    assert (changes["lives_alone"].old_display, changes["lives_alone"].new_display) == (None, "nie")
    assert changes["coordinator"].old == str(anna.pk)
    assert changes["coordinator"].new == str(jan.pk)
    assert (changes["coordinator"].old_display, changes["coordinator"].new_display) == (str(anna), str(jan))
    assert created.change_type == "created"
    sex = next(change for change in created.changes if change.field == "sex")
    assert sex.new == "female"
    assert sex.new_display == "Kobieta"
    assert "id" not in {change.field for change in created.changes}  # bookkeeping is left out


@pytest.mark.django_db
def test_a_deleted_related_record_is_said_to_be_deleted(centre, coordinators, member):
    anna, _jan = coordinators
    gone = member(Role.COORDINATOR, centre, first_name="Ewa", last_name="Gone")
    client = ClientFactory(centre=centre, coordinator=gone)
    _change(client, anna, "Ewa left", coordinator=anna)
    gone.memberships.all().delete()
    gone.delete()
    timeline = _client_timeline()
    newest = timeline.entries(timeline.index(client))[0]
    assert newest.changes[0].old_display == "(deleted record)"


@pytest.mark.django_db
def test_a_page_costs_the_same_number_of_queries_whatever_its_size(centre, coordinators):
    anna, jan = coordinators
    few, many = ClientFactory(centre=centre, coordinator=anna), ClientFactory(centre=centre, coordinator=anna)
    for index in range(2):
        _change(few, anna, f"change {index}", coordinator=jan if index % 2 == 0 else anna)
    for index in range(12):
        _change(many, anna, f"change {index}", coordinator=jan if index % 2 == 0 else anna, phone=f"+48 600 000 0{index:02d}")
    timeline = _client_timeline()

    def queries(client: Client) -> int:
        with CaptureQueriesContext(connection) as captured:
            timeline.entries(list(timeline.index(client)))
        return len(captured)

    assert queries(few) == queries(many)


@pytest.mark.django_db
def test_one_record_has_a_timeline_too(centre, coordinators):
    anna, _jan = coordinators
    client = ClientFactory(centre=centre, coordinator=anna)
    _change(client, anna, "new phone", phone="+48 600 100 200")
    timeline = object_timeline(client)
    entries = timeline.entries(timeline.index(client))
    assert [entry.change_type for entry in entries] == ["changed", "created"]
    assert entries[0].model == "client"
    assert entries[0].model_label == "Client"
