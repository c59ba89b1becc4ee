"""Passwords: at least 12 characters and Django's validators; users change theirs (with the current one) and reset
a forgotten one by e-mail with a single-use link that expires; every change is in the history, ends the other
sessions and revokes the API tokens."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.utils import translation
from knox.models import AuthToken

from cus.core import passwords
from cus.core.errors import ValidationError

from ..factories import PASSWORD, UserFactory
from .auth_helpers import browser, csrf, session_login, token_login

NEW = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CUS_SIGN_IN_RATE = "off"
    cache.clear()


def reset_link_parts(message: mail.EmailMessage) -> tuple[str, str]:
    match = re.search(r"/reset-password/([^/\s]+)/([^/\s]+)", message.body)
    assert match, message.body
    return match.group(1), match.group(2)


# --- the rules ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Short1!pass", "too short"),
        ("password1234", "common"),
        ("839201748392011", "numeric"),
        ("anna.nowicka.example", "like the e-mail"),
    ],
)
def test_weak_passwords_are_refused(db, password, why):
    user = UserFactory(email="anna.nowicka@example.org", first_name="Anna", last_name="Nowicka")
    with pytest.raises(ValidationError) as raised:
        passwords.validate_new_password(password, user)
    assert "new_password" in raised.value.message_dict, why


def test_twelve_characters_are_enough(db):
    passwords.validate_new_password("quiet-harbour", UserFactory())


# --- changing one's own ---------------------------------------------------------------------------------------


def test_a_user_changes_their_password_and_stays_signed_in(coordinator):
    client = browser()
    session_login(client, coordinator.email)
    response = client.post(
        "/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW}, **csrf(client)
    )
    assert response.status_code == 200
    assert response.json() == {"detail": "Your password has been changed."}
    assert client.get("/api/v1/me/").status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)
    latest = coordinator.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("password changed", coordinator)


def test_a_password_change_ends_the_other_sessions_and_the_tokens(coordinator):
    here, elsewhere = browser(), browser()
    session_login(here, coordinator.email)
    session_login(elsewhere, coordinator.email)
    token = token_login(coordinator.email).json()["token"]
    here.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW}, **csrf(here))
    assert here.get("/api/v1/me/").status_code == 200
    assert elsewhere.get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=coordinator).exists()
    client = browser()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").status_code == 401


def test_the_current_password_must_be_right(api, coordinator):
    response = api(coordinator).post("/api/v1/me/password/", {"current_password": "wrong", "new_password": NEW})
    assert response.status_code == 400
    assert response.json() == {"current_password": ["This is not your current password."]}
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


def test_wrong_current_passwords_count_towards_the_lockout(api, coordinator):
    client = api(coordinator)
    statuses = [
        client.post("/api/v1/me/password/", {"current_password": "wrong", "new_password": NEW}).status_code
        for _ in range(6)
    ]
    assert statuses == [400, 400, 400, 400, 429, 429]
    assert client.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW}).status_code == 429


def test_a_weak_new_password_is_400_naming_the_field_and_nothing_changes(api, coordinator):
    response = api(coordinator).post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": "short"})
    assert response.status_code == 400
    assert "new_password" in response.json()
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


def test_missing_fields_are_named(api, coordinator):
    response = api(coordinator).post("/api/v1/me/password/", {})
    assert response.status_code == 400
    assert set(response.json()) == {"current_password", "new_password"}


# --- resetting by e-mail -------------------------------------------------------------------------------------


def test_asking_for_a_reset_answers_the_same_whether_the_account_exists(coordinator, client):
    known = client.post("/api/v1/auth/password-reset/", {"email": coordinator.email}, content_type="application/json")
    unknown = client.post("/api/v1/auth/password-reset/", {"email": "nobody@example.org"},
                          content_type="application/json")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]


def test_the_reset_email_is_in_the_users_language_and_links_to_the_web_ui(db, client, settings):
    settings.CUS_SITE_URL = "https://cus.example.org"
    user = UserFactory(language="pl")
    languages = []
    render = passwords.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    with mock.patch.object(passwords, "render_to_string", spy):
        client.post("/api/v1/auth/password-reset/", {"email": user.email.upper()}, content_type="application/json")
    [message] = mail.outbox
    assert languages == ["pl"]
    assert "https://cus.example.org/reset-password/" in message.body


def test_without_a_site_url_the_link_points_to_the_host_asked(db, client, settings):
    settings.CUS_SITE_URL = ""
    user = UserFactory()
    client.post("/api/v1/auth/password-reset/", {"email": user.email}, content_type="application/json")
    assert "http://testserver/reset-password/" in mail.outbox[0].body


def test_an_inactive_account_gets_no_email(db, client):
    user = UserFactory(is_active=False)
    response = client.post("/api/v1/auth/password-reset/", {"email": user.email}, content_type="application/json")
    assert response.status_code == 202
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once_and_ends_every_session_and_token(coordinator, client):
    signed_in = browser()
    session_login(signed_in, coordinator.email)
    token_login(coordinator.email)
    client.post("/api/v1/auth/password-reset/", {"email": coordinator.email}, content_type="application/json")
    uid, token = reset_link_parts(mail.outbox[0])
    body = {"uid": uid, "token": token, "new_password": NEW}
    response = client.post("/api/v1/auth/password-reset/confirm/", body, content_type="application/json")
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)
    assert signed_in.get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=coordinator).exists()
    assert coordinator.history.latest().history_change_reason == "password reset by e-mail"
    # the same link again
    again = client.post("/api/v1/auth/password-reset/confirm/", {**body, "new_password": "yet another passphrase 7"},
                        content_type="application/json")
    assert again.status_code == 400
    assert list(again.json()) == ["token"]
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)


def test_an_expired_link_is_refused(coordinator, client, settings):
    client.post("/api/v1/auth/password-reset/", {"email": coordinator.email}, content_type="application/json")
    uid, token = reset_link_parts(mail.outbox[0])
    later = default_token_generator._now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        response = client.post("/api/v1/auth/password-reset/confirm/",
                               {"uid": uid, "token": token, "new_password": NEW}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["token"]


def test_a_link_expires_after_an_hour_by_default(settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600


def test_a_made_up_link_is_refused(db, client):
    for uid in ("x", "MTIz", "", "%%%"):
        response = client.post("/api/v1/auth/password-reset/confirm/",
                               {"uid": uid or "a", "token": "abc-def", "new_password": NEW},
                               content_type="application/json")
        assert response.status_code == 400, uid


def test_a_weak_password_on_the_reset_keeps_the_link_usable(coordinator, client):
    client.post("/api/v1/auth/password-reset/", {"email": coordinator.email}, content_type="application/json")
    uid, token = reset_link_parts(mail.outbox[0])
    weak = client.post("/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "new_password": "short"},
                       content_type="application/json")
    assert weak.status_code == 400
    assert list(weak.json()) == ["new_password"]
    good = client.post("/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "new_password": NEW},
                       content_type="application/json")
    assert good.status_code == 200


def test_a_reset_lifts_the_lockout(coordinator, client):
    for _ in range(5):
        token_login(coordinator.email, "wrong")
    assert token_login(coordinator.email).status_code == 429
    client.post("/api/v1/auth/password-reset/", {"email": coordinator.email}, content_type="application/json")
    uid, token = reset_link_parts(mail.outbox[0])
    client.post("/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "new_password": NEW},
                content_type="application/json")
    assert token_login(coordinator.email, NEW).status_code == 200


def test_a_rate_limited_answer_names_its_code_as_every_error_does(db, client, settings):
    from django.core.cache import cache

    settings.CUS_SIGN_IN_RATE = "3/min"
    cache.clear()
    for _attempt in range(4):
        response = client.post("/api/v1/auth/password-reset/confirm/",
                               {"uid": "MTIz", "token": "x", "new_password": NEW}, content_type="application/json")
        if response.status_code == 429:
            break
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["detail"]
