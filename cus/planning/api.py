"""Serializers and views (thin: parse, call a service or selector, render).

/api/v1/community-plans/ (+ adopt/, close/; the detail is the tree with live progress), priorities/, measures/,
activities/, indicators/, indicator-values/, needs/ (the register; POST raises a need), raised-needs/, partners/,
meetings/ (+ close/, cancel/), meeting-decisions/, follow-ups/ (+ complete/).

Only roles with ``Perm.VIEW_PLANNING`` see any of it (others get 404, as if it did not exist); writes need the
permission of the resource (403 otherwise).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import django_filters
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import ScopedWriteSerializer
from cus.api.views import ActorMixin, ServiceViewSet, write_schema
from cus.catalogue.models import Provider, ServiceType, TargetGroup
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.errors import NotFound
from cus.core.models import User

from . import selectors, services
from .models import (
    Activity,
    CommunityPlan,
    CommunityPlanStatus,
    Decision,
    FollowUp,
    FollowUpStatus,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    IndicatorValue,
    Measure,
    Meeting,
    MeetingStatus,
    NeedSource,
    Partner,
    PartnerKind,
    Priority,
    RaisedNeed,
)


def reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text=str(_("Why; kept in the history."))
    )


class NamedEnumField(serializers.ChoiceField):
    """A choice field whose choice set is one named enum in the schema, wherever it appears (the generator
    would otherwise name it after the field, and "kind", "status" and "source" are taken by other choice sets)."""

    def __init__(self, choices: Any, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class NamedEnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedEnumField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = {key: value for key, value in build_choice_field(self.target).items() if key != "x-spec-enum-id"}
        name = self.target.enum_name
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        auto_schema.registry.register_on_missing(component)
        return component.ref


def partner_kind(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(PartnerKind.choices, enum_name="PartnerKindEnum", **kwargs)


def plan_status(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(CommunityPlanStatus.choices, enum_name="CommunityPlanStatusEnum", **kwargs)


def indicator_kind(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(IndicatorKind.choices, enum_name="IndicatorKindEnum", **kwargs)


def indicator_period(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(IndicatorPeriod.choices, enum_name="IndicatorPeriodEnum", **kwargs)


def need_source(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(NeedSource.choices, enum_name="NeedSourceEnum", **kwargs)


def meeting_status(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(MeetingStatus.choices, enum_name="MeetingStatusEnum", **kwargs)


def follow_up_status(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(FollowUpStatus.choices, enum_name="FollowUpStatusEnum", **kwargs)


def target_group(**kwargs: Any) -> NamedEnumField:
    return NamedEnumField(TargetGroup.choices, enum_name="PlanningTargetGroupEnum", **kwargs)


class PlanningRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="__str__")


class PlanningServiceTypeRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()


# --- output ---------------------------------------------------------------------------------------


class PartnerSerializer(serializers.ModelSerializer):
    kind = partner_kind(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "provider", "provider_name", "contact_name", "email", "phone", "note",
                  "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class CommunityPlanSerializer(serializers.ModelSerializer):
    status = plan_status(read_only=True)

    class Meta:
        model = CommunityPlan
        fields = ["id", "title", "start_date", "end_date", "status", "description", "status_reason", "created_at",
                  "updated_at"]
        read_only_fields = fields


class PrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Priority
        fields = ["id", "plan", "code", "title", "description", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class MeasureSerializer(serializers.ModelSerializer):
    plan = serializers.UUIDField(source="priority.plan_id", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "priority", "code", "title", "description", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.UUIDField(source="measure.priority.plan_id", read_only=True)
    responsible_partner_name = serializers.CharField(source="responsible_partner.name", read_only=True, default=None)
    target_groups = serializers.ListField(child=target_group(), read_only=True)
    service_types = PlanningServiceTypeRefSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "plan", "measure", "code", "title", "description", "responsible_partner",
                  "responsible_partner_name", "target_groups", "service_types", "sort_order", "created_at",
                  "updated_at"]
        read_only_fields = fields


INDICATOR_FIELDS = ["id", "activity", "name", "kind", "period", "year", "baseline", "target", "unit_label",
                    "sort_order"]


class IndicatorSerializer(serializers.ModelSerializer):
    kind = indicator_kind(read_only=True)
    period = indicator_period(read_only=True)
    plan = serializers.UUIDField(source="activity.measure.priority.plan_id", read_only=True)

    class Meta:
        model = Indicator
        fields = [*INDICATOR_FIELDS, "plan", "created_at", "updated_at"]
        read_only_fields = fields


class LiveProgressFields(serializers.Serializer):
    period_start = serializers.DateField(source="live.start", read_only=True)
    period_end = serializers.DateField(source="live.end", read_only=True)
    actual = serializers.DecimalField(source="live.actual", max_digits=16, decimal_places=2, read_only=True)
    progress = serializers.DecimalField(
        source="live.progress", max_digits=12, decimal_places=4, read_only=True, allow_null=True,
        help_text=str(_("Actual divided by target (1 = target reached); null when the target is zero.")),
    )
    progress_percent = serializers.DecimalField(
        source="live.percent", max_digits=10, decimal_places=1, read_only=True, allow_null=True
    )


class IndicatorProgressSerializer(LiveProgressFields, serializers.ModelSerializer):
    """An indicator with its live actual value and progress towards the target."""

    kind = indicator_kind(read_only=True)
    period = indicator_period(read_only=True)

    class Meta:
        model = Indicator
        fields = [*INDICATOR_FIELDS, "period_start", "period_end", "actual", "progress", "progress_percent"]
        read_only_fields = fields


class IndicatorDetailSerializer(IndicatorProgressSerializer):
    plan = serializers.UUIDField(source="activity.measure.priority.plan_id", read_only=True)

    class Meta:
        model = Indicator
        fields = [*IndicatorProgressSerializer.Meta.fields, "plan", "created_at", "updated_at"]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    recorded_by = PlanningRefSerializer(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "date", "value", "note", "recorded_by", "created_at"]
        read_only_fields = fields


class TreeActivitySerializer(ActivitySerializer):
    indicators = IndicatorProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "code", "title", "description", "responsible_partner", "responsible_partner_name",
                  "target_groups", "service_types", "sort_order", "indicators"]
        read_only_fields = fields


class TreeMeasureSerializer(serializers.ModelSerializer):
    activities = TreeActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "code", "title", "description", "sort_order", "activities"]
        read_only_fields = fields


class TreePrioritySerializer(serializers.ModelSerializer):
    measures = TreeMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "code", "title", "description", "sort_order", "measures"]
        read_only_fields = fields


class CommunityPlanTreeSerializer(CommunityPlanSerializer):
    """The plan with priorities -> measures -> activities -> indicators, each indicator's progress live."""

    priorities = TreePrioritySerializer(many=True, read_only=True)

    class Meta:
        model = CommunityPlan
        fields = [*CommunityPlanSerializer.Meta.fields, "priorities"]
        read_only_fields = fields


class RaisedNeedSerializer(serializers.ModelSerializer):
    source = need_source(read_only=True)  # type: ignore[assignment]  # a declared field, not Field.source
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True, default=None)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True, default=None)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True, default=None)
    recorded_by = PlanningRefSerializer(read_only=True)

    class Meta:
        model = RaisedNeed
        fields = ["id", "source", "partner", "partner_name", "meeting", "meeting_title", "service_type",
                  "service_type_code", "service_type_name", "area", "description", "people_estimate", "raised_on",
                  "is_open", "recorded_by", "created_at", "updated_at"]
        read_only_fields = fields


class NeedsRowSerializer(serializers.Serializer):
    """Demand for a service type in an area, by source (counts only: no client is named), and its capacity."""

    service_type = serializers.UUIDField(source="service_type.pk", default=None, allow_null=True)
    service_type_code = serializers.CharField(source="service_type.code", default=None, allow_null=True)
    service_type_name = serializers.CharField(source="service_type.name", default=None, allow_null=True)
    unit = serializers.CharField(source="service_type.unit", default=None, allow_null=True)
    area = serializers.CharField(help_text=str(_("Empty when unknown, or when the register is not split by area.")))
    waiting = serializers.IntegerField(help_text=str(_("Planned services waiting for a provider.")))
    assessed = serializers.IntegerField(
        help_text=str(_("Clients with a need identified in an assessment and no planned service of the type."))
    )
    raised = serializers.IntegerField(help_text=str(_("Open needs raised by partners, the public or at meetings.")))
    raised_people = serializers.IntegerField(help_text=str(_("People the raised needs concern, as estimated.")))
    total = serializers.IntegerField()
    contracted_monthly_capacity = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True,
        help_text=str(_("Units a month on the lines of contracts active today.")),
    )
    offering_capacity = serializers.IntegerField(
        allow_null=True, help_text=str(_("Clients at a time in the providers' active offerings."))
    )


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "text", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    owner = PlanningRefSerializer(read_only=True, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None)
    status = follow_up_status(read_only=True)
    completed_by = PlanningRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = ["id", "meeting", "meeting_title", "decision", "description", "owner", "owner_name", "partner",
                  "partner_name", "due_date", "status", "completed_at", "completed_by", "outcome", "created_at",
                  "updated_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    status = meeting_status(read_only=True)
    organiser = PlanningRefSerializer(read_only=True)
    partners = PlanningRefSerializer(many=True, read_only=True)
    staff = PlanningRefSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "location", "community_plan", "organiser", "partners", "staff",
                  "other_participants", "agenda", "minutes", "status", "status_reason", "decisions", "follow_ups",
                  "created_at", "updated_at"]
        read_only_fields = fields


class PlanningHistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PlanningHistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = PlanningRefSerializer(allow_null=True)
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    changes = PlanningHistoryChangeSerializer(many=True)


# --- input ----------------------------------------------------------------------------------------


def _centre_users(actor: Actor) -> QuerySet[User]:
    return User.objects.filter(memberships__centre_id=actor.centre_id, memberships__is_active=True)


def _service_types(actor: Actor) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(Q(centre__isnull=True) | Q(centre_id=actor.centre_id))



class PartnerWriteSerializer(ScopedWriteSerializer):
    name = serializers.CharField(max_length=250)
    kind = partner_kind()
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none(), required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"provider": Provider.objects.filter(centre_id=actor.centre_id)}


class CommunityPlanWriteSerializer(ScopedWriteSerializer):
    title = serializers.CharField(max_length=250)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()


class NodeWriteSerializer(ScopedWriteSerializer):
    code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    title = serializers.CharField(max_length=250)
    description = serializers.CharField(required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    reason = reason_field()


class PriorityWriteSerializer(NodeWriteSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=CommunityPlan.objects.none())
    fixed = ("plan",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"plan": CommunityPlan.objects.filter(centre_id=actor.centre_id)}


class MeasureWriteSerializer(NodeWriteSerializer):
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.none())
    fixed = ("priority",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"priority": Priority.objects.filter(centre_id=actor.centre_id).select_related("plan")}


class ActivityWriteSerializer(NodeWriteSerializer):
    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.none())
    responsible_partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.none(), required=False, allow_null=True
    )
    target_groups = serializers.ListField(child=target_group(), required=False)
    service_types = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), many=True, required=False,
        help_text=str(_("The service types the activity concerns; its indicators count these.")),
    )
    fixed = ("measure",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "measure": Measure.objects.filter(centre_id=actor.centre_id).select_related("priority__plan"),
            "responsible_partner": Partner.objects.filter(centre_id=actor.centre_id),
            "service_types": _service_types(actor),
        }


class IndicatorWriteSerializer(ScopedWriteSerializer):
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.none())
    name = serializers.CharField(max_length=250)
    kind = indicator_kind()
    period = indicator_period(required=False)
    year = serializers.IntegerField(min_value=1900, max_value=2200, required=False, allow_null=True)
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    unit_label = serializers.CharField(max_length=40, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    reason = reason_field()
    fixed = ("activity",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"activity": Activity.objects.filter(centre_id=actor.centre_id).select_related("measure__priority__plan")}


class IndicatorValueWriteSerializer(ScopedWriteSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.none())
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "indicator": Indicator.objects.filter(centre_id=actor.centre_id).select_related("activity__measure__priority__plan")
        }


class RaisedNeedWriteSerializer(ScopedWriteSerializer):
    source = need_source()  # type: ignore[assignment]  # a declared field, not Field.source
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none(), required=False, allow_null=True)
    service_type = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), required=False, allow_null=True
    )
    area = serializers.CharField(max_length=120, required=False, allow_blank=True)
    description = serializers.CharField()
    people_estimate = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, allow_null=True)
    raised_on = serializers.DateField()
    is_open = serializers.BooleanField(required=False)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "partner": Partner.objects.filter(centre_id=actor.centre_id),
            "meeting": Meeting.objects.filter(centre_id=actor.centre_id),
            "service_type": _service_types(actor),
        }


class NeedsQuerySerializer(serializers.Serializer):
    service_type = serializers.UUIDField(required=False)
    area = serializers.CharField(required=False, max_length=120)
    by_area = serializers.BooleanField(
        required=False, default=True, help_text=str(_("Split each service type by area (default) or not."))
    )


class MeetingWriteSerializer(ScopedWriteSerializer):
    title = serializers.CharField(max_length=250)
    starts_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=250, required=False, allow_blank=True)
    community_plan = serializers.PrimaryKeyRelatedField(
        queryset=CommunityPlan.objects.none(), required=False, allow_null=True
    )
    partners = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), many=True, required=False)
    staff = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), many=True, required=False)
    other_participants = serializers.CharField(required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "community_plan": CommunityPlan.objects.filter(centre_id=actor.centre_id),
            "partners": Partner.objects.filter(centre_id=actor.centre_id),
            "staff": _centre_users(actor),
        }


class MeetingCloseSerializer(serializers.Serializer):
    minutes = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()


class PlanningReasonSerializer(serializers.Serializer):
    reason = reason_field()


class DecisionWriteSerializer(ScopedWriteSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    text = serializers.CharField()
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    reason = reason_field()
    fixed = ("meeting",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"meeting": Meeting.objects.filter(centre_id=actor.centre_id)}


class FollowUpWriteSerializer(ScopedWriteSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.none(), required=False, allow_null=True)
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True,
        help_text=str(_("A user of the centre who owns the action; or give owner_name.")),
    )
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)
    due_date = serializers.DateField()
    reason = reason_field()
    fixed = ("meeting",)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "meeting": Meeting.objects.filter(centre_id=actor.centre_id),
            "decision": Decision.objects.filter(centre_id=actor.centre_id),
            "owner": _centre_users(actor),
            "partner": Partner.objects.filter(centre_id=actor.centre_id),
        }


class FollowUpCompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True)


# --- filters --------------------------------------------------------------------------------------


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
        fields = ["source", "service_type", "area", "is_open", "partner", "meeting"]


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


# --- views ----------------------------------------------------------------------------------------


class PlanningViewSet(ServiceViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE). Roles without the planning view get 404."""

    write_perm: Perm = Perm.MANAGE_PLANNING

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.can_see_planning(self.actor):
            raise NotFound()
        if request.method not in SAFE_METHODS:
            # A role that may not write here is refused before its input is read (an unknown id still reads 404
            # for roles that may write: get_object runs first for them).
            require(self.actor, self.write_perm)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parsed(self.write_serializer_class)
        data.pop("reason", None)  # a new record's history says it was created; no reason is asked for
        return self.rendered(self.perform_create_service(data), status.HTTP_201_CREATED)

    @extend_schema(responses=PlanningHistoryEntrySerializer(many=True), filters=False,
                   summary="The record's changes, newest first")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        entries = selectors.object_history(self.get_object())
        return Response(PlanningHistoryEntrySerializer(entries, many=True).data)


def _uuid_or_none(value: str | None) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


@write_schema(PartnerWriteSerializer, PartnerSerializer)
class PartnerViewSet(PlanningViewSet):
    """Partner organisations of community planning: providers, NGOs, employers, schools, health, public bodies."""

    queryset = Partner.objects.none()
    serializer_class = PartnerSerializer
    write_serializer_class = PartnerWriteSerializer
    write_perm = Perm.MANAGE_MEETINGS
    filterset_class = PartnerFilter
    search_fields = ["name", "contact_name"]
    ordering_fields = ["name", "kind", "created_at"]

    def get_queryset(self) -> QuerySet[Partner]:
        return selectors.partners_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_partner(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_partner(actor=self.actor, partner=instance, **data)


@extend_schema_view(
    create=extend_schema(request=CommunityPlanWriteSerializer, responses={201: CommunityPlanTreeSerializer}),
    partial_update=extend_schema(request=CommunityPlanWriteSerializer, responses={200: CommunityPlanTreeSerializer}),
    retrieve=extend_schema(responses=CommunityPlanTreeSerializer),
)
class CommunityPlanViewSet(PlanningViewSet):
    """Community plans; the detail is the whole tree with each indicator's progress computed live."""

    queryset = CommunityPlan.objects.none()
    serializer_class = CommunityPlanSerializer
    write_serializer_class = CommunityPlanWriteSerializer
    filterset_class = CommunityPlanFilter
    search_fields = ["title"]
    ordering_fields = ["start_date", "title"]

    def get_queryset(self) -> QuerySet[CommunityPlan]:
        if self.action == "retrieve":
            return selectors.community_plan_tree(self.actor)
        return selectors.community_plans_for(self.actor)

    def get_serializer_class(self) -> Any:
        return CommunityPlanSerializer if self.action == "list" else CommunityPlanTreeSerializer

    def tree(self, plan: CommunityPlan, status_code: int = status.HTTP_200_OK) -> Response:
        """``plan`` loaded by ``community_plan_tree``, rendered with each indicator's live progress."""
        selectors.plan_progress(plan)
        return Response(CommunityPlanTreeSerializer(plan, context=self.get_serializer_context()).data, status=status_code)

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        return self.tree(selectors.community_plan_tree(self.actor).get(pk=instance.pk), status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.tree(self.get_object())

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_community_plan(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_community_plan(actor=self.actor, plan=instance, **data)

    def _reason(self) -> str:
        return str(self.parsed(PlanningReasonSerializer).get("reason", ""))

    @extend_schema(request=PlanningReasonSerializer, responses=CommunityPlanTreeSerializer, summary="Draft -> adopted")
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        plan = services.adopt_community_plan(actor=self.actor, plan=self.get_object(), reason=self._reason())
        return self.rendered(plan)

    @extend_schema(request=PlanningReasonSerializer, responses=CommunityPlanTreeSerializer, summary="Adopted -> closed")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        plan = services.close_community_plan(actor=self.actor, plan=self.get_object(), reason=self._reason())
        return self.rendered(plan)


@write_schema(PriorityWriteSerializer, PrioritySerializer)
class PriorityViewSet(PlanningViewSet):
    queryset = Priority.objects.none()
    serializer_class = PrioritySerializer
    write_serializer_class = PriorityWriteSerializer
    filterset_class = PriorityFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]

    def get_queryset(self) -> QuerySet[Priority]:
        return selectors.priorities_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_priority(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_priority(actor=self.actor, priority=instance, **data)


@write_schema(MeasureWriteSerializer, MeasureSerializer)
class MeasureViewSet(PlanningViewSet):
    queryset = Measure.objects.none()
    serializer_class = MeasureSerializer
    write_serializer_class = MeasureWriteSerializer
    filterset_class = MeasureFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]

    def get_queryset(self) -> QuerySet[Measure]:
        return selectors.measures_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_measure(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_measure(actor=self.actor, measure=instance, **data)


@write_schema(ActivityWriteSerializer, ActivitySerializer)
class ActivityViewSet(PlanningViewSet):
    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    write_serializer_class = ActivityWriteSerializer
    filterset_class = ActivityFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]

    def get_queryset(self) -> QuerySet[Activity]:
        return selectors.activities_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_activity(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_activity(actor=self.actor, activity=instance, **data)


@extend_schema_view(
    create=extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorDetailSerializer}),
    partial_update=extend_schema(request=IndicatorWriteSerializer, responses={200: IndicatorDetailSerializer}),
    retrieve=extend_schema(responses=IndicatorDetailSerializer),
)
class IndicatorViewSet(PlanningViewSet):
    """Indicators of activities; the detail carries the live actual value and progress."""

    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    write_serializer_class = IndicatorWriteSerializer
    filterset_class = IndicatorFilter
    search_fields = ["name"]
    ordering_fields = ["sort_order", "name"]

    def get_queryset(self) -> QuerySet[Indicator]:
        return selectors.indicators_for(self.actor)

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        indicator = self.get_queryset().get(pk=instance.pk)
        indicator.live = selectors.indicator_progress(indicator)  # type: ignore[attr-defined]
        return Response(IndicatorDetailSerializer(indicator, context=self.get_serializer_context()).data,
                        status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.rendered(self.get_object())

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_indicator(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_indicator(actor=self.actor, indicator=instance, **data)


@extend_schema_view(create=extend_schema(request=IndicatorValueWriteSerializer, responses={201: IndicatorValueSerializer}))
class IndicatorValueViewSet(PlanningViewSet):
    """Values of indicators entered by staff (kind ``manual``), as of a date."""

    queryset = IndicatorValue.objects.none()
    serializer_class = IndicatorValueSerializer
    write_serializer_class = IndicatorValueWriteSerializer
    filterset_class = IndicatorValueFilter
    ordering_fields = ["date"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return selectors.indicator_values_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.record_indicator_value(actor=self.actor, **data)


@extend_schema_view(
    list=extend_schema(parameters=[NeedsQuerySerializer], responses=NeedsRowSerializer(many=True)),
    create=extend_schema(request=RaisedNeedWriteSerializer, responses={201: RaisedNeedSerializer}),
    partial_update=extend_schema(request=RaisedNeedWriteSerializer, responses={200: RaisedNeedSerializer}),
)
class NeedsViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The needs register: unmet demand by service type and area (waiting list, assessed needs without a
    planned service, raised needs), against capacity. POST records a need raised by a partner or the public;
    PATCH needs/{id}/ changes or closes a raised need (the same as raised-needs/{id}/)."""

    queryset = RaisedNeed.objects.none()  # for the schema (the detail's id); requests use the selectors
    serializer_class = NeedsRowSerializer
    filter_backends: list[Any] = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.can_see_planning(self.actor):
            raise NotFound()
        if request.method not in SAFE_METHODS:
            require(self.actor, Perm.RAISE_NEEDS)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = NeedsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.needs_register(self.actor, **query.validated_data)
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(NeedsRowSerializer(page, many=True).data)
        return Response(NeedsRowSerializer(rows, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RaisedNeedWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        need = services.raise_need(actor=self.actor, **data)
        fresh = selectors.raised_needs_for(self.actor).get(pk=need.pk)
        return Response(RaisedNeedSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        need_id = _uuid_or_none(pk)
        need = selectors.raised_needs_for(self.actor).filter(pk=need_id).first() if need_id else None
        if need is None:
            raise NotFound()
        serializer = RaisedNeedWriteSerializer(
            need, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        need = services.update_raised_need(actor=self.actor, need=need, **serializer.validated_data)
        fresh = selectors.raised_needs_for(self.actor).get(pk=need.pk)
        return Response(RaisedNeedSerializer(fresh).data)


@extend_schema_view(partial_update=extend_schema(request=RaisedNeedWriteSerializer, responses={200: RaisedNeedSerializer}))
class RaisedNeedViewSet(PlanningViewSet):
    """The needs raised by partners, the public or at meetings, one by one (POST them to needs/)."""

    queryset = RaisedNeed.objects.none()
    serializer_class = RaisedNeedSerializer
    write_serializer_class = RaisedNeedWriteSerializer
    write_perm = Perm.RAISE_NEEDS
    filterset_class = RaisedNeedFilter
    search_fields = ["description", "area"]
    ordering_fields = ["raised_on", "created_at"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[RaisedNeed]:
        return selectors.raised_needs_for(self.actor)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_raised_need(actor=self.actor, need=instance, **data)


@write_schema(MeetingWriteSerializer, MeetingSerializer)
class MeetingViewSet(PlanningViewSet):
    """Partnership meetings with participants, agenda, minutes, decisions and follow-ups."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    write_serializer_class = MeetingWriteSerializer
    write_perm = Perm.MANAGE_MEETINGS
    filterset_class = MeetingFilter
    search_fields = ["title", "agenda", "minutes", "location"]
    ordering_fields = ["starts_at", "title"]

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_meeting(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_meeting(actor=self.actor, meeting=instance, **data)

    @extend_schema(request=MeetingCloseSerializer, responses=MeetingSerializer, summary="Planned -> held (with minutes)")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        data = self.parsed(MeetingCloseSerializer)
        return self.rendered(services.close_meeting(actor=self.actor, meeting=meeting, **data))

    @extend_schema(request=PlanningReasonSerializer, responses=MeetingSerializer, summary="Planned -> cancelled (reason required)")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        data = self.parsed(PlanningReasonSerializer)
        return self.rendered(services.cancel_meeting(actor=self.actor, meeting=meeting, **data))


@write_schema(DecisionWriteSerializer, DecisionSerializer)
class DecisionViewSet(PlanningViewSet):
    queryset = Decision.objects.none()
    serializer_class = DecisionSerializer
    write_serializer_class = DecisionWriteSerializer
    write_perm = Perm.MANAGE_MEETINGS
    filterset_class = DecisionFilter
    search_fields = ["text"]
    ordering_fields = ["sort_order", "created_at"]

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.record_decision(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_decision(actor=self.actor, decision=instance, **data)


@write_schema(FollowUpWriteSerializer, FollowUpSerializer)
class FollowUpViewSet(PlanningViewSet):
    """Actions agreed at meetings, with owners and due dates; owners are reminded before the due date."""

    queryset = FollowUp.objects.none()
    serializer_class = FollowUpSerializer
    write_serializer_class = FollowUpWriteSerializer
    write_perm = Perm.MANAGE_MEETINGS
    filterset_class = FollowUpFilter
    search_fields = ["description", "owner_name"]
    ordering_fields = ["due_date", "created_at"]

    def get_queryset(self) -> QuerySet[FollowUp]:
        return selectors.follow_ups_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_follow_up(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_follow_up(actor=self.actor, follow_up=instance, **data)

    @extend_schema(request=FollowUpCompleteSerializer, responses=FollowUpSerializer, summary="Open -> done")
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        follow_up = self.get_object()
        data = self.parsed(FollowUpCompleteSerializer)
        return self.rendered(services.complete_follow_up(actor=self.actor, follow_up=follow_up, **data))


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("community-plans", CommunityPlanViewSet, basename="community-plan")
    router.register("priorities", PriorityViewSet, basename="priority")
    router.register("measures", MeasureViewSet, basename="measure")
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
    router.register("needs", NeedsViewSet, basename="need")
    router.register("raised-needs", RaisedNeedViewSet, basename="raised-need")
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("meeting-decisions", DecisionViewSet, basename="meeting-decision")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
