"""Filters of the planning lists (``?plan=``, ``?status=``, ...)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import (
    Activity,
    CommunityPlan,
    CommunityPlanStatus,
    Decision,
    FollowUp,
    Indicator,
    IndicatorValue,
    Measure,
    Meeting,
    Partner,
    Priority,
    RaisedNeed,
)


class PartnerFilter(django_filters.FilterSet):
    class Meta:
        model = Partner
        fields = ["kind", "is_active", "provider"]


class CommunityPlanFilter(django_filters.FilterSet):
    class Meta:
        model = CommunityPlan
        fields = ["status"]


class PriorityFilter(django_filters.FilterSet):
    class Meta:
        model = Priority
        fields = ["plan"]


class MeasureFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter(field_name="priority__plan", label=_("Community plan"))

    class Meta:
        model = Measure
        fields = ["priority", "plan"]


class ActivityFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter(field_name="measure__priority__plan", label=_("Community plan"))
    plan_status = django_filters.MultipleChoiceFilter(
        field_name="measure__priority__plan__status", choices=CommunityPlanStatus.choices,
        label=_("Status of the community plan"),
    )
    service_type = django_filters.UUIDFilter(field_name="service_types", label=_("Service type"))

    class Meta:
        model = Activity
        fields = ["measure", "plan", "responsible_partner", "service_type"]


class IndicatorFilter(django_filters.FilterSet):
    plan = django_filters.UUIDFilter(field_name="activity__measure__priority__plan", label=_("Community plan"))

    class Meta:
        model = Indicator
        fields = ["activity", "kind", "period", "plan"]


class IndicatorValueFilter(django_filters.FilterSet):
    class Meta:
        model = IndicatorValue
        fields = ["indicator"]


class RaisedNeedFilter(django_filters.FilterSet):
    area = django_filters.CharFilter(lookup_expr="iexact", label=_("Area"))

    class Meta:
        model = RaisedNeed
        fields = ["source", "service_type", "area", "is_open", "partner", "meeting", "answered_by"]


class MeetingFilter(django_filters.FilterSet):
    partner = django_filters.UUIDFilter(field_name="partners", label=_("Partner"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["status", "community_plan", "partner"]


class DecisionFilter(django_filters.FilterSet):
    class Meta:
        model = Decision
        fields = ["meeting"]


class FollowUpFilter(django_filters.FilterSet):
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))

    class Meta:
        model = FollowUp
        fields = ["status", "meeting", "owner", "partner"]

