"""users/: the centre's administrator lists and adds people; everyone else sees little and writes nothing."""

import pytest

from cus.core.models import Membership, Role, User

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


def test_admin_creates_a_coordinator_in_their_centre(api, admin_user, centre):
    response = api(admin_user).post(
        URL,
        {"email": "Nowa.Koordynatorka@Example.org", "first_name": "Anna", "last_name": "Nowak", "role": "coordinator",
         "password": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(email="nowa.koordynatorka@example.org")
    assert user.check_password("a-long-and-unusual-passphrase")
    assert user.language == centre.language  # the centre's language unless given
    assert response.json()["membership"]["role"] == Role.COORDINATOR
    assert "password" not in response.json()
    membership = Membership.objects.get(user=user)
    assert (membership.centre, membership.role, membership.provider) == (centre, Role.COORDINATOR, None)


def test_a_new_users_phone_is_kept(api, admin_user):
    response = api(admin_user).post(URL, {"email": "telefon@example.org", "role": "volunteer", "phone": "+48 600 100 200"})
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "+48 600 100 200"
    assert User.objects.get(email="telefon@example.org").phone == "+48 600 100 200"


def test_a_new_user_needs_a_role(api, admin_user):
    response = api(admin_user).post(URL, {"email": "bez.roli@example.org"})
    assert response.status_code == 400
    assert set(response.json()) == {"role"}
    assert not User.objects.filter(email="bez.roli@example.org").exists()


def test_admin_creates_provider_staff_with_their_provider(api, admin_user, centre):
    provider = ProviderFactory(centre=centre)
    response = api(admin_user).post(URL, {"email": "opiekunka@example.org", "role": "provider",
                                          "provider": str(provider.pk)})
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get(user__email="opiekunka@example.org")
    assert membership.provider == provider
    assert not membership.user.has_usable_password()  # no password given: they set one later


def test_an_existing_email_of_another_centre_gets_a_membership_here(api, admin_user, centre, other_centre, member):
    elsewhere = member(Role.COORDINATOR, other_centre, first_name="Ewa")
    response = api(admin_user).post(URL, {"email": elsewhere.email.upper(), "first_name": "Ignored",
                                          "role": "manager"})
    assert response.status_code == 201, response.json()
    assert User.objects.filter(email=elsewhere.email).count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.first_name == "Ewa"  # another centre's person is not renamed by this centre
    assert set(elsewhere.memberships.values_list("centre_id", "role")) == {
        (other_centre.pk, Role.COORDINATOR), (centre.pk, Role.MANAGER)
    }


def test_adding_an_existing_member_again_is_409(api, admin_user, coordinator):
    response = api(admin_user).post(URL, {"email": coordinator.email, "role": "manager"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_membership"
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR


def test_provider_role_without_a_provider_is_400(api, admin_user):
    response = api(admin_user).post(URL, {"email": "x@example.org", "role": "provider"})
    assert response.status_code == 400
    assert "provider" in response.json()
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_provider_for_a_non_provider_role_is_400(api, admin_user, centre):
    provider = ProviderFactory(centre=centre)
    response = api(admin_user).post(URL, {"email": "x@example.org", "role": "coordinator",
                                          "provider": str(provider.pk)})
    assert response.status_code == 400
    assert "provider" in response.json()


def test_a_provider_of_another_centre_is_400(api, admin_user, other_centre):
    foreign = ProviderFactory(centre=other_centre)
    response = api(admin_user).post(URL, {"email": "x@example.org", "role": "provider", "provider": str(foreign.pk)})
    assert response.status_code == 400
    assert "provider" in response.json()
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "role": "coordinator"}, "email"),
        ({"email": "x@example.org"}, "role"),
        ({"email": "x@example.org", "role": "chief"}, "role"),
        ({"email": "x@example.org", "role": "coordinator", "language": "de"}, "language"),
        ({"email": "x@example.org", "role": "coordinator", "password": "123"}, "password"),
        ({"role": "coordinator"}, "email"),
    ],
)
def test_bad_input_on_create_names_the_field_and_writes_nothing(api, admin_user, payload, field):
    before = (User.objects.count(), Membership.objects.count())
    response = api(admin_user).post(URL, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert (User.objects.count(), Membership.objects.count()) == before


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_administrators_create_users(api, member, centre, role):
    response = api(member(role, centre)).post(URL, {"email": "x@example.org", "role": "coordinator"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


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
    with django_assert_max_num_queries(4):
        small = client.get(URL)
    for _ in range(20):
        MembershipFactory(centre=centre, role=Role.PROVIDER, provider=ProviderFactory(centre=centre))
        MembershipFactory(centre=centre, user=UserFactory(), role=Role.COORDINATOR)
    with django_assert_max_num_queries(4):
        large = client.get(URL)
    assert small.json()["count"] == 4
    assert large.json()["count"] == 44
