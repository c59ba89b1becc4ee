"""Builders for quality tests: a standard with criteria, a surveyable planned service, surveys, evaluations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from cus.catalogue.models import Provider, ServiceType
from cus.clients.models import Consent
from cus.core.models import Centre, User
from cus.plans.models import PlannedService
from cus.quality.models import (
    Criterion,
    EvaluationScore,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
)

from ..factories import CentreFactory, PlannedServiceFactory, ServiceTypeFactory, UserFactory
from ..plans.factories import active_plan, contract_line


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = Standard

    centre = factory.SubFactory(CentreFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    name = factory.Sequence(lambda n: f"Home care standard {n}")
    description = "What good home care looks like"


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    standard = factory.SubFactory(StandardFactory)
    centre = factory.SelfAttribute("standard.centre")
    text = factory.Sequence(lambda n: f"Criterion {n}")
    weight = factory.LazyFunction(lambda: Decimal("1.00"))
    scale_min = 1
    scale_max = 5
    order = factory.Sequence(lambda n: n)


def standard_with_criteria(centre: Centre, weights: tuple[str, ...] = ("1", "2", "3"), **kwargs: Any) -> Standard:
    """A standard of the centre with one 1-5 criterion per weight."""
    standard = StandardFactory(centre=centre, **kwargs)
    for order, weight in enumerate(weights):
        CriterionFactory(standard=standard, weight=Decimal(weight), order=order, text=f"Criterion {order + 1}")
    return standard


def assigned_service(centre: Centre, coordinator: User, *, provider: Provider | None = None,
                     service_type: ServiceType | None = None) -> PlannedService:
    """An assigned planned service of an active plan coordinated by ``coordinator``, whose client agreed to
    satisfaction surveys (which a centre may ask about only with consent: tests/privacy)."""
    plan = active_plan(centre, coordinator)
    Consent.objects.create(
        centre=centre, client=plan.client, kind="surveys", given_on=dt.date(2026, 1, 5), recorded_by=coordinator
    )
    extra: dict[str, Any] = {}
    if provider is not None:
        extra["contract__provider"] = provider
    line = contract_line(centre, service_type=service_type or ServiceTypeFactory(), **extra)
    return PlannedServiceFactory(plan=plan, contract_line=line)


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = SatisfactionSurvey

    centre = factory.SelfAttribute("planned_service.centre")
    planned_service = None
    provider = factory.SelfAttribute("planned_service.provider")
    service_type = factory.SelfAttribute("planned_service.service_type")
    date = dt.date(2026, 3, 1)
    source = "staff"
    overall = 4


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = ProviderEvaluation

    standard = None
    centre = factory.SelfAttribute("standard.centre")
    service_type = factory.SelfAttribute("standard.service_type")
    provider = None
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 3, 31)
    evaluated_by = factory.SubFactory(UserFactory)


def final_evaluation(standard: Standard, provider: Provider, scores: list[int], **kwargs: Any) -> ProviderEvaluation:
    """A final evaluation with ``scores`` for the standard's criteria in order (weighted score left to compute)."""
    from cus.quality.selectors import weighted_score

    evaluation = EvaluationFactory(standard=standard, provider=provider, status="final", **kwargs)
    for criterion, score in zip(standard.criteria.order_by("order"), scores, strict=True):
        EvaluationScore.objects.create(
            centre=standard.centre, evaluation=evaluation, criterion=criterion, score=score, weight=criterion.weight,
            scale_min=criterion.scale_min, scale_max=criterion.scale_max,
        )
    evaluation.weighted_score = weighted_score(evaluation)
    evaluation.save()
    return evaluation
