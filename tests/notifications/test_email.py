"""Notifications by e-mail: right away or as a daily digest, in the user's language, at most once each."""

from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from cus.core.models import NotificationEmail
from cus.notifications import email, services
from cus.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def prefer(user, preference: str, language: str = "en"):
    user.notification_email = preference
    user.language = language
    user.save()
    return user


def raise_for(centre, user, *, title: str = "Plan review due: T/1", kind=NotificationKind.REVIEW_DUE) -> Notification:
    services.notify(
        centre=centre,
        recipients=[user],
        kind=kind,
        subject_type="plan",
        subject_id=uuid.uuid4(),
        period="2026-03-10",
        title=title,
        body="The plan of client T/1 is due for review on 2026-03-15.",
    )
    return Notification.objects.filter(recipient=user).latest("created_at")


def test_immediate_user_gets_one_email_per_notification_once(centre, coordinator):
    prefer(coordinator, NotificationEmail.IMMEDIATE)
    notification = raise_for(centre, coordinator)

    assert email.send_immediate_emails() == 1
    assert email.send_immediate_emails() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert message.subject == notification.title
    assert notification.body in message.body
    assert "Plan review due" in message.body  # the kind, in the user's language
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert notification.title in html
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_digest_users_get_nothing_right_away_and_one_digest_of_everything(centre, coordinator):
    prefer(coordinator, NotificationEmail.DAILY_DIGEST)
    first = raise_for(centre, coordinator, title="First reminder")
    second = raise_for(centre, coordinator, title="Second reminder")

    assert email.send_immediate_emails() == 0
    assert email.send_daily_digests() == 1
    assert email.send_daily_digests() == 0

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [coordinator.email]
    assert digest.subject == "Notifications (2)"
    assert first.title in digest.body
    assert second.title in digest.body
    assert centre.name in digest.body


def test_immediate_users_get_no_digest(centre, coordinator):
    prefer(coordinator, NotificationEmail.IMMEDIATE)
    raise_for(centre, coordinator)
    assert email.send_daily_digests() == 0
    assert mail.outbox == []


def test_digest_lists_a_limited_number_and_counts_the_rest(centre, coordinator, monkeypatch):
    monkeypatch.setattr(email, "DIGEST_LIST_LIMIT", 2)
    prefer(coordinator, NotificationEmail.DAILY_DIGEST)
    for n in range(5):
        raise_for(centre, coordinator, title=f"Reminder {n}")
    assert email.send_daily_digests() == 1
    body = mail.outbox[0].body
    assert body.count("Reminder ") == 2
    assert "And 3 more notifications in CUS." in body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_users_with_emails_off_inactive_or_without_address_get_none(centre, member):
    off = prefer(member("coordinator", centre), NotificationEmail.OFF)
    inactive = prefer(member("coordinator", centre), NotificationEmail.IMMEDIATE)
    inactive.is_active = False
    inactive.save()
    for user in (off, inactive):
        raise_for(centre, user)
    assert email.send_immediate_emails() == 0
    assert email.send_daily_digests() == 0
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2


def test_old_notifications_are_not_emailed(centre, coordinator):
    prefer(coordinator, NotificationEmail.IMMEDIATE)
    notification = raise_for(centre, coordinator)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - email.EMAIL_MAX_AGE - dt.timedelta(minutes=1)
    )
    assert email.send_immediate_emails() == 0


def test_polish_user_gets_polish_email(centre, coordinator):
    """Asserted on strings translated in cus/locale/pl (run `make messages` to compile the catalogue first)."""
    prefer(coordinator, NotificationEmail.IMMEDIATE, language="pl")
    raise_for(centre, coordinator)
    email.send_immediate_emails()
    assert "Zbliża się przegląd planu" in mail.outbox[0].body  # "Plan review due"
    assert "Otrzymujesz ten e-mail zgodnie z ustawieniami powiadomień w CUS" in mail.outbox[0].body  # the footer
    assert 'lang="pl"' in mail.outbox[0].alternatives[0][0]


def test_polish_user_gets_a_polish_digest(centre, coordinator):
    prefer(coordinator, NotificationEmail.DAILY_DIGEST, language="pl")
    raise_for(centre, coordinator)
    email.send_daily_digests()
    assert mail.outbox[0].subject == "Powiadomienia (1)"  # "Notifications"


def test_a_refused_send_gives_the_notifications_back_to_the_next_sweep(centre, coordinator):
    prefer(coordinator, NotificationEmail.IMMEDIATE)
    raise_for(centre, coordinator, title="one")
    raise_for(centre, coordinator, title="two")

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=smtplib.SMTPServerDisconnected()),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        email.send_immediate_emails()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    assert email.send_immediate_emails() == 2
    assert sorted(m.subject for m in mail.outbox) == ["one", "two"]


def test_a_refused_digest_is_sent_by_the_next_run(centre, coordinator):
    prefer(coordinator, NotificationEmail.DAILY_DIGEST)
    raise_for(centre, coordinator)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError()),
        pytest.raises(ConnectionRefusedError),
    ):
        email.send_daily_digests()
    assert email.send_daily_digests() == 1


def test_a_crash_after_the_claim_never_sends_twice(centre, coordinator):
    """At most once: the claim commits before the send, so a worker dying mid-send loses that e-mail
    rather than sending it again after the restart."""
    prefer(coordinator, NotificationEmail.IMMEDIATE)
    raise_for(centre, coordinator)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SystemExit()),
        pytest.raises(SystemExit),
    ):
        email.send_immediate_emails()
    assert email.send_immediate_emails() == 0
    assert mail.outbox == []
