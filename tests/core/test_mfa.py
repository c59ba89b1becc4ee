"""Two-factor sign-in (django-otp): enrolment with an authenticator app and recovery codes, the second step of the
session and token logins, the hold of users whose role requires it, the per-centre setting, and login CSRF."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cus.core import mfa
from cus.core.models import Role

from ..factories import PASSWORD, ClientFactory, MembershipFactory, UserFactory
from .auth_helpers import browser, csrf, enrol, fresh_code, session_login, token_login, totp_code

RECOVERY_CODE = re.compile(r"^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$")


@pytest.fixture(autouse=True)
def _plain(settings):
    settings.CUS_SIGN_IN_RATE = "off"
    # django-otp slows down repeated wrong codes by seconds; the test of that sets it back.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    cache.clear()


@pytest.fixture
def enrolled(coordinator):
    device, codes = enrol(coordinator)
    return coordinator, device, codes


def verify(client, code: str):
    return client.post("/api/v1/auth/mfa/verify/", {"code": code}, **csrf(client))


# --- enrolment ------------------------------------------------------------------------------------------------


def test_enrolment_gives_a_secret_then_a_code_turns_it_on_with_ten_recovery_codes(api, coordinator):
    client = api(coordinator)
    assert client.get("/api/v1/me/mfa/").json() == {
        "enabled": False, "required": False, "enrolment_required": False, "recovery_codes_left": 0,
    }
    started = client.post("/api/v1/me/mfa/totp/", {})
    assert started.status_code == 201
    body = started.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/CUS%3A")
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    assert body["qr_svg"].startswith("<svg")
    assert "</svg>" in body["qr_svg"]
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed

    assert client.post("/api/v1/me/mfa/totp/confirm/", {"code": "000000"}).status_code == 400
    confirmed = client.post("/api/v1/me/mfa/totp/confirm/", {"code": totp_code(device)})
    assert confirmed.status_code == 200
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == 10
    assert all(RECOVERY_CODE.match(code) for code in codes)
    assert client.get("/api/v1/me/mfa/").json() == {
        "enabled": True, "required": False, "enrolment_required": False, "recovery_codes_left": 10,
    }
    assert client.get("/api/v1/me/").json()["mfa"]["enabled"] is True
    assert coordinator.history.latest().history_change_reason == "two-factor sign-in set up"


def test_recovery_codes_are_not_stored_readable(enrolled):
    user, _device, codes = enrolled
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    assert not stored & {code.replace("-", "") for code in codes}


def test_confirming_without_starting_is_400(api, coordinator):
    response = api(coordinator).post("/api/v1/me/mfa/totp/confirm/", {"code": "123456"})
    assert response.status_code == 400
    assert "code" in response.json()


def test_replacing_the_app_needs_the_password_and_the_old_app_works_until_the_new_one_is_confirmed(api, enrolled):
    user, old, _codes = enrolled
    client = api(user)
    missing = client.post("/api/v1/me/mfa/totp/", {})
    assert missing.status_code == 400
    assert "password" in missing.json()
    assert client.post("/api/v1/me/mfa/totp/", {"password": "wrong"}).status_code == 400
    assert client.post("/api/v1/me/mfa/totp/", {"password": PASSWORD}).status_code == 201
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/api/v1/me/mfa/totp/confirm/", {"code": totp_code(new)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]


def test_new_recovery_codes_replace_the_old_ones(api, enrolled):
    user, _device, old_codes = enrolled
    client = api(user)
    assert client.post("/api/v1/me/mfa/recovery-codes/", {"password": "wrong"}).status_code == 400
    response = client.post("/api/v1/me/mfa/recovery-codes/", {"password": PASSWORD})
    assert response.status_code == 200
    new_codes = response.json()["recovery_codes"]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert mfa.verify(user=user, code=old_codes[0]) is None
    assert mfa.verify(user=user, code=new_codes[0]) is not None


def test_recovery_codes_without_mfa_are_409(api, coordinator):
    response = api(coordinator).post("/api/v1/me/mfa/recovery-codes/", {"password": PASSWORD})
    assert response.status_code == 409


def test_mfa_can_be_removed_where_not_required(api, enrolled):
    user, _device, _codes = enrolled
    client = api(user)
    assert client.post("/api/v1/me/mfa/disable/", {"password": "wrong"}).status_code == 400
    assert client.post("/api/v1/me/mfa/disable/", {"password": PASSWORD}).status_code == 204
    assert not mfa.is_enabled(user)
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert user.history.latest().history_change_reason == "two-factor sign-in removed"
    assert token_login(user.email).status_code == 200  # no code asked any more


def test_mfa_cannot_be_removed_where_required(api, manager):
    response = api(manager).post("/api/v1/me/mfa/disable/", {"password": PASSWORD})
    assert response.status_code == 409
    assert response.json()["code"] == "mfa_required"
    assert mfa.is_enabled(manager)


# --- signing in with it ----------------------------------------------------------------------------------------


def test_the_session_login_asks_for_the_code_and_signs_in_only_with_it(enrolled):
    user, device, _codes = enrolled
    client = browser()
    first = session_login(client, user.email)
    assert first.status_code == 202
    assert first.json() == {"mfa_required": True}
    assert client.get("/api/v1/me/").status_code == 401  # nobody is signed in yet
    wrong = verify(client, "000000")
    assert wrong.status_code == 400
    assert wrong.json() == {"code": ["This code is not right."]}
    signed_in = verify(client, fresh_code(device))
    assert signed_in.status_code == 200
    assert signed_in.json()["email"] == user.email
    assert client.get("/api/v1/me/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # verified for the admin site too


def test_a_recovery_code_signs_in_once(enrolled):
    user, _device, codes = enrolled
    client = browser()
    session_login(client, user.email)
    assert verify(client, codes[0].upper().replace("-", " ")).status_code == 200
    other = browser()
    session_login(other, user.email)
    assert verify(other, codes[0]).status_code == 400
    assert verify(other, codes[1]).status_code == 200
    assert mfa.recovery_codes_left(user) == 8


def test_a_code_is_not_accepted_twice(enrolled):
    user, device, _codes = enrolled
    code = fresh_code(device)
    first, second = browser(), browser()
    session_login(first, user.email)
    session_login(second, user.email)
    assert verify(first, code).status_code == 200
    assert verify(second, code).status_code == 400


def test_the_second_step_needs_the_first(coordinator, enrolled):
    _user, device, _codes = enrolled
    client = browser()
    response = verify(client, totp_code(device))
    assert response.status_code == 400
    assert list(response.json()) == ["code"]


def test_the_second_step_expires(enrolled):
    user, device, _codes = enrolled
    client = browser()
    session_login(client, user.email)
    session = client.session
    session["cus_mfa_pending"]["at"] -= 6 * 60
    session.save()
    assert verify(client, fresh_code(device)).status_code == 400


def test_wrong_codes_count_towards_the_lockout(enrolled):
    user, device, codes = enrolled
    client = browser()
    session_login(client, user.email)
    statuses = [verify(client, "000000").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert verify(client, fresh_code(device)).status_code == 429
    assert verify(client, codes[0]).status_code == 429
    assert session_login(browser(), user.email).status_code == 429


def test_wrong_codes_are_slowed_down(enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    user, device, _codes = enrolled
    client = browser()
    session_login(client, user.email)
    verify(client, "000000")
    response = verify(client, fresh_code(device))
    assert response.status_code == 400
    assert response.json() == {"code": ["Too many wrong codes: wait a few seconds, then try again."]}


def test_wrong_app_codes_do_not_hold_back_a_recovery_code(enrolled, settings):
    """The person whose phone shows no valid code turns to a recovery code at once: the app's back-off is the app's."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    user, device, codes = enrolled
    client = browser()
    session_login(client, user.email)
    assert verify(client, "000000").status_code == 400
    assert verify(client, fresh_code(device)).status_code == 400  # the app is held back ...
    assert verify(client, codes[0]).status_code == 200  # ... the recovery codes are not


def test_the_token_login_takes_the_code_in_otp(enrolled):
    user, device, codes = enrolled
    missing = token_login(user.email)
    assert missing.status_code == 400
    assert list(missing.json()) == ["otp"]
    assert token_login(user.email, otp="000000").status_code == 400
    assert token_login(user.email, otp=fresh_code(device)).status_code == 200
    assert token_login(user.email, otp=codes[0]).status_code == 200
    assert token_login(user.email, otp=codes[0]).status_code == 400
    # a wrong password says nothing about the code
    assert token_login(user.email, "wrong", otp=codes[1]).json() == {
        "non_field_errors": ["Unable to log in with these credentials."]
    }


# --- the hold of users who must use it -------------------------------------------------------------------------


@pytest.fixture
def unenrolled_manager(centre):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=Role.MANAGER, mfa_device=False)
    return user


def test_a_manager_without_mfa_signs_in_but_is_held_to_the_enrolment(unenrolled_manager, centre):
    ClientFactory(centre=centre)
    client = browser()
    assert session_login(client, unenrolled_manager.email).status_code == 200
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["mfa"] == {"enabled": False, "required": True, "enrolment_required": True,
                                "recovery_codes_left": 0}
    for path in ("/api/v1/clients/", "/api/v1/users/", f"/api/v1/centres/{centre.pk}/", "/api/v1/notifications/"):
        held = client.get(path)
        assert held.status_code == 403, path
        assert held.json()["code"] == "mfa_enrollment_required", path
    assert client.patch("/api/v1/me/", {"language": "pl"}, **csrf(client)).status_code == 200

    client.post("/api/v1/me/mfa/totp/", {}, **csrf(client))
    device = TOTPDevice.objects.get(user=unenrolled_manager)
    assert client.post("/api/v1/me/mfa/totp/confirm/", {"code": totp_code(device)}, **csrf(client)).status_code == 200
    assert client.get("/api/v1/clients/").status_code == 200


def test_a_held_token_reaches_only_the_enrolment(unenrolled_manager):
    token = token_login(unenrolled_manager.email).json()["token"]
    client = browser()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/clients/").status_code == 403
    assert client.get("/api/v1/me/mfa/").status_code == 200
    assert client.post("/api/v1/me/mfa/totp/", {}).status_code == 201


def test_which_roles_must_use_it_is_set_per_centre(api, centre, other_centre, member):
    centre.mfa_required_roles = ["coordinator"]
    centre.save()
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, centre=centre, role=Role.COORDINATOR, mfa_device=False)
    manager = UserFactory()
    MembershipFactory(user=manager, centre=centre, role=Role.MANAGER, mfa_device=False)
    assert api(coordinator).get("/api/v1/clients/").status_code == 403
    assert api(manager).get("/api/v1/clients/").status_code == 200
    # the default, in another centre: administrators and managers
    other_manager = UserFactory()
    MembershipFactory(user=other_manager, centre=other_centre, role=Role.MANAGER, mfa_device=False)
    assert api(other_manager).get("/api/v1/clients/").status_code == 403


def test_by_default_administrators_and_managers_must_use_it(db):
    from cus.core.models import Centre

    assert Centre().mfa_required_roles == ["admin", "manager"]


def test_an_inactive_membership_requires_nothing(centre):
    user = UserFactory()
    MembershipFactory(user=user, centre=centre, role=Role.ADMIN, is_active=False, mfa_device=False)
    assert not mfa.required_for(user)


def test_the_centre_setting_accepts_only_roles(centre):
    from django.core.exceptions import ValidationError

    centre.mfa_required_roles = ["admin", "superhero"]
    with pytest.raises(ValidationError):
        centre.full_clean()


# --- login CSRF ------------------------------------------------------------------------------------------------


def test_a_cross_site_login_post_is_refused(coordinator):
    client = browser()
    response = client.post("/api/v1/auth/login/", {"email": coordinator.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert client.get("/api/v1/me/").status_code == 401


def test_a_cross_site_second_step_is_refused(enrolled):
    user, device, _codes = enrolled
    client = browser()
    session_login(client, user.email)
    response = client.post("/api/v1/auth/mfa/verify/", {"code": fresh_code(device)})
    assert response.status_code == 403
    assert client.get("/api/v1/me/").status_code == 401
