"""volunteer-assignments/: staff give volunteers tasks with a client or in a community activity."""

import datetime as dt

import pytest

from cus.core.models import Role
from cus.volunteers.models import VolunteerAssignment

from ..factories import ActivityTypeFactory, ClientFactory, VolunteerFactory
from .factories import AgreementFactory, AssignmentFactory

URL = "/api/v1/volunteer-assignments/"


def body(someone, activity, **fields):
    return {"volunteer": str(someone.pk), "activity_type": str(activity.pk), "start_date": "2025-02-01", **fields}


def test_staff_assign_a_volunteer_to_a_client(api, coordinator, centre, profile, activity):
    client = ClientFactory(centre=centre, first_name="Halina", last_name="Zielińska")
    response = api(coordinator).post(URL, body(profile, activity, client=str(client.pk)))
    assert response.status_code == 201, response.json()
    assert response.json()["client_name"] == "Halina Zielińska"
    assignment = VolunteerAssignment.objects.get()
    entry = assignment.history.get()
    assert (entry.history_user, entry.history_change_reason) == (coordinator, "assigned")


def test_staff_assign_a_volunteer_to_a_community_activity(api, manager, profile, activity):
    response = api(manager).post(URL, body(profile, activity, community_activity="Senior club on Fridays"))
    assert response.status_code == 201, response.json()
    assert response.json()["client"] is None


def test_an_assignment_needs_a_client_or_a_community_activity(api, coordinator, profile, activity):
    response = api(coordinator).post(URL, body(profile, activity, community_activity="  "))
    assert response.status_code == 400
    assert "client" in response.json()
    assert not VolunteerAssignment.objects.exists()


def test_an_assignment_needs_an_agreement_in_force_on_its_start(api, coordinator, profile, activity):
    response = api(coordinator).post(URL, body(profile, activity, start_date="2024-12-31", community_activity="Club"))
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert not VolunteerAssignment.objects.exists()


def test_a_volunteer_without_any_agreement_cannot_be_assigned(api, coordinator, centre, activity):
    newcomer = VolunteerFactory(centre=centre)
    response = api(coordinator).post(URL, body(newcomer, activity, community_activity="Club"))
    assert response.status_code == 400
    assert "start_date" in response.json()


def test_an_expired_agreement_does_not_cover_a_later_start(api, coordinator, centre, activity):
    someone = VolunteerFactory(centre=centre)
    AgreementFactory(volunteer=someone, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 1, 20),
                     signed_on=None, insured=True)
    response = api(coordinator).post(URL, body(someone, activity, start_date="2025-01-21", community_activity="Club"))
    assert response.status_code == 400
    assert "start_date" in response.json()
    response = api(coordinator).post(URL, body(someone, activity, start_date="2025-01-20", community_activity="Club"))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": "2025-01-31", "community_activity": "Club"}, "end_date"),
        ({"client": "00000000-0000-0000-0000-000000000000"}, "client"),
        ({"activity_type": None, "community_activity": "Club"}, "activity_type"),
        ({"start_date": None, "community_activity": "Club"}, "start_date"),
        ({"volunteer": "nope", "community_activity": "Club"}, "volunteer"),
    ],
)
def test_bad_assignment_input_is_400_naming_the_field_and_writes_nothing(api, coordinator, profile, activity,
                                                                         fields, field):
    response = api(coordinator).post(URL, body(profile, activity, **fields))
    assert response.status_code == 400
    assert field in response.json()
    assert not VolunteerAssignment.objects.exists()


def test_another_centres_client_or_activity_type_is_unknown(api, coordinator, other_centre, profile, activity):
    stranger = ClientFactory(centre=other_centre)
    response = api(coordinator).post(URL, body(profile, activity, client=str(stranger.pk)))
    assert response.status_code == 400
    assert "client" in response.json()
    elsewhere = ActivityTypeFactory(centre=other_centre)
    response = api(coordinator).post(URL, body(profile, elsewhere, community_activity="Club"))
    assert response.status_code == 400
    assert "activity_type" in response.json()
    assert not VolunteerAssignment.objects.exists()


def test_an_inactive_volunteer_or_a_retired_activity_cannot_be_assigned(api, coordinator, profile, activity):
    activity.is_active = False
    activity.save()
    profile.is_active = False
    profile.save()
    response = api(coordinator).post(URL, body(profile, activity, community_activity="Club"))
    assert response.status_code == 400
    assert {"volunteer", "activity_type"} <= set(response.json())


def test_moving_the_start_outside_any_agreement_is_400(api, coordinator, profile, activity):
    assignment = AssignmentFactory(volunteer=profile, activity_type=activity)
    response = api(coordinator).patch(f"{URL}{assignment.pk}/", {"start_date": "2024-06-01"})
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert api(coordinator).patch(f"{URL}{assignment.pk}/", {"end_date": "2025-12-31"}).status_code == 200
    assignment.refresh_from_db()
    assert (assignment.start_date, assignment.end_date) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_volunteer_centre_staff_assign_volunteers(api, member, centre, profile, activity, role):
    response = api(member(role, centre)).post(URL, body(profile, activity, community_activity="Club"))
    assert response.status_code == 403
    assert not VolunteerAssignment.objects.exists()


def test_a_volunteer_sees_their_own_assignments_and_only_the_clients_name(api, volunteer, centre, profile,
                                                                          other_profile, activity):
    client = ClientFactory(centre=centre, first_name="Halina", last_name="Zielińska", phone="+48 58 000 00 00")
    own = AssignmentFactory(volunteer=profile, activity_type=activity, client=client, community_activity="")
    theirs = AssignmentFactory(volunteer=other_profile, activity_type=activity)
    api_client = api(volunteer)
    rows = api_client.get(URL).json()["results"]
    assert [row["id"] for row in rows] == [str(own.pk)]
    assert rows[0]["client_name"] == "Halina Zielińska"
    assert not {"phone", "birth_date", "address", "client_phone"} & set(rows[0])
    assert api_client.get(f"{URL}{theirs.pk}/").status_code == 404
    # Refused for the role before the assignment is looked up: the same answer for one they may not see.
    assert api_client.patch(f"{URL}{theirs.pk}/", {"note": "x"}).status_code == 403
    assert api_client.patch(f"{URL}{own.pk}/", {"note": "x"}).status_code == 403


def test_provider_staff_and_other_centres_see_no_assignments(api, provider_staff, member, other_centre, profile,
                                                             activity):
    assignment = AssignmentFactory(volunteer=profile, activity_type=activity)
    for user in (provider_staff, member(Role.COORDINATOR, other_centre)):
        client = api(user)
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}{assignment.pk}/").status_code == 404


def test_assignments_filter_by_volunteer_and_client(api, coordinator, centre, profile, other_profile, activity):
    client = ClientFactory(centre=centre)
    AssignmentFactory(volunteer=profile, activity_type=activity, client=client)
    AssignmentFactory(volunteer=other_profile, activity_type=activity)
    api_client = api(coordinator)
    assert api_client.get(URL, {"volunteer": str(other_profile.pk)}).json()["count"] == 1
    assert api_client.get(URL, {"client": str(client.pk)}).json()["results"][0]["volunteer"] == str(profile.pk)


@pytest.mark.parametrize("rows", [2, 12])
def test_assignment_list_takes_a_constant_number_of_queries(api, manager, centre, rows,
                                                            django_assert_max_num_queries):
    for _ in range(rows):
        AssignmentFactory(volunteer__centre=centre, client=ClientFactory(centre=centre))
    client = api(manager)
    with django_assert_max_num_queries(4):  # + the access log: one insert for the page
        assert client.get(URL).json()["count"] == rows
