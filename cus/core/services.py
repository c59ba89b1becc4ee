"""Writes on users and memberships."""

from __future__ import annotations

import functools
from io import BytesIO
from typing import Any
from zoneinfo import available_timezones

from django.contrib.auth import password_validation
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import lockout
from .access import Perm, require, scope
from .context import Actor
from .errors import Conflict, NotAllowed, NotFound, ValidationError
from .history import stamp
from .models import Centre, Membership, Role, User


def _check_provider(actor: Actor, role: str, provider: Any) -> None:
    """``provider`` is a catalogue ``Provider`` (``Membership.provider``), untyped: the core imports no domain app."""
    if role == Role.PROVIDER and provider is None:
        raise ValidationError({"provider": _("Provider staff must belong to a provider.")})
    if role != Role.PROVIDER and provider is not None:
        raise ValidationError({"provider": _("Only provider staff belong to a provider.")})
    if provider is not None and provider.centre_id != actor.centre_id:
        raise ValidationError({"provider": _("Unknown provider.")})


def _check_partner(actor: Actor, role: str, partner: Any) -> None:
    """``partner`` is a planning ``Partner`` (``Membership.partner``), untyped like the provider."""
    if role == Role.PARTNER and partner is None:
        raise ValidationError({"partner": _("Partner organisation staff must belong to a partner.")})
    if role != Role.PARTNER and partner is not None:
        raise ValidationError({"partner": _("Only partner organisation staff belong to a partner.")})
    if partner is not None and partner.centre_id != actor.centre_id:
        raise ValidationError({"partner": _("Unknown partner.")})


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


@transaction.atomic
def update_membership(*, actor: Actor, membership: Membership, **fields: Any) -> Membership:
    """Change a member's role, provider, partner or active flag; an administrator cannot demote themselves."""
    require(actor, Perm.MANAGE_USERS)
    membership = scope(Membership.objects.select_for_update(), actor).get(pk=membership.pk)
    for name in ("role", "provider", "partner", "is_active"):
        if name in fields:
            setattr(membership, name, fields[name])
    if "provider" not in fields and membership.role != Role.PROVIDER:
        # Moving provider staff to another role ends their tie to the provider.
        membership.provider = None
    if "partner" not in fields and membership.role != Role.PARTNER:
        membership.partner = None  # and a partner's staff their tie to the partner
    _check_provider(actor, membership.role, membership.provider)
    _check_partner(actor, membership.role, membership.partner)
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


MEMBERSHIP_FIELDS = ("role", "provider", "partner")


def belongs_elsewhere(user: User, actor: Actor) -> bool:
    """Whether ``user`` is more than a member of the actor's centre: a member of another centre too (now or
    before) or a platform operator. Their profile is theirs: the centre changes only its membership."""
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user).exclude(centre_id=actor.centre_id).exists()


@transaction.atomic
def update_user(*, actor: Actor, user: User, **fields: Any) -> User:
    """Anyone changes their own profile (``PROFILE_FIELDS``); a centre's administrator also that of a member who
    belongs to no other centre, and the member's role, provider and partner here (``MEMBERSHIP_FIELDS``, through
    ``update_membership``). The profile of someone who also works elsewhere is theirs: refused (403), whatever else
    the change holds. Other fields given (e-mail, password) are left alone."""
    profile = {name: fields[name] for name in PROFILE_FIELDS if name in fields}
    membership = {name: fields[name] for name in MEMBERSHIP_FIELDS if name in fields}
    if user.pk != actor.user.pk or membership:
        require(actor, Perm.MANAGE_USERS)
    if profile and user.pk != actor.user.pk and belongs_elsewhere(user, actor):
        raise NotAllowed(
            _("This person also belongs to another centre: only they can change their name, language and phone. "
              "You can change their role here."),
            code="profile_not_editable",
        )
    if membership:
        here = scope(Membership.objects.filter(user=user), actor).first()
        if here is None:
            raise NotFound()
        update_membership(actor=actor, membership=here, **membership)
    if profile:
        update_profile(user=user, by=actor.user, **profile)
    return user


@transaction.atomic
def unlock_user(*, actor: Actor, user: User) -> User:
    """A centre administrator lifts the sign-in lockout of a member of their centre (failed sign-ins forgotten)."""
    require(actor, Perm.MANAGE_USERS)
    if not Membership.objects.filter(user=user, centre_id=actor.centre_id).exists():
        raise NotFound()
    lockout.unlock(user.email)
    stamp(user, user=actor.user, reason="sign-in unlocked")
    user.save()
    return user


# Administrators and managers must always use two-factor sign-in; a centre may require it of other roles too.
ALWAYS_MFA_ROLES: tuple[str, ...] = (Role.ADMIN.value, Role.MANAGER.value)


@transaction.atomic
def update_mfa_required_roles(*, actor: Actor, roles: list[str]) -> Centre:
    """Which roles of the actor's centre must sign in with a second factor: always administrators and managers,
    and any other role the centre's administrator adds. Members of a newly listed role without it are held to its
    set-up at their next request."""
    require(actor, Perm.MANAGE_CENTRE)
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ValidationError({"mfa_required_roles": _("Unknown role.")})
    if any(role not in roles for role in ALWAYS_MFA_ROLES):
        raise ValidationError(
            {"mfa_required_roles": _("Administrators and managers must always use two-factor sign-in.")}
        )
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    centre.mfa_required_roles = [role for role in Role.values if role in roles]
    centre.full_clean()
    stamp(centre, user=actor.user, reason="two-factor sign-in requirement changed")
    centre.save(update_fields=["mfa_required_roles"])
    return centre


# --- the centre's own settings ---------------------------------------------------------------------------------

CENTRE_SETTINGS = ("name", "municipality", "address", "email", "phone", "website", "language", "timezone", "currency")
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
LOGO_MAX_BYTES = 512 * 1024


@transaction.atomic
def update_centre_settings(*, actor: Actor, reason: str = "", **changes: Any) -> Centre:
    """The centre's name, contact details, language, time zone and currency, by its administrator. Its code (in
    every case reference) and country (which national IDs and tax IDs it checks) are fixed when it is set up."""
    require(actor, Perm.MANAGE_CENTRE)
    unknown = sorted(set(changes) - set(CENTRE_SETTINGS))
    if unknown:
        raise ValidationError({unknown[0]: _("This setting cannot be changed here.")})
    if "timezone" in changes and changes["timezone"] not in _time_zones():
        raise ValidationError({"timezone": _("Not a known time zone, e.g. Europe/Warsaw.")})
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    changed = [field for field, value in changes.items() if getattr(centre, field) != value]
    if not changed:
        return centre
    for field in changed:
        setattr(centre, field, changes[field])
    centre.full_clean(exclude=["logo"])
    stamp(centre, user=actor.user, reason=reason or "centre settings changed")
    centre.save(update_fields=changed)
    return centre


@functools.cache
def _time_zones() -> frozenset[str]:
    """The IANA time zones this machine knows (read from disk once per process)."""
    return frozenset(available_timezones())


@transaction.atomic
def set_centre_logo(*, actor: Actor, content: bytes) -> Centre:
    """The centre's logo (on its reports' PDFs): a PNG or JPEG image of at most 512 KB, checked by opening it."""
    require(actor, Perm.MANAGE_CENTRE)
    if len(content) > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo may be at most 512 KB.")})
    image_format = _image_format(content)
    if image_format not in LOGO_FORMATS:
        raise ValidationError({"logo": _("The logo must be a PNG or JPEG image.")})
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    old = centre.logo.name if centre.logo else ""
    extension = "png" if image_format == "PNG" else "jpg"
    centre.logo.save(f"{centre.code}.{extension}", ContentFile(content), save=False)
    stamp(centre, user=actor.user, reason="logo changed")
    centre.save(update_fields=["logo"])
    if old and old != centre.logo.name:
        transaction.on_commit(lambda: centre.logo.storage.delete(old))
    return centre


@transaction.atomic
def remove_centre_logo(*, actor: Actor) -> Centre:
    require(actor, Perm.MANAGE_CENTRE)
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    if centre.logo:
        old, storage = centre.logo.name or "", centre.logo.storage
        centre.logo = ""
        stamp(centre, user=actor.user, reason="logo removed")
        centre.save(update_fields=["logo"])
        transaction.on_commit(lambda: storage.delete(old))
    return centre


def _image_format(content: bytes) -> str | None:
    """The format Pillow reads the bytes as, once it has checked them; None for anything it cannot read."""
    from PIL import Image, UnidentifiedImageError  # only when a logo is uploaded

    try:
        with Image.open(BytesIO(content)) as image:
            image.verify()
            return str(image.format)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
