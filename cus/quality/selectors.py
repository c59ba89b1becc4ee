"""Reads on standards, surveys and evaluations, scoped to the actor; the per-provider quality summary.

Who sees what: the centre's managers, coordinators and administrators (``VIEW_QUALITY``) see everything of
their centre. A provider's staff see the standards (what they are measured against), their own provider's
final evaluations and their own provider's summary, never individual surveys (a client's answers stay
with the centre) nor drafts; in their summary, survey averages over fewer than ``MIN_SURVEYS_FOR_PROVIDERS``
surveys are withheld. Volunteers see nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
)

from cus.catalogue.models import Provider, ServiceType
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.history import HistorySource, Timeline
from cus.core.models import Role
from cus.plans.models import PlannedService
from cus.plans.selectors import planned_services_for

from .models import (
    SURVEY_QUESTION_KEYS,
    Criterion,
    EvaluationScore,
    EvaluationStatus,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
)

HUNDREDTH = Decimal("0.01")
# A provider's staff see survey averages only over at least this many surveys, so that no single client's
# answers can be read off a summary (a row with fewer shows the count, not the averages).
MIN_SURVEYS_FOR_PROVIDERS = 5


def token_hash(token: str) -> str:
    """What is stored of a survey link's token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def own_provider_id(actor: Actor) -> UUID | None:
    """The provider whose quality figures a provider's staff member may read (None for everyone else)."""
    if actor.role == Role.PROVIDER and actor.provider_id is not None:
        return actor.provider_id
    return None


def can_see_quality(actor: Actor) -> bool:
    """Standards, evaluations and summaries are visible to the centre's staff and (in part) to provider staff."""
    return can(actor, Perm.VIEW_QUALITY) or own_provider_id(actor) is not None


def can_see_surveys(actor: Actor) -> bool:
    """Individual surveys and survey links: the centre's staff only (a client's answers stay with the centre)."""
    return can(actor, Perm.VIEW_QUALITY)


def rounded(value: Any) -> Decimal:
    return Decimal(value).quantize(HUNDREDTH, ROUND_HALF_UP)


def standards_for(actor: Actor) -> QuerySet[Standard]:
    if not can_see_quality(actor):
        return Standard.objects.none()
    return scope(
        Standard.objects.select_related("service_type").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "created_at"))
        ),
        actor,
    )


def surveys_for(actor: Actor) -> QuerySet[SatisfactionSurvey]:
    if not can_see_surveys(actor):
        return SatisfactionSurvey.objects.none()
    return scope(
        SatisfactionSurvey.objects.select_related("planned_service__plan", "provider", "service_type", "recorded_by"),
        actor,
    )


def surveyable_services_for(actor: Actor) -> QuerySet[PlannedService]:
    """The planned services the actor may name in a survey or a survey link (the services decide which may be
    surveyed: see ``services._surveyed_service``)."""
    return planned_services_for(actor).select_related(None)


def invitations_for(actor: Actor) -> QuerySet[SurveyInvitation]:
    if not can_see_surveys(actor):
        return SurveyInvitation.objects.none()
    return scope(
        SurveyInvitation.objects.select_related("planned_service__plan", "planned_service__service_type", "provider"),
        actor,
    )


def invitation_by_token(token: str) -> SurveyInvitation | None:
    """The invitation of a survey link (whatever its state), with what the public page shows; None if unknown."""
    return (
        SurveyInvitation.objects.select_related("planned_service__service_type", "provider", "centre")
        .filter(token_hash=token_hash(token))
        .first()
    )


def score_of(scores: Iterable[EvaluationScore]) -> Decimal | None:
    """0 to 100: the weighted mean of ``scores``, each as a fraction of its scale (0 at its lowest, 1 at its
    highest), counted with the weight it was scored with. Exact decimal arithmetic, rounded to hundredths."""
    points = Decimal(0)
    weights = Decimal(0)
    for score in scores:
        points += score.weight * Decimal(score.score - score.scale_min) / Decimal(score.scale_max - score.scale_min)
        weights += score.weight
    return rounded(points * 100 / weights) if weights else None


def weighted_score(evaluation: ProviderEvaluation) -> Decimal | None:
    """The evaluation's weighted score from its saved scores (one query)."""
    return score_of(EvaluationScore.objects.filter(evaluation=evaluation))


def evaluations_for(actor: Actor) -> QuerySet[ProviderEvaluation]:
    """The centre's evaluations for its staff; a provider's staff see their provider's final ones."""
    queryset = scope(
        ProviderEvaluation.objects.select_related("provider", "standard", "service_type", "evaluated_by")
        .prefetch_related(Prefetch("scores", queryset=EvaluationScore.objects.select_related("criterion"))),
        actor,
    )
    if can(actor, Perm.VIEW_QUALITY):
        return queryset
    if (provider_id := own_provider_id(actor)) is not None:
        return queryset.filter(provider_id=provider_id, status=EvaluationStatus.FINAL)
    return queryset.none()


# --- the summary per provider and service type ------------------------------------------------------


@dataclass
class SummaryRow:
    provider_id: UUID
    provider_name: str
    service_type_id: UUID
    service_type: ServiceType | None  # for its name in the request's language
    survey_count: int = 0
    averages: dict[str, Decimal | None] = field(default_factory=dict)
    average: Decimal | None = None
    evaluation_count: int = 0
    evaluation_score: Decimal | None = None
    latest_evaluation: ProviderEvaluation | None = None


def _ratio(total: Any, count: int) -> Decimal | None:
    """``total`` / ``count`` rounded to hundredths; None when nothing was counted."""
    return rounded(Decimal(total) / count) if count else None


def quality_summary(
    actor: Actor,
    *,
    provider_id: UUID | None = None,
    service_type_id: UUID | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[SummaryRow]:
    """Per provider and service type: the surveys (count, mean per question, mean of every answer) dated in the
    window, and the final evaluations whose period overlaps it (count, mean weighted score, the latest).

    Two aggregate queries and three small lookups whatever the number of rows. Provider staff get their own
    provider's rows only, without survey averages over fewer than ``MIN_SURVEYS_FOR_PROVIDERS`` surveys.
    """
    if not can_see_quality(actor):
        return []
    providers_view = not can(actor, Perm.VIEW_QUALITY)
    if providers_view:
        provider_id = own_provider_id(actor)
    surveys = scope(SatisfactionSurvey.objects.all(), actor)
    evaluations = scope(ProviderEvaluation.objects.filter(status=EvaluationStatus.FINAL), actor)
    if provider_id is not None:
        surveys = surveys.filter(provider_id=provider_id)
        evaluations = evaluations.filter(provider_id=provider_id)
    if service_type_id is not None:
        surveys = surveys.filter(service_type_id=service_type_id)
        evaluations = evaluations.filter(service_type_id=service_type_id)
    if date_from is not None:
        surveys = surveys.filter(date__gte=date_from)
        evaluations = evaluations.filter(period_end__gte=date_from)
    if date_to is not None:
        surveys = surveys.filter(date__lte=date_to)
        evaluations = evaluations.filter(period_start__lte=date_to)

    rows: dict[tuple[UUID, UUID], SummaryRow] = {}
    # Sums and counts of the answers per question, divided here: exact on every database (a mean in SQL is a
    # float on SQLite). A question left out counts in neither.
    survey_rows = (
        surveys.order_by()
        .values("provider_id", "service_type_id")
        .annotate(
            survey_count=Count("id"),
            **{f"sum_{key}": Sum(key) for key in SURVEY_QUESTION_KEYS},
            **{f"n_{key}": Count(key) for key in SURVEY_QUESTION_KEYS},
        )
    )
    for survey_values in survey_rows:
        values: dict[str, Any] = dict(survey_values)
        row = _row(rows, values["provider_id"], values["service_type_id"])
        row.survey_count = values["survey_count"]
        if providers_view and row.survey_count < MIN_SURVEYS_FOR_PROVIDERS:
            continue
        row.averages = {key: _ratio(values[f"sum_{key}"], values[f"n_{key}"]) for key in SURVEY_QUESTION_KEYS}
        row.average = _ratio(
            sum(values[f"sum_{key}"] or 0 for key in SURVEY_QUESTION_KEYS),
            sum(values[f"n_{key}"] for key in SURVEY_QUESTION_KEYS),
        )

    latest = evaluations.filter(provider_id=OuterRef("provider_id"), service_type_id=OuterRef("service_type_id"))
    evaluation_rows = (
        evaluations.order_by()
        .values("provider_id", "service_type_id")
        .annotate(
            evaluation_count=Count("id"),
            score_sum=Sum("weighted_score"),
            latest_id=Subquery(latest.order_by("-period_end", "-finalised_at").values("id")[:1]),
        )
    )
    latest_ids: dict[UUID, SummaryRow] = {}
    for evaluation_values in evaluation_rows:
        values = dict(evaluation_values)
        row = _row(rows, values["provider_id"], values["service_type_id"])
        row.evaluation_count = values["evaluation_count"]
        # each weighted score has two decimals, so their sum does too (SQLite sums in floating point)
        if values["score_sum"] is not None:
            row.evaluation_score = _ratio(rounded(str(values["score_sum"])), values["evaluation_count"])
        latest_ids[values["latest_id"]] = row
    if not rows:
        return []

    # Names, and the latest evaluations: one query each.
    for evaluation in ProviderEvaluation.objects.filter(pk__in=latest_ids).select_related("evaluated_by"):
        latest_ids[evaluation.pk].latest_evaluation = evaluation
    providers = dict(Provider.objects.filter(pk__in={key[0] for key in rows}).values_list("id", "name"))
    service_types = ServiceType.objects.in_bulk({key[1] for key in rows})
    for (provider, service_type), row in rows.items():
        row.provider_name = providers.get(provider, "")
        row.service_type = service_types.get(service_type)
    return sorted(rows.values(), key=lambda row: (row.provider_name, str(row.service_type)))


def _row(rows: dict[tuple[UUID, UUID], SummaryRow], provider_id: UUID, service_type_id: UUID) -> SummaryRow:
    key = (provider_id, service_type_id)
    if key not in rows:
        rows[key] = SummaryRow(
            provider_id=provider_id, provider_name="", service_type_id=service_type_id, service_type=None,
            averages=dict.fromkeys(SURVEY_QUESTION_KEYS),
        )
    return rows[key]


# --- history: a standard with its criteria, an evaluation with its scores -------------------------------

STANDARD_TIMELINE = Timeline("standard").add(
    HistorySource("standard", Standard, lambda standard: Standard.history.filter(id=standard.pk)),
    HistorySource(
        "criterion", Criterion, lambda standard: Criterion.history.filter(standard_id=standard.pk),
        excluded_fields=frozenset({"standard"}),
    ),
)
EVALUATION_TIMELINE = Timeline("evaluation").add(
    HistorySource("evaluation", ProviderEvaluation, lambda evaluation: ProviderEvaluation.history.filter(id=evaluation.pk)),
    HistorySource(
        "score", EvaluationScore, lambda evaluation: EvaluationScore.history.filter(evaluation_id=evaluation.pk),
        excluded_fields=frozenset({"evaluation"}),
    ),
)


def active_criteria(standard: Standard) -> QuerySet[Criterion]:
    """The criteria an evaluation against ``standard`` scores: its active ones, in order."""
    return Criterion.objects.filter(standard=standard, is_active=True).order_by("order", "created_at")
