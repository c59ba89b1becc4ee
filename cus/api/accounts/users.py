"""The core's records over the API: centres, users and memberships of the actor's centre."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from cus.api.accounts.auth import MembershipSerializer
from cus.api.serializers import ScopedModelWriteSerializer, ScopedWriteSerializer
from cus.api.views import ScopedViewSet
from cus.core import selectors, services
from cus.core.access import Perm
from cus.core.models import Centre, Language, Membership, Role, User


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
