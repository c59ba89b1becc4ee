"""The Django admin site asks everyone for a second factor (django-otp's OTPAdminSite)."""

from __future__ import annotations

import django_otp.middleware
import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from cus.core import mfa

from ..factories import PASSWORD, UserFactory
from .auth_helpers import browser, csrf, enrol, fresh_code, session_login

IS_VERIFIED = django_otp.middleware.is_verified  # before tests/conftest.py assumes every session verified


@pytest.fixture(autouse=True)
def _real_second_factor(monkeypatch, settings):
    monkeypatch.setattr(django_otp.middleware, "is_verified", IS_VERIFIED)
    settings.CUS_SIGN_IN_RATE = "off"
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no seconds-long back-off after the wrong code
    cache.clear()


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_admin_site_is_an_otp_admin_site():
    assert isinstance(admin.site, OTPAdminSite)
    assert admin.site.name == "admin"


def test_a_password_alone_does_not_open_the_admin(client, operator):
    client.force_login(operator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_login_form_asks_for_the_code(client, operator):
    device, _codes = enrol(operator)
    page = client.get("/admin/login/")
    assert 'name="otp_token"' in page.content.decode()
    form = {"username": operator.email, "password": PASSWORD}
    # django-otp's form asks which device the code is from (the choice appears once the password is right).
    unchosen = client.post("/admin/login/", {**form, "otp_token": fresh_code(device)})
    assert unchosen.status_code == 200
    assert device.persistent_id in unchosen.content.decode()
    form["otp_device"] = device.persistent_id
    refused = client.post("/admin/login/", {**form, "otp_token": "000000"})
    assert refused.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302
    code = fresh_code(device)
    signed_in = client.post("/admin/login/", {**form, "otp_token": code})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_signed_in_with_the_api_two_steps_opens_the_admin(operator):
    device, _codes = enrol(operator)
    client = browser()
    assert session_login(client, operator.email).status_code == 202
    assert client.post("/api/v1/auth/mfa/verify/", {"code": fresh_code(device)}, **csrf(client)).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_an_operator_sets_up_the_app_from_the_command_line(operator, capsys, monkeypatch):
    answers = iter([])

    def code_of_new_device(prompt: str = "") -> str:
        del prompt
        device = TOTPDevice.objects.get(user=operator, confirmed=False)
        return next(answers, None) or fresh_code(device)

    monkeypatch.setattr("builtins.input", code_of_new_device)
    call_command("mfa_enrol", operator.email)
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out
    assert mfa.is_enabled(operator)
    assert mfa.recovery_codes_left(operator) == 10
