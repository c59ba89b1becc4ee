"""Notifications by e-mail: one e-mail per notification right away, or one daily digest, as each user chose.

**At most once.** A sweep claims the notifications it is going to e-mail by setting ``emailed_at`` on rows
locked with ``select_for_update(skip_locked=True)``, commits the claim, and only then sends. Two sweeps
running at once claim disjoint rows, and a sweep run again finds nothing left to send, so no e-mail goes
out twice, whatever crashes or restarts. The side chosen: a worker that dies between the commit and the
SMTP hand-over loses that e-mail (the notification stays in the app, unread). When the send itself raises
(the mail server refused or was unreachable), the claim of every e-mail of the batch not yet sent is
released and the error raised, so the task's retry sends them later.

Only notifications younger than ``EMAIL_MAX_AGE`` are e-mailed: someone who switches e-mails on does not
receive a backlog, and a sweep that was down for long does not flood anyone. Users with e-mails off, an
inactive login or no address get none (their notifications stay unsent, in the app only).

Texts are rendered in the recipient's language (``translation.override(user.language)``); the
notification's title and body were already rendered in it when the notification was raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cus.core.models import NotificationEmail, User

from .models import Notification

EMAIL_MAX_AGE = dt.timedelta(days=3)
EMAIL_BATCH_SIZE = 100
DIGEST_LIST_LIMIT = 50  # a digest lists this many notifications, and says how many more wait in the app
USER_CHUNK_SIZE = 200


def _pending(now: dt.datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(emailed_at__isnull=True, created_at__gte=now - EMAIL_MAX_AGE)


def _to_email(user: User, preference: str) -> QuerySet[User]:
    return User.objects.filter(pk=user.pk, is_active=True, notification_email=preference).exclude(email="")


def _site_url() -> str:
    # Not configured by default; when set (e.g. https://cus.example.org), the e-mails link to the app.
    return str(getattr(settings, "CUS_SITE_URL", "")).rstrip("/")


def _release(ids: Sequence[UUID]) -> None:
    """Give claimed notifications back to the next sweep (their e-mail could not be sent)."""
    if ids:
        Notification.objects.filter(pk__in=ids).update(emailed_at=None)


def notification_message(notification: Notification, *, connection: Any = None) -> EmailMultiAlternatives:
    """The e-mail of one notification, in its recipient's language (plain text and simple HTML)."""
    user = notification.recipient
    with translation.override(user.language):
        context = {
            "user": user,
            "notification": notification,
            "kind": notification.get_kind_display(),
            "centre": notification.centre,
            "site_url": _site_url(),
        }
        subject = notification.title
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def digest_message(
    user: User, notifications: Sequence[Notification], total: int, *, connection: Any = None
) -> EmailMultiAlternatives:
    """The daily digest of ``total`` notifications, listing the first ones given, in the user's language."""
    with translation.override(user.language):
        context = {
            "user": user,
            "notifications": [(n, n.get_kind_display()) for n in notifications],
            "more": total - len(notifications),
            "total": total,
            "site_url": _site_url(),
        }
        subject = f"{_('Notifications')} ({total})"
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def _claim_immediate(now: dt.datetime, started: dt.datetime) -> list[Notification]:
    with transaction.atomic():
        wanted = User.objects.filter(
            pk=OuterRef("recipient_id"), is_active=True, notification_email=NotificationEmail.IMMEDIATE
        ).exclude(email="")
        batch = list(
            _pending(now)
            .filter(Exists(wanted), created_at__lte=started)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "centre")
            .order_by("created_at", "pk")[:EMAIL_BATCH_SIZE]
        )
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(emailed_at=now)
    return batch


def send_immediate_emails(*, now: dt.datetime | None = None) -> int:
    """E-mail each not yet e-mailed notification of users who want them right away; returns how many.

    Works in batches of ``EMAIL_BATCH_SIZE`` (claim, commit, send), so memory stays bounded; notifications
    raised while the sweep runs are left to the next one.
    """
    started = timezone.now()
    now = now or started
    sent = 0
    while batch := _claim_immediate(now, started):
        with get_connection() as connection:
            for index, notification in enumerate(batch):
                try:
                    notification_message(notification, connection=connection).send()
                except Exception:
                    _release([n.pk for n in batch[index:]])
                    raise
                sent += 1
    return sent


def _claim_digest(user: User, now: dt.datetime) -> tuple[list[Notification], int]:
    with transaction.atomic():
        if not _to_email(user, NotificationEmail.DAILY_DIGEST).exists():
            return [], 0
        ids = list(
            _pending(now)
            .filter(recipient=user)
            .select_for_update(skip_locked=True)
            .order_by()
            .values_list("pk", flat=True)
        )
        if not ids:
            return [], 0
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
        listed = list(
            Notification.objects.filter(pk__in=ids).select_related("centre").order_by("-created_at", "pk")[
                :DIGEST_LIST_LIMIT
            ]
        )
    return listed, len(ids)


def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """Send each user who chose the daily digest one e-mail with their notifications not yet e-mailed.

    Returns how many digests were sent. Users are read in chunks; each user's notifications are claimed
    (``emailed_at``) in one transaction before their digest is sent, so a second run sends nothing again.
    """
    now = now or timezone.now()
    has_pending = _pending(now).filter(recipient=OuterRef("pk"))
    users = (
        User.objects.filter(is_active=True, notification_email=NotificationEmail.DAILY_DIGEST)
        .exclude(email="")
        .filter(Exists(has_pending))
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for user in users.iterator(chunk_size=USER_CHUNK_SIZE):
            listed, total = _claim_digest(user, now)
            if not total:
                continue
            try:
                digest_message(user, listed, total, connection=connection).send()
            except Exception:
                _release(
                    list(
                        Notification.objects.filter(recipient=user, emailed_at=now).values_list("pk", flat=True)
                    )
                )
                raise
            sent += 1
    return sent
