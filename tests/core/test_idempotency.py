"""cus.core.idempotency: one Idempotency-Key helper for every create a client may retry (deliveries, volunteer hours).

A retry with the same key and content gets the first result (created=False) and creates nothing; the same key with
other content is a 409 naming the header; keys are per user, centre and endpoint; a refused request leaves no key.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cus.core import idempotency
from cus.core.context import Actor, actor_for
from cus.core.errors import Conflict, ValidationError
from cus.core.models import IdempotencyKey, Role, TaskRun

pytestmark = pytest.mark.django_db


class Creates:
    """A stand-in for a service's create: makes ``count`` rows (TaskRun, any model will do) and counts its calls."""

    def __init__(self, count: int = 1) -> None:
        self.count = count
        self.calls = 0

    def __call__(self) -> tuple[list[TaskRun], bool]:
        self.calls += 1
        return [TaskRun.objects.create(kind="test", task_name=f"row {n}") for n in range(self.count)], True


def once(actor: Actor, key: str | None, create: Creates, *, content: object = "content", endpoint: str = "test.create"):
    return idempotency.once(
        actor=actor, endpoint=endpoint, key=key, fingerprint=idempotency.fingerprint(content), model=TaskRun,
        create=create,
    )


@pytest.fixture
def actor(member, centre) -> Actor:
    return actor_for(member(Role.COORDINATOR, centre))


def test_without_a_key_every_request_creates(actor):
    create = Creates()
    assert once(actor, None, create)[1] is True
    assert once(actor, "  ", create)[1] is True
    assert create.calls == 2
    assert not IdempotencyKey.objects.exists()


def test_a_retry_gets_the_first_result_in_its_order_and_creates_nothing(actor):
    create = Creates(count=3)
    first, created = once(actor, "phone-42-visit-7", create)
    retry, created_again = once(actor, "phone-42-visit-7", create)
    assert (created, created_again) == (True, False)
    assert [row.pk for row in retry] == [row.pk for row in first]
    assert create.calls == 1
    record = IdempotencyKey.objects.get()
    assert (record.user, record.centre_id, record.endpoint) == (actor.user, actor.centre_id, "test.create")
    assert record.result == [str(row.pk) for row in first]


def test_a_retry_gets_the_rows_as_they_are_now(actor):
    create = Creates()
    [row], _ = once(actor, "k1", create)
    TaskRun.objects.filter(pk=row.pk).update(message="changed since")
    [again], _ = once(actor, "k1", create)
    assert again.message == "changed since"


def test_the_same_key_for_other_content_is_a_conflict_naming_the_header(actor):
    create = Creates()
    once(actor, "k1", create, content={"minutes": 60})
    with pytest.raises(Conflict) as refused:
        once(actor, "k1", create, content={"minutes": 90})
    assert (refused.value.code, refused.value.extra["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert create.calls == 1


def test_keys_are_the_users_own_per_centre_and_endpoint(actor, member, centre, other_centre):
    create = Creates()
    once(actor, "k1", create)
    colleague = actor_for(member(Role.COORDINATOR, centre))
    assert once(colleague, "k1", create, content="other")[1] is True
    assert once(actor, "k1", create, content="other", endpoint="test.other")[1] is True
    member_elsewhere = member(Role.COORDINATOR, other_centre)
    assert once(actor_for(member_elsewhere), "k1", create, content="other")[1] is True
    assert create.calls == 4


def test_a_refused_request_leaves_no_key_and_its_retry_is_checked_again(actor):
    def refuse() -> tuple[list[TaskRun], bool]:
        TaskRun.objects.create(kind="test", task_name="half-written")
        raise Conflict("No room left.", code="units_exceeded")

    with pytest.raises(Conflict):
        once(actor, "k1", refuse)
    assert not IdempotencyKey.objects.exists()
    assert not TaskRun.objects.exists()
    assert once(actor, "k1", Creates())[1] is True


def test_an_overlong_key_is_a_400_naming_the_header(actor):
    with pytest.raises(ValidationError) as refused:
        once(actor, "k" * 256, Creates())
    assert "Idempotency-Key" in refused.value.message_dict
    assert once(actor, "k" * 255, Creates())[1] is True


def test_the_fingerprint_is_the_content_not_its_key_order():
    assert idempotency.fingerprint({"a": 1, "b": "x"}) == idempotency.fingerprint({"b": "x", "a": 1})
    assert idempotency.fingerprint({"a": 1}) != idempotency.fingerprint({"a": 2})


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL; SQLite's in-memory test database refuses concurrent writers",
)
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_creates_once(member, centre):
    actor = actor_for(member(Role.COORDINATOR, centre))
    start = threading.Barrier(2)
    outcomes: list[tuple[bool, str]] = []

    def send() -> None:
        try:
            start.wait()
            [row], created = once(actor, "at-once", Creates())
            outcomes.append((created, str(row.pk)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created for created, _ in outcomes) == [False, True]
    assert len({pk for _, pk in outcomes}) == 1
    assert TaskRun.objects.count() == 1
