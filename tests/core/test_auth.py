from rest_framework.test import APIClient

from cus.core.models import Role

from ..factories import PASSWORD, MembershipFactory, UserFactory


def test_token_login_returns_a_token_that_authenticates(coordinator, centre):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"email": coordinator.email, "password": PASSWORD})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == coordinator.email
    assert me.json()["memberships"][0]["centre"] == str(centre.pk)
    assert me.json()["memberships"][0]["role"] == Role.COORDINATOR


def test_token_login_with_wrong_password_is_400_with_message(coordinator):
    response = APIClient().post("/api/v1/auth/token/", {"email": coordinator.email, "password": "nope"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_token_login_with_missing_fields_names_them(db):
    response = APIClient().post("/api/v1/auth/token/", {})
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_session_login_enforces_csrf_and_logout_ends_the_session(coordinator):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/v1/auth/csrf/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/auth/login/", {"email": coordinator.email, "password": PASSWORD}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    # a write without the CSRF token is refused
    assert client.patch("/api/v1/me/", {"first_name": "X"}).status_code == 403
    token = client.cookies["csrftoken"].value
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_me_requires_login(db):
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)


def test_user_can_change_own_language_and_bad_language_is_400(api, coordinator):
    client = api(coordinator)
    assert client.patch("/api/v1/me/", {"language": "sl"}).json()["language"] == "sl"
    response = client.patch("/api/v1/me/", {"language": "xx"})
    assert response.status_code == 400
    assert "language" in response.json()


def test_user_of_two_centres_must_choose_one(api, centre, other_centre):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=Role.MANAGER)
    MembershipFactory(user=user, centre=other_centre, role=Role.COORDINATOR)
    client = api(user)
    response = client.get("/api/v1/users/")
    assert response.status_code == 400
    assert "X-Centre" in response.json()
    assert api(user, centre=other_centre).get("/api/v1/users/").status_code == 200


def test_centre_header_for_a_centre_without_membership_is_404(api, coordinator, other_centre):
    assert api(coordinator, centre=other_centre).get("/api/v1/users/").status_code == 404


def test_malformed_centre_header_is_400(api, coordinator):
    client = api(coordinator)
    client.credentials(HTTP_X_CENTRE="not-a-uuid")
    assert client.get("/api/v1/users/").status_code == 400
