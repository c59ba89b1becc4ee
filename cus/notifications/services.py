"""Writes on notifications: raising them once per recipient and period, marking them read; reminder rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cus.core.context import Actor
from cus.core.errors import NotFound
from cus.core.models import Centre, User
from cus.plans.models import Plan, PlanStatus

from .models import Notification, NotificationKind, ReminderSetting

DEFAULT_LEAD_DAYS = 7
SCAN_CHUNK_SIZE = 500

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
                title=str(title),
                body=str(body),
                subject_type=subject_type,
                subject_id=subject_id,
                dedup_key=key,
            )
        notification.full_clean(validate_unique=False, validate_constraints=False)
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


def scan_reviews_due(*, centre: Centre, today: dt.date) -> int:
    """Remind each active plan's coordinator of a review due within the lead time (or already overdue).

    Safe to run repeatedly: the period is the review date, so each review is announced once.
    Plans are read in chunks so a large centre does not load every plan at once.
    """
    lead_days = reminder_lead_days(centre=centre, kind=NotificationKind.REVIEW_DUE)
    if lead_days is None:
        return 0
    plans = (
        Plan.objects.filter(
            centre=centre,
            status=PlanStatus.ACTIVE,
            next_review_date__isnull=False,
            next_review_date__lte=today + dt.timedelta(days=lead_days),
        )
        .select_related("coordinator", "client")
        .order_by("next_review_date", "pk")
    )
    created = 0
    for plan in plans.iterator(chunk_size=SCAN_CHUNK_SIZE):
        review_date = plan.next_review_date
        assert review_date is not None  # filtered above; narrows the type
        created += notify(
            centre=centre,
            recipients=[plan.coordinator],
            kind=NotificationKind.REVIEW_DUE,
            subject_type="plan",
            subject_id=plan.pk,
            period=review_date.isoformat(),
            title=format_lazy(_("Plan review due: {reference}"), reference=plan.client.reference),
            body=format_lazy(
                _("The plan of client {reference} is due for review on {date}."),
                reference=plan.client.reference,
                date=review_date.isoformat(),
            ),
        )
    return created
