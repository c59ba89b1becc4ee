"""Delivered-service logs and the providers' monthly statements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel


class Outcome(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    CLIENT_ABSENT = "client_absent", _("Client absent")
    CANCELLED_BY_PROVIDER = "cancelled_by_provider", _("Cancelled by the provider")


class DeliveryStatus(models.TextChoices):
    LOGGED = "logged", _("Logged")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")


# Coordinators confirm or dispute a log; a disputed log may be confirmed once resolved, a confirmed one disputed.
DELIVERY_TRANSITIONS: dict[str, dict[str, str]] = {
    "confirm": {DeliveryStatus.LOGGED: DeliveryStatus.CONFIRMED, DeliveryStatus.DISPUTED: DeliveryStatus.CONFIRMED},
    "dispute": {DeliveryStatus.LOGGED: DeliveryStatus.DISPUTED, DeliveryStatus.CONFIRMED: DeliveryStatus.DISPUTED},
}


class ConfirmationKind(models.TextChoices):
    NONE = "", _("None")
    SIGNATURE = "signature", _("Client's signature")
    CODE = "code", _("Client's code")


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def corrections(self) -> DeliveryQuerySet:
        """Correcting entries only, read through the partial index on ``corrects`` (``delivery_corrections``):
        the anti-join "not corrected" then looks at the few correcting entries, never at every log's NULL."""
        return self.filter(corrects__isnull=False)

    def in_force(self) -> DeliveryQuerySet:
        """Logs that count: a log superseded by a correcting entry is replaced by that entry."""
        return self.exclude(models.Exists(Delivery.objects.corrections().filter(corrects=models.OuterRef("pk"))))


class Delivery(CentreOwnedModel):
    """One logged instance of a delivered service (a visit, an hour, a meal), or an absence or cancellation."""

    objects = DeliveryQuerySet.as_manager()

    # Indexed by the composite indexes below that lead with it (no index of its own: one less to write per log).
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )
    planned_service = models.ForeignKey(
        "plans.PlannedService", on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("planned service"),
        db_index=False,  # (planned_service, date) serves it
    )
    # Denormalised at logging time: scoping, double-funding checks and reports filter on them directly.
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client"))
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("provider")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    contract_line = models.ForeignKey(
        "contracts.ContractLine", on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("contract line"),
        db_index=False,  # (contract_line, date) serves it
    )
    funding_source = models.ForeignKey(
        "contracts.FundingSource", on_delete=models.PROTECT, related_name="+", verbose_name=_("funding source")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    units = models.DecimalField(_("units"), max_digits=10, decimal_places=2)
    worker_name = models.CharField(_("delivered by"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=25, choices=Outcome.choices, default=Outcome.DELIVERED)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.LOGGED)
    status_reason = models.TextField(_("reason for confirmation or dispute"), blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2)
    client_uuid = models.UUIDField(_("client-generated id"), null=True, blank=True)
    # A hash of the request that created the log: a retry with the same client_uuid must carry the same content.
    request_fingerprint = models.CharField(_("request fingerprint"), max_length=64, blank=True, editable=False)
    confirmation_kind = models.CharField(
        _("client confirmation"), max_length=10, choices=ConfirmationKind.choices, blank=True, default=""
    )
    confirmation_signature = models.TextField(
        _("signature"), blank=True, help_text=_("The signature drawn on the device, as an SVG path or data URL.")
    )
    confirmed_by_client_at = models.DateTimeField(_("client confirmed at"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name=_("corrects entry"), db_index=False,  # the partial index delivery_corrections serves it
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("logged by")
    )
    statement = models.ForeignKey(
        "deliveries.MonthlyStatement", on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries",
        verbose_name=_("statement"),
    )
    # Possible but unusual (above the plan's frequency, on a day the plan does not cover, a second visit that
    # day): accepted, and flagged for the coordinator until resolved. ``flags``: [{"code": ..., **values}]; the
    # message is written in the reader's language (cus.deliveries.flags).
    flags = models.JSONField(_("flags"), default=list, blank=True)
    flagged = models.BooleanField(_("flagged, awaiting review"), default=False)
    flags_resolved_at = models.DateTimeField(_("flags resolved at"), null=True, blank=True)
    flags_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("flags resolved by"), db_index=False,  # read with its log only
    )
    flags_resolution = models.TextField(_("why the flags were resolved"), blank=True)

    # A log's history is read by the log's id only: the history table keeps no index on the other keys, which
    # every log would otherwise write (ten more indexes per log).
    history = HistoricalRecords(
        no_db_index=[
            "centre", "planned_service", "client", "provider", "service_type", "contract_line", "funding_source",
            "corrects", "logged_by", "statement", "flags_resolved_by",
        ]
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-date", "-start_time"]
        indexes = [
            models.Index(fields=["centre", "date"], name="delivery_centre_date"),  # lists, months, reports
            models.Index(fields=["centre", "provider", "date"]),  # the provider's logs; a worker's overlaps
            models.Index(fields=["centre", "client", "date"]),  # the client's logs; double funding
            models.Index(fields=["planned_service", "date"]),  # a service's progress; reminders
            models.Index(fields=["contract_line", "date"], name="delivery_line_date"),  # statements; line sums
            # What was recorded after a report's cut-off (the month totals' difference from the raw figures).
            models.Index(fields=["centre", "created_at"], name="delivery_centre_created"),
            # Correcting entries are few: "not corrected" anti-joins read this, not 2 M NULLs.
            models.Index(fields=["corrects"], condition=Q(corrects__isnull=False), name="delivery_corrections"),
            # Flagged logs are few: the work list and the reports' "awaiting review" read this.
            models.Index(fields=["centre", "date"], condition=Q(flagged=True), name="delivery_flagged"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "client_uuid"], condition=Q(client_uuid__isnull=False), name="delivery_client_uuid_once"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0, duration_minutes__lte=1440),
                name="delivery_duration_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} {self.date} ({self.get_outcome_display()})"


class StatementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


STATEMENT_TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {StatementStatus.OPEN: StatementStatus.SUBMITTED, StatementStatus.RETURNED: StatementStatus.SUBMITTED},
    "approve": {StatementStatus.SUBMITTED: StatementStatus.APPROVED},
    "return": {StatementStatus.SUBMITTED: StatementStatus.RETURNED},
}


class MonthlyStatement(CentreOwnedModel):
    """A provider's account of one month under one contract; approval locks the month's logs."""

    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="statements", verbose_name=_("provider")
    )
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="statements", verbose_name=_("contract"),
        db_index=False,  # the unique (contract, month) serves it
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.OPEN)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_reason = models.TextField(_("reason"), blank=True)
    # Totals frozen at submission (the live figures are computed by the selectors).
    total_units = models.DecimalField(_("units"), max_digits=12, decimal_places=2, default=0)
    total_cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=0)
    deliveries_count = models.PositiveIntegerField(_("logs"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        ordering = ["-month", "provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="statement_once_per_contract_month"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.month:%Y-%m}"


class ClosedMonth(CentreOwnedModel):
    """A month of the centre closed for reporting: it takes no new, changed or correcting logs until re-opened.

    The reports app closes and re-opens months (its ``MonthClose`` keeps who, when, why and the closing report)
    and tells this app through ``services.close_month_to_logs`` / ``services.reopen_month_to_logs``; the
    deliveries app asks ``selectors.is_month_closed``, without depending on reports.
    """

    centre = models.ForeignKey(  # the unique (centre, month) serves it
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["centre", "month"], name="closed_month_once_per_centre")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class DeliveryMonthTotal(models.Model):
    """A monthly rollup: the in-force logs with the outcome "delivered" of one contract line and service type dated
    in one month, summed. Moved in the transaction of every log that changes them (under the line's lock), by the
    same services that move the line's running totals; ``manage.py reconcile_line_usage`` checks (and with
    ``--fix`` rebuilds) them from the logs. Reads that sum years of logs (a funder report's to-date spending, a
    community plan's indicators) read these whole months instead, and the raw logs only for partial months.

    Bookkeeping derived from the logs, not case data: no history of its own."""

    id = models.BigAutoField(primary_key=True)
    centre = models.ForeignKey(  # (centre, service_type, month) serves it
        "core.Centre", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre"), db_index=False
    )
    contract_line = models.ForeignKey(  # the unique (contract_line, service_type, month) serves it
        "contracts.ContractLine", on_delete=models.CASCADE, related_name="+", verbose_name=_("contract line"),
        db_index=False,
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.CASCADE, related_name="+", verbose_name=_("service type"),
        db_index=False,
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    units = models.DecimalField(_("units"), max_digits=16, decimal_places=2, default=0)
    cost = models.DecimalField(_("cost"), max_digits=16, decimal_places=2, default=0)
    minutes = models.BigIntegerField(_("minutes"), default=0)
    # Units of the logs without a duration (an hourly line's hours when no duration was given).
    untimed_units = models.DecimalField(_("units without a duration"), max_digits=16, decimal_places=2, default=0)
    logs = models.IntegerField(_("logs"), default=0)

    class Meta:
        verbose_name = _("month's delivered totals")
        verbose_name_plural = _("months' delivered totals")
        constraints = [
            models.UniqueConstraint(
                fields=["contract_line", "service_type", "month"], name="delivery_month_total_once"
            ),
        ]
        indexes = [models.Index(fields=["centre", "service_type", "month"], name="delivery_month_total_type")]

    def __str__(self) -> str:
        return f"{self.contract_line_id} {self.service_type_id} {self.month:%Y-%m}"
