"""Subject rights and retention: subject-access copies, erasure requests, retention rules, legal holds, the marks
of anonymised clients and the disposal log.

The disposal log holds no personal data by design: what category, how many, under which rule, when; never a
client, a name or the user who asked. Who decided an erasure is on the erasure request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel, Language


class RecordCategory(models.TextChoices):
    """The categories of records a retention rule is set for (one rule per category and centre)."""

    CASE_FILE = "case_file", _("Closed case files")
    UNSUCCESSFUL_REFERRAL = "unsuccessful_referral", _("Referrals that led to no service")
    DELIVERY_LOGS = "delivery_logs", _("Delivery logs")
    EU_PROJECT = "eu_project", _("EU-funded project documentation (ESF+)")


# A category kept for a number of years after its event; the EU project documentation until a fixed date.
FIXED_DATE_CATEGORIES = frozenset({RecordCategory.EU_PROJECT})


class DisposalCategory(models.TextChoices):
    """What a disposal was: a rule's category, an erasure carried out, or subject-access copies removed."""

    CASE_FILE = "case_file", _("Closed case files")
    UNSUCCESSFUL_REFERRAL = "unsuccessful_referral", _("Referrals that led to no service")
    DELIVERY_LOGS = "delivery_logs", _("Delivery logs")
    ERASURE = "erasure", _("Erasure requests carried out")
    SUBJECT_ACCESS_COPIES = "subject_access_copies", _("Subject-access copies")
    LIST_EXPORTS = "list_exports", _("Exports of lists (CSV, XLSX)")


class RetentionRule(CentreOwnedModel):
    """How long a centre keeps a category of records: ``years`` after the records' event (from 1 January of the
    following year, as archives count) or, for EU project documentation, until ``keep_until``."""

    category = models.CharField(_("record category"), max_length=30, choices=RecordCategory.choices)
    years = models.PositiveSmallIntegerField(_("years kept"), null=True, blank=True)
    keep_until = models.DateField(_("kept until"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_customised = models.BooleanField(
        _("changed by the centre"), default=False, help_text=_("False while the rule is the country's default.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "category"], name="retention_rule_one_per_category"),
            models.CheckConstraint(
                condition=Q(years__isnull=False, keep_until__isnull=True)
                | Q(years__isnull=True, keep_until__isnull=False),
                name="retention_rule_years_or_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_category_display())


class LegalHold(CentreOwnedModel):
    """A client's records under a legal hold (proceedings, an inspection, a complaint): nothing is disposed of
    while a hold is in force, whatever the retention rules say."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("client")
    )
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("placed by")
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("released by"),
    )
    release_reason = models.TextField(_("reason for the release"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "client"], name="legal_hold_centre_client")]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class SubjectAccessExport(CentreOwnedModel):
    """A copy of everything held about a client (GDPR Art. 15 and 20): a ZIP with a machine-readable JSON, a
    readable PDF in the client's language and the evidence files, made by the worker (``task_run``).

    The copy is kept only until ``expires_at`` (the daily retention job removes its content): it is made to
    be handed over, not to be a second archive.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="subject_exports", verbose_name=_("client")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    task_run = models.OneToOneField(
        "core.TaskRun", on_delete=models.PROTECT, related_name="subject_export", verbose_name=_("background job")
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    content = models.BinaryField(_("content"), null=True, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("last downloaded at"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    purged_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subject-access copy")
        verbose_name_plural = _("subject-access copies")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "client", "-created_at"], name="subject_export_client")]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def status(self) -> str:
        """The job's status (``TaskRunStatus``): queued, running, done or failed."""
        return self.task_run.status


class ErasureChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    REPRESENTATIVE = "representative", _("Through a representative")


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    CARRIED_OUT = "carried_out", _("Carried out (anonymised)")
    REFUSED = "refused", _("Refused")


# Action -> {from status: to status}: a request is decided once.
ERASURE_TRANSITIONS: dict[str, dict[str, str]] = {
    "carry_out": {ErasureStatus.PENDING: ErasureStatus.CARRIED_OUT},
    "refuse": {ErasureStatus.PENDING: ErasureStatus.REFUSED},
}


class RefusalReason(models.TextChoices):
    """GDPR Art. 17(3): why the centre may keep the data despite the request."""

    RETENTION_DUTY = "retention_duty", _("A legal duty to keep the records (e.g. social-assistance case files)")
    EU_FUNDING = "eu_funding", _("EU-funded project documentation kept until the audit period ends")
    PUBLIC_TASK = "public_task", _("Needed for the centre's public task (services still provided)")
    LEGAL_CLAIMS = "legal_claims", _("Needed for legal claims")
    ARCHIVING = "archiving", _("Archiving in the public interest")
    LEGAL_HOLD = "legal_hold", _("The records are under a legal hold")


class ErasureRequest(CentreOwnedModel):
    """A client's request to erase their data (GDPR Art. 17) and the decision on it: carried out (the client is
    anonymised at once) or refused with the legal reason; who decided and when."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("client")
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("received by"), max_length=20, choices=ErasureChannel.choices)
    note = models.TextField(_("what was asked"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    refusal_reason = models.CharField(_("legal reason"), max_length=20, choices=RefusalReason.choices, blank=True)
    explanation = models.TextField(_("explanation of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-received_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""), name="erasure_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="erasure_decision_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.received_on})"


class Anonymisation(models.Model):
    """The mark of an anonymised client: when, and as what (a retention category or an erasure). A client is
    anonymised once; nothing of the person is kept here."""

    id = models.BigAutoField(primary_key=True)
    centre = models.ForeignKey("core.Centre", on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField(
        "clients.Client", on_delete=models.PROTECT, related_name="anonymisation", verbose_name=_("client")
    )
    category = models.CharField(_("as"), max_length=30, choices=DisposalCategory.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.client_id} {self.category} {self.at:%Y-%m-%d}"


class DisposalLog(models.Model):
    """One disposal: what category, how many records, under which rule, when. Holds no personal data (no client,
    no name, no user): it may be shown to anyone who audits the centre's retention."""

    id = models.BigAutoField(primary_key=True)
    centre = models.ForeignKey("core.Centre", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=30, choices=DisposalCategory.choices)
    count = models.PositiveIntegerField(_("records"))
    rule = models.ForeignKey(
        RetentionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rule")
    )
    # The rule as it was applied (it may be edited later): years after the event, a date, or days (copies).
    rule_years = models.PositiveSmallIntegerField(_("years kept"), null=True, blank=True)
    rule_keep_until = models.DateField(_("kept until"), null=True, blank=True)
    rule_days = models.PositiveSmallIntegerField(_("days kept"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    task_run = models.ForeignKey(
        "core.TaskRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("background job"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("disposal log entry")
        verbose_name_plural = _("disposal log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.category} ×{self.count} ({self.at:%Y-%m-%d})"
