"""volunteer-activity-types/: managers set the kinds of activity and their in-kind hourly value."""

from decimal import Decimal

import pytest

from cus.core.models import Role
from cus.volunteers.models import ActivityType

from ..factories import ActivityTypeFactory

URL = "/api/v1/volunteer-activity-types/"


def test_a_manager_adds_an_activity_type_with_its_hourly_value(api, manager, centre):
    response = api(manager).post(URL, {"name": "Shopping", "hourly_rate": "22.50"})
    assert response.status_code == 201, response.json()
    assert response.json()["hourly_rate"] == "22.50"
    activity_type = ActivityType.objects.get()
    assert (activity_type.centre, activity_type.hourly_rate) == (centre, Decimal("22.50"))
    assert activity_type.history.get().history_user == manager


def test_a_manager_changes_the_rate_and_retires_a_type(api, manager, activity):
    response = api(manager).patch(f"{URL}{activity.pk}/", {"hourly_rate": "40.00", "is_active": False})
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert (activity.hourly_rate, activity.is_active) == (Decimal("40.00"), False)


def test_a_zero_rate_is_allowed(api, manager):
    assert api(manager).post(URL, {"name": "Board meeting", "hourly_rate": "0"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Shopping", "hourly_rate": "-1.00"}, "hourly_rate"),
        ({"name": "Shopping", "hourly_rate": "abc"}, "hourly_rate"),
        ({"name": "Shopping", "hourly_rate": "1.005"}, "hourly_rate"),
        ({"name": "Shopping"}, "hourly_rate"),
        ({"name": "", "hourly_rate": "10"}, "name"),
    ],
)
def test_bad_activity_type_input_is_400_naming_the_field_and_writes_nothing(api, manager, body, field):
    response = api(manager).post(URL, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not ActivityType.objects.exists()


def test_a_negative_rate_on_change_is_400_and_keeps_the_old_rate(api, manager, activity):
    response = api(manager).patch(f"{URL}{activity.pk}/", {"hourly_rate": "-5"})
    assert response.status_code == 400
    assert "hourly_rate" in response.json()
    activity.refresh_from_db()
    assert activity.hourly_rate == Decimal("35.00")


def test_an_activity_type_name_is_unique_in_the_centre(api, manager, activity, other_centre):
    ActivityTypeFactory(centre=other_centre, name="Shopping")
    response = api(manager).post(URL, {"name": "befriending", "hourly_rate": "10"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_name"
    assert api(manager).post(URL, {"name": "Shopping", "hourly_rate": "10"}).status_code == 201


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_managers_write_activity_types(api, member, centre, activity, role):
    client = api(member(role, centre))
    assert client.post(URL, {"name": "Shopping", "hourly_rate": "10"}).status_code == 403
    # Refused for the role before the activity type is looked up (provider staff, who see none, learn nothing).
    assert client.patch(f"{URL}{activity.pk}/", {"hourly_rate": "1"}).status_code == 403
    activity.refresh_from_db()
    assert activity.hourly_rate == Decimal("35.00")
    assert ActivityType.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.ADMIN, Role.VOLUNTEER])
def test_staff_and_volunteers_see_the_centres_activity_types(api, member, centre, other_centre, activity, role):
    ActivityTypeFactory(centre=other_centre, name="Elsewhere")
    response = api(member(role, centre)).get(URL)
    assert [row["name"] for row in response.json()["results"]] == ["Befriending"]


def test_provider_staff_see_no_activity_types(api, provider_staff, activity):
    assert api(provider_staff).get(URL).json()["count"] == 0


@pytest.mark.parametrize("rows", [2, 12])
def test_activity_type_list_takes_a_constant_number_of_queries(api, manager, centre, rows,
                                                               django_assert_max_num_queries):
    ActivityTypeFactory.create_batch(rows, centre=centre)
    client = api(manager)
    with django_assert_max_num_queries(3):
        assert client.get(URL).json()["count"] == rows
