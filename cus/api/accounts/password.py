"""Password endpoints: change one's own (``me/password/``), and reset a forgotten one by e-mail
(``auth/password-reset/`` sends the link, ``auth/password-reset/confirm/`` sets the new password).

The rules are ``cus.core.passwords``'s; these views parse and answer. Asking for a link answers the same whether
the e-mail belongs to an account or not.
"""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cus.core import passwords
from cus.core.models import User

from .auth import LOCKED_RESPONSE, SignInView

DETAIL = inline_serializer("PasswordDetail", {"detail": serializers.CharField()})


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    new_password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}, max_length=4096,
        help_text="At least 12 characters, not like your name or e-mail, not a common or an all-numeric password.",
    )


class PasswordResetRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=200, help_text="From the link in the e-mail: /reset-password/<uid>/<token>.")
    token = serializers.CharField(max_length=200)
    new_password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"}, max_length=4096)


class PasswordChangeView(SignInView):
    # Open during the two-factor enrolment hold, like the rest of me/.
    permission_classes = [IsAuthenticated]
    throttle_classes: list[type] = []

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={200: DETAIL, 400: OpenApiResponse(description="Wrong current password or a weak new one"),
                   429: LOCKED_RESPONSE},
        summary="Change my password",
        description="With the current password (wrong ones count towards the sign-in lockout). Ends the user's "
        "other sessions (this one stays signed in) and revokes all their API tokens, this request's included.",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        passwords.change_password(
            request=request._request, user=user,
            current_password=serializer.validated_data["current_password"],
            new_password=serializer.validated_data["new_password"],
        )
        if isinstance(request.successful_authenticator, SessionAuthentication):
            update_session_auth_hash(request._request, user)
        return Response({"detail": _("Your password has been changed.")})


class PasswordResetRequestView(SignInView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=PasswordResetRequestSerializer,
        responses={202: DETAIL, 429: LOCKED_RESPONSE},
        summary="E-mail me a link to set a new password",
        description="The answer is the same whether the e-mail belongs to an account or not. The link "
        "(/reset-password/<uid>/<token> in the web UI) works once, for a limited time (see the README).",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        passwords.request_reset(email=serializer.validated_data["email"], base_url=request.build_absolute_uri("/"))
        return Response(
            {"detail": _("If an account uses this e-mail, we have sent it a link to set a new password.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(SignInView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={200: DETAIL, 400: OpenApiResponse(description="The link was used or expired, or a weak password"),
                   429: LOCKED_RESPONSE},
        summary="Set a new password from the e-mailed link",
        description="Ends every session of the user and revokes all their API tokens; the link stops working.",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        passwords.reset_password(**serializer.validated_data)
        return Response({"detail": _("Your new password is set. Sign in with it.")})
