"""Two-factor sign-in (django-otp): a TOTP authenticator app, and recovery codes for when it is lost.

A user *has* two-factor sign-in when they have a confirmed TOTP device; then every sign-in asks for a code from
it (or a recovery code) after the password. A user *must* have it when one of their active memberships has a
role their centre lists in ``Centre.mfa_required_roles`` (default: administrators and managers); until they set
it up they are held to the set-up (the API answers everything else 403 ``mfa_enrollment_required``). The Django
admin site asks every user for it (``cus.core.admin_site``).

Set-up: ``start_totp`` makes an unconfirmed device and gives its secret (an ``otpauth://`` URI, the key to
type, a QR code); ``confirm_totp`` with a code from the app confirms it, replaces any earlier device and issues
``RECOVERY_CODES`` single-use recovery codes, shown once. Recovery codes are kept only as keyed hashes (a
django-otp static device's tokens), so the database does not hold them readable; a change of SECRET_KEY
invalidates them (issue new ones).
"""

from __future__ import annotations

import io
import re
import secrets
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import Conflict, ValidationError
from .history import stamp
from .models import Membership, User

RECOVERY_CODES = 10
RECOVERY_CODE_GROUPS = 3  # of four base32 characters each: 60 random bits, written abcd-efgh-ijkl
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_TOTP_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Status:
    enabled: bool  # a confirmed authenticator app: sign-ins ask for a code
    required: bool  # a role in one of the user's centres must use it
    recovery_codes_left: int

    @property
    def enrolment_required(self) -> bool:
        return self.required and not self.enabled


@dataclass(frozen=True)
class Enrolment:
    """An authenticator app to add: the otpauth URI (what the QR code holds) and the key to type by hand."""

    device: TOTPDevice
    uri: str
    secret: str
    qr_svg: str


# --- reads --------------------------------------------------------------------------------------


def required_for(user: User) -> bool:
    """Must ``user`` sign in with a second factor (a role of theirs is listed by its centre)?"""
    rows = Membership.objects.filter(user=user, is_active=True).values_list("role", "centre__mfa_required_roles")
    return any(role in (roles or ()) for role, roles in rows)


def enrolled(user_ref: str = "pk") -> Exists:
    """An annotation: whether the user in the outer query's ``user_ref`` has two-factor sign-in."""
    return Exists(TOTPDevice.objects.filter(user=OuterRef(user_ref), confirmed=True))


def is_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def status(user: User) -> Status:
    return Status(enabled=is_enabled(user), required=required_for(user), recovery_codes_left=recovery_codes_left(user))


def enrolment_required(user: User) -> bool:
    """True for a user who must use two-factor sign-in and has not set it up: one query, made on every API
    request (``cus.api.accounts.hold``)."""
    enrolled = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    rows = (
        Membership.objects.filter(user=user, is_active=True)
        .annotate(enrolled=Exists(enrolled))
        .values_list("role", "centre__mfa_required_roles", "enrolled")
    )
    return any(role in (roles or ()) and not has_device for role, roles, has_device in rows)


# --- writes -------------------------------------------------------------------------------------


def _record(user: User, by: User, reason: str) -> None:
    """A line in the user's history: the devices are django-otp's rows, the change is the user's."""
    stamp(user, user=by, reason=reason)
    user.save()


def _qr_svg(uri: str) -> str:
    buffer = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title=_("QR code for your authenticator app")
    )
    return buffer.getvalue().decode()


@transaction.atomic
def start_totp(*, user: User) -> Enrolment:
    """A new, unconfirmed authenticator device for ``user`` (replacing an earlier unfinished set-up). An
    existing confirmed device keeps working until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    device.user = user
    secret = b32encode(device.bin_key).decode()
    return Enrolment(device=device, uri=device.config_url, secret=secret, qr_svg=_qr_svg(device.config_url))


def confirm_totp(*, user: User, code: str, by: User | None = None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the set-up with a code from the app: the device replaces any earlier one, and new recovery codes
    (returned, shown once) replace any earlier ones. A wrong code is a 400 on ``code``."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        )
        if device is None:
            raise ValidationError({"code": _("Start the set-up of the authenticator app first.")})
        verified = device.verify_token(_digits(code))
    if not verified:
        raise ValidationError({"code": _("This code is not right. Check the time on your phone and try again.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _issue_recovery_codes(user)
        _record(user, by or user, "two-factor sign-in set up")
    return device, codes


@transaction.atomic
def regenerate_recovery_codes(*, user: User, by: User | None = None) -> list[str]:
    """New recovery codes (returned, shown once); the earlier ones stop working."""
    if not is_enabled(user):
        raise Conflict(_("Two-factor sign-in is not set up."), code="mfa_not_enabled")
    codes = _issue_recovery_codes(user)
    _record(user, by or user, "recovery codes replaced")
    return codes


@transaction.atomic
def disable(*, user: User, by: User | None = None) -> None:
    """Remove the authenticator app and the recovery codes; refused while a role of the user requires them."""
    if required_for(user):
        raise Conflict(_("Your role requires two-factor sign-in: it cannot be removed."), code="mfa_required")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(user, by or user, "two-factor sign-in removed")


def _devices_for(user: User, code: str, *, lock: bool = False) -> tuple[list[Device], str]:
    """The devices a code is for (six digits: the app; otherwise the recovery codes) and the token they check."""
    digits = _digits(code)
    if _TOTP_CODE.match(digits):
        apps = TOTPDevice.objects.filter(user=user, confirmed=True)
        return list(apps.select_for_update() if lock else apps), digits
    recovery = StaticDevice.objects.filter(user=user, confirmed=True)
    return list(recovery.select_for_update() if lock else recovery), _recovery_digest(code)


def verify(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (six digits: the app; otherwise a recovery code, used up), or None.

    Each device slows down repeated wrong codes (django-otp's throttling); the caller counts a failure towards
    the sign-in lockout too. The verification commits on its own, so a failure's throttling is kept."""
    with transaction.atomic():
        devices, token = _devices_for(user, (code or "").strip(), lock=True)
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def is_throttled(user: User, code: str) -> bool:
    """Whether the devices ``code`` is for refuse codes for a few seconds after wrong ones (django-otp's back-off,
    per device: wrong app codes do not hold back a recovery code)."""
    devices, _token = _devices_for(user, (code or "").strip())
    return any(not device.verify_is_allowed()[0] for device in devices)


# --- recovery codes -----------------------------------------------------------------------------


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_BASE32) for _ in range(4 * RECOVERY_CODE_GROUPS))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _recovery_digest(code: str) -> str:
    """What is stored for a recovery code: a keyed hash of it (lower-case, without spaces or dashes), 16 hex
    characters (the size of a django-otp static token)."""
    normalised = _digits(code).lower()
    return salted_hmac("cus.core.mfa.recovery-code", normalised, algorithm="sha256").hexdigest()[:16]


def _issue_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_recovery_digest(code)) for code in codes)
    return codes
