"""centres/ shows only my centres; me/ shows and changes my own profile."""

from cus.core.models import Role

from ..factories import CentreFactory, MembershipFactory, ProviderFactory


def test_centres_lists_only_the_centres_i_belong_to(api, coordinator, centre, other_centre):
    CentreFactory()
    response = api(coordinator).get("/api/v1/centres/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(centre.pk)]
    assert response.json()["results"][0]["currency"] == "PLN"


def test_centres_lists_all_my_centres_without_choosing_one(api, member, centre, other_centre):
    user = member(Role.MANAGER, centre)
    MembershipFactory(user=user, centre=other_centre, role=Role.COORDINATOR)
    response = api(user).get("/api/v1/centres/")
    assert {row["id"] for row in response.json()["results"]} == {str(centre.pk), str(other_centre.pk)}


def test_a_centre_i_do_not_belong_to_is_404(api, coordinator, other_centre):
    assert api(coordinator).get(f"/api/v1/centres/{other_centre.pk}/").status_code == 404


def test_a_centre_of_an_inactive_membership_is_not_listed(api, member, centre):
    user = member(Role.COORDINATOR, centre)
    user.memberships.update(is_active=False)
    assert api(user).get("/api/v1/centres/").json()["count"] == 0


def test_centres_are_read_only(api, admin_user, centre):
    client = api(admin_user)
    assert client.patch(f"/api/v1/centres/{centre.pk}/", {"name": "X"}).status_code == 405
    assert client.post("/api/v1/centres/", {"name": "X"}).status_code == 405


def test_centres_need_login(api, centre):
    assert api().get("/api/v1/centres/").status_code in (401, 403)


def test_me_shows_my_memberships_with_centre_and_provider(api, member, centre):
    provider = ProviderFactory(centre=centre, name="Spółdzielnia Socjalna Razem")
    user = member(Role.PROVIDER, centre, provider=provider)
    body = api(user).get("/api/v1/me/").json()
    assert body["email"] == user.email
    [membership] = body["memberships"]
    assert membership["centre_name"] == centre.name
    assert membership["role"] == Role.PROVIDER
    assert membership["provider"] == str(provider.pk)
    assert membership["provider_name"] == "Spółdzielnia Socjalna Razem"


def test_me_leaves_out_inactive_memberships(api, member, centre, other_centre):
    user = member(Role.COORDINATOR, centre)
    MembershipFactory(user=user, centre=other_centre, role=Role.COORDINATOR, is_active=False)
    assert [m["centre"] for m in api(user).get("/api/v1/me/").json()["memberships"]] == [str(centre.pk)]


def test_me_patch_changes_my_profile_and_writes_history(api, coordinator):
    response = api(coordinator).patch("/api/v1/me/", {"first_name": "Barbara", "phone": "+48 58 123 45 67"})
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert (coordinator.first_name, coordinator.phone) == ("Barbara", "+48 58 123 45 67")
    record = coordinator.history.latest()
    assert (record.history_user, record.history_change_reason) == (coordinator, "profile changed")


def test_me_patch_cannot_change_my_email(api, coordinator):
    email = coordinator.email
    api(coordinator).patch("/api/v1/me/", {"email": "someone.else@example.org"})
    coordinator.refresh_from_db()
    assert coordinator.email == email


def test_me_patch_with_a_too_long_name_is_400(api, coordinator):
    response = api(coordinator).patch("/api/v1/me/", {"last_name": "x" * 151})
    assert response.status_code == 400
    assert "last_name" in response.json()
