"""Reads on notifications: a user sees only their own, in the centre they are acting in."""

from __future__ import annotations

from django.db.models import QuerySet

from cus.core.access import scope
from cus.core.context import Actor

from .models import Notification


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    return scope(Notification.objects.filter(recipient=actor.user), actor)


def unread_count(actor: Actor) -> int:
    return notifications_for(actor).filter(read_at__isnull=True).count()
