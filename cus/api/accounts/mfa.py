"""Two-factor sign-in endpoints under ``me/mfa/``: status, set-up, recovery codes, removal. They stay open to a
user held until they set it up (``cus.api.accounts.hold``).

The rules are ``cus.core.mfa``'s. Changing a working set-up (a new app, new recovery codes, removal) asks for the
password again, so a session left open is not enough to take over the second factor.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cus.core import mfa, passwords
from cus.core.errors import ValidationError
from cus.core.models import User

from .auth import LOCKED_RESPONSE, CodeSerializer, MfaStatusSerializer, SignInView, mfa_status_data


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}, help_text="The current password, to confirm."
    )


class TotpStartSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False, required=False, style={"input_type": "password"},
        help_text="Needed only to replace an authenticator app already set up.",
    )


class TotpEnrolmentSerializer(serializers.Serializer):
    otpauth_uri = serializers.CharField(help_text="What the QR code holds; authenticator apps accept it.")
    secret = serializers.CharField(help_text="The key to type into the app by hand (base32).")
    qr_svg = serializers.CharField(help_text="The QR code, an SVG document.")


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Each works once instead of a code from the app. Shown only now."
    )


class MfaView(SignInView):
    """Open during the enrolment hold; not throttled (the password checks count towards the lockout)."""

    permission_classes = [IsAuthenticated]
    throttle_classes: list[type] = []

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def confirm_password(self, data: dict[str, Any]) -> None:
        if "password" not in data:
            raise ValidationError({"password": _("Enter your password to change your two-factor sign-in.")})
        passwords.confirm_password(request=self.request._request, user=self.user, password=data["password"])


class MfaStatusView(MfaView):
    @extend_schema(responses=MfaStatusSerializer, summary="My two-factor sign-in")
    def get(self, request: Request) -> Response:
        return Response(mfa_status_data(self.user))


class TotpStartView(MfaView):
    @extend_schema(
        request=TotpStartSerializer,
        responses={201: TotpEnrolmentSerializer, 400: OpenApiResponse(description="Wrong password"),
                   429: LOCKED_RESPONSE},
        summary="Set up an authenticator app: its secret",
        description="A new secret to add to an authenticator app (scan the QR code or type the key), then confirm "
        "with a code at me/mfa/totp/confirm/. Replacing an app already set up needs the password; the old app "
        "keeps working until the new one is confirmed.",
    )
    def post(self, request: Request) -> Response:
        serializer = TotpStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if mfa.is_enabled(self.user):
            self.confirm_password(serializer.validated_data)
        enrolment = mfa.start_totp(user=self.user)
        return Response(
            {"otpauth_uri": enrolment.uri, "secret": enrolment.secret, "qr_svg": enrolment.qr_svg},
            status=status.HTTP_201_CREATED,
        )


class TotpConfirmView(MfaView):
    @extend_schema(
        request=CodeSerializer,
        responses={200: RecoveryCodesSerializer, 400: OpenApiResponse(description="Wrong code")},
        summary="Set up an authenticator app: confirm with a code",
        description="Turns two-factor sign-in on (replacing an earlier app) and answers ten new recovery codes, "
        "shown only this once. This session counts as signed in with the second factor.",
    )
    def post(self, request: Request) -> Response:
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        device, codes = mfa.confirm_totp(user=self.user, code=serializer.validated_data["code"])
        if isinstance(request.successful_authenticator, SessionAuthentication):
            django_otp.login(request._request, device)
        return Response({"recovery_codes": codes})


class RecoveryCodesView(MfaView):
    @extend_schema(
        request=PasswordSerializer,
        responses={200: RecoveryCodesSerializer, 400: OpenApiResponse(description="Wrong password"),
                   409: OpenApiResponse(description="Two-factor sign-in is not set up"), 429: LOCKED_RESPONSE},
        summary="New recovery codes",
        description="Ten new recovery codes, shown only this once; the earlier ones stop working.",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.confirm_password(serializer.validated_data)
        return Response({"recovery_codes": mfa.regenerate_recovery_codes(user=self.user)})


class MfaDisableView(MfaView):
    @extend_schema(
        request=PasswordSerializer,
        responses={204: None, 400: OpenApiResponse(description="Wrong password"),
                   409: OpenApiResponse(description="A role of the user requires two-factor sign-in"),
                   429: LOCKED_RESPONSE},
        summary="Turn two-factor sign-in off",
        description="Removes the authenticator app and the recovery codes; refused (409 mfa_required) while a "
        "role of the user requires them.",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.confirm_password(serializer.validated_data)
        mfa.disable(user=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
