"""Funder reports: immutable report runs (figures as JSON plus rendered files) and the close of a month."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel


class ReportKind(models.TextChoices):
    FUNDER_MONTHLY = "funder_monthly", _("Monthly report to funders")


class ReportStatus(models.TextChoices):
    """A report run's status as the API and the admin name it: its job's status (``TaskRunStatus``, same values)."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportRun(CentreOwnedModel):
    """One computed version of a report: its parameters, its figures and its files. Never edited once done.

    Regenerating the same report makes a new run with the next ``version``; earlier versions stay. The run's
    progress is its background job's (``task_run``): ``status``, ``message`` and ``finished_at`` are read from
    there (load it with ``select_related("task_run")``); filter on ``task_run__status``.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices, default=ReportKind.FUNDER_MONTHLY)
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    version = models.PositiveIntegerField(_("version"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    data = models.JSONField(_("figures"), null=True, blank=True)
    cut_off_at = models.DateTimeField(_("data cut-off time"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    task_run = models.OneToOneField(
        "core.TaskRun", on_delete=models.PROTECT, related_name="report_run", verbose_name=_("background job")
    )
    is_closing = models.BooleanField(
        _("closing report"), default=False, help_text=_("The report frozen with the close of its month.")
    )

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind", "month", "version"], name="report_run_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m} v{self.version}"

    @property
    def status(self) -> str:
        """A ``ReportStatus`` value: queued, running, done or failed, as the run's job is."""
        return self.task_run.status

    @property
    def message(self) -> str:
        """Why the run failed (the job's error text); empty otherwise."""
        return self.task_run.message

    @property
    def finished_at(self) -> dt.datetime | None:
        return self.task_run.finished_at

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    PARTICIPANTS = "participants", _("Participants (pseudonymised CSV)")


class ReportFile(CentreOwnedModel):
    """One rendered file of a report run, kept in the database with the figures it was made from."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files", verbose_name=_("report run"))
    format = models.CharField(_("format"), max_length=12, choices=ReportFormat.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["format"]
        constraints = [models.UniqueConstraint(fields=["run", "format"], name="report_file_one_per_format")]

    def __str__(self) -> str:
        return self.filename


class MonthCloseStatus(models.TextChoices):
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Re-opened")


class MonthClose(CentreOwnedModel):
    """A centre's month closed by a manager, with its closing report frozen; re-opening needs a reason."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=MonthCloseStatus.choices, default=MonthCloseStatus.CLOSED
    )
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closing_report = models.ForeignKey(
        ReportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closing report"),
    )
    reopened_at = models.DateTimeField(_("re-opened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-opened by"),
    )
    reopen_reason = models.TextField(_("reason for re-opening"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["centre", "month"], name="month_close_one_per_centre")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.get_status_display()})"


class PseudonymKey(models.Model):
    """The secret key of a centre's participant pseudonyms: stable across reports, never exported."""

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+", primary_key=True)
    key = models.BinaryField(_("key"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym key")
        verbose_name_plural = _("pseudonym keys")

    def __str__(self) -> str:
        return str(self.centre_id)


class ListExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ListExport(CentreOwnedModel):
    """A list of the API (the caseload, deliveries, the waiting list, contracts...) exported as CSV or XLSX with the
    filters its screen had, for the user who asked: made at once when it is small, else by the worker
    (``task_run``), which counts ``rows_done`` as it goes. The file is kept until ``expires_at`` and then removed;
    the record stays as the account of who exported what (the clients on it are in their access logs)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    list_name = models.CharField(_("list"), max_length=40)
    format = models.CharField(_("format"), max_length=5, choices=ListExportFormat.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    task_run = models.OneToOneField(
        "core.TaskRun", on_delete=models.PROTECT, null=True, blank=True, related_name="list_export",
        verbose_name=_("background job"),
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    content = models.BinaryField(_("content"), null=True, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    purged_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "requested_by", "-created_at"], name="list_export_requester")]

    def __str__(self) -> str:
        return f"{self.list_name}.{self.format} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def status(self) -> str:
        """``done`` for an export made at once, else its job's status (``TaskRunStatus``)."""
        if self.task_run is not None:
            return self.task_run.status
        return "done" if self.size is not None else "queued"
