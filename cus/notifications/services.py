"""Writes on notifications: raising them once per recipient and period, marking them read.

The reminder rules that raise them are in ``rules.py``; e-mailing them is in ``email.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from cus.core.context import Actor
from cus.core.errors import NotFound
from cus.core.models import Centre, User

from .models import Notification, ReminderSetting

DEFAULT_LEAD_DAYS = 7
TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200

type Text = str | Promise


def dedup_key(*, kind: str, subject_type: str, subject_id: UUID | None, period: str) -> str:
    """Rule + subject + period: the same reminder about the same thing for the same period is raised once."""
    return f"{kind}:{subject_type}:{subject_id or ''}:{period}"


@transaction.atomic
def notify(
    *,
    centre: Centre,
    recipients: Iterable[User],
    kind: str,
    subject_type: str,
    subject_id: UUID | None,
    period: str,
    title: Text,
    body: Text,
) -> int:
    """Notify each recipient at most once per rule, subject and period; returns how many were created.

    ``title`` and ``body`` should be lazy (gettext_lazy / format_lazy) so that each is rendered in the
    recipient's own language.
    """
    key = dedup_key(kind=kind, subject_type=subject_type, subject_id=subject_id, period=period)
    by_id = {user.pk: user for user in recipients}
    if not by_id:
        return 0
    already = set(
        Notification.objects.filter(dedup_key=key, recipient_id__in=by_id).values_list("recipient_id", flat=True)
    )
    new = []
    for user in by_id.values():
        if user.pk in already:
            continue
        with translation.override(user.language):
            notification = Notification(
                centre=centre,
                recipient=user,
                kind=kind,
                title=str(title)[:TITLE_MAX_LENGTH],
                body=str(body),
                subject_type=subject_type,
                subject_id=subject_id,
                dedup_key=key,
            )
        # The centre and recipient are known rows: skip the two look-ups per notification that validating
        # foreign keys would cost in a large scan.
        notification.full_clean(exclude=["centre", "recipient"], validate_unique=False, validate_constraints=False)
        new.append(notification)
    # The unique constraint is the real guard: a concurrent scan that got there first is silently skipped.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _own(actor: Actor, notification: Notification) -> None:
    if notification.recipient_id != actor.user.pk or notification.centre_id != actor.centre_id:
        raise NotFound()


@transaction.atomic
def mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (reading it again keeps the first time)."""
    _own(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    """Mark all the actor's unread notifications in their centre read; returns how many."""
    now = timezone.now()
    return Notification.objects.filter(
        recipient=actor.user, centre_id=actor.centre_id, read_at__isnull=True
    ).update(read_at=now, updated_at=now)


def reminder_lead_days(*, centre: Centre, kind: str, default: int = DEFAULT_LEAD_DAYS) -> int | None:
    """The centre's lead time for a kind of reminder; None when the centre has switched it off."""
    setting = ReminderSetting.objects.filter(centre=centre, kind=kind).first()
    if setting is None:
        return default
    return setting.lead_days if setting.enabled else None
