"""Contracts with providers: lines with rates, volumes and budgets, each paid by one funding source."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.catalogue.models import Unit
from cus.core.models import CentreOwnedModel, Versioned


class FundingKind(models.TextChoices):
    ESF_PLUS = "esf_plus", _("ESF+ project")
    MUNICIPAL = "municipal", _("Municipal budget")
    MINISTRY = "ministry", _("Ministry programme")
    EEA_GRANTS = "eea_grants", _("Norway / EEA grants")
    OTHER = "other", _("Other")


class FundingSource(CentreOwnedModel):
    """Who pays: an ESF+ project, the municipal budget, a ministry programme, ..."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind.choices)
    project_code = models.CharField(_("project code"), max_length=80, blank=True)
    funder = models.CharField(_("funder"), max_length=250, blank=True, help_text=_("E.g. the managing authority."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


# Action -> {from status: to status}. A draft is negotiated; an active contract runs until it ends or is terminated.
CONTRACT_TRANSITIONS: dict[str, dict[str, str]] = {
    "activate": {ContractStatus.DRAFT: ContractStatus.ACTIVE},
    "end": {ContractStatus.ACTIVE: ContractStatus.ENDED},
    "terminate": {ContractStatus.ACTIVE: ContractStatus.TERMINATED},
}


class Contract(Versioned, CentreOwnedModel):
    """The commission of a provider to deliver given services for a period, at given prices and volumes."""

    # Indexed by the composite indexes (and unique constraints) that lead with it: no index of its own to write.
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )

    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="contracts", verbose_name=_("provider")
    )
    number = models.CharField(_("number"), max_length=80)
    title = models.CharField(_("title"), max_length=250, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("default funding source"),
        help_text=_("Used for lines that name no funding source of their own."),
    )
    note = models.TextField(_("note"), blank=True)
    status_reason = models.TextField(_("reason for the last status change"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-start_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="contract_number_unique_per_centre"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="contract_period_valid"),
        ]

    def __str__(self) -> str:
        return self.number


RUNNING_TOTALS = ("units_delivered", "units_confirmed", "amount_spent")


class ContractLine(CentreOwnedModel):
    """One service type under a contract: unit price, maximum units and/or budget, monthly capacity."""

    contract = models.ForeignKey(  # the unique contract_line_type_once_per_source serves it
        Contract, on_delete=models.CASCADE, related_name="lines", verbose_name=_("contract"), db_index=False
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    max_units = models.DecimalField(_("maximum units"), max_digits=12, decimal_places=2, null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    monthly_capacity = models.DecimalField(
        _("capacity per month (units)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="lines", verbose_name=_("funding source")
    )
    # Running totals of the logs in force with the outcome "delivered", kept by the deliveries app in the
    # transaction of each log (under the line's row lock), so checking a log against the line's limits does not
    # sum its history. `manage.py reconcile_line_usage` compares them with the logs.
    units_delivered = models.DecimalField(_("units delivered"), max_digits=14, decimal_places=2, default=0,
                                          editable=False)
    units_confirmed = models.DecimalField(_("units confirmed"), max_digits=14, decimal_places=2, default=0,
                                          editable=False)
    amount_spent = models.DecimalField(_("amount spent"), max_digits=16, decimal_places=2, default=0,
                                       editable=False)

    history = HistoricalRecords(excluded_fields=list(RUNNING_TOTALS))

    class Meta:
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        ordering = ["contract", "service_type__sort_order"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="contract_line_price_not_negative"),
            models.UniqueConstraint(
                fields=["contract", "service_type", "funding_source"], name="contract_line_type_once_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.service_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A saved line never writes its running totals: only ``contracts.services.add_to_line_usage`` moves them
        (an UPDATE adding to what is stored), so an edit of a line loaded before a log cannot undo that log."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in RUNNING_TOTALS
            ]
        super().save(*args, **kwargs)
