"""The reminder scan works in sets: its queries do not grow with the subjects it looks at, a scan that finds
nothing new writes nothing, notices are raised a chunk at a time (one SELECT and one INSERT ... ON CONFLICT DO
NOTHING per chunk) and read lazily from the rule's candidates."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.models import Role
from cus.notifications import rules, services
from cus.notifications.models import Notification, NotificationKind
from tests.clients.factories import ConsentFactory
from tests.factories import ClientFactory, PlanFactory

TODAY = dt.date(2026, 3, 10)


def statements(function) -> list[str]:  # type: ignore[no-untyped-def]
    """The statements a call sends, but savepoints."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]


def due(centre, coordinator, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` plans due for review and as many consents expiring, each of their own client."""
    for _ in range(count):
        client = ClientFactory(centre=centre, coordinator=coordinator)
        PlanFactory(client=client, coordinator=coordinator, status="active", next_review_date=TODAY)
        ConsentFactory(client=client, valid_until=TODAY + dt.timedelta(days=10))


def scan(centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return rules.scan_reminders(centre=centre, today=TODAY)


@pytest.mark.django_db
def test_a_scan_sends_the_same_queries_for_few_subjects_and_for_many(centre, member):
    coordinator = member(Role.COORDINATOR, centre)
    due(centre, coordinator, 2)
    few_first = statements(lambda: scan(centre))
    few_again = statements(lambda: scan(centre))
    due(centre, coordinator, 40)
    many_first = statements(lambda: scan(centre))
    many_again = statements(lambda: scan(centre))
    assert len(few_first) == len(many_first)
    assert len(few_again) == len(many_again)
    assert Notification.objects.filter(kind=NotificationKind.REVIEW_DUE).count() == 42
    assert Notification.objects.filter(kind=NotificationKind.CONSENT_EXPIRING).count() == 42


@pytest.mark.django_db
def test_a_scan_with_nothing_new_writes_nothing(centre, member):
    due(centre, member(Role.COORDINATOR, centre), 5)
    assert sum(scan(centre).values()) == 10
    again: dict[str, int] = {}
    sent = statements(lambda: again.update(scan(centre)))
    assert set(again.values()) == {0}
    reads = ("SELECT", "DECLARE")  # PostgreSQL streams the candidates through a server-side cursor
    assert not [sql for sql in sent if not sql.lstrip().upper().startswith(reads)]


def notices(count: int, recipients, pulled: list[int]) -> Iterator[services.Notice]:  # type: ignore[no-untyped-def]
    for n in range(count):
        pulled.append(n)
        yield services.Notice(
            recipients=recipients, kind=NotificationKind.REVIEW_DUE, subject_type="plan", subject_id=uuid.uuid4(),
            period="2026-03-10", title=f"Reminder {n}", body="",
        )


@pytest.mark.django_db
def test_notices_are_raised_a_chunk_at_a_time(centre, member, monkeypatch):
    users = [member(Role.COORDINATOR, centre), member(Role.COORDINATOR, centre)]
    pulled: list[int] = []
    inserted_after: list[int] = []
    original = Notification.objects.bulk_create

    def bulk_create(objs, **kwargs):  # type: ignore[no-untyped-def]
        inserted_after.append(len(pulled))
        assert kwargs.get("ignore_conflicts") is True
        return original(objs, **kwargs)

    monkeypatch.setattr(Notification.objects, "bulk_create", bulk_create)
    made = list(notices(7, users, []))
    sent = statements(lambda: services.notify_all(centre=centre, notices=iter(made), chunk_size=3))
    assert Notification.objects.count() == 14
    # Per chunk: what exists, the insert, and what of it this call inserted (a concurrent scan may have won).
    assert [sql.split()[0] for sql in sent] == ["SELECT", "INSERT", "SELECT"] * 3
    # Read lazily: each chunk is written before the next one is read from the rule's candidates.
    services.notify_all(centre=centre, notices=notices(7, users, pulled), chunk_size=3)
    assert inserted_after[-3:] == [3, 6, 7]
    # Nothing new: one SELECT per chunk, no INSERT.
    again = statements(lambda: services.notify_all(centre=centre, notices=iter(made), chunk_size=3))
    assert [sql.split()[0] for sql in again] == ["SELECT"] * 3


@pytest.mark.django_db
def test_notify_all_counts_what_it_created_and_skips_what_exists(centre, member):
    first, second = member(Role.COORDINATOR, centre), member(Role.COORDINATOR, centre)
    made = list(notices(4, [first], []))
    assert services.notify_all(centre=centre, notices=made) == 4
    widened = [services.Notice(**{**notice.__dict__, "recipients": [first, second]}) for notice in made]
    assert services.notify_all(centre=centre, notices=widened) == 4
    assert services.notify_all(centre=centre, notices=widened) == 0
    assert Notification.objects.filter(recipient=second).count() == 4


@pytest.mark.django_db
def test_a_concurrent_scan_that_got_there_first_is_not_counted_twice(centre, member, monkeypatch):
    """Two workers scan the same day at once: both read "nothing yet", the first inserts, the second's rows lose
    the conflict. The second counts what it inserted (nothing), so the day's figures are not doubled."""
    user = member(Role.COORDINATOR, centre)
    made = list(notices(3, [user], []))
    original = Notification.objects.bulk_create

    def other_scan_first(objs, **kwargs):  # type: ignore[no-untyped-def]
        original([Notification(**{f.attname: getattr(o, f.attname) for f in Notification._meta.concrete_fields
                                  if f.attname != "id"}) for o in objs])
        return original(objs, **kwargs)

    monkeypatch.setattr(Notification.objects, "bulk_create", other_scan_first)
    assert services.notify_all(centre=centre, notices=made) == 0
    assert Notification.objects.count() == 3
