"""Reads on notifications: a user sees only their own, in the centre they are acting in; who receives reminders."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from cus.core.access import PERMISSIONS, Perm, can, scope
from cus.core.context import Actor
from cus.core.models import Centre, Membership, Role, User

from .models import DEFAULT_LEAD_DAYS, LEAD_MEANING, Notification, NotificationKind, ReminderSetting


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    return scope(Notification.objects.filter(recipient=actor.user), actor)


def unread_count(actor: Actor) -> int:
    return notifications_for(actor).filter(read_at__isnull=True).count()


class Audience:
    """The people of one centre that reminders may go to: active users with an active membership there.

    Loaded once (one query) on first use and kept for the scan: a centre's staff is small next to its
    case data, so this stays bounded while the rules stream plans, services and contracts in chunks.
    Anyone who is not an active member of the centre (a coordinator who left, a deactivated login)
    receives nothing.
    """

    def __init__(self, centre: Centre) -> None:
        self.centre = centre
        self._members: list[tuple[User, str, UUID | None]] | None = None
        self._partners: dict[UUID, list[User]] = {}

    def _load(self) -> list[tuple[User, str, UUID | None]]:
        if self._members is None:
            memberships = (
                Membership.objects.filter(centre=self.centre, is_active=True, user__is_active=True)
                .select_related("user")
                .order_by("user__email")
            )
            self._members = [(m.user, m.role, m.provider_id) for m in memberships]
            for m in memberships:
                if m.role == Role.PARTNER and m.partner_id is not None:
                    self._partners.setdefault(m.partner_id, []).append(m.user)
        return self._members

    def member(self, user_id: UUID | None) -> list[User]:
        """The user, as a one-item list, if they are an active member of the centre; else an empty list."""
        return [user for user, _role, _provider in self._load() if user.pk == user_id]

    def with_roles(self, *roles: str) -> list[User]:
        return [user for user, role, _provider in self._load() if role in roles]

    def with_perm(self, perm: Perm) -> list[User]:
        """Members whose role grants ``perm`` (e.g. MANAGE_VOLUNTEERS: managers and coordinators)."""
        return [user for user, role, _provider in self._load() if perm in PERMISSIONS.get(role, frozenset())]

    def managers(self) -> list[User]:
        return self.with_roles(Role.MANAGER)

    def partner_staff(self, partner_id: UUID | None) -> list[User]:
        """The staff of that partner organisation in this centre (none when ``partner_id`` is None)."""
        self._load()
        return list(self._partners.get(partner_id, [])) if partner_id is not None else []

    def provider_staff(self, provider_id: UUID | None) -> list[User]:
        """Provider staff of that provider in this centre (none when ``provider_id`` is None)."""
        if provider_id is None:
            return []
        return [
            user for user, role, provider in self._load() if role == Role.PROVIDER and provider == provider_id
        ]


def reminder_settings_for(actor: Actor, kind: str | None = None) -> list[dict[str, object]]:
    """Every kind of reminder (or the one ``kind``) with the centre's choice (on or off, lead time) or the default
    where it has made none; the roles that manage reminders only."""
    if not can(actor, Perm.MANAGE_REMINDERS):
        return []
    kinds = [(value, label) for value, label in NotificationKind.choices if kind in (None, value)]
    settings = ReminderSetting.objects.filter(centre_id=actor.centre_id, kind__in=[value for value, _ in kinds])
    chosen = {setting.kind: setting for setting in settings}
    rows: list[dict[str, object]] = []
    for value, label in kinds:
        setting = chosen.get(value)
        rows.append({
            "kind": value,
            "label": str(label),
            "meaning": LEAD_MEANING[value],
            "enabled": setting.enabled if setting else True,
            "lead_days": setting.lead_days if setting else DEFAULT_LEAD_DAYS[value],
            "default_lead_days": DEFAULT_LEAD_DAYS[value],
            "customised": setting is not None,
        })
    return rows
