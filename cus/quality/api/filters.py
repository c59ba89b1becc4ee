"""Filters of the quality lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import (
    EvaluationStatus,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
    SurveySource,
)


class StandardFilter(django_filters.FilterSet):
    service_type = django_filters.UUIDFilter()
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Standard
        fields = ["service_type", "is_active"]


class SatisfactionSurveyFilter(django_filters.FilterSet):
    planned_service = django_filters.UUIDFilter()
    provider = django_filters.UUIDFilter()
    service_type = django_filters.UUIDFilter()
    client = django_filters.UUIDFilter(field_name="planned_service__plan__client")
    source = django_filters.ChoiceFilter(choices=SurveySource.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = SatisfactionSurvey
        fields = ["planned_service", "provider", "service_type", "client", "source", "date_from", "date_to"]


class SurveyInvitationFilter(django_filters.FilterSet):
    planned_service = django_filters.UUIDFilter()
    used = django_filters.BooleanFilter(field_name="used_at", lookup_expr="isnull", exclude=True, label=_("Used"))

    class Meta:
        model = SurveyInvitation
        fields = ["planned_service", "used"]


class ProviderEvaluationFilter(django_filters.FilterSet):
    provider = django_filters.UUIDFilter()
    service_type = django_filters.UUIDFilter()
    standard = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices)

    class Meta:
        model = ProviderEvaluation
        fields = ["provider", "service_type", "standard", "status"]
