"""Individual service plans: goals, planned services and their assignment to providers, reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel, Versioned


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The lifecycle of DOMAIN.md: draft -> active -> (suspended <-> active) -> closed; draft -> cancelled.
PLAN_TRANSITIONS: dict[str, dict[str, str]] = {
    "activate": {PlanStatus.DRAFT: PlanStatus.ACTIVE},
    "suspend": {PlanStatus.ACTIVE: PlanStatus.SUSPENDED},
    "resume": {PlanStatus.SUSPENDED: PlanStatus.ACTIVE},
    "close": {PlanStatus.ACTIVE: PlanStatus.CLOSED, PlanStatus.SUSPENDED: PlanStatus.CLOSED},
    "cancel": {PlanStatus.DRAFT: PlanStatus.CANCELLED},
}

ONGOING_PLAN_STATUSES = (PlanStatus.ACTIVE, PlanStatus.SUSPENDED)


class ApprovalState(models.TextChoices):
    """Where a draft plan stands with the manager (director) who approves it; a record on the plan, not a status:
    the plan stays a draft (editable by its coordinator, unseen by providers) until it is activated."""

    NONE = "", _("Not submitted")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


# The approval of a draft plan: submitted by its coordinator, then approved or returned (with a reason) by a
# manager; a returned plan is edited and submitted again. A change to a submitted or approved draft withdraws it
# (back to NONE: see services._withdraw_approval). Where the centre requires it (Centre.plans_need_approval),
# only an approved draft is activated.
APPROVAL_TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {ApprovalState.NONE: ApprovalState.SUBMITTED, ApprovalState.RETURNED: ApprovalState.SUBMITTED},
    "approve": {ApprovalState.SUBMITTED: ApprovalState.APPROVED},
    "return": {ApprovalState.SUBMITTED: ApprovalState.RETURNED},
}


class AgreementMethod(models.TextChoices):
    SIGNATURE = "signature", _("Signed plan")
    ELECTRONIC = "electronic", _("Electronic confirmation")
    VERBAL = "verbal", _("Verbal agreement, recorded")
    REPRESENTATIVE = "representative", _("Signed by a legal representative")


class Plan(Versioned, CentreOwnedModel):
    """The agreed set of goals and services for one client (IPUS)."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="plans", verbose_name=_("client"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans", verbose_name=_("coordinator")
    )
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_interval_days = models.PositiveSmallIntegerField(_("review interval (days)"), default=90)
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    client_agreed_at = models.DateTimeField(_("client agreed at"), null=True, blank=True)
    agreement_method = models.CharField(
        _("how the client agreed"), max_length=20, choices=AgreementMethod.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=20, blank=True)
    status_reason = models.TextField(_("reason for the last status change"), blank=True)
    approval = models.CharField(
        _("approval"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.NONE, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted for approval at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted for approval by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_reason = models.TextField(_("why the plan was returned"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual service plan")
        verbose_name_plural = _("individual service plans")
        ordering = ["-start_date"]
        indexes = [  # the managers' work list: the centre's plans waiting for approval
            models.Index(
                fields=["centre", "submitted_at"], condition=Q(approval="submitted"), name="plan_waiting_approval"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status__in=["active", "suspended"]),
                name="plan_one_ongoing_per_client",
                violation_error_message=_("The client already has an active plan."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="plan_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.start_date}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(CentreOwnedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    description = models.TextField(_("what the client wants to achieve"))
    measure = models.TextField(_("how progress is measured"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    progress_note = models.TextField(_("progress note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description[:60]


class Per(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    TOTAL = "total", _("in total")


class PlannedServiceStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a provider")
    ASSIGNED = "assigned", _("Assigned")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class PlannedService(Versioned, CentreOwnedModel):
    """A service in a plan: type, amount and frequency, period, and the provider through a contract line."""

    # Indexed by the composite indexes (and unique constraints) that lead with it: no index of its own to write.
    centre = models.ForeignKey(
        "core.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"), db_index=False
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="services", verbose_name=_("plan"))
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    units = models.DecimalField(_("units"), max_digits=10, decimal_places=2)
    per = models.CharField(_("per"), max_length=10, choices=Per.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    contract_line = models.ForeignKey(
        "contracts.ContractLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_services",
        verbose_name=_("contract line"),
    )
    # Denormalised from the contract line so that provider scoping is one indexed filter.
    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_services",
        verbose_name=_("provider"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlannedServiceStatus.choices, default=PlannedServiceStatus.WAITING
    )
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    confirmation_code = models.CharField(
        _("client's confirmation code"), max_length=12, blank=True,
        help_text=_("A short code the client holds to confirm visits; never shown to providers."),
    )
    note = models.TextField(_("note for the provider"), blank=True)
    weekdays = models.JSONField(
        _("days of the week"), default=list, blank=True,
        help_text=_("The days the service is planned on (1 Monday to 7 Sunday); empty: any day. A log on another "
                    "day is flagged for the coordinator."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        ordering = ["start_date", "created_at"]
        indexes = [
            models.Index(fields=["centre", "provider", "status"]),
            models.Index(fields=["centre", "status", "waiting_since"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(units__gt=0), name="planned_service_units_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="planned_service_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} ({self.units} {self.get_per_display()})"


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CHANGE = "change", _("Change the plan")
    CLOSE = "close", _("Close the plan")


class Review(CentreOwnedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan"))
    date = models.DateField(_("date"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    satisfaction = models.PositiveSmallIntegerField(_("client satisfaction (1–5)"), null=True, blank=True)
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.plan} — {self.date}"


class GoalProgress(CentreOwnedModel):
    review = models.ForeignKey(  # the unique goal_progress_once serves it
        Review, on_delete=models.CASCADE, related_name="goal_progress", db_index=False
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal progress")
        verbose_name_plural = _("goal progress")
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="goal_progress_once_per_review")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.status}"


class AssignmentPeriod(CentreOwnedModel):
    """A stretch of a planned service's assignment paid through one contract line.

    A service that runs past the end of its contract (December to May across an annual contract) is assigned in
    periods: the first on the line it was given, the next on the same provider's line of the renewed or next
    contract, and so on (``cus.plans.periods``). A log is paid through the line of the period its date falls in;
    ``PlannedService.contract_line`` is the line of the period in force today.
    """

    planned_service = models.ForeignKey(
        PlannedService, on_delete=models.CASCADE, related_name="periods", verbose_name=_("planned service"),
        db_index=False,  # the index leading with it serves it
    )
    contract_line = models.ForeignKey(
        "contracts.ContractLine", on_delete=models.PROTECT, related_name="assignment_periods",
        verbose_name=_("contract line"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment period")
        verbose_name_plural = _("assignment periods")
        ordering = ["start_date"]
        indexes = [models.Index(fields=["planned_service", "start_date"], name="assignment_period_by_service")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="assignment_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.planned_service} — {self.start_date}…{self.end_date}"
