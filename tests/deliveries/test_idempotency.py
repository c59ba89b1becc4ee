"""Retries: the same Idempotency-Key or client_uuid returns the first result and creates nothing new."""

import uuid

from cus.deliveries.models import Delivery

from .conftest import URL


def post(world, user=None, key=None, **overrides):
    headers = {"Idempotency-Key": key} if key else {}
    return world.api(user or world.staff).post(URL, world.payload(**overrides), format="json", headers=headers)


def test_a_retry_with_the_same_key_returns_the_first_result(world):
    first = post(world, key="phone-42-visit-7")
    assert first.status_code == 201
    retry = post(world, key="phone-42-visit-7")
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert Delivery.objects.count() == 1


def test_a_key_reused_for_other_content_is_a_conflict(world):
    assert post(world, key="k1").status_code == 201
    response = post(world, key="k1", start_time="14:00")
    assert response.status_code == 409
    assert response.json()["field"] == "Idempotency-Key"
    assert Delivery.objects.count() == 1


def test_keys_belong_to_their_user(world, member, centre):
    from cus.core.models import Role

    colleague = member(Role.PROVIDER, centre, provider=world.provider)
    assert post(world, key="k1").status_code == 201
    assert post(world, user=colleague, key="k1", start_time="14:00", worker_name="Ewa").status_code == 201
    assert Delivery.objects.count() == 2


def test_a_retry_with_the_same_client_uuid_returns_the_first_result(world):
    client_uuid = str(uuid.uuid4())
    first = post(world, client_uuid=client_uuid)
    assert first.status_code == 201
    assert first.json()["client_uuid"] == client_uuid
    retry = post(world, client_uuid=client_uuid)
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert Delivery.objects.count() == 1


def test_a_client_uuid_reused_for_other_content_is_a_conflict(world):
    client_uuid = str(uuid.uuid4())
    assert post(world, client_uuid=client_uuid).status_code == 201
    response = post(world, client_uuid=client_uuid, note="changed")
    assert response.status_code == 409
    assert response.json()["field"] == "client_uuid"
    assert Delivery.objects.count() == 1


def test_another_providers_client_uuid_is_a_conflict_that_reveals_nothing(world, other_provider_staff, centre):
    from .conftest import assigned_service

    client_uuid = str(uuid.uuid4())
    assert post(world, client_uuid=client_uuid).status_code == 201
    from cus.core.models import Membership

    theirs = assigned_service(centre, Membership.objects.get(user=other_provider_staff).provider)
    response = post(world, user=other_provider_staff, client_uuid=client_uuid, planned_service=str(theirs.pk))
    assert response.status_code == 409
    assert set(response.json()) == {"detail", "code", "field"}


def test_a_retry_after_a_refusal_is_checked_again(world):
    from decimal import Decimal

    world.line.max_units = Decimal("1")
    world.line.save()
    assert post(world, key="k1").status_code == 409
    world.line.max_units = Decimal("10")
    world.line.save()
    assert post(world, key="k1").status_code == 201


def test_a_retry_returns_the_log_as_it_is_now(world):
    first = post(world, key="k1").json()
    world.api(world.staff).patch(f"{URL}{first['id']}/", {"note": "fixed"}, format="json")
    retry = post(world, key="k1")
    assert retry.status_code == 200
    assert (retry.json()["id"], retry.json()["note"]) == (first["id"], "fixed")


def test_an_overlong_key_is_refused(world):
    response = post(world, key="k" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
