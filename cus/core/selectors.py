"""Reads on centres, users and memberships, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from . import lockout, mfa
from .access import Perm, can, scope
from .context import Actor
from .models import Centre, Membership, User


def centres_for(user: User) -> QuerySet[Centre]:
    return Centre.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def memberships_for(actor: Actor) -> QuerySet[Membership]:
    """Admins see every membership of their centre; everyone else only their own."""
    queryset = scope(Membership.objects.select_related("user", "centre", "provider", "partner"), actor)
    if not can(actor, Perm.MANAGE_USERS):
        queryset = queryset.filter(user=actor.user)
    return queryset


def users_for(actor: Actor) -> QuerySet[User]:
    """The users of the actor's centre (staff directory); others see only themselves. For the centre's
    administrators each carries ``mfa_enabled`` and ``sign_in_failures`` (counted now towards the lockout)."""
    queryset = User.objects.filter(memberships__centre_id=actor.centre_id).distinct()
    if not actor.is_staff_of_centre:
        queryset = queryset.filter(pk=actor.user.pk)
    if can(actor, Perm.MANAGE_USERS):
        queryset = queryset.annotate(mfa_enabled=mfa.enrolled(), sign_in_failures=lockout.recent_failures())
    here = Membership.objects.filter(centre_id=actor.centre_id).select_related("provider", "partner")
    return queryset.prefetch_related(Prefetch("memberships", queryset=here, to_attr="centre_memberships")).order_by(
        "last_name", "first_name", "email"
    )


def centre_memberships(user: User, actor: Actor) -> list[Membership]:
    """``user``'s memberships in the actor's centre: prefetched by ``users_for``, else looked up."""
    found: list[Membership] | None = getattr(user, "centre_memberships", None)
    if found is None:
        found = list(scope(Membership.objects.filter(user=user), actor).select_related("provider", "partner"))
    return found


def provider_model() -> type[Model]:
    """The catalogue's ``Provider``, reached through ``Membership.provider``: the core imports no domain app."""
    return Membership._meta.get_field("provider").related_model


def membership_providers(actor: Actor) -> QuerySet[Any]:
    """The providers a membership (provider staff) may name: any of the actor's centre's."""
    return scope(provider_model()._default_manager.all(), actor)


def partner_model() -> type[Model]:
    """Planning's ``Partner``, reached through ``Membership.partner``: the core imports no domain app."""
    return Membership._meta.get_field("partner").related_model


def membership_partners(actor: Actor) -> QuerySet[Any]:
    """The partners a membership (partner organisation staff) may name: the actor's centre's active ones."""
    return scope(partner_model()._default_manager.filter(is_active=True), actor)
