"""A month closed for reporting takes no new, changed or correcting logs until it is re-opened.

The reports app closes and re-opens months; it tells deliveries through ``services.close_month_to_logs`` and
``services.reopen_month_to_logs``, and deliveries answer ``selectors.is_month_closed`` from their own table:
deliveries never ask reports.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cus.core.context import actor_for
from cus.core.errors import NotAllowed
from cus.deliveries import selectors, services
from cus.deliveries.models import ClosedMonth, Delivery

from .conftest import URL
from .helpers import approved, log


@pytest.fixture
def close(world, manager):
    def close_month(day: dt.date) -> None:
        services.close_month_to_logs(actor=actor_for(manager), month=day)

    return close_month


def test_a_closed_month_is_closed_on_every_day_of_it_and_only_in_its_centre(world, close, other_centre):
    close(world.day)
    assert ClosedMonth.objects.get().month == world.day.replace(day=1)
    for day in (world.day.replace(day=1), world.day, world.day.replace(day=28)):
        assert selectors.is_month_closed(world.centre.pk, day)
    assert not selectors.is_month_closed(world.centre.pk, world.today)
    assert not selectors.is_month_closed(other_centre.pk, world.day)
    close(world.day.replace(day=20))  # closing it again changes nothing
    assert ClosedMonth.objects.count() == 1


def test_a_log_into_a_closed_month_is_a_409_naming_the_date(world, close):
    close(world.day)
    response = world.log()
    assert response.status_code == 409, response.content
    body = response.json()
    assert (body["code"], body["field"]) == ("month_closed", "date")
    assert f"{world.day:%Y-%m}" in body["detail"]
    assert not Delivery.objects.exists()


def test_a_log_of_a_closed_month_is_not_edited_and_none_is_moved_into_it(world, close):
    in_closed = log(world)
    in_open = log(world, date=world.today, start_time=dt.time(15))
    close(world.day)
    client = world.api(world.staff)
    assert client.patch(f"{URL}{in_closed.pk}/", {"note": "late"}, format="json").status_code == 409
    moved = client.patch(f"{URL}{in_open.pk}/", {"date": world.day.isoformat()}, format="json")
    assert moved.status_code == 409
    assert moved.json()["code"] == "month_closed"


def test_no_correcting_entry_is_dated_in_a_closed_month(world, close, manager):
    original = log(world, date=world.day.replace(day=3))
    approved(world, manager)
    close(world.today)  # the month a correcting entry is dated in by default
    response = world.api(world.staff).post(
        f"{URL}{original.pk}/correct/", {"units": "1.00", "duration_minutes": 60, "reason": "shorter"}, format="json"
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("month_closed", "date")
    assert "closed for reporting" in response.json()["detail"]


def test_a_re_opened_month_takes_logs_again(world, close, manager):
    close(world.day)
    services.reopen_month_to_logs(actor=actor_for(manager), month=world.day)
    assert not selectors.is_month_closed(world.centre.pk, world.day)
    assert world.log().status_code == 201


def test_only_those_who_close_months_close_them_to_logs(world, coordinator):
    with pytest.raises(NotAllowed):
        services.close_month_to_logs(actor=actor_for(coordinator), month=world.day)
    with pytest.raises(NotAllowed):
        services.reopen_month_to_logs(actor=actor_for(world.staff), month=world.day)
    assert not ClosedMonth.objects.exists()
