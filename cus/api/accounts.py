"""The API of the core app's records: auth (token, session login and logout, CSRF), the current user, centres,
users and memberships. It lives with the API's shared pieces because the core sits below them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cus.core import selectors, services
from cus.core.access import Perm
from cus.core.models import Centre, Language, Membership, Role, User

from .serializers import ScopedModelWriteSerializer, ScopedWriteSerializer
from .views import ScopedViewSet


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(self.context["request"], email=attrs["email"].lower(), password=attrs["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError(_("Unable to log in with these credentials."), code="authorization")
        attrs["user"] = user
        return attrs


class MembershipSerializer(serializers.ModelSerializer):
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "user_email", "centre", "centre_name", "role", "provider", "provider_name", "is_active"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "phone", "notification_email", "memberships"]
        read_only_fields = ["id", "email"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict[str, Any]]:
        memberships = user.memberships.filter(is_active=True).select_related("centre", "provider")
        return MembershipSerializer(memberships, many=True).data  # type: ignore[return-value]


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=CredentialsSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        summary="Obtain an API token",
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


@method_decorator(ensure_csrf_cookie, name="dispatch")
class LoginView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=CredentialsSerializer, responses=MeSerializer, summary="Log in (session + CSRF)")
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        login(request._request, serializer.validated_data["user"])
        return Response(MeSerializer(serializer.validated_data["user"]).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, summary="Log out")
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={204: None}, summary="Set the CSRF cookie for the web UI")
    def get(self, request: Request) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
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


class CentreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Centre
        fields = ["id", "name", "code", "municipality", "country", "language", "timezone", "currency",
                  "address", "email", "phone", "website"]
        read_only_fields = fields


class CentreViewSet(viewsets.ReadOnlyModelViewSet):
    # Not a ScopedViewSet: the centres of the user, whichever they act in. A ScopedViewSet resolves an actor in
    # one centre first, which a user of several centres must choose (X-Centre) from this very list.
    queryset = Centre.objects.none()  # for the schema; requests use get_queryset
    serializer_class = CentreSerializer
    search_fields = ["name", "municipality"]
    ordering_fields = ["name"]

    def get_queryset(self) -> Any:
        return selectors.centres_for(self.request.user)  # type: ignore[arg-type]


class CentreMembershipSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)

    class Meta:
        model = Membership
        fields = ["id", "role", "provider", "provider_name", "is_active"]
        read_only_fields = fields


_NO_PROVIDER = selectors.provider_model()._default_manager.none()  # the related fields' model; rows: ``related``


class UserSerializer(ScopedModelWriteSerializer):
    # Declared, not derived from the model: the model's unique validator would refuse the e-mail of a user
    # of another centre, who is to get a membership here instead.
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, write_only=True, required=False)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=_NO_PROVIDER, write_only=True, required=False, allow_null=True
    )
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    membership = serializers.SerializerMethodField(help_text=_lazy("The user's membership in the current centre."))

    related = {"provider": selectors.membership_providers}

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "phone", "is_active", "membership", "role",
                  "provider", "password"]
        read_only_fields = ["id", "is_active"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None:
            fields["email"].read_only = True
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and "role" not in attrs:  # a new member needs a role; a change keeps theirs
            raise serializers.ValidationError({"role": [_("This field is required.")]})
        return attrs

    @extend_schema_field(CentreMembershipSerializer(allow_null=True))
    def get_membership(self, user: User) -> dict[str, Any] | None:
        actor = self.context.get("actor")
        if actor is None:
            return None
        found = selectors.centre_memberships(user, actor)
        return CentreMembershipSerializer(found[0]).data if found else None


class UserViewSet(ScopedViewSet):
    """The centre's staff directory: administrators add members; anyone changes their own name and language."""

    queryset = User.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.users_for
    write_perm = None  # a change of one's own profile needs no permission; the service decides about others
    action_perms = {"create": Perm.MANAGE_USERS}
    serializer_class = UserSerializer
    write_serializer_class = UserSerializer
    create_service = services.add_user_to_centre
    update_service = services.update_user
    instance_name = "user"
    search_fields = ["email", "first_name", "last_name"]
    ordering_fields = ["email", "last_name"]

    def perform_create_service(self, data: dict[str, Any]) -> User:
        return services.add_user_to_centre(actor=self.actor, **data).user


class MembershipWriteSerializer(ScopedWriteSerializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    provider = serializers.PrimaryKeyRelatedField(queryset=_NO_PROVIDER, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    related = {"provider": selectors.membership_providers}


class MembershipCreateSerializer(ScopedWriteSerializer):
    """A person joins the centre by e-mail: an existing user (of another centre) or a new one."""

    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)
    provider = serializers.PrimaryKeyRelatedField(queryset=_NO_PROVIDER, required=False, allow_null=True)

    related = {"provider": selectors.membership_providers}


class MembershipViewSet(ScopedViewSet):
    """Memberships in the centre: administrators see and change all of them; everyone else sees their own."""

    queryset = Membership.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.memberships_for
    write_perm = Perm.MANAGE_USERS
    serializer_class = MembershipSerializer
    write_serializer_class = MembershipCreateSerializer
    update_serializer_class = MembershipWriteSerializer
    create_service = services.add_user_to_centre
    update_service = services.update_membership
    instance_name = "membership"
    filterset_fields = ["role", "provider", "is_active"]
    ordering_fields = ["role", "created_at"]
