"""Two-factor sign-in for the demo logins whose role requires it (by default the administrator and the managers).

They share one authenticator secret, published in the README (it is a demo): add ``DEMO_TOTP_SECRET`` to an
authenticator app, or print the current code with ``manage.py demo_otp <email>``.
"""

from __future__ import annotations

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from ..context import DemoContext

DEMO_TOTP_SECRET = "CUSDEMOTWOFACTORSECRETFORTHEDEMO"  # noqa: S105 - published demo key, base32 as apps take it
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()  # as django-otp keeps it


def create_mfa_devices(ctx: DemoContext) -> None:
    assert ctx.centre is not None
    required = set(ctx.centre.mfa_required_roles or ())
    users = [ctx.users[staff.email] for staff in ctx.spec.staff if staff.role in required]
    have = set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))
    ctx.insert(
        TOTPDevice,
        [
            TOTPDevice(user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            for user in users
            if user.pk not in have
        ],
        history=False,
    )
