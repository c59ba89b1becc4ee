"""Auth endpoints: API tokens, session login (two steps when the user has two-factor sign-in) and logout, the
CSRF cookie, the current user (me/), and a centre administrator's unlock of a locked-out member.

Every sign-in goes through ``django.contrib.auth.authenticate`` with the request, so django-axes counts the
failures and refuses a locked e-mail or address (``cus.core.lockout``). A wrong e-mail, a wrong password and an
inactive account get the same 400; a locked sign-in gets 429, the same for every e-mail, known or not.
"""

from __future__ import annotations

import time
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.signals import user_logged_in
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django_otp.models import Device
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from cus.api.views import ScopedViewSet
from cus.core import lockout, mfa, selectors, services
from cus.core.access import Perm
from cus.core.errors import ValidationError
from cus.core.models import Membership, User

# The session of a sign-in waiting for its second factor: who passed the password step, with which backend, when.
PENDING_SESSION_KEY = "cus_mfa_pending"
PENDING_SECONDS = 5 * 60


# --- shared pieces of the sign-in views --------------------------------------------------------------------------


class SignInThrottle(SimpleRateThrottle):
    """Slows down sign-in requests per client address (``CUS_SIGN_IN_RATE``, e.g. "30/min"; "off" disables);
    repeated failures are locked out by axes on top of this."""

    scope = "sign_in"

    def get_rate(self) -> str | None:
        rate = getattr(settings, "CUS_SIGN_IN_RATE", "30/min")
        if not rate or str(rate).lower() == "off":
            return None
        return str(rate)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": get_client_ip_address(request._request)}


LOCKED_RESPONSE = OpenApiResponse(
    inline_serializer("SignInLocked", {"detail": serializers.CharField(), "code": serializers.CharField()}),
    description="Too many failed sign-ins from this address or for this e-mail (known or not), or too many "
    "requests: try again later.",
)


class SignInView(APIView):
    """A sign-in step: throttled per address, and a lockout answered 429 (the same for every e-mail)."""

    throttle_classes = [SignInThrottle]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, lockout.Locked):
            return Response({"detail": str(exc.detail), "code": exc.code}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return super().handle_exception(exc)


class EnforceCsrf:
    """Refuse a POST without the CSRF token even from a visitor not signed in (login CSRF): DRF's session
    authentication checks it only for signed-in users."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        SessionAuthentication().enforce_csrf(request)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


def password_step(request: Request, email: str, password: str) -> User:
    """The user these credentials sign in, through axes; a 400 (the same whatever was wrong) or ``Locked``."""
    http = request._request
    user = authenticate(http, email=email.strip().lower(), password=password)
    if user is None:
        if lockout.was_locked_out(http):
            raise lockout.Locked()
        raise ValidationError({"non_field_errors": [_("Unable to log in with these credentials.")]})
    return user


def second_factor_step(request: Request, user: User, code: str, field: str) -> Device:
    """The device that accepts ``code`` for ``user``; a wrong code counts towards the lockout (400 on ``field``,
    or ``Locked`` at the limit)."""
    http = request._request
    if lockout.is_locked(http, user.email):
        raise lockout.Locked()
    if mfa.is_throttled(user, code):
        raise ValidationError({field: [_("Too many wrong codes: wait a few seconds, then try again.")]})
    device = mfa.verify(user=user, code=code)
    if device is None:
        lockout.record_failure(http, user.email)
        if lockout.was_locked_out(http):
            raise lockout.Locked()
        raise ValidationError({field: [_("This code is not right.")]})
    return device


# --- serializers ----------------------------------------------------------------------------------------------


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenRequestSerializer(CredentialsSerializer):
    otp = serializers.CharField(
        required=False, allow_blank=True, max_length=40,
        help_text="For a user with two-factor sign-in: the current code of their authenticator app, or a recovery code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown only here, once.")
    expiry = serializers.DateTimeField(
        allow_null=True, help_text="When the token expires unless used before (each use extends it, up to a limit)."
    )


class MfaChallengeSerializer(serializers.Serializer):
    mfa_required = serializers.BooleanField(help_text="Always true: send the code to /api/v1/auth/mfa/verify/.")


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=40, trim_whitespace=True, help_text="A code from the authenticator app, or a recovery code."
    )


class MembershipSerializer(serializers.ModelSerializer):
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "user_email", "centre", "centre_name", "role", "provider", "provider_name", "partner",
                  "partner_name", "is_active"]
        read_only_fields = fields


class MfaStatusSerializer(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="Sign-ins ask for a code from the authenticator app.")
    required = serializers.BooleanField(  # type: ignore[assignment]  # a field named like Field.required
        help_text="A role of the user must use two-factor sign-in."
    )
    enrolment_required = serializers.BooleanField(
        help_text="Required but not set up: until it is, the API answers 403 mfa_enrollment_required elsewhere."
    )
    recovery_codes_left = serializers.IntegerField()


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    mfa = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "phone", "notification_email", "memberships",
                  "mfa"]
        read_only_fields = ["id", "email"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict[str, Any]]:
        memberships = user.memberships.filter(is_active=True).select_related("centre", "provider", "partner")
        return MembershipSerializer(memberships, many=True).data  # type: ignore[return-value]

    @extend_schema_field(MfaStatusSerializer)
    def get_mfa(self, user: User) -> dict[str, Any]:
        return mfa_status_data(user)


def mfa_status_data(user: User) -> dict[str, Any]:
    found = mfa.status(user)
    return {
        "enabled": found.enabled,
        "required": found.required,
        "enrolment_required": found.enrolment_required,
        "recovery_codes_left": found.recovery_codes_left,
    }


# --- views ----------------------------------------------------------------------------------------------------


class TokenView(SignInView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="Wrong credentials or code"),
                   429: LOCKED_RESPONSE},
        summary="Obtain an API token",
        description="A new API token for the user: it expires after a while without use and at the latest some "
        "days after it was issued (see the README), and it is revoked by logout and by a password change. Users "
        "with two-factor sign-in send `otp` too; without it the answer is a 400 on `otp`.",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = password_step(request, data["email"], data["password"])
        if mfa.is_enabled(user):
            if not data.get("otp"):
                raise ValidationError({"otp": [_("Enter the code from your authenticator app, or a recovery code.")]})
            second_factor_step(request, user, data["otp"], field="otp")
        instance, token = AuthToken.objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response({"token": token, "expiry": serializers.DateTimeField().to_representation(instance.expiry)})


@method_decorator(ensure_csrf_cookie, name="dispatch")
class LoginView(EnforceCsrf, SignInView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: MeSerializer, 202: MfaChallengeSerializer,
                   400: OpenApiResponse(description="Wrong credentials"), 429: LOCKED_RESPONSE},
        summary="Log in (session + CSRF)",
        description="Needs the CSRF token (`X-CSRFToken`, from /api/v1/auth/csrf/). 200: signed in. 202: the "
        "password was right and the user has two-factor sign-in: nobody is signed in until the code is sent to "
        "/api/v1/auth/mfa/verify/ (within five minutes).",
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = password_step(request, serializer.validated_data["email"], serializer.validated_data["password"])
        http = request._request
        if mfa.is_enabled(user):
            if http.user.is_authenticated:
                logout(http)
            http.session[PENDING_SESSION_KEY] = {"user": str(user.pk), "backend": user.backend, "at": time.time()}
            return Response({"mfa_required": True}, status=status.HTTP_202_ACCEPTED)
        login(http, user)
        return Response(MeSerializer(user).data)


class MfaVerifyView(EnforceCsrf, SignInView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=CodeSerializer,
        responses={200: MeSerializer, 400: OpenApiResponse(description="Wrong code, or no sign-in waiting for one"),
                   429: LOCKED_RESPONSE},
        summary="Log in, second step: the code",
        description="After a 202 from /api/v1/auth/login/: a code from the authenticator app or a recovery code "
        "(each recovery code works once). Wrong codes count towards the sign-in lockout.",
    )
    def post(self, request: Request) -> Response:
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        http = request._request
        pending = http.session.get(PENDING_SESSION_KEY) or {}
        user = None
        if time.time() - float(pending.get("at", 0)) <= PENDING_SECONDS:
            user = User.objects.filter(pk=str(pending.get("user")), is_active=True).first()
        if user is None:
            http.session.pop(PENDING_SESSION_KEY, None)
            raise ValidationError({"code": [_("Your sign-in has expired. Enter your e-mail and password again.")]})
        device = second_factor_step(request, user, serializer.validated_data["code"], field="code")
        del http.session[PENDING_SESSION_KEY]
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session verified on login
        login(http, user, backend=pending["backend"])
        return Response(MeSerializer(user).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, summary="Log out",
                   description="Ends the session, and revokes the API token the request was made with.")
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={204: None}, summary="Set the CSRF cookie for the web UI")
    def get(self, request: Request) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    # Open during the two-factor enrolment hold: the web UI learns from it that the set-up is needed.
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="The current user and their memberships")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer, summary="Change my profile or language")
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        user = services.update_profile(user=user, by=user, **serializer.validated_data)
        return Response(MeSerializer(user).data)


class UnlockSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()


class UserUnlockViewSet(ScopedViewSet):
    """``POST /users/{id}/unlock/`` only (the users' other routes are ``users.UserViewSet``'s)."""

    reads = ()
    queryset = User.objects.none()
    selector = selectors.users_for
    action_perms = {"unlock": Perm.MANAGE_USERS}
    serializer_class = UnlockSerializer

    @extend_schema(request=None, responses={200: UnlockSerializer}, summary="Lift a member's sign-in lockout",
                   description="Forgets the member's failed sign-ins, so they may sign in again at once.")
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str | None = None) -> Response:
        user = services.unlock_user(actor=self.actor, user=self.get_object())
        return Response(UnlockSerializer(user).data)
