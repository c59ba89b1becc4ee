"""The core's records over the API: centres, users, memberships and invitations of the actor's centre, and the
public invitation links.

A centre's administrator adds a person by inviting them (``POST /users/``, ``POST /memberships/`` and
``POST /invitations/`` all do it): the answer is the invitation, the same whether the e-mail is known anywhere or
not, and nothing about an existing account changes until its owner accepts. The link in the e-mail opens
``/invitations/<token>`` in the web UI, which reads and accepts it through ``invitation-links/``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from cus.api.accounts.auth import MembershipSerializer
from cus.api.serializers import ScopedWriteSerializer
from cus.api.throttling import PublicRateThrottle
from cus.api.views import ActorMixin, ScopedViewSet, allows
from cus.core import invitations, lockout, selectors, services
from cus.core.access import Perm, can
from cus.core.errors import NotAllowed, NotFound
from cus.core.models import Centre, Invitation, InvitationStatus, Language, Membership, Role, User


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


# --- invitations --------------------------------------------------------------------------------------------


_NO_PROVIDER = selectors.provider_model()._default_manager.none()  # the related fields' model; rows: ``related``
_NO_PARTNER = selectors.partner_model()._default_manager.none()


def site_url(request: Request) -> str:
    """Where the invitation links point: ``CUS_SITE_URL``, else the address this request came to."""
    return str(getattr(settings, "CUS_SITE_URL", "") or request.build_absolute_uri("/"))


class InviteSerializer(ScopedWriteSerializer):
    """Invite a person by e-mail to the centre with a role; they accept through the link they are sent."""

    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=_NO_PROVIDER, required=False, allow_null=True, help_text=_lazy("Provider staff only: their provider.")
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=_NO_PARTNER, required=False, allow_null=True,
        help_text=_lazy("Partner organisation staff only: their partner."),
    )
    language = serializers.ChoiceField(
        choices=Language.choices, required=False,
        help_text=_lazy("The language of the e-mail and of the account of someone new (default: the centre's)."),
    )

    related = {"provider": selectors.membership_providers, "partner": selectors.membership_partners}


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to the centre; ``status`` is pending until the person accepts it, or it expires or is revoked."""

    status = serializers.ChoiceField(choices=InvitationStatus.choices, read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)
    invited_by_name = serializers.CharField(source="invited_by", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "provider", "provider_name", "partner", "partner_name", "language", "status",
                  "invited_by",
                  "invited_by_name", "created_at", "expires_at", "accepted_at", "revoked_at"]
        read_only_fields = fields


class InvitationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=InvitationStatus.choices, method="filter_status")

    class Meta:
        model = Invitation
        fields = ["status", "role"]

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        return invitations.with_status(queryset, value)


INVITED = OpenApiResponse(
    InvitationSerializer,
    description="The invitation, e-mailed to the person: the same answer whether the e-mail is known or not. "
    "The person becomes a member when they accept it.",
)


class InviteMixin(ScopedViewSet):
    """``POST`` invites (answering ``invited_status`` with the invitation); the viewset declares the permission."""

    invited_status: int = status.HTTP_202_ACCEPTED

    def invite(self, request: Request) -> Response:
        data = self.parsed(InviteSerializer)
        invitation = invitations.invite(actor=self.actor, site_url=site_url(request), **data)
        fresh = invitations.invitations_for(self.actor).get(pk=invitation.pk)
        return Response(InvitationSerializer(fresh, context=self.get_serializer_context()).data,
                        status=self.invited_status)


class InvitationViewSet(InviteMixin):
    """The centre's invitations, for its administrators: invite, list (``?status=pending``) and revoke."""

    queryset = Invitation.objects.none()  # the model, for the schema; rows come from the selector
    selector = invitations.invitations_for
    read_perm = Perm.MANAGE_USERS
    write_perm = Perm.MANAGE_USERS
    serializer_class = InvitationSerializer
    invited_status = status.HTTP_201_CREATED
    filterset_class = InvitationFilter
    search_fields = ["email"]
    ordering_fields = ["created_at", "expires_at", "email"]

    @extend_schema(request=InviteSerializer, responses={201: INVITED})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.invite(request)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a pending invitation: its link stops working (409 when it is not pending)."""
        return self.rendered(invitations.revoke_invitation(actor=self.actor, invitation=self.get_object()))


# --- users --------------------------------------------------------------------------------------------------


class CentreMembershipSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "role", "provider", "provider_name", "partner", "partner_name", "is_active"]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    membership = serializers.SerializerMethodField(help_text=_lazy("The user's membership in the current centre."))
    mfa_enabled = serializers.SerializerMethodField(
        help_text=_lazy("The user signs in with a second factor (told to the centre's administrators only).")
    )
    locked = serializers.SerializerMethodField(
        help_text=_lazy("Too many failed sign-ins: sign-ins are refused until the lockout ends or an administrator "
                        "unlocks (told to the centre's administrators only).")
    )

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "phone", "is_active", "membership",
                  "mfa_enabled", "locked"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_mfa_enabled(self, user: User) -> bool | None:
        found = getattr(user, "mfa_enabled", None)  # annotated by the selector for administrators only
        return None if found is None else bool(found)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_locked(self, user: User) -> bool | None:
        failures = getattr(user, "sign_in_failures", None)  # annotated by the selector for administrators only
        return None if failures is None else lockout.is_account_locked(failures)

    @extend_schema_field(CentreMembershipSerializer(allow_null=True))
    def get_membership(self, user: User) -> dict[str, Any] | None:
        actor = self.context.get("actor")
        if actor is None:
            return None
        found = selectors.centre_memberships(user, actor)
        return CentreMembershipSerializer(found[0]).data if found else None


class UserUpdateSerializer(ScopedWriteSerializer):
    """A change of a member: their profile (their own, or one who belongs to no other centre) and, for the centre's
    administrators, their role and provider in this centre. The e-mail does not change here."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    provider = serializers.PrimaryKeyRelatedField(queryset=_NO_PROVIDER, required=False, allow_null=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=_NO_PARTNER, required=False, allow_null=True)

    related = {"provider": selectors.membership_providers, "partner": selectors.membership_partners}


class UserViewSet(InviteMixin):
    """The centre's staff directory: administrators invite people and change their members; anyone changes their
    own name and language."""

    open_to_outsiders = True  # a partner's staff see and change only themselves (users_for)

    queryset = User.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.users_for
    write_perm = None  # a change of one's own profile needs no permission; see check_writable
    action_perms = {"create": Perm.MANAGE_USERS}
    serializer_class = UserSerializer
    write_serializer_class = UserUpdateSerializer
    update_service = services.update_user
    instance_name = "user"
    search_fields = ["email", "first_name", "last_name"]
    ordering_fields = ["email", "last_name"]

    def check_writable(self, instance: User) -> None:
        # Someone else's record needs the right to manage users, refused before the body is read.
        if instance.pk != self.actor.user.pk and not allows(self.actor, Perm.MANAGE_USERS):
            raise NotAllowed()

    @extend_schema(request=InviteSerializer, responses={202: INVITED},
                   summary="Invite a person to the centre",
                   description="Sends an invitation by e-mail; the person becomes a member when they accept it.")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.invite(request)


# --- the centre's sign-in rules -----------------------------------------------------------------------------


class CentreSecuritySerializer(serializers.Serializer):
    """Which roles of the centre must sign in with a second factor (an authenticator app)."""

    mfa_required_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=True, max_length=len(Role.values),
        help_text=_lazy("Members with one of these roles must set up two-factor sign-in before they can work."),
    )
    always_required_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), read_only=True,
        help_text=_lazy("The roles that must always use it, whatever the centre says."),
    )


class CentreSecurityView(ActorMixin):
    """The sign-in rules of the actor's centre, for its administrators (other roles: 404 to read, 403 to change,
    before the body is read)."""

    serializer_class = CentreSecuritySerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.MANAGE_CENTRE):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                raise NotFound()
            raise NotAllowed()

    def answer(self, centre: Centre) -> Response:
        return Response({"mfa_required_roles": list(centre.mfa_required_roles or []),
                         "always_required_roles": list(services.ALWAYS_MFA_ROLES)})

    @extend_schema(responses=CentreSecuritySerializer, summary="The centre's two-factor sign-in requirement")
    def get(self, request: Request) -> Response:
        return self.answer(self.actor.centre)

    @extend_schema(request=CentreSecuritySerializer, responses=CentreSecuritySerializer,
                   summary="Change which roles must use two-factor sign-in",
                   description="Administrators and managers always must (400 without them).")
    def patch(self, request: Request) -> Response:
        serializer = CentreSecuritySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        centre = services.update_mfa_required_roles(
            actor=self.actor, roles=list(serializer.validated_data["mfa_required_roles"])
        )
        return self.answer(centre)


# --- memberships --------------------------------------------------------------------------------------------


class MembershipWriteSerializer(ScopedWriteSerializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    provider = serializers.PrimaryKeyRelatedField(queryset=_NO_PROVIDER, required=False, allow_null=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=_NO_PARTNER, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    related = {"provider": selectors.membership_providers, "partner": selectors.membership_partners}


class MembershipViewSet(InviteMixin):
    """Memberships in the centre: administrators see and change all of them (and invite people); everyone else
    sees their own."""

    open_to_outsiders = True  # their own

    queryset = Membership.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.memberships_for
    write_perm = Perm.MANAGE_USERS
    serializer_class = MembershipSerializer
    write_serializer_class = MembershipWriteSerializer
    update_service = services.update_membership
    instance_name = "membership"
    filterset_fields = ["role", "provider", "partner", "is_active"]
    ordering_fields = ["role", "created_at"]

    @extend_schema(request=InviteSerializer, responses={202: INVITED},
                   summary="Invite a person to the centre",
                   description="Sends an invitation by e-mail; the membership is created when the person accepts it.")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.invite(request)


# --- the invitation link (no login needed) --------------------------------------------------------------------


class InvitationLinkSerializer(serializers.Serializer):
    """What the link's holder sees: the centre, the role, and whether the link still works."""

    email = serializers.EmailField(help_text=_lazy("The address the invitation was sent to."))
    centre_name = serializers.CharField(source="centre.name")
    role = serializers.ChoiceField(choices=Role.choices)
    provider_name = serializers.CharField(source="provider.name", default=None, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", default=None, allow_null=True)
    status = serializers.ChoiceField(choices=InvitationStatus.choices)
    expires_at = serializers.DateTimeField()
    account_exists = serializers.SerializerMethodField(
        help_text=_lazy("The address has an account: sign in with it to accept. Otherwise set a name and password.")
    )

    def get_account_exists(self, invitation: Invitation) -> bool:
        return invitations.account_exists(invitation)


class AcceptInvitationSerializer(serializers.Serializer):
    """Signed in as the invited address: nothing. Someone new: their name and password (and language)."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    password = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                     style={"input_type": "password"})
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class InvitationLinkViewSet(viewsets.GenericViewSet):
    """An invitation opened by its link's token (the ``{id}`` of these routes): read it, accept it."""

    queryset = Invitation.objects.none()  # for the schema; rows come from the token
    serializer_class = InvitationLinkSerializer
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(summary="An invitation, by its link's token")
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.get_serializer(invitations.invitation_by_token(pk or "")).data)

    @extend_schema(
        request=AcceptInvitationSerializer,
        responses={200: InvitationLinkSerializer},
        summary="Accept an invitation",
        description="Signed in as the invited address: accepts it. Not signed in: makes the account with the name "
        "and password given (409 sign_in_required when the address has one). 409 when the link was used, expired or "
        "was revoked.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        invitation = invitations.invitation_by_token(pk or "")  # an unknown link is a 404 before the body is read
        serializer = AcceptInvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        invitations.accept_invitation(token=pk or "", user=user, **serializer.validated_data)
        invitation.refresh_from_db()
        return Response(self.get_serializer(invitation).data)


# --- the centre's own settings -------------------------------------------------------------------------------


class CentreSettingsSerializer(serializers.ModelSerializer):
    """The centre as its administrator sets it: name, contact details, language, time zone, currency. The code
    (in every case reference) and the country (which national and tax IDs are checked) are fixed at set-up."""

    timezone = serializers.CharField(max_length=64, help_text=_lazy("An IANA time zone, e.g. Europe/Warsaw."))
    has_logo = serializers.SerializerMethodField()
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = Centre
        fields = ["id", "code", "country", "name", "municipality", "address", "email", "phone", "website",
                  "language", "timezone", "currency", "has_logo", "reason"]
        read_only_fields = ["id", "code", "country", "has_logo"]

    def get_has_logo(self, centre: Centre) -> bool:
        return bool(centre.logo)


class _CentreAdminView(ActorMixin):
    """The centre's own settings are its administrators' (other roles: 404 to read, 403 to change)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.MANAGE_CENTRE):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                raise NotFound()
            raise NotAllowed()


class CentreSettingsView(_CentreAdminView):
    serializer_class = CentreSettingsSerializer

    @extend_schema(responses=CentreSettingsSerializer, summary="The centre's own settings")
    def get(self, request: Request) -> Response:
        return Response(CentreSettingsSerializer(self.actor.centre).data)

    @extend_schema(request=CentreSettingsSerializer, responses=CentreSettingsSerializer,
                   summary="Change the centre's name, contact details, language, time zone or currency")
    def patch(self, request: Request) -> Response:
        serializer = CentreSettingsSerializer(self.actor.centre, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason", "")
        centre = services.update_centre_settings(actor=self.actor, reason=reason, **changes)
        return Response(CentreSettingsSerializer(centre).data)


class LogoUploadSerializer(serializers.Serializer):
    logo = serializers.FileField(help_text=_lazy("A PNG or JPEG image of at most 512 KB."))


class CentreLogoView(_CentreAdminView):
    """The centre's logo, shown on its reports' PDFs: read it, upload a new one (multipart), remove it."""

    serializer_class = LogoUploadSerializer

    @extend_schema(responses={(200, "image/png"): OpenApiResponse(description="The logo (PNG or JPEG)"),
                              404: OpenApiResponse(description="No logo")},
                   summary="The centre's logo")
    def get(self, request: Request) -> Any:
        from django.http import FileResponse

        centre = self.actor.centre
        if not centre.logo:
            raise NotFound()
        try:
            handle = centre.logo.open("rb")
        except OSError as error:
            raise NotFound() from error
        content_type = "image/png" if (centre.logo.name or "").lower().endswith(".png") else "image/jpeg"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, no-cache"
        return response

    @extend_schema(request={"multipart/form-data": LogoUploadSerializer}, responses=CentreSettingsSerializer,
                   summary="Upload the centre's logo")
    def post(self, request: Request) -> Response:
        serializer = LogoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The service checks size and format; reading one byte past the limit is enough for it to refuse a larger file.
        content = serializer.validated_data["logo"].read(services.LOGO_MAX_BYTES + 1)
        centre = services.set_centre_logo(actor=self.actor, content=content)
        return Response(CentreSettingsSerializer(centre).data)

    @extend_schema(responses={200: CentreSettingsSerializer}, summary="Remove the centre's logo")
    def delete(self, request: Request) -> Response:
        return Response(CentreSettingsSerializer(services.remove_centre_logo(actor=self.actor)).data)
