"""Quality standards and evaluation: standards with weighted criteria per service type, clients' satisfaction
surveys about planned services (recorded by staff or filled in through a one-time link), and periodic
evaluations of providers against a standard."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cus.core.models import CentreOwnedModel


class Standard(CentreOwnedModel):
    """What good service of one type looks like in this centre, as weighted criteria."""

    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality standard")
        verbose_name_plural = _("quality standards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service_type", "name"],
                name="quality_standard_name_unique_per_type",
                violation_error_message=_("This service type already has a standard with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(CentreOwnedModel):
    """One criterion of a standard: scored on its scale, counted with its weight.

    A criterion is never deleted once the standard exists: one left out of an edit is retired
    (``is_active`` false), so that evaluations scored against it keep their meaning.
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("standard"))
    text = models.TextField(_("criterion"))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="quality_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="quality_criterion_scale_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SurveySource(models.TextChoices):
    STAFF = "staff", _("Recorded by staff")
    CLIENT_LINK = "client_link", _("Filled in by the client through a link")


# The fixed questionnaire: every answer is on a 1-5 scale (5 best); all but the first may be left out.
SURVEY_SCALE = (1, 5)
SURVEY_QUESTIONS: tuple[tuple[str, object], ...] = (
    ("overall", _("Overall, how satisfied are you with this service?")),
    ("punctuality", _("Did the service come at the agreed times?")),
    ("respect", _("Were you treated with respect?")),
    ("needs_met", _("Does the help match your needs?")),
    ("would_recommend", _("Would you recommend this service to someone in your situation?")),
)
SURVEY_QUESTION_KEYS = tuple(key for key, _text in SURVEY_QUESTIONS)


class SatisfactionSurvey(CentreOwnedModel):
    """A client's answers about one planned service, and so about its provider and service type."""

    planned_service = models.ForeignKey(
        "plans.PlannedService", on_delete=models.PROTECT, related_name="+", verbose_name=_("planned service")
    )
    # Denormalised when the survey is taken: the provider who delivered then, even if the service moves on.
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    date = models.DateField(_("date of the survey"))
    source = models.CharField(_("source"), max_length=12, choices=SurveySource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"))
    punctuality = models.PositiveSmallIntegerField(_("punctuality"), null=True, blank=True)
    respect = models.PositiveSmallIntegerField(_("respect"), null=True, blank=True)
    needs_met = models.PositiveSmallIntegerField(_("help matches needs"), null=True, blank=True)
    would_recommend = models.PositiveSmallIntegerField(_("would recommend"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["centre", "provider", "service_type", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="quality_survey_overall_range"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__gte": 1, f"{key}__lte": 5}),
                    name=f"quality_survey_{key}_range",
                )
                for key in SURVEY_QUESTION_KEYS[1:]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} — {self.date}"


class SurveyInvitation(CentreOwnedModel):
    """A one-time link for the client to fill in the survey; only the token's SHA-256 is stored."""

    planned_service = models.ForeignKey(
        "plans.PlannedService", on_delete=models.PROTECT, related_name="+", verbose_name=_("planned service")
    )
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    survey = models.OneToOneField(
        SatisfactionSurvey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("survey"),
    )

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.planned_service_id} — {self.expires_at:%Y-%m-%d}"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ProviderEvaluation(CentreOwnedModel):
    """A periodic evaluation of a provider's service of one type against a standard; final ones are immutable."""

    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("standard"))
    # The standard's service type, copied so that summaries group without a join.
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service type")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated by")
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    weighted_score = models.DecimalField(
        _("weighted score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Set when the evaluation is made final: 0 (every criterion at its lowest) to 100."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provider evaluation")
        verbose_name_plural = _("provider evaluations")
        ordering = ["-period_end", "-created_at"]
        indexes = [models.Index(fields=["centre", "provider", "service_type", "status", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="quality_evaluation_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.period_start}–{self.period_end}"


class EvaluationScore(CentreOwnedModel):
    """The score of one criterion in an evaluation; weight and scale are copied from the criterion when scored."""

    evaluation = models.ForeignKey(
        ProviderEvaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    score = models.PositiveSmallIntegerField(_("score"))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"))
    scale_max = models.PositiveSmallIntegerField(_("highest score"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__order", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="quality_score_once_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=F("scale_min"), score__lte=F("scale_max")), name="quality_score_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
