"""The centre administrator's users screen, its backend: each member's two-factor sign-in and lockout in the
users list (for administrators only), and the centre's two-factor requirement (centre/security/)."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import F
from rest_framework.test import APIClient

from cus.core.models import Centre, Role

from .auth_helpers import enrol, token_login

URL = "/api/v1/users/"
SECURITY = "/api/v1/centre/security/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CUS_SIGN_IN_RATE = "off"
    cache.clear()


def fail(email: str, times: int) -> None:
    for _ in range(times):
        APIClient().post("/api/v1/auth/token/", {"email": email, "password": "wrong"})


def rows(response) -> dict[str, dict]:
    assert response.status_code == 200, response.json()
    return {row["email"]: row for row in response.json()["results"]}


def test_administrators_see_who_is_locked_and_who_has_two_factor_sign_in(api, admin_user, coordinator, manager):
    enrol(manager)
    fail(coordinator.email, 5)
    found = rows(api(admin_user).get(URL))
    assert (found[coordinator.email]["locked"], found[coordinator.email]["mfa_enabled"]) == (True, False)
    assert (found[manager.email]["locked"], found[manager.email]["mfa_enabled"]) == (False, True)


def test_fewer_failures_than_the_limit_or_an_old_lock_is_not_locked(api, admin_user, coordinator, settings):
    fail(coordinator.email, 4)
    assert rows(api(admin_user).get(URL))[coordinator.email]["locked"] is False
    fail(coordinator.email, 1)
    assert rows(api(admin_user).get(URL))[coordinator.email]["locked"] is True
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert rows(api(admin_user).get(URL))[coordinator.email]["locked"] is False


def test_unlocking_clears_the_flag(api, admin_user, coordinator):
    fail(coordinator.email, 5)
    assert api(admin_user).post(f"{URL}{coordinator.pk}/unlock/").status_code == 200
    assert rows(api(admin_user).get(URL))[coordinator.email]["locked"] is False
    assert token_login(coordinator.email).status_code == 200


def test_other_roles_are_not_told_about_sign_ins(api, manager, coordinator):
    fail(coordinator.email, 5)
    found = rows(api(manager).get(URL))
    assert (found[coordinator.email]["locked"], found[coordinator.email]["mfa_enabled"]) == (None, None)


def test_the_users_list_takes_a_fixed_number_of_queries(api, admin_user, member, centre, django_assert_max_num_queries):
    for _ in range(6):
        fail(member(Role.COORDINATOR, centre).email, 2)
    client = api(admin_user)
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert len(client.get(URL).json()["results"]) == 7


# --- centre/security/ ----------------------------------------------------------------------------------------


def test_the_administrator_reads_the_requirement(api, admin_user):
    response = api(admin_user).get(SECURITY)
    assert response.status_code == 200
    assert response.json() == {"mfa_required_roles": ["admin", "manager"], "always_required_roles": ["admin", "manager"]}


def test_the_administrator_requires_it_of_coordinators_who_are_then_held(api, admin_user, centre, coordinator):
    assert api(coordinator).get("/api/v1/clients/").status_code == 200
    response = api(admin_user).patch(SECURITY, {"mfa_required_roles": ["coordinator", "admin", "manager"]},
                                     format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["mfa_required_roles"] == ["admin", "manager", "coordinator"]
    centre.refresh_from_db()
    assert centre.mfa_required_roles == ["admin", "manager", "coordinator"]
    latest = centre.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "two-factor sign-in requirement changed")
    held = api(coordinator).get("/api/v1/clients/")
    assert held.status_code == 403
    assert held.json()["code"] == "mfa_enrollment_required"


@pytest.mark.parametrize("roles", [["coordinator"], ["admin"], []])
def test_administrators_and_managers_always_must(api, admin_user, centre, roles):
    response = api(admin_user).patch(SECURITY, {"mfa_required_roles": roles}, format="json")
    assert response.status_code == 400
    assert "mfa_required_roles" in response.json()
    centre.refresh_from_db()
    assert centre.mfa_required_roles == ["admin", "manager"]


@pytest.mark.parametrize("body", [{"mfa_required_roles": ["admin", "manager", "auditor-x"]},
                                  {"mfa_required_roles": "admin"}, {}, {"mfa_required_roles": [["admin"]]}])
def test_bad_input_is_a_400(api, admin_user, body):
    assert api(admin_user).patch(SECURITY, body, format="json").status_code == 400


@pytest.mark.parametrize("role", ["manager", "coordinator", "provider_staff", "volunteer"])
def test_other_roles_neither_read_nor_change_it(api, request, role, centre):
    user = request.getfixturevalue(role)
    client = api(user)
    assert client.get(SECURITY).status_code == 404
    # Refused before the body is read: even a malformed body is a 403.
    assert client.patch(SECURITY, {"mfa_required_roles": "nonsense"}, format="json").status_code == 403
    centre.refresh_from_db()
    assert centre.mfa_required_roles == ["admin", "manager"]


def test_it_changes_only_the_administrators_centre(api, admin_user, other_centre):
    api(admin_user).patch(SECURITY, {"mfa_required_roles": ["admin", "manager", "volunteer"]}, format="json")
    assert Centre.objects.get(pk=other_centre.pk).mfa_required_roles == ["admin", "manager"]


def test_anonymous_gets_401(db):
    response = APIClient().get(SECURITY)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response
