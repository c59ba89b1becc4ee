"""Repeated failed sign-ins are locked out (django-axes), per e-mail and per address, on the token login, the
session login and the admin's login form; the answer never tells whether the account exists; administrators
unlock."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import F
from rest_framework.test import APIClient

from cus.core.models import Role

from ..factories import PASSWORD, MembershipFactory, UserFactory
from .auth_helpers import browser, session_login, token_login

LOCKED = "Too many failed sign-in attempts. Try again later."
WRONG = "Unable to log in with these credentials."


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CUS_SIGN_IN_RATE = "off"
    cache.clear()


def fail(email: str, times: int, *, address: str = "127.0.0.1") -> list[int]:
    return [
        APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token/", {"email": email, "password": "wrong"}).status_code
        for _ in range(times)
    ]


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(coordinator):
    statuses = fail(coordinator.email, 30)
    assert statuses[:4] == [400] * 4
    assert set(statuses[4:]) == {429}  # the fifth failure locks
    response = token_login(coordinator.email)  # the 31st, right password
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED, "code": "locked"}
    assert "token" not in response.json()


def test_the_session_login_is_locked_too_and_signs_in_nobody(coordinator):
    fail(coordinator.email, 5)
    client = browser()
    response = session_login(client, coordinator.email)
    assert response.status_code == 429
    assert client.get("/api/v1/me/").status_code == 401


def test_the_lock_lifts_after_the_cool_off(coordinator, settings):
    fail(coordinator.email, 5)
    assert token_login(coordinator.email).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert token_login(coordinator.email).status_code == 200


def test_a_centre_administrator_unlocks_a_member(api, admin_user, coordinator):
    fail(coordinator.email, 5)
    assert token_login(coordinator.email).status_code == 429
    response = api(admin_user).post(f"/api/v1/users/{coordinator.pk}/unlock/")
    assert response.status_code == 200
    assert response.json()["email"] == coordinator.email
    latest = coordinator.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("sign-in unlocked", admin_user)
    assert token_login(coordinator.email).status_code == 200


def test_only_administrators_unlock_and_only_their_own_centre(api, manager, admin_user, coordinator, member,
                                                               other_centre):
    assert api(manager).post(f"/api/v1/users/{coordinator.pk}/unlock/").status_code == 403
    stranger = member(Role.COORDINATOR, other_centre)
    assert api(admin_user).post(f"/api/v1/users/{stranger.pk}/unlock/").status_code == 404


def test_unknown_emails_get_the_same_answers_as_known_ones(coordinator):
    known = [APIClient(REMOTE_ADDR="10.0.0.1").post(
        "/api/v1/auth/token/", {"email": coordinator.email, "password": "wrong"}) for _ in range(6)]
    unknown = [APIClient(REMOTE_ADDR="10.0.0.2").post(
        "/api/v1/auth/token/", {"email": "nobody@example.org", "password": "wrong"}) for _ in range(6)]
    assert [(r.status_code, r.json()) for r in known] == [(r.status_code, r.json()) for r in unknown]
    assert known[0].json() == {"non_field_errors": [WRONG]}
    assert known[-1].json() == {"detail": LOCKED, "code": "locked"}


def test_an_inactive_account_gets_the_wrong_credentials_answer(db):
    user = UserFactory(is_active=False)
    assert token_login(user.email).json() == {"non_field_errors": [WRONG]}


def test_failures_are_counted_per_address_whatever_the_email(coordinator):
    for n in range(5):
        APIClient(REMOTE_ADDR="10.9.9.9").post("/api/v1/auth/token/", {"email": f"guess{n}@example.org", "password": "x"})
    from_there = APIClient(REMOTE_ADDR="10.9.9.9").post(
        "/api/v1/auth/token/", {"email": coordinator.email, "password": PASSWORD})
    assert from_there.status_code == 429
    elsewhere = APIClient(REMOTE_ADDR="10.1.1.1").post(
        "/api/v1/auth/token/", {"email": coordinator.email, "password": PASSWORD})
    assert elsewhere.status_code == 200


def test_emails_are_counted_whatever_their_case(coordinator):
    for _ in range(5):
        APIClient(REMOTE_ADDR="10.0.0.7").post("/api/v1/auth/token/", {"email": coordinator.email.upper(), "password": "x"})
    assert token_login(coordinator.email).status_code == 429


def test_the_admin_login_form_is_locked_too(client, db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": operator.email, "password": "wrong", "otp_token": "123456"})
    response = client.post("/admin/login/", {"username": operator.email, "password": PASSWORD, "otp_token": "1"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert token_login(operator.email).status_code == 429  # one count for every way in


def test_a_successful_sign_in_forgets_the_earlier_failures(coordinator):
    fail(coordinator.email, 4)
    assert token_login(coordinator.email).status_code == 200
    assert fail(coordinator.email, 4) == [400] * 4


def test_sign_ins_are_rate_limited_per_address(coordinator, settings):
    settings.CUS_SIGN_IN_RATE = "3/min"
    cache.clear()
    statuses = [token_login(coordinator.email).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_an_operator_unlocks_in_the_admin_by_deleting_the_attempts(coordinator):
    fail(coordinator.email, 5)
    assert AccessAttempt.objects.filter(username=coordinator.email).exists()
    AccessAttempt.objects.filter(username=coordinator.email).delete()  # what the admin's delete action does
    assert token_login(coordinator.email).status_code == 200


def test_a_member_of_two_centres_is_unlocked_by_either_administrator(api, coordinator, other_centre, member):
    MembershipFactory(user=coordinator, centre=other_centre, role=Role.COORDINATOR)
    other_admin = member(Role.ADMIN, other_centre)
    fail(coordinator.email, 5)
    assert api(other_admin).post(f"/api/v1/users/{coordinator.pk}/unlock/").status_code == 200
    assert token_login(coordinator.email).status_code == 200
