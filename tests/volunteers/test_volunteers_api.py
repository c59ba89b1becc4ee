"""volunteers/: volunteer-centre staff manage profiles; a volunteer sees and edits a few fields of their own."""

import pytest

from cus.core.models import Role
from cus.volunteers.models import Volunteer

from ..factories import VolunteerFactory

URL = "/api/v1/volunteers/"


def names(response) -> set[str]:
    return {row["last_name"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_volunteer_centre_staff_register_a_volunteer_with_history(api, member, centre, role):
    staff = member(role, centre)
    response = api(staff).post(URL, {"first_name": "Anna", "last_name": "Kowalska", "skills": ["shopping"],
                                     "languages": ["pl", "uk"], "availability": "weekday mornings"})
    assert response.status_code == 201, response.json()
    volunteer = Volunteer.objects.get(pk=response.json()["id"])
    assert (volunteer.centre, volunteer.languages) == (centre, ["pl", "uk"])
    entry = volunteer.history.get()
    assert (entry.history_user, entry.history_change_reason) == (staff, "registered")


def test_staff_tie_a_profile_to_a_volunteer_login(api, coordinator, volunteer):
    response = api(coordinator).post(URL, {"first_name": "Olga", "last_name": "Nowa", "user": str(volunteer.pk)})
    assert response.status_code == 201, response.json()
    assert response.json()["user"] == str(volunteer.pk)


def test_a_login_without_the_volunteer_role_cannot_be_tied_to_a_profile(api, coordinator, coordinator2):
    response = api(coordinator).post(URL, {"first_name": "Olga", "last_name": "Nowa", "user": str(coordinator2.pk)})
    assert response.status_code == 400
    assert "user" in response.json()
    assert not Volunteer.objects.exists()


def test_a_second_profile_for_the_same_login_is_409(api, coordinator, profile, volunteer):
    response = api(coordinator).post(URL, {"first_name": "Olga", "last_name": "Druga", "user": str(volunteer.pk)})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_profile"
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": "Kowalska"}, "first_name"),
        ({"first_name": "Anna", "last_name": "Kowalska", "skills": "shopping"}, "skills"),
        ({"first_name": "Anna", "last_name": "Kowalska", "skills": [""]}, "skills"),
        ({"first_name": "Anna", "last_name": "Kowalska", "email": "not-an-address"}, "email"),
        ({"first_name": "Anna", "last_name": "Kowalska", "birth_date": "1990-02-30"}, "birth_date"),
        ({"first_name": "Anna", "last_name": "Kowalska", "user": "not-a-uuid"}, "user"),
    ],
)
def test_bad_volunteer_input_is_400_naming_the_field_and_writes_nothing(api, manager, body, field):
    response = api(manager).post(URL, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROVIDER, Role.VOLUNTEER])
def test_only_volunteer_centre_staff_register_volunteers(api, member, centre, role):
    response = api(member(role, centre)).post(URL, {"first_name": "Anna", "last_name": "Kowalska"})
    assert response.status_code == 403
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_see_every_volunteer_of_their_centre_only(api, member, centre, other_centre, role,
                                                               profile, other_profile):
    VolunteerFactory(centre=other_centre, last_name="Obcy")
    assert names(api(member(role, centre)).get(URL)) == {"Własna", "Inny"}


def test_a_volunteer_sees_only_their_own_profile(api, volunteer, profile, other_profile):
    client = api(volunteer)
    assert names(client.get(URL)) == {"Własna"}
    assert client.get(f"{URL}{profile.pk}/").status_code == 200
    assert client.get(f"{URL}{other_profile.pk}/").status_code == 404


def test_provider_staff_see_no_volunteers(api, provider_staff, profile):
    client = api(provider_staff)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{profile.pk}/").status_code == 404


def test_another_centres_volunteer_is_404(api, coordinator, other_centre):
    stranger = VolunteerFactory(centre=other_centre)
    assert api(coordinator).get(f"{URL}{stranger.pk}/").status_code == 404
    assert api(coordinator).patch(f"{URL}{stranger.pk}/", {"phone": "1"}).status_code == 404


def test_a_volunteer_edits_their_skills_languages_availability_and_phone(api, volunteer, profile):
    body = {"skills": ["driving"], "languages": ["pl", "en"], "availability": "Saturdays", "phone": "+48 600 100 200"}
    response = api(volunteer).patch(f"{URL}{profile.pk}/", body)
    assert response.status_code == 200, response.json()
    profile.refresh_from_db()
    assert (profile.skills, profile.languages, profile.availability, profile.phone) == (
        ["driving"], ["pl", "en"], "Saturdays", "+48 600 100 200"
    )
    assert profile.history.first().history_user == volunteer


@pytest.mark.parametrize("body", [{"first_name": "Zmieniona"}, {"is_active": False}, {"phone": "1", "area": "Oksywie"}])
def test_a_volunteer_cannot_change_the_rest_of_their_profile(api, volunteer, profile, body):
    response = api(volunteer).patch(f"{URL}{profile.pk}/", body)
    assert response.status_code == 403
    profile.refresh_from_db()
    assert (profile.first_name, profile.is_active, profile.phone, profile.area) == ("Olga", True, "", "")


def test_a_volunteer_cannot_edit_another_volunteer(api, volunteer, profile, other_profile):
    assert api(volunteer).patch(f"{URL}{other_profile.pk}/", {"phone": "1"}).status_code == 404


def test_staff_edit_any_field_and_bad_input_changes_nothing(api, coordinator, profile):
    client = api(coordinator)
    assert client.patch(f"{URL}{profile.pk}/", {"area": "Oksywie", "is_active": False}).status_code == 200
    response = client.patch(f"{URL}{profile.pk}/", {"area": "Chylonia", "languages": [1, {}]})
    assert response.status_code == 400
    assert "languages" in response.json()
    profile.refresh_from_db()
    assert (profile.area, profile.is_active) == ("Oksywie", False)


def test_admin_reads_but_does_not_edit_volunteers(api, admin_user, profile):
    client = api(admin_user)
    assert client.get(f"{URL}{profile.pk}/").status_code == 200
    assert client.patch(f"{URL}{profile.pk}/", {"phone": "1"}).status_code == 403


@pytest.mark.parametrize("rows", [2, 12])
def test_volunteer_list_takes_a_constant_number_of_queries(api, manager, centre, rows,
                                                           django_assert_max_num_queries):
    VolunteerFactory.create_batch(rows, centre=centre)
    client = api(manager)
    with django_assert_max_num_queries(3):
        assert client.get(URL).json()["count"] == rows
