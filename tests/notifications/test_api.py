"""The notifications API: a user sees and marks only their own notifications, in the centre they act in."""

from __future__ import annotations

import uuid

import pytest

from cus.core.models import Membership, Role
from cus.notifications import services
from cus.notifications.models import Notification, NotificationKind

URL = "/api/v1/notifications/"


def make(centre, user, *, kind=NotificationKind.REVIEW_DUE, read=False) -> Notification:
    services.notify(
        centre=centre,
        recipients=[user],
        kind=kind,
        subject_type="plan",
        subject_id=uuid.uuid4(),
        period="2026-03-10",
        title="A title",
        body="A body",
    )
    notification = Notification.objects.filter(recipient=user).latest("created_at")
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at="2026-03-10T10:00:00Z")
        notification.refresh_from_db()
    return notification


@pytest.fixture
def other_member(member, other_centre):
    return member(Role.COORDINATOR, other_centre)


def test_list_shows_only_own_notifications(api, centre, coordinator, coordinator2):
    own = make(centre, coordinator)
    make(centre, coordinator2)
    response = api(coordinator, centre=centre).get(URL)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(own.pk)]
    assert response.json()["results"][0]["is_read"] is False


def test_list_shows_only_the_acting_centres_notifications(api, centre, other_centre, coordinator):
    make(centre, coordinator)
    Membership.objects.create(user=coordinator, centre=other_centre, role=Role.COORDINATOR)
    other = make(other_centre, coordinator)
    response = api(coordinator, centre=other_centre).get(URL)
    assert [row["id"] for row in response.json()["results"]] == [str(other.pk)]


def test_list_filters_unread_and_kind(api, centre, coordinator):
    unread = make(centre, coordinator)
    make(centre, coordinator, read=True)
    budget = make(centre, coordinator, kind=NotificationKind.BUDGET_80)
    client = api(coordinator, centre=centre)
    ids = {row["id"] for row in client.get(URL, {"unread": "true"}).json()["results"]}
    assert ids == {str(unread.pk), str(budget.pk)}
    ids = {row["id"] for row in client.get(URL, {"kind": "budget_80"}).json()["results"]}
    assert ids == {str(budget.pk)}


def test_list_query_count_does_not_grow_with_rows(api, centre, coordinator, django_assert_max_num_queries):
    client = api(coordinator, centre=centre)
    make(centre, coordinator)
    with django_assert_max_num_queries(6) as few:
        client.get(URL)
    for _ in range(10):
        make(centre, coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 11


def test_unread_count_counts_own_unread(api, centre, coordinator, coordinator2):
    make(centre, coordinator)
    make(centre, coordinator)
    make(centre, coordinator, read=True)
    make(centre, coordinator2)
    response = api(coordinator, centre=centre).get(URL + "unread-count/")
    assert response.status_code == 200
    assert response.json() == {"count": 2}


def test_read_marks_own_notification(api, centre, coordinator):
    notification = make(centre, coordinator)
    response = api(coordinator, centre=centre).post(f"{URL}{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_reading_again_keeps_the_first_read_time(api, centre, coordinator):
    notification = make(centre, coordinator, read=True)
    first = notification.read_at
    api(coordinator, centre=centre).post(f"{URL}{notification.pk}/read/")
    notification.refresh_from_db()
    assert notification.read_at == first


def test_another_users_notification_is_not_found(api, centre, coordinator, coordinator2):
    theirs = make(centre, coordinator2)
    client = api(coordinator, centre=centre)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_centres_notification_is_not_found(api, centre, other_centre, coordinator, other_member):
    theirs = make(other_centre, other_member)
    client = api(coordinator, centre=centre)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_marks_only_own_unread(api, centre, coordinator, coordinator2):
    make(centre, coordinator)
    make(centre, coordinator)
    make(centre, coordinator, read=True)
    theirs = make(centre, coordinator2)
    client = api(coordinator, centre=centre)
    response = client.post(URL + "read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert client.get(URL + "unread-count/").json() == {"count": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_is_refused(api):
    assert api().get(URL).status_code in (401, 403)


def test_notifications_cannot_be_created_or_deleted_through_the_api(api, centre, coordinator):
    notification = make(centre, coordinator)
    client = api(coordinator, centre=centre)
    assert client.post(URL, {"title": "x"}).status_code == 405
    assert client.delete(f"{URL}{notification.pk}/").status_code == 405
