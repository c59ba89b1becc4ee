"""users/: the centre's administrator lists and adds people; everyone else sees little and writes nothing."""

import pytest

from cus.core.models import Invitation, Membership, Role, User

from ..factories import MembershipFactory, ProviderFactory, UserFactory

URL = "/api/v1/users/"


def emails(response) -> set[str]:
    return {row["email"] for row in response.json()["results"]}


def test_admin_lists_the_users_of_their_centre_with_their_role(api, admin_user, coordinator, provider_staff):
    response = api(admin_user).get(URL)
    assert response.status_code == 200
    assert emails(response) == {admin_user.email, coordinator.email, provider_staff.email}
    by_email = {row["email"]: row for row in response.json()["results"]}
    assert by_email[coordinator.email]["membership"]["role"] == Role.COORDINATOR
    provider_membership = by_email[provider_staff.email]["membership"]
    assert provider_membership["role"] == Role.PROVIDER
    assert provider_membership["provider"] == str(Membership.objects.get(user=provider_staff).provider_id)


def test_users_list_leaves_out_other_centres(api, admin_user, member, other_centre):
    stranger = member(Role.COORDINATOR, other_centre)
    assert stranger.email not in emails(api(admin_user).get(URL))


def test_adding_a_user_invites_them_and_creates_nobody(api, admin_user, centre, mailoutbox):
    """POST /users/ sends an invitation (tests/core/test_invitations.py): the person becomes a member on accepting."""
    response = api(admin_user).post(
        URL,
        {"email": "Nowa.Koordynatorka@Example.org", "first_name": "Anna", "last_name": "Nowak", "role": "coordinator",
         "password": "a-long-and-unusual-passphrase", "phone": "+48 600 100 200"},
    )
    assert response.status_code == 202, response.json()
    assert response.json()["email"] == "nowa.koordynatorka@example.org"
    assert response.json()["status"] == "pending"
    assert "password" not in response.json()
    assert not User.objects.filter(email="nowa.koordynatorka@example.org").exists()
    assert Invitation.objects.get().centre == centre
    assert len(mailoutbox) == 1


def test_a_new_user_needs_a_role(api, admin_user):
    response = api(admin_user).post(URL, {"email": "bez.roli@example.org"})
    assert response.status_code == 400
    assert set(response.json()) == {"role"}
    assert not Invitation.objects.exists()


def test_adding_an_email_of_another_centre_changes_nothing_of_that_account(api, admin_user, centre, other_centre,
                                                                           member):
    elsewhere = member(Role.COORDINATOR, other_centre, first_name="Ewa")
    response = api(admin_user).post(URL, {"email": elsewhere.email.upper(), "first_name": "Ignored",
                                          "role": "manager"})
    assert response.status_code == 202, response.json()
    elsewhere.refresh_from_db()
    assert elsewhere.first_name == "Ewa"  # another centre's person is not renamed by this centre
    assert set(elsewhere.memberships.values_list("centre_id", "role")) == {(other_centre.pk, Role.COORDINATOR)}


def test_adding_an_existing_member_again_is_409(api, admin_user, coordinator):
    response = api(admin_user).post(URL, {"email": coordinator.email, "role": "manager"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_membership"
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR


def test_provider_role_without_a_provider_is_400(api, admin_user):
    response = api(admin_user).post(URL, {"email": "x@example.org", "role": "provider"})
    assert response.status_code == 400
    assert "provider" in response.json()
    assert not Invitation.objects.exists()


def test_a_provider_for_a_non_provider_role_is_400(api, admin_user, centre):
    provider = ProviderFactory(centre=centre)
    response = api(admin_user).post(URL, {"email": "x@example.org", "role": "coordinator",
                                          "provider": str(provider.pk)})
    assert response.status_code == 400
    assert "provider" in response.json()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_administrators_create_users(api, member, centre, role):
    response = api(member(role, centre)).post(URL, {"email": "x@example.org", "role": "coordinator"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR])
def test_centre_staff_see_the_centre_directory(api, member, centre, admin_user, role):
    user = member(role, centre)
    assert emails(api(user).get(URL)) == {user.email, admin_user.email}


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER])
def test_providers_and_volunteers_see_only_themselves(api, member, centre, admin_user, role):
    user = member(role, centre)
    assert emails(api(user).get(URL)) == {user.email}
    assert api(user).get(f"{URL}{admin_user.pk}/").status_code == 404


def test_a_user_of_another_centre_is_404(api, admin_user, member, other_centre):
    stranger = member(Role.COORDINATOR, other_centre)
    client = api(admin_user)
    assert client.get(f"{URL}{stranger.pk}/").status_code == 404
    assert client.patch(f"{URL}{stranger.pk}/", {"first_name": "X"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.first_name != "X"


def test_admin_renames_a_member_and_history_names_the_admin(api, admin_user, coordinator):
    response = api(admin_user).patch(f"{URL}{coordinator.pk}/", {"first_name": "Zofia", "language": "pl"})
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert (coordinator.first_name, coordinator.language) == ("Zofia", "pl")
    latest = coordinator.history.latest()
    assert latest.history_user == admin_user


def test_email_cannot_be_changed_through_patch(api, admin_user, coordinator):
    api(admin_user).patch(f"{URL}{coordinator.pk}/", {"email": "new@example.org"})
    coordinator.refresh_from_db()
    assert coordinator.email != "new@example.org"


def test_a_coordinator_cannot_rename_a_colleague_but_can_rename_themselves(api, coordinator, coordinator2):
    client = api(coordinator)
    assert client.patch(f"{URL}{coordinator2.pk}/", {"first_name": "X"}).status_code == 403
    assert client.patch(f"{URL}{coordinator.pk}/", {"first_name": "Jan"}).status_code == 200


def test_a_coordinator_patching_a_colleague_with_bad_input_is_403_not_400(api, coordinator, coordinator2):
    """The permission is checked before the body is read."""
    response = api(coordinator).patch(f"{URL}{coordinator2.pk}/", {"language": "xx", "role": "chief"})
    assert response.status_code == 403


def test_a_member_cannot_change_their_own_role_through_their_profile(api, coordinator):
    response = api(coordinator).patch(f"{URL}{coordinator.pk}/", {"role": "admin"})
    assert response.status_code == 403
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR


@pytest.mark.parametrize("field", ["first_name", "last_name", "phone", "language"])
def test_admin_cannot_edit_the_profile_of_someone_who_also_works_elsewhere(api, admin_user, centre, member,
                                                                           other_centre, field):
    shared = member(Role.COORDINATOR, centre, first_name="Ewa", last_name="Kos", phone="1", language="en")
    MembershipFactory(user=shared, centre=other_centre, role=Role.MANAGER)
    value = {"first_name": "X", "last_name": "Y", "phone": "999", "language": "pl"}[field]
    versions = shared.history.count()
    response = api(admin_user).patch(f"{URL}{shared.pk}/", {field: value, "role": "manager"})
    assert response.status_code == 403
    assert response.json()["code"] == "profile_not_editable"
    shared.refresh_from_db()
    assert (shared.first_name, shared.last_name, shared.phone, shared.language) == ("Ewa", "Kos", "1", "en")
    assert Membership.objects.get(user=shared, centre=centre).role == Role.COORDINATOR  # nothing half-written
    assert shared.history.count() == versions


def test_admin_changes_the_membership_here_of_someone_who_also_works_elsewhere(api, admin_user, centre, member,
                                                                                 other_centre):
    shared = member(Role.COORDINATOR, centre)
    MembershipFactory(user=shared, centre=other_centre, role=Role.MANAGER)
    provider = ProviderFactory(centre=centre)
    client = api(admin_user)
    response = client.patch(f"{URL}{shared.pk}/", {"role": "provider", "provider": str(provider.pk)})
    assert response.status_code == 200, response.json()
    assert response.json()["membership"]["role"] == Role.PROVIDER
    here = Membership.objects.get(user=shared, centre=centre)
    assert (here.role, here.provider) == (Role.PROVIDER, provider)
    assert here.history.latest().history_user == admin_user
    assert Membership.objects.get(user=shared, centre=other_centre).role == Role.MANAGER  # theirs, untouched
    deactivated = client.patch(f"/api/v1/memberships/{here.pk}/", {"is_active": False})
    assert deactivated.status_code == 200
    here.refresh_from_db()
    assert not here.is_active
    assert Membership.objects.get(user=shared, centre=other_centre).is_active


def test_admin_edits_the_profile_of_a_member_of_this_centre_only_and_the_person_their_own(api, admin_user, centre,
                                                                                        member, other_centre):
    shared = member(Role.COORDINATOR, centre)
    MembershipFactory(user=shared, centre=other_centre, role=Role.MANAGER)
    own = api(shared, centre=centre).patch(f"{URL}{shared.pk}/", {"first_name": "Mine"})
    assert own.status_code == 200
    local = member(Role.VOLUNTEER, centre)
    assert api(admin_user).patch(f"{URL}{local.pk}/", {"first_name": "Zofia"}).status_code == 200
    local.refresh_from_db()
    assert local.first_name == "Zofia"


def test_admin_cannot_edit_the_profile_of_a_platform_operator(api, admin_user, centre, member):
    operator = member(Role.COORDINATOR, centre)
    User.objects.filter(pk=operator.pk).update(is_superuser=True, is_staff=True)
    response = api(admin_user).patch(f"{URL}{operator.pk}/", {"first_name": "X"})
    assert response.status_code == 403


def test_bad_language_on_patch_is_400(api, admin_user, coordinator):
    response = api(admin_user).patch(f"{URL}{coordinator.pk}/", {"language": "xx"})
    assert response.status_code == 400
    assert "language" in response.json()


def test_users_list_takes_the_same_number_of_queries_for_many_users(
    api, admin_user, centre, django_assert_max_num_queries
):
    client = api(admin_user)
    for _ in range(3):
        MembershipFactory(centre=centre, role=Role.PROVIDER, provider=ProviderFactory(centre=centre))
    with django_assert_max_num_queries(5):  # 4, and the two-factor enrolment hold's check (cus.api.accounts.hold)
        small = client.get(URL)
    for _ in range(20):
        MembershipFactory(centre=centre, role=Role.PROVIDER, provider=ProviderFactory(centre=centre))
        MembershipFactory(centre=centre, user=UserFactory(), role=Role.COORDINATOR)
    with django_assert_max_num_queries(5):
        large = client.get(URL)
    assert small.json()["count"] == 4
    assert large.json()["count"] == 44
