"""deliveries/bulk/: a list of logs, all or nothing, with every row's errors."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from cus.core.models import Role
from cus.deliveries.models import Delivery

BULK = "/api/v1/deliveries/bulk/"


def rows(world, count, **overrides):
    return [
        world.payload(date=(world.day + dt.timedelta(days=index)).isoformat(), **overrides) for index in range(count)
    ]


def post(world, data, user=None, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return world.api(user or world.staff).post(BULK, data, format="json", headers=headers)


def test_a_batch_is_logged_in_order(world):
    response = post(world, rows(world, 3))
    assert response.status_code == 201, response.json()
    assert [row["date"] for row in response.json()] == [
        (world.day + dt.timedelta(days=index)).isoformat() for index in range(3)
    ]
    assert Delivery.objects.count() == 3


def test_one_bad_row_refuses_the_whole_batch_naming_row_and_field(world):
    data = rows(world, 3)
    data[1]["date"] = (world.today + dt.timedelta(days=3)).isoformat()
    response = post(world, data)
    assert response.status_code == 400
    assert response.json()["rows"] == [{"index": 1, "errors": {"date": [response.json()["rows"][0]["errors"]["date"][0]]}}]
    assert "future" in response.json()["rows"][0]["errors"]["date"][0]
    assert not Delivery.objects.exists()


def test_every_rows_errors_come_at_once(world, other_provider_staff):
    data = rows(world, 4)
    data[0]["duration_minutes"] = "long"  # not even parsed
    data[2]["planned_service"] = str(uuid.uuid4())  # not found
    data[3] = "not an object"
    response = post(world, data)
    assert response.status_code == 400
    by_index = {row["index"]: row["errors"] for row in response.json()["rows"]}
    assert set(by_index) == {0, 2, 3}
    assert "duration_minutes" in by_index[0]
    assert "planned_service" in by_index[2]
    assert "non_field_errors" in by_index[3]
    assert not Delivery.objects.exists()


def test_rows_are_checked_against_each_other_for_overlaps(world):
    data = [world.payload(start_time="09:00"), world.payload(start_time="10:00")]
    response = post(world, data)
    assert response.status_code == 400
    assert response.json()["rows"][0]["index"] == 1
    assert "start_time" in response.json()["rows"][0]["errors"]
    assert not Delivery.objects.exists()


def test_rows_are_checked_against_each_other_for_the_budget(world):
    world.line.max_units = Decimal("4")
    world.line.save()
    response = post(world, rows(world, 3))  # 1.5 units each
    assert response.status_code == 400
    assert [row["index"] for row in response.json()["rows"]] == [2]
    assert "1.00" in response.json()["rows"][0]["errors"]["units"][0]
    assert not Delivery.objects.exists()


def test_a_client_uuid_twice_in_a_batch_is_refused(world):
    same = str(uuid.uuid4())
    data = rows(world, 2)
    data[0]["client_uuid"] = data[1]["client_uuid"] = same
    response = post(world, data)
    assert response.status_code == 400
    assert response.json()["rows"][0] == {"index": 1, "errors": {"client_uuid": [response.json()["rows"][0]["errors"]["client_uuid"][0]]}}


def test_a_batch_retried_with_its_key_returns_the_first_result(world):
    first = post(world, rows(world, 2), key="sync-2026-11-20")
    assert first.status_code == 201
    retry = post(world, rows(world, 2), key="sync-2026-11-20")
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert Delivery.objects.count() == 2
    assert post(world, rows(world, 1), key="sync-2026-11-20").status_code == 409


def test_a_batch_retried_with_client_uuids_creates_nothing_new(world):
    data = rows(world, 2)
    for row in data:
        row["client_uuid"] = str(uuid.uuid4())
    first = post(world, data)
    assert first.status_code == 201
    retry = post(world, data)
    assert retry.status_code == 200
    assert [row["id"] for row in retry.json()] == [row["id"] for row in first.json()]
    assert Delivery.objects.count() == 2


def test_a_row_with_another_providers_planned_service_is_not_found(world, other_provider_staff):
    response = post(world, rows(world, 1), user=other_provider_staff)
    assert response.status_code == 400
    assert "planned_service" in response.json()["rows"][0]["errors"]


@pytest.mark.parametrize("data", [[], {"planned_service": "x"}, "nothing"])
def test_a_batch_must_be_a_non_empty_list(world, data):
    response = post(world, data)
    assert response.status_code == 400
    assert response.json()["rows"] == []  # the request as a whole, in the shape the rows' errors have (BulkError)
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"]


def test_a_batch_holds_at_most_500_rows(world):
    response = post(world, [world.payload()] * 501)
    assert response.status_code == 400
    assert "500" in response.json()["detail"]
    assert response.json()["rows"] == []


def test_a_too_long_idempotency_key_is_a_400_in_the_batch_s_error_shape(world):
    response = post(world, rows(world, 1), key="k" * 256)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_key"
    assert response.json()["rows"] == []


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.VOLUNTEER])
def test_only_provider_staff_log_in_bulk(world, member, centre, role):
    assert post(world, rows(world, 1), user=member(role, centre)).status_code == 403
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(("body", "headers"), [
    ('[{"planned_service": ', {}),  # not JSON
    ("[]", {"Idempotency-Key": "k" * 500}),  # a key longer than allowed
])
def test_a_request_refused_before_its_rows_are_read_answers_in_the_bulk_shape(world, body, headers):
    response = world.api(world.staff).generic("POST", BULK, body, content_type="application/json", headers=headers)
    assert response.status_code == 400, response.content
    answer = response.json()
    assert set(answer) == {"detail", "code", "rows"}
    assert answer["detail"]
    assert answer["rows"] == []
    assert not Delivery.objects.exists()
