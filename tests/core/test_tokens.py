"""API tokens (django-rest-knox): stored hashed, expiring after inactivity and at an absolute limit, revoked by
logout and by a password change; anonymous requests get 401 with WWW-Authenticate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from ..factories import PASSWORD
from .auth_helpers import token_login


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CUS_SIGN_IN_RATE = "off"
    cache.clear()


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_stored_only_as_a_hash(coordinator):
    token = token_login(coordinator.email).json()["token"]
    stored = AuthToken.objects.get(user=coordinator)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128  # SHA-512
    assert with_token(token).get("/api/v1/me/").status_code == 200


def test_the_token_answer_keeps_its_shape_and_says_when_it_expires(coordinator):
    body = token_login(coordinator.email).json()
    assert set(body) == {"token", "expiry"}
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert dt.timedelta(hours=7, minutes=59) < expiry - timezone.now() <= dt.timedelta(hours=8)


def test_a_token_not_used_for_its_idle_time_stops_working(coordinator):
    token = token_login(coordinator.email).json()["token"]
    AuthToken.objects.filter(user=coordinator).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    response = with_token(token).get("/api/v1/me/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_each_use_extends_a_token_up_to_its_absolute_limit(coordinator):
    token = token_login(coordinator.email).json()["token"]
    now = timezone.now()
    AuthToken.objects.filter(user=coordinator).update(expiry=now + dt.timedelta(hours=1))
    with_token(token).get("/api/v1/me/")
    extended = AuthToken.objects.get(user=coordinator).expiry
    assert extended > now + dt.timedelta(hours=7)  # eight hours from this use
    # Issued almost thirty days ago: a use extends it only to thirty days after it was issued.
    created = now - dt.timedelta(days=30) + dt.timedelta(hours=1)
    AuthToken.objects.filter(user=coordinator).update(created=created, expiry=now + dt.timedelta(minutes=10))
    with_token(token).get("/api/v1/me/")
    assert AuthToken.objects.get(user=coordinator).expiry == created + dt.timedelta(days=30)


def test_logout_revokes_the_token_it_was_called_with_only(coordinator):
    first = token_login(coordinator.email).json()["token"]
    second = token_login(coordinator.email).json()["token"]
    assert with_token(first).post("/api/v1/auth/logout/").status_code == 204
    assert with_token(first).get("/api/v1/me/").status_code == 401
    assert with_token(second).get("/api/v1/me/").status_code == 200


def test_a_password_change_revokes_every_token(coordinator):
    first = token_login(coordinator.email).json()["token"]
    second = token_login(coordinator.email).json()["token"]
    response = with_token(first).post(
        "/api/v1/me/password/", {"current_password": PASSWORD, "new_password": "a brand new passphrase 42"}
    )
    assert response.status_code == 200
    assert with_token(first).get("/api/v1/me/").status_code == 401
    assert with_token(second).get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_an_unknown_token_is_401(db):
    assert with_token("0" * 64).get("/api/v1/me/").status_code == 401


def test_anonymous_requests_get_401_with_www_authenticate(db):
    for path in ("/api/v1/me/", "/api/v1/clients/", "/api/v1/users/", "/api/v1/me/mfa/"):
        response = APIClient().get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"] == "Token", path


def test_an_inactive_users_token_stops_working(coordinator):
    token = token_login(coordinator.email).json()["token"]
    coordinator.is_active = False
    coordinator.save()
    assert with_token(token).get("/api/v1/me/").status_code == 401


def test_tokens_are_not_in_the_admin_in_plain_text(client, coordinator, admin_client_for_operator):
    token = token_login(coordinator.email).json()["token"]
    listing = admin_client_for_operator.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    assert token not in listing.content.decode()
    assert "/admin/authtoken/" not in admin_client_for_operator.get("/admin/").content.decode()


@pytest.fixture
def admin_client_for_operator(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("operator@example.org", "an operator's passphrase"))
    return client
