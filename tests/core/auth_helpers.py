"""Helpers for the sign-in tests: CSRF-checked session logins, codes of a TOTP device, axes' counters."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from cus.core import mfa
from cus.core.models import User

from ..factories import PASSWORD


def browser() -> APIClient:
    """A client that, like a browser, must send the CSRF token with every POST (the web UI's way)."""
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/v1/auth/csrf/")
    return client


def csrf(client: APIClient) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def session_login(client: APIClient, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, **csrf(client))


def token_login(email: str, password: str = PASSWORD, **extra: str):
    return APIClient().post("/api/v1/auth/token/", {"email": email, "password": password, **extra})


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's code now (or ``steps_ahead`` time steps later: a device accepts one step ahead, and never the
    same step twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Set up two-factor sign-in for ``user`` as the API does: a confirmed device and ten recovery codes."""
    enrolment = mfa.start_totp(user=user)
    return mfa.confirm_totp(user=user, code=totp_code(enrolment.device))


def fresh_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet (the next step when the current one was used)."""
    device.refresh_from_db()
    current = totp_code(device)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return current if totp.t() > device.last_t else totp_code(device, steps_ahead=1)
