"""Sign-in lockout, with django-axes: repeated failures lock the e-mail and the address for a while.

Axes counts every failed ``authenticate()`` (a wrong password, an unknown e-mail, an inactive account) and every
wrong second-factor code (``record_failure``), per e-mail and per client address. At ``AXES_FAILURE_LIMIT``
failures within ``AXES_COOLOFF_TIME``, ``authenticate()`` refuses even the right password until the cool-off has
passed since the last failure, or an administrator unlocks (``unlock``). E-mails that belong to nobody are
counted and locked the same way, so a locked answer says nothing about whether an account exists.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import User


def normalise(email: str | None) -> str | None:
    """E-mails are case-insensitive logins (``User.email`` is stored lower-case)."""
    return email.strip().lower() if email else None


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail axes counts a sign-in under: ``email`` from the API, ``username`` from the admin's form."""
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username")
    if email is None and request is not None and request.method == "POST":
        email = request.POST.get("username") or request.POST.get("email")
    return normalise(email)


def credentials_for(email: str) -> dict[str, Any]:
    return {"email": normalise(email)}


def is_locked(request: HttpRequest, email: str) -> bool:
    """Whether sign-ins as ``email`` from this request's address are refused now."""
    return AxesProxyHandler.is_locked(request, credentials_for(email))


def record_failure(request: HttpRequest, email: str) -> None:
    """Count a failed sign-in step that is not a password (a wrong second-factor code), as authenticate() does."""
    user_login_failed.send(sender=User, credentials=credentials_for(email), request=request)


def was_locked_out(request: HttpRequest) -> bool:
    """After ``authenticate()``: True when axes refused or locked this attempt."""
    return bool(getattr(request, "axes_locked_out", False))


def unlock(email: str) -> int:
    """Forget the failed sign-ins of ``email`` (from every address): it may sign in again at once."""
    return reset(username=normalise(email))


def recent_failures(email_ref: str = "email") -> Coalesce:
    """An annotation: the failed sign-ins counted now against the e-mail in the outer query's ``email_ref`` (axes
    counts an e-mail's failures within the cool-off since the last one, from every address)."""
    cool_off = get_cool_off()
    since = timezone.now() - cool_off if cool_off is not None else None
    attempts = AccessAttempt.objects.filter(username=OuterRef(email_ref))
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    failures = (
        attempts
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return Coalesce(Subquery(failures, output_field=IntegerField()), 0)


def is_account_locked(failures: int) -> bool:
    """Whether ``failures`` (from ``recent_failures``) lock the e-mail: every sign-in as it is refused."""
    return failures >= int(settings.AXES_FAILURE_LIMIT)


def lockout_message() -> str:
    return str(Locked.default_detail)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """What axes' middleware answers a locked-out request with (``AXES_LOCKOUT_CALLABLE``).

    The API's sign-in views answer lockouts themselves (JSON, the same for every e-mail): their answer is kept.
    Elsewhere (the admin's login form) a plain 429 page says to try later.
    """
    if original_response is not None and request.path.startswith("/api/"):
        return original_response
    del credentials  # the answer is the same whoever was locked
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")


class Locked(DomainError):
    """Sign-in refused: too many failures (the API answers 429 with this message, whoever the e-mail is)."""

    default_detail = _("Too many failed sign-in attempts. Try again later.")
    default_code = "locked"
