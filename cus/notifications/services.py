"""Writes on notifications: raising them once per recipient and period, marking them read.

The reminder rules that raise them are in ``rules.py``; e-mailing them is in ``email.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from uuid import UUID

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.errors import NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre, User

from .models import DEFAULT_LEAD_DAYS as KIND_LEAD_DAYS  # per kind; DEFAULT_LEAD_DAYS here is the fallback
from .models import Notification, NotificationKind, ReminderSetting

DEFAULT_LEAD_DAYS = 7
CHUNK_SIZE = 500  # notices per dedup SELECT and INSERT
TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200

type Text = str | Promise


def dedup_key(*, kind: str, subject_type: str, subject_id: UUID | None, period: str) -> str:
    """Rule + subject + period: the same reminder about the same thing for the same period is raised once."""
    return f"{kind}:{subject_type}:{subject_id or ''}:{period}"


@dataclass(frozen=True)
class Notice:
    """One reminder about one subject for one period, for its recipients: what a rule raises.

    ``title`` and ``body`` should be lazy (gettext_lazy / format_lazy) so that each is rendered in the
    recipient's own language.
    """

    recipients: Sequence[User]
    kind: str
    subject_type: str
    subject_id: UUID | None
    period: str
    title: Text
    body: Text

    @property
    def dedup_key(self) -> str:
        return dedup_key(kind=self.kind, subject_type=self.subject_type, subject_id=self.subject_id,
                         period=self.period)


def _batches[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def notify_all(*, centre: Centre, notices: Iterable[Notice], chunk_size: int = CHUNK_SIZE) -> int:
    """Notify each notice's recipients at most once per rule, subject and period; returns how many notifications
    were created.

    In sets, whatever the number of subjects: ``notices`` is read ``chunk_size`` at a time (a rule streams them
    from its candidates, so memory stays flat), and per chunk one SELECT finds the (recipient, key) pairs already
    notified and one ``INSERT ... ON CONFLICT DO NOTHING`` adds the others (none when nothing is new). Each chunk
    commits on its own: a scan cut short keeps what it raised, and the scan started again raises only what is
    missing. The unique (recipient, dedup_key) constraint is the real guard: a concurrent scan that got there
    first is skipped by the database, and the count is of the rows this call inserted (one more query per chunk
    with something new).
    """
    created = 0
    for chunk in _batches(notices, chunk_size):
        wanted = {(user.pk, notice.dedup_key): (user, notice) for notice in chunk for user in notice.recipients}
        if not wanted:
            continue
        already = set(
            Notification.objects.filter(
                recipient_id__in={user_id for user_id, _key in wanted},
                dedup_key__in={key for _user_id, key in wanted},
            ).values_list("recipient_id", "dedup_key")
        )
        new = [_notification(centre, user, notice) for pair, (user, notice) in wanted.items() if pair not in already]
        if new:
            Notification.objects.bulk_create(new, ignore_conflicts=True)
            # What this call inserted: a concurrent scan's rows won the conflict and these ids were dropped.
            created += Notification.objects.filter(pk__in=[notification.pk for notification in new]).count()
    return created


def _notification(centre: Centre, user: User, notice: Notice) -> Notification:
    with translation.override(user.language):
        notification = Notification(
            centre=centre,
            recipient=user,
            kind=notice.kind,
            title=str(notice.title)[:TITLE_MAX_LENGTH],
            body=str(notice.body),
            subject_type=notice.subject_type,
            subject_id=notice.subject_id,
            dedup_key=notice.dedup_key,
        )
    # The centre and recipient are known rows: skip the two look-ups per notification that validating foreign
    # keys would cost in a large scan.
    notification.full_clean(exclude=["centre", "recipient"], validate_unique=False, validate_constraints=False)
    return notification


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
    """Notify each recipient at most once per rule, subject and period; returns how many were created (one
    notice: see ``notify_all``)."""
    notice = Notice(
        recipients=list(recipients), kind=kind, subject_type=subject_type, subject_id=subject_id, period=period,
        title=title, body=body,
    )
    return notify_all(centre=centre, notices=[notice])


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


@transaction.atomic
def set_reminder(*, actor: Actor, kind: str, enabled: bool | None = None, lead_days: int | None = None) -> None:
    """Switch a kind of reminder on or off for the actor's centre and set its lead time (0 to 365 days)."""
    require(actor, Perm.MANAGE_REMINDERS)
    if kind not in NotificationKind.values:
        raise NotFound()
    if lead_days is not None and not 0 <= lead_days <= 365:
        raise ValidationError({"lead_days": _("Between 0 and 365 days.")})
    setting = ReminderSetting.objects.select_for_update().filter(centre_id=actor.centre_id, kind=kind).first()
    if setting is None:
        setting = ReminderSetting(centre_id=actor.centre_id, kind=kind, lead_days=KIND_LEAD_DAYS[kind])
    if enabled is not None:
        setting.enabled = enabled
    if lead_days is not None:
        setting.lead_days = lead_days
    stamp(setting, user=actor.user, reason="reminder setting changed")
    setting.save()
