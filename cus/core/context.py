"""The actor: who acts, in which centre, in which role. Every selector and service takes one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import NotFound, ValidationError
from .models import Centre, Membership, Role

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership

    @property
    def centre(self) -> Centre:
        return self.membership.centre

    @property
    def centre_id(self) -> UUID:
        return self.membership.centre_id

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def provider_id(self) -> UUID | None:
        return self.membership.provider_id

    @property
    def partner_id(self) -> UUID | None:
        """The partner organisation of a partner's staff (``Role.PARTNER``); None for every other role."""
        return self.membership.partner_id

    @property
    def mfa_held(self) -> bool:
        """Must this actor set up two-factor sign-in before working (their centre requires it of their role)?"""
        required = self.role in (self.centre.mfa_required_roles or ())
        return required and not getattr(self.membership, "mfa_enrolled", False)

    @property
    def is_staff_of_centre(self) -> bool:
        """Admin, manager or coordinator: the centre's own staff (not providers, not volunteers)."""
        return self.role in (Role.ADMIN, Role.MANAGER, Role.COORDINATOR)


def actor_for(user: User, centre_id: str | UUID | None = None) -> Actor:
    """The actor for ``user`` in the centre ``centre_id`` (the X-Centre header) or their only centre.

    A centre the user has no active membership in is answered as not found, as if it did not exist.
    """
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("centre", "provider")
        .annotate(mfa_enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)))
    )
    if centre_id:
        try:
            UUID(str(centre_id))
        except ValueError:
            raise ValidationError({"X-Centre": _("Not a valid centre id.")}) from None
        membership = memberships.filter(centre_id=centre_id).first()
        if membership is None:
            raise NotFound(_("Centre not found."))
        return Actor(user=user, membership=membership)
    found = list(memberships[:2])
    if not found:
        raise NotFound(_("You are not a member of any centre."))
    if len(found) > 1:
        raise ValidationError({"X-Centre": _("You belong to several centres: choose one with the X-Centre header.")})
    return Actor(user=user, membership=found[0])


def request_actor(request: Any, user: User) -> Actor:
    """``actor_for`` once per HTTP request (the X-Centre header), kept on the request: the two-factor hold and the
    view read the same actor from one query."""
    centre_id = request.headers.get("X-Centre")
    cached = getattr(request, "_cus_actor", None)
    if cached is not None and cached[0] == (user.pk, centre_id):
        return cached[1]
    actor = actor_for(user, centre_id)
    request._cus_actor = ((user.pk, centre_id), actor)
    return actor
