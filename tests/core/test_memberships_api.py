"""memberships/: administrators change roles; nobody demotes themselves; every change is in the history."""

import re

import pytest

from cus.core.models import Invitation, Membership, Role

from ..factories import MembershipFactory, ProviderFactory, UserFactory

URL = "/api/v1/memberships/"


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


def test_admin_lists_every_membership_of_their_centre(api, admin_user, coordinator, volunteer, member, other_centre):
    member(Role.COORDINATOR, other_centre)
    response = api(admin_user).get(URL)
    assert response.status_code == 200
    assert {row["user_email"] for row in response.json()["results"]} == {
        admin_user.email, coordinator.email, volunteer.email
    }


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_other_roles_list_only_their_own_membership(api, member, centre, admin_user, role):
    user = member(role, centre)
    client = api(user)
    rows = client.get(URL).json()["results"]
    assert [row["user"] for row in rows] == [str(user.pk)]
    assert client.get(f"{URL}{membership(admin_user).pk}/").status_code == 404


def test_filter_by_role(api, admin_user, coordinator, coordinator2, volunteer):
    rows = api(admin_user).get(URL, {"role": "coordinator"}).json()["results"]
    assert {row["user"] for row in rows} == {str(coordinator.pk), str(coordinator2.pk)}


def test_admin_changes_a_role_and_the_history_names_them_and_the_reason(api, admin_user, coordinator):
    target = membership(coordinator)
    response = api(admin_user).patch(f"{URL}{target.pk}/", {"role": "manager", "reason": "promoted to director"})
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == Role.MANAGER
    target.refresh_from_db()
    assert target.role == Role.MANAGER
    latest = target.history.latest()
    assert latest.role == Role.MANAGER
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "promoted to director"
    assert latest.prev_record.role == Role.COORDINATOR


def test_making_someone_provider_staff_needs_a_provider_of_this_centre(api, admin_user, coordinator, centre,
                                                                       other_centre):
    target = membership(coordinator)
    client = api(admin_user)
    missing = client.patch(f"{URL}{target.pk}/", {"role": "provider"})
    assert missing.status_code == 400
    assert "provider" in missing.json()
    foreign = client.patch(f"{URL}{target.pk}/", {"role": "provider",
                                                  "provider": str(ProviderFactory(centre=other_centre).pk)})
    assert foreign.status_code == 400
    assert "provider" in foreign.json()
    target.refresh_from_db()
    assert (target.role, target.provider) == (Role.COORDINATOR, None)
    provider = ProviderFactory(centre=centre)
    ok = client.patch(f"{URL}{target.pk}/", {"role": "provider", "provider": str(provider.pk)})
    assert ok.status_code == 200
    assert ok.json()["provider"] == str(provider.pk)


def test_moving_provider_staff_to_another_role_drops_the_provider(api, admin_user, provider_staff):
    target = membership(provider_staff)
    response = api(admin_user).patch(f"{URL}{target.pk}/", {"role": "volunteer"})
    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert (target.role, target.provider) == (Role.VOLUNTEER, None)


def test_bad_role_is_400(api, admin_user, coordinator):
    response = api(admin_user).patch(f"{URL}{membership(coordinator).pk}/", {"role": "chief"})
    assert response.status_code == 400
    assert "role" in response.json()


def test_an_administrator_cannot_demote_or_deactivate_themselves(api, admin_user):
    own = membership(admin_user)
    client = api(admin_user)
    demote = client.patch(f"{URL}{own.pk}/", {"role": "manager"})
    assert demote.status_code == 409
    assert demote.json()["code"] == "self_demotion"
    assert client.patch(f"{URL}{own.pk}/", {"is_active": False}).status_code == 409
    own.refresh_from_db()
    assert (own.role, own.is_active) == (Role.ADMIN, True)


def test_admin_deactivates_a_membership_and_the_user_loses_access(api, admin_user, coordinator):
    target = membership(coordinator)
    assert api(admin_user).patch(f"{URL}{target.pk}/", {"is_active": False}).status_code == 200
    assert api(coordinator).get("/api/v1/users/").status_code == 404  # no active membership left


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_non_administrators_cannot_change_even_their_own_membership(api, member, centre, role):
    user = member(role, centre)
    response = api(user).patch(f"{URL}{membership(user).pk}/", {"role": "admin"})
    assert response.status_code == 403
    assert membership(user).role == role


def test_another_centres_membership_is_404(api, admin_user, member, other_centre):
    foreign = membership(member(Role.COORDINATOR, other_centre))
    client = api(admin_user)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.patch(f"{URL}{foreign.pk}/", {"role": "volunteer"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.COORDINATOR


def test_an_invitation_is_in_the_history_with_the_admin_and_the_membership_with_the_person(api, admin_user,
                                                                                            mailoutbox):
    api(admin_user).post("/api/v1/users/", {"email": "nowy@example.org", "role": "volunteer"})
    invitation = Invitation.objects.get()
    assert invitation.history.get().history_user == admin_user
    token = re.search(r"/invitations/([A-Za-z0-9_-]+)", mailoutbox[0].body).group(1)
    accepted = api().post(f"/api/v1/invitation-links/{token}/accept/",
                          {"first_name": "Jan", "last_name": "Nowy", "password": "a-long-and-unusual-passphrase"})
    assert accepted.status_code == 200, accepted.json()
    created = Membership.objects.get(user__email="nowy@example.org")
    record = created.history.get()
    assert record.history_type == "+"
    assert record.history_user == created.user


def test_admin_adds_a_person_by_email_with_an_invitation(api, admin_user, centre, member, other_centre, mailoutbox):
    elsewhere = member(Role.MANAGER, other_centre)
    provider = ProviderFactory(centre=centre)
    response = api(admin_user).post(URL, {"email": elsewhere.email, "role": "provider", "provider": str(provider.pk)})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["email"], body["role"], body["provider"], body["status"]) == (
        elsewhere.email, Role.PROVIDER, str(provider.pk), "pending"
    )
    assert not Membership.objects.filter(user=elsewhere, centre=centre).exists()  # not until they accept
    assert api(admin_user).post(URL, {"email": "new.person@example.org", "role": "volunteer"}).status_code == 202
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"email": "x@example.org"}, 400, "role"),
        ({"email": "x@example.org", "role": "provider"}, 400, "provider"),
        ({"role": "manager"}, 400, "email"),
    ],
)
def test_bad_input_when_adding_a_membership_names_the_field(api, admin_user, payload, status, field):
    before = Membership.objects.count()
    response = api(admin_user).post(URL, payload)
    assert response.status_code == status
    assert field in response.json()
    assert Membership.objects.count() == before


def test_adding_an_existing_member_through_memberships_is_409(api, admin_user, coordinator):
    assert api(admin_user).post(URL, {"email": coordinator.email, "role": "manager"}).status_code == 409


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER])
def test_only_administrators_add_memberships(api, member, centre, role):
    response = api(member(role, centre)).post(URL, {"email": "x@example.org", "role": "coordinator"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_memberships_are_not_deleted_through_this_endpoint(api, admin_user, coordinator):
    assert api(admin_user).delete(f"{URL}{membership(coordinator).pk}/").status_code == 405
    assert Membership.objects.filter(user=coordinator).exists()


def test_memberships_list_takes_the_same_number_of_queries_for_many_rows(
    api, admin_user, centre, django_assert_max_num_queries
):
    client = api(admin_user)
    # 4: the two-factor enrolment hold's check (cus.api.accounts.hold), the actor, the count, the page
    with django_assert_max_num_queries(4):
        small = client.get(URL)
    for _ in range(15):
        MembershipFactory(centre=centre, role=Role.PROVIDER, provider=ProviderFactory(centre=centre))
        MembershipFactory(centre=centre, user=UserFactory(), role=Role.COORDINATOR)
    with django_assert_max_num_queries(4):
        large = client.get(URL)
    assert (small.json()["count"], large.json()["count"]) == (1, 31)
