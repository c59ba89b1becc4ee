"""In-app notifications raised by reminder rules, and each centre's reminder lead times."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


# How long ahead (or after) each kind of reminder is raised when a centre has not chosen (its ``ReminderSetting``).
DEFAULT_LEAD_DAYS: dict[str, int] = {
    NotificationKind.REVIEW_DUE: 7,  # days before the review date
    NotificationKind.PLAN_ENDING: 14,  # days before the plan's end
    NotificationKind.UNASSIGNED_TOO_LONG: 14,  # days waiting for a provider
    NotificationKind.UNDER_DELIVERY: 5,  # grace days after the month's end
    NotificationKind.NO_DELIVERY: 14,  # days without any log
    NotificationKind.BUDGET_80: 0,  # not a time: the setting only switches the rule on or off
    NotificationKind.BUDGET_100: 0,
    NotificationKind.CONTRACT_ENDING: 30,  # days before the contract's end
    NotificationKind.CONSENT_EXPIRING: 30,  # days before the consent's end
    NotificationKind.AGREEMENT_EXPIRING: 30,  # days before the agreement's end
    NotificationKind.STATEMENT_NOT_SUBMITTED: 5,  # grace days after the month's end
    NotificationKind.STATEMENT_NOT_APPROVED: 7,  # days since submission
    NotificationKind.PLAN_AWAITING_APPROVAL: 0,  # days since submission (0: on the day it is submitted)
    NotificationKind.PLAN_RETURNED: 0,  # not a time: the setting only switches the rule on or off
    NotificationKind.ASSIGNMENT_ENDING: 30,  # days before the last day a provider's contracts cover
    NotificationKind.FOLLOW_UP_DUE: 7,  # days before a meeting follow-up's due date
}

# What a kind's lead time counts (shown beside it on the settings screen): days before an end or a date, grace days
# after a month's end, days something has waited, or nothing (the setting only switches the rule on or off).
LEAD_MEANING: dict[str, str] = {
    NotificationKind.REVIEW_DUE: "days_before",
    NotificationKind.PLAN_ENDING: "days_before",
    NotificationKind.UNASSIGNED_TOO_LONG: "days_waiting",
    NotificationKind.UNDER_DELIVERY: "days_after_month",
    NotificationKind.NO_DELIVERY: "days_without",
    NotificationKind.BUDGET_80: "switch",
    NotificationKind.BUDGET_100: "switch",
    NotificationKind.CONTRACT_ENDING: "days_before",
    NotificationKind.CONSENT_EXPIRING: "days_before",
    NotificationKind.AGREEMENT_EXPIRING: "days_before",
    NotificationKind.STATEMENT_NOT_SUBMITTED: "days_after_month",
    NotificationKind.STATEMENT_NOT_APPROVED: "days_waiting",
    NotificationKind.PLAN_AWAITING_APPROVAL: "days_waiting",
    NotificationKind.PLAN_RETURNED: "switch",
    NotificationKind.ASSIGNMENT_ENDING: "days_before",
    NotificationKind.FOLLOW_UP_DUE: "days_before",
}


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
    history = HistoricalRecords()  # who switched a reminder off, or changed its lead time, and when

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind"], name="reminder_setting_one_per_centre_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.lead_days})"
