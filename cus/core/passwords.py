"""Passwords: changing one's own, and resetting a forgotten one by e-mail.

Every new password passes Django's validators (``AUTH_PASSWORD_VALIDATORS``: at least 12 characters, not like
the user's name or e-mail, not a common or a numeric password). Every change is a line in the user's history and
revokes all the user's API tokens; the sessions signed in with the old password end (Django checks each
session against the password; the view that changes it keeps its own session with
``update_session_auth_hash``). A reset link (Django's ``PasswordResetTokenGenerator``) works once — it is bound
to the password it replaces — and for ``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from knox.models import get_token_model

from . import lockout
from .errors import ValidationError
from .history import stamp
from .models import User


def revoke_api_tokens(user: User) -> int:
    """Delete every API token of ``user`` (they sign in again to get a new one)."""
    deleted, _by_model = get_token_model().objects.filter(user=user).delete()
    return deleted


def validate_new_password(password: str, user: User, field: str = "new_password") -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError({field: error.messages}) from None


@transaction.atomic
def _set(user: User, password: str, *, by: User, reason: str) -> User:
    user.set_password(password)
    stamp(user, user=by, reason=reason)
    user.save()
    revoke_api_tokens(user)
    return user


def confirm_password(*, request: HttpRequest, user: User, password: str, field: str = "password") -> None:
    """Check that ``password`` is the signed-in user's, before a sensitive change. Checked like a sign-in: a wrong
    one counts towards the lockout, and a locked account is refused with ``lockout.Locked``."""
    if lockout.is_locked(request, user.email):
        raise lockout.Locked()
    if authenticate(request, email=user.email, password=password) is None:
        if lockout.was_locked_out(request):
            raise lockout.Locked()
        raise ValidationError({field: _("This is not your current password.")})


def change_password(*, request: HttpRequest, user: User, current_password: str, new_password: str) -> User:
    """The user's own change, with their current password (``confirm_password``; not in the change's transaction,
    so that a wrong one is counted)."""
    confirm_password(request=request, user=user, password=current_password, field="current_password")
    validate_new_password(new_password, user)
    return _set(user, new_password, by=user, reason="password changed")


def _site_url(base_url: str) -> str:
    return (str(getattr(settings, "CUS_SITE_URL", "")) or base_url).rstrip("/")


def reset_link(user: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{_site_url(base_url)}/reset-password/{uid}/{token}"


def request_reset(*, email: str, base_url: str) -> None:
    """E-mail a reset link to the active account with this e-mail, in its language; nothing when there is none.
    The caller answers the same either way, so the answer does not tell whether the account exists."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": reset_link(user, base_url),
            "valid_hours": max(1, math.ceil(settings.PASSWORD_RESET_TIMEOUT / 3600)),
        }
        subject = _("Set a new password for CUS")
        body = render_to_string("core/email/password_reset.txt", context)
    send_mail(subject, body, None, [user.email])


def user_of_reset_link(uid: str, token: str) -> User | None:
    """The user a reset link is for, while it is valid (unused and not expired); None otherwise."""
    try:
        pk = force_str(urlsafe_base64_decode(uid))
        user = User.objects.filter(pk=pk, is_active=True).first()
    except (ValueError, TypeError, OverflowError, DjangoValidationError):
        return None
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def reset_password(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working, every session and API token of the
    user ends, and the sign-in lockout of the account is lifted (the link proved the e-mail is theirs)."""
    user = user_of_reset_link(uid, token)
    if user is None:
        raise ValidationError({"token": _("This link is not valid any more: it was used or it expired. Ask for a new one.")})
    validate_new_password(new_password, user)
    _set(user, new_password, by=user, reason="password reset by e-mail")
    lockout.unlock(user.email)
    return user
