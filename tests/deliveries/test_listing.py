"""deliveries/ GET: who sees which logs, filters, ordering and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.models import Membership, Role

from .conftest import URL, assigned_service
from .helpers import log


def ids(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two_providers(world, other_provider_staff, centre):
    """A log of world's provider and one of another provider of the same centre."""
    other_provider = Membership.objects.get(user=other_provider_staff).provider
    theirs_service = assigned_service(centre, other_provider)
    ours = log(world)
    theirs = log(world, user=other_provider_staff, planned_service=theirs_service.pk, worker_name="Jan")
    return ours, theirs


def test_provider_staff_see_only_their_providers_logs(world, two_providers, other_provider_staff):
    ours, theirs = two_providers
    assert ids(world.api(world.staff).get(URL)) == {str(ours.pk)}
    assert ids(world.api(other_provider_staff).get(URL)) == {str(theirs.pk)}
    assert world.api(world.staff).get(f"{URL}{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_see_every_log_of_the_centre(world, two_providers, member, centre, role):
    assert ids(world.api(member(role, centre)).get(URL)) == {str(d.pk) for d in two_providers}


def test_volunteers_see_no_logs(world, two_providers, volunteer):
    assert ids(world.api(volunteer).get(URL)) == set()
    assert world.api(volunteer).get(f"{URL}{two_providers[0].pk}/").status_code == 404


def test_another_centre_sees_nothing(world, two_providers, member, other_centre):
    stranger = member(Role.MANAGER, other_centre)
    assert ids(world.api(stranger).get(URL)) == set()
    assert world.api(stranger).get(f"{URL}{two_providers[0].pk}/").status_code == 404


def test_logs_are_filtered(world, two_providers, manager):
    ours, theirs = two_providers
    absent = log(world, date=world.today, outcome="client_absent", start_time=dt.time(7))
    client = world.api(manager)
    assert ids(client.get(URL, {"provider": str(world.provider.pk)})) == {str(ours.pk), str(absent.pk)}
    assert ids(client.get(URL, {"client": str(theirs.client_id)})) == {str(theirs.pk)}
    assert ids(client.get(URL, {"planned_service": str(world.service.pk)})) == {str(ours.pk), str(absent.pk)}
    assert ids(client.get(URL, {"month": f"{world.today:%Y-%m}"})) == {str(absent.pk)}
    assert ids(client.get(URL, {"outcome": "client_absent"})) == {str(absent.pk)}
    assert ids(client.get(URL, {"status": "logged"})) == {str(ours.pk), str(theirs.pk), str(absent.pk)}
    assert ids(client.get(URL, {"date_from": world.today.isoformat()})) == {str(absent.pk)}
    assert ids(client.get(URL, {"date_to": world.day.isoformat()})) == {str(ours.pk), str(theirs.pk)}


@pytest.mark.parametrize(("name", "value"), [("month", "2026-1"), ("date_from", "yesterday"), ("status", "lost")])
def test_bad_filters_are_400_naming_them(world, manager, name, value):
    response = world.api(manager).get(URL, {name: value})
    assert response.status_code == 400
    assert name in response.json()


def test_logs_are_ordered_by_date(world):
    log(world, date=world.day.replace(day=3))
    log(world, date=world.day.replace(day=20))
    log(world, date=world.day.replace(day=12))
    rows = world.api(world.staff).get(URL, {"ordering": "date"}).json()["results"]
    assert [row["date"][-2:] for row in rows] == ["03", "12", "20"]
    rows = world.api(world.staff).get(URL).json()["results"]
    assert [row["date"][-2:] for row in rows] == ["20", "12", "03"]


def test_list_queries_do_not_grow_with_the_number_of_logs(world, manager, centre):
    client = world.api(manager)
    log(world)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = count_queries()
    for day in range(1, 9):
        service = assigned_service(centre, world.provider)
        log(world, planned_service=service.pk, date=world.day.replace(day=day), worker_name=f"Worker {day}")
    assert count_queries() == few
    assert few <= 4


@pytest.mark.parametrize("url", [URL, "/api/v1/statements/"])
@pytest.mark.parametrize("month", ["1899-12", "3000-01", "2026-13"])
def test_a_month_outside_1900_to_2999_is_a_400_with_the_one_month_text(world, manager, url, month):
    response = world.api(manager).get(url, {"month": month})
    assert response.status_code == 400
    assert response.json()["month"] == ["Enter a month as YYYY-MM, with a year from 1900 to 2999."]


def test_the_month_filter_takes_the_months_first_and_last_day(world, manager):
    first = log(world, date=world.day.replace(day=1), start_time=dt.time(7))
    last_day = (world.day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    last = log(world, date=last_day, start_time=dt.time(7))
    log(world, date=last_day + dt.timedelta(days=1), start_time=dt.time(7))
    assert ids(world.api(manager).get(URL, {"month": world.month()})) == {str(first.pk), str(last.pk)}


def test_each_log_says_whether_the_reader_coordinates_its_client(world, two_providers, coordinator2, manager):
    """The screen offers confirm, dispute and correct only where the API allows them: the client's coordinator."""
    ours, _theirs = two_providers  # ours: a service of world.coordinator's plan; theirs: another coordinator's
    def mine(user) -> dict[str, bool]:
        return {row["id"]: row["coordinated_by_me"] for row in world.api(user).get(URL).json()["results"]}

    assert mine(world.coordinator)[str(ours.pk)] is True
    assert mine(coordinator2)[str(ours.pk)] is False
    assert set(mine(manager).values()) == {False}
    assert set(mine(world.staff).values()) == {False}
    assert world.api(world.coordinator).get(f"{URL}{ours.pk}/").json()["coordinated_by_me"] is True
