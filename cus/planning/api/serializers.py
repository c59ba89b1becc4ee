"""The planning API's input and output: records as the API shows them, and what a POST or PATCH accepts (each
related field offers only the rows the actor may name, from the planning selectors or the centre's rows)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers

from cus.api.fields import DateField, DateTimeField
from cus.api.serializers import ModelSerializer, ScopedWriteSerializer
from cus.catalogue.models import Provider, ServiceType, TargetGroup
from cus.catalogue.selectors import service_types_for
from cus.core.access import in_centre
from cus.core.models import User

from .. import selectors
from ..models import (
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


class PartnerSerializer(ModelSerializer):
    kind = partner_kind(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "provider", "provider_name", "contact_name", "email", "phone", "note",
                  "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class PartnerStaffSerializer(serializers.Serializer):
    """A user of CUS working for a partner (their membership with the partner role)."""

    id = serializers.UUIDField(source="user.pk")
    membership = serializers.UUIDField(source="pk")
    name = serializers.CharField(source="user.__str__")
    email = serializers.EmailField(source="user.email")
    is_active = serializers.BooleanField()


class CommunityPlanSerializer(ModelSerializer):
    status = plan_status(read_only=True)

    class Meta:
        model = CommunityPlan
        fields = ["id", "title", "start_date", "end_date", "status", "description", "status_reason", "created_at",
                  "updated_at"]
        read_only_fields = fields


class PrioritySerializer(ModelSerializer):
    class Meta:
        model = Priority
        fields = ["id", "plan", "code", "title", "description", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class MeasureSerializer(ModelSerializer):
    plan = serializers.UUIDField(source="priority.plan_id", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "priority", "code", "title", "description", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class ActivitySerializer(ModelSerializer):
    plan = serializers.UUIDField(source="measure.priority.plan_id", read_only=True)
    plan_title = serializers.CharField(source="measure.priority.plan.title", read_only=True)
    responsible_partner_name = serializers.CharField(source="responsible_partner.name", read_only=True, default=None, allow_null=True)
    target_groups = serializers.ListField(child=target_group(), read_only=True)
    service_types = PlanningServiceTypeRefSerializer(many=True, read_only=True)
    answers_needs = serializers.IntegerField(
        read_only=True, default=0, help_text=str(_("How many raised needs this activity answers."))
    )

    class Meta:
        model = Activity
        fields = ["id", "plan", "plan_title", "measure", "code", "title", "description", "responsible_partner",
                  "responsible_partner_name", "target_groups", "service_types", "answers_needs", "sort_order",
                  "created_at", "updated_at"]
        read_only_fields = fields


INDICATOR_FIELDS = ["id", "activity", "name", "kind", "period", "year", "baseline", "target", "unit_label",
                    "sort_order"]


class IndicatorSerializer(ModelSerializer):
    kind = indicator_kind(read_only=True)
    period = indicator_period(read_only=True)
    plan = serializers.UUIDField(source="activity.measure.priority.plan_id", read_only=True)

    class Meta:
        model = Indicator
        fields = [*INDICATOR_FIELDS, "plan", "created_at", "updated_at"]
        read_only_fields = fields


class LiveProgressFields(serializers.Serializer):
    period_start = DateField(source="live.start", read_only=True)
    period_end = DateField(source="live.end", read_only=True)
    actual = serializers.DecimalField(source="live.actual", max_digits=16, decimal_places=2, read_only=True)
    progress = serializers.DecimalField(
        source="live.progress", max_digits=12, decimal_places=4, read_only=True, allow_null=True,
        help_text=str(_("Actual divided by target (1 = target reached); null when the target is zero.")),
    )
    progress_percent = serializers.DecimalField(
        source="live.percent", max_digits=10, decimal_places=1, read_only=True, allow_null=True
    )


class IndicatorProgressSerializer(LiveProgressFields, ModelSerializer):
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


class IndicatorValueSerializer(ModelSerializer):
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
                  "target_groups", "service_types", "answers_needs", "sort_order", "indicators"]
        read_only_fields = fields


class TreeMeasureSerializer(ModelSerializer):
    activities = TreeActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "code", "title", "description", "sort_order", "activities"]
        read_only_fields = fields


class TreePrioritySerializer(ModelSerializer):
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


class RaisedNeedSerializer(ModelSerializer):
    source = need_source(read_only=True)  # type: ignore[assignment]  # a declared field, not Field.source
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True, default=None, allow_null=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True, default=None, allow_null=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True, default=None, allow_null=True)
    recorded_by = PlanningRefSerializer(read_only=True)
    answered_by_name = serializers.CharField(source="answered_by.__str__", read_only=True, default=None, allow_null=True)
    answered_by_plan = serializers.UUIDField(
        source="answered_by.measure.priority.plan_id", read_only=True, default=None, allow_null=True
    )
    answered_by_plan_title = serializers.CharField(
        source="answered_by.measure.priority.plan.title", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = RaisedNeed
        fields = ["id", "source", "partner", "partner_name", "meeting", "meeting_title", "service_type",
                  "service_type_code", "service_type_name", "area", "description", "people_estimate", "raised_on",
                  "is_open", "close_note", "answered_by", "answered_by_name", "answered_by_plan",
                  "answered_by_plan_title", "recorded_by", "created_at", "updated_at"]
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


class DecisionSerializer(ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "text", "sort_order", "created_at", "updated_at"]
        read_only_fields = fields


class FollowUpSerializer(ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    owner = PlanningRefSerializer(read_only=True, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)
    status = follow_up_status(read_only=True)
    completed_by = PlanningRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = ["id", "meeting", "meeting_title", "decision", "description", "owner", "owner_name", "partner",
                  "partner_name", "due_date", "status", "completed_at", "completed_by", "outcome", "created_at",
                  "updated_at"]
        read_only_fields = fields


class MeetingSerializer(ModelSerializer):
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


# --- input ----------------------------------------------------------------------------------------


# Base of the inputs of POST and PATCH. A new record's history says it was created: no reason is asked for, so
# one given with a POST is dropped; a PATCH keeps it for the service, which writes it into the history.
class PlanningWriteSerializer(ScopedWriteSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            attrs.pop("reason", None)
        return attrs


class PartnerWriteSerializer(PlanningWriteSerializer):
    name = serializers.CharField(max_length=250)
    kind = partner_kind()
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none(), required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    reason = reason_field()
    related = {"provider": in_centre(Provider)}


class CommunityPlanWriteSerializer(PlanningWriteSerializer):
    title = serializers.CharField(max_length=250)
    start_date = DateField()
    end_date = DateField()
    description = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()


class NodeWriteSerializer(PlanningWriteSerializer):
    code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    title = serializers.CharField(max_length=250)
    description = serializers.CharField(required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    reason = reason_field()


class PriorityWriteSerializer(NodeWriteSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=CommunityPlan.objects.none())
    fixed = ("plan",)
    related = {"plan": selectors.community_plans_for}


class MeasureWriteSerializer(NodeWriteSerializer):
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.none())
    fixed = ("priority",)
    related = {"priority": selectors.priorities_for}


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
    related = {
        "measure": selectors.measures_for,
        "responsible_partner": selectors.partners_for,
        "service_types": service_types_for,
    }


class IndicatorWriteSerializer(PlanningWriteSerializer):
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
    related = {"activity": selectors.activities_for}


class IndicatorValueWriteSerializer(PlanningWriteSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.none())
    date = DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True)
    related = {"indicator": selectors.indicators_for}


class RaisedNeedWriteSerializer(PlanningWriteSerializer):
    source = need_source()  # type: ignore[assignment]  # a declared field, not Field.source
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none(), required=False, allow_null=True)
    service_type = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), required=False, allow_null=True
    )
    area = serializers.CharField(max_length=120, required=False, allow_blank=True)
    description = serializers.CharField()
    people_estimate = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, allow_null=True)
    raised_on = DateField()
    is_open = serializers.BooleanField(required=False)
    reason = reason_field()
    related = {
        "partner": selectors.partners_for,
        "meeting": selectors.meeting_choices_for,
        "service_type": service_types_for,
    }


class NeedsQuerySerializer(serializers.Serializer):
    service_type = serializers.UUIDField(required=False)
    area = serializers.CharField(required=False, max_length=120)
    by_area = serializers.BooleanField(
        required=False, default=True, help_text=str(_("Split each service type by area (default) or not."))
    )


class MeetingWriteSerializer(PlanningWriteSerializer):
    title = serializers.CharField(max_length=250)
    starts_at = DateTimeField()
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
    related = {
        "community_plan": selectors.community_plans_for,
        "partners": selectors.partners_for,
        "staff": selectors.centre_members_for,
    }


class MeetingCloseSerializer(serializers.Serializer):
    minutes = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()


class PlanningReasonSerializer(serializers.Serializer):
    reason = reason_field()


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class NeedLinkSerializer(ScopedWriteSerializer):
    activity = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.none(), allow_null=True,
        help_text=str(_("The activity that answers the need; null unlinks it.")),
    )
    reason = reason_field()
    related = {"activity": selectors.activities_for}


class NeedCloseSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=str(_("Why the need is closed (optional)."))
    )


class DecisionWriteSerializer(PlanningWriteSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    text = serializers.CharField()
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    reason = reason_field()
    fixed = ("meeting",)
    related = {"meeting": in_centre(Meeting)}


class FollowUpWriteSerializer(PlanningWriteSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.none(), required=False, allow_null=True)
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True,
        help_text=str(_("A user of the centre who owns the action; or give owner_name.")),
    )
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)
    due_date = DateField()
    reason = reason_field()
    fixed = ("meeting",)
    related = {
        "meeting": in_centre(Meeting),
        "decision": selectors.decisions_for,
        "owner": selectors.centre_members_for,
        "partner": selectors.partners_for,
    }


class FollowUpCompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True)
