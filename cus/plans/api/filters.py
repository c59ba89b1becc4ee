"""The plans app's list filters."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import (
    ApprovalState,
    Goal,
    GoalStatus,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
    Review,
    ReviewDecision,
)
from ..selectors import takes_logs


class PlanFilter(django_filters.FilterSet):
    client = django_filters.UUIDFilter()
    coordinator = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    review_due_before = django_filters.DateFilter(
        field_name="next_review_date", lookup_expr="lte", label=_("Next review on or before")
    )
    approval = django_filters.ChoiceFilter(
        choices=[(value, label) for value, label in ApprovalState.choices if value],
        method="filter_approval",
        label=_("Approval (of draft plans): submitted lists the plans waiting for a manager's approval"),
    )

    class Meta:
        model = Plan
        fields = ["client", "coordinator", "status", "review_due_before", "approval"]

    def filter_approval(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        # The approval of a draft: a plan cancelled while waiting is no longer waiting for anyone.
        return queryset.filter(approval=value, status=PlanStatus.DRAFT)


class GoalFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=GoalStatus.choices)

    class Meta:
        model = Goal
        fields = ["plan", "status"]


class PlannedServiceFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter()
    client = django_filters.UUIDFilter(field_name="plan__client")
    provider = django_filters.UUIDFilter()
    service_type = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=PlannedServiceStatus.choices)
    loggable = django_filters.BooleanFilter(
        method="filter_loggable",
        label=_("Takes logs now (assigned, on an active plan, under a contract in force)"),
    )

    class Meta:
        model = PlannedService
        fields = ["plan", "client", "provider", "service_type", "status", "loggable"]

    def filter_loggable(self, queryset: QuerySet[PlannedService], name: str, value: bool | None) -> QuerySet[PlannedService]:
        if value is None:
            return queryset
        return queryset.filter(takes_logs()) if value else queryset.exclude(takes_logs())


class ReviewFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter()
    decision = django_filters.ChoiceFilter(choices=ReviewDecision.choices)

    class Meta:
        model = Review
        fields = ["plan", "decision"]


class WaitingListFilter(django_filters.FilterSet):
    service_type = django_filters.UUIDFilter()
    area = django_filters.CharFilter(field_name="plan__client__area", lookup_expr="iexact", label=_("Area"))

    class Meta:
        model = PlannedService
        fields = ["service_type", "area"]
