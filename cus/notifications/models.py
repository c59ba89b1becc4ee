"""In-app notifications raised by reminder rules, and each centre's reminder lead times."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cus.core.models import CentreOwnedModel


class NotificationKind(models.TextChoices):
    REVIEW_DUE = "review_due", _("Plan review due")
    PLAN_ENDING = "plan_ending", _("Plan ending")
    UNASSIGNED_TOO_LONG = "unassigned_too_long", _("Service waiting for a provider too long")
    UNDER_DELIVERY = "under_delivery", _("Service under-delivered")
    NO_DELIVERY = "no_delivery", _("No delivery recorded")
    BUDGET_80 = "budget_80", _("Budget at 80 percent")
    BUDGET_100 = "budget_100", _("Budget used up")
    CONTRACT_ENDING = "contract_ending", _("Contract ending")
    CONSENT_EXPIRING = "consent_expiring", _("Consent expiring")
    AGREEMENT_EXPIRING = "agreement_expiring", _("Volunteer agreement expiring")
    STATEMENT_NOT_SUBMITTED = "statement_not_submitted", _("Monthly statement not submitted")
    STATEMENT_NOT_APPROVED = "statement_not_approved", _("Monthly statement not approved")
    FOLLOW_UP_DUE = "follow_up_due", _("Meeting follow-up due")
    PLAN_AWAITING_APPROVAL = "plan_awaiting_approval", _("Plan waiting for approval")
    PLAN_RETURNED = "plan_returned", _("Plan returned for changes")
    ASSIGNMENT_ENDING = "assignment_ending", _("Assignment ending before the service")


class Notification(CentreOwnedModel):
    """One message to one user; ``dedup_key`` (rule + subject + period) keeps a rule from repeating it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # the unique (recipient, dedup_key) serves it
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    subject_type = models.CharField(
        _("subject type"), max_length=40, blank=True, help_text=_("What the notification is about, e.g. plan.")
    )
    subject_id = models.UUIDField(_("subject id"), null=True, blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=200)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedup_key"], name="notification_once_per_recipient_and_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "centre", "read_at"], name="notification_recipient_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class ReminderSetting(CentreOwnedModel):
    """How many days ahead a centre wants a kind of reminder, and whether it wants it at all."""

    # Indexed by the composite indexes (and unique constraints) that lead with it: no index of its own to write.
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )

    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), default=7, validators=[MaxValueValidator(365)]
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind"], name="reminder_setting_one_per_centre_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.lead_days})"
