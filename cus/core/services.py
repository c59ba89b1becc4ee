"""Writes on users and memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.db import transaction
from django.utils.translation import gettext as _

from .access import Perm, require, scope
from .context import Actor
from .errors import Conflict, ValidationError
from .history import stamp
from .models import Membership, Role, User


def _check_provider(actor: Actor, role: str, provider: Any) -> None:
    """``provider`` is a catalogue ``Provider`` (``Membership.provider``), untyped: the core imports no domain app."""
    if role == Role.PROVIDER and provider is None:
        raise ValidationError({"provider": _("Provider staff must belong to a provider.")})
    if role != Role.PROVIDER and provider is not None:
        raise ValidationError({"provider": _("Only provider staff belong to a provider.")})
    if provider is not None and provider.centre_id != actor.centre_id:
        raise ValidationError({"provider": _("Unknown provider.")})


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


@transaction.atomic
def add_user_to_centre(
    *,
    actor: Actor,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    phone: str = "",
    password: str | None = None,
    provider: Any = None,
) -> Membership:
    """Create the user (or find them by e-mail) and give them ``role`` in the actor's centre.

    The names, language, phone and password are those of a new user; an existing one keeps theirs."""
    require(actor, Perm.MANAGE_USERS)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _check_provider(actor, role, provider)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name, phone=phone,
                    language=language or actor.centre.language)
        if password:
            _validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        stamp(user, user=actor.user, reason="created")
        user.save()
    elif Membership.objects.filter(user=user, centre_id=actor.centre_id).exists():
        raise Conflict(_("This user is already a member of the centre."), code="duplicate_membership")
    membership = Membership(user=user, centre_id=actor.centre_id, role=role, provider=provider)
    membership.full_clean()
    stamp(membership, user=actor.user, reason="added to centre")
    membership.save()
    return membership


@transaction.atomic
def update_membership(*, actor: Actor, membership: Membership, **fields: Any) -> Membership:
    """Change a member's role, provider or active flag; an administrator cannot demote themselves."""
    require(actor, Perm.MANAGE_USERS)
    membership = scope(Membership.objects.select_for_update(), actor).get(pk=membership.pk)
    for name in ("role", "provider", "is_active"):
        if name in fields:
            setattr(membership, name, fields[name])
    if "provider" not in fields and membership.role != Role.PROVIDER:
        # Moving provider staff to another role ends their tie to the provider.
        membership.provider = None
    _check_provider(actor, membership.role, membership.provider)
    if membership.user_id == actor.user.pk and (membership.role != Role.ADMIN or not membership.is_active):
        raise Conflict(_("You cannot remove your own administrator role."), code="self_demotion")
    membership.full_clean()
    stamp(membership, user=actor.user, reason=fields.get("reason", "") or "membership changed")
    membership.save()
    return membership


PROFILE_FIELDS = ("first_name", "last_name", "language", "phone", "notification_email")


@transaction.atomic
def update_profile(*, user: User, by: User, **fields: Any) -> User:
    """Change a user's name, language, phone or e-mail preference; ``by`` is who made the change (for the history)."""
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(user, name, fields[name])
    user.full_clean(exclude=["password"])
    stamp(user, user=by, reason="profile changed")
    user.save()
    return user


def update_user(*, actor: Actor, user: User, **fields: Any) -> User:
    """Centre admins change their members' names and language; anyone their own. Only the profile fields
    (``PROFILE_FIELDS``) change here: other fields given (role, provider, password) are left alone, as roles
    change through ``update_membership``."""
    if user.pk != actor.user.pk:
        require(actor, Perm.MANAGE_USERS)
    return update_profile(user=user, by=actor.user, **fields)
