"""The plans app's serializers: what a read shows, and what a write takes (related fields offer only what the
actor may name, from the selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cus.api.fields import DateField, DateTimeField, NamedChoiceField
from cus.api.serializers import ClosedSchema, ModelSerializer, ScopedWriteSerializer, UserRefSerializer
from cus.catalogue.models import ServiceType
from cus.clients import selectors as client_selectors
from cus.clients.models import Client, ClosureReason
from cus.contracts.models import ContractLine
from cus.core.models import User

from .. import periods as assignment_periods
from .. import selectors
from ..models import (
    AgreementMethod,
    ApprovalState,
    AssignmentPeriod,
    Goal,
    GoalProgress,
    GoalStatus,
    Per,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    Review,
    ReviewDecision,
)

REASON_HELP = _("Why; kept in the history. Required to change an active or suspended plan.")


def reason_field(help_text: Any = REASON_HELP) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=1000, help_text=str(help_text))


@extend_schema_serializer(component_name="PlanUserRef")  # the reviewer, under the name the schema always gave it
class PlanUserRefSerializer(UserRefSerializer):
    pass


class GoalStatusField(serializers.ChoiceField):
    """A goal's status, wherever it appears (goals, reviews' goal progress): one named enum in the schema."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=GoalStatus.choices, **kwargs)


class GoalStatusFieldExtension(OpenApiSerializerFieldExtension):
    # The schema generator names a choice set after its field; goal statuses share the name "status" with
    # other choice sets in several components, so they are registered once as GoalStatusEnum and referenced.
    target_class = GoalStatusField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = {key: value for key, value in build_choice_field(self.target).items() if key != "x-spec-enum-id"}
        component = ResolvedComponent(
            name="GoalStatusEnum", type=ResolvedComponent.SCHEMA, object="GoalStatusEnum", schema=schema
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def planned_service_status_field(**kwargs: Any) -> NamedChoiceField:
    """A planned service's status in both views of it (staff's, provider staff's): one PlannedServiceStatusEnum."""
    return NamedChoiceField(PlannedServiceStatus.choices, "PlannedServiceStatusEnum", **kwargs)


# --- output ---------------------------------------------------------------------------------------


class GoalSerializer(ModelSerializer):
    status = GoalStatusField(read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "plan", "description", "measure", "target_date", "status", "progress_note", "created_at",
                  "updated_at"]
        read_only_fields = fields


class AssignmentPeriodSerializer(ModelSerializer):
    """A stretch of the assignment paid through one contract line (a service across contract years has several)."""

    contract = serializers.UUIDField(source="contract_line.contract_id", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True)

    class Meta:
        model = AssignmentPeriod
        fields = ["start_date", "end_date", "contract_line", "contract", "contract_number"]
        read_only_fields = fields


class PlannedServiceSerializer(ModelSerializer):
    client = serializers.UUIDField(source="plan.client_id", read_only=True)
    client_name = serializers.CharField(source="plan.client.full_name", read_only=True)
    client_reference = serializers.CharField(source="plan.client.reference", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    unit = serializers.CharField(source="service_type.unit", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True, default=None, allow_null=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)
    status = planned_service_status_field(read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    periods = AssignmentPeriodSerializer(many=True, read_only=True)
    assigned_until = serializers.SerializerMethodField(
        help_text=_("The last day the assignment reaches when that is before the service's end (or the service is "
                    "open-ended): no contract of the provider covers the days after it yet. Null when it covers all.")
    )

    class Meta:
        model = PlannedService
        fields = ["id", "plan", "client", "client_name", "client_reference", "service_type", "service_type_code",
                  "service_type_name", "unit", "units", "per", "start_date", "end_date", "contract_line",
                  "contract_number", "provider", "provider_name", "status", "waiting_since", "assigned_at",
                  "confirmation_code", "note", "weekdays", "periods", "assigned_until", "revision", "created_at",
                  "updated_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_assigned_until(self, service: PlannedService) -> Any:
        return assignment_periods.assigned_until(service, list(service.periods.all()))


class ClientForProviderSerializer(ClosedSchema, ModelSerializer):
    """What a provider needs to deliver a service, and no more."""

    class Meta:
        model = Client
        fields = ["id", "first_name", "last_name", "street", "postcode", "municipality", "phone", "language",
                  "access_notes"]
        read_only_fields = fields


class ProviderPlannedServiceSerializer(ClosedSchema, ModelSerializer):
    """A planned service as its provider's staff see it: the service and the client's contact details."""

    client = ClientForProviderSerializer(source="plan.client", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    unit = serializers.CharField(source="service_type.unit", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True, default=None, allow_null=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None, allow_null=True)
    status = planned_service_status_field(read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = PlannedService
        fields = ["id", "plan", "client", "service_type", "service_type_code", "service_type_name", "unit", "units",
                  "per", "start_date", "end_date", "contract_line", "contract_number", "provider", "provider_name",
                  "status", "assigned_at", "note", "weekdays"]
        read_only_fields = fields


class PlanSerializer(ModelSerializer):
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    coordinator_name = serializers.CharField(source="coordinator.__str__", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    services = PlannedServiceSerializer(many=True, read_only=True)
    approval = NamedChoiceField(ApprovalState.choices, "PlanApprovalEnum", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by", read_only=True, default=None, allow_null=True)
    approved_by_name = serializers.CharField(source="approved_by", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Plan
        fields = ["id", "client", "client_name", "client_reference", "coordinator", "coordinator_name", "status",
                  "start_date", "end_date", "review_interval_days", "next_review_date", "client_agreed_at",
                  "agreement_method", "summary", "version", "activated_at", "closed_at", "closure_reason",
                  "status_reason", "approval", "submitted_at", "submitted_by", "submitted_by_name", "approved_at",
                  "approved_by", "approved_by_name", "returned_at", "returned_reason", "goals", "services",
                  "revision", "created_at", "updated_at"]
        read_only_fields = fields


class GoalProgressSerializer(ModelSerializer):
    goal_description = serializers.CharField(source="goal.description", read_only=True)
    status = GoalStatusField(read_only=True)

    class Meta:
        model = GoalProgress
        fields = ["id", "goal", "goal_description", "status", "note"]
        read_only_fields = fields


class ReviewSerializer(ModelSerializer):
    reviewed_by = PlanUserRefSerializer(read_only=True)
    goal_progress = GoalProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "plan", "date", "reviewed_by", "decision", "satisfaction", "next_review_date", "note",
                  "goal_progress", "created_at"]
        read_only_fields = fields


class WaitingListEntrySerializer(ModelSerializer):
    client = serializers.UUIDField(source="plan.client_id", read_only=True)
    client_name = serializers.CharField(source="plan.client.full_name", read_only=True)
    client_reference = serializers.CharField(source="plan.client.reference", read_only=True)
    area = serializers.CharField(source="plan.client.area", read_only=True)
    coordinator = serializers.UUIDField(source="plan.coordinator_id", read_only=True)
    coordinator_name = serializers.CharField(source="plan.coordinator.__str__", read_only=True)
    plan_status = serializers.CharField(source="plan.status", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    unit = serializers.CharField(source="service_type.unit", read_only=True)
    waiting_days = serializers.SerializerMethodField()

    class Meta:
        model = PlannedService
        fields = ["id", "plan", "plan_status", "client", "client_name", "client_reference", "area", "coordinator",
                  "coordinator_name", "service_type", "service_type_code", "service_type_name", "unit", "units",
                  "per", "start_date", "end_date", "waiting_since", "waiting_days"]
        read_only_fields = fields

    def get_waiting_days(self, service: PlannedService) -> int | None:
        waiting: dt.timedelta | None = getattr(service, "waiting_days", None)
        return None if waiting is None else waiting.days


class AssignmentCandidateSerializer(serializers.Serializer):
    contract_line = serializers.UUIDField(source="line.pk")
    contract = serializers.UUIDField(source="line.contract_id")
    contract_number = serializers.CharField(source="line.contract.number")
    contract_start_date = DateField(source="line.contract.start_date")
    contract_end_date = DateField(source="line.contract.end_date")
    provider = serializers.UUIDField(source="line.contract.provider_id")
    provider_name = serializers.CharField(source="line.contract.provider.name")
    provider_areas = serializers.ListField(child=serializers.CharField(), source="line.contract.provider.areas")
    funding_source_name = serializers.CharField(source="line.funding_source.name")
    unit = serializers.CharField(source="line.unit")
    unit_price = serializers.DecimalField(source="line.unit_price", max_digits=10, decimal_places=2)
    max_units = serializers.DecimalField(source="line.max_units", max_digits=12, decimal_places=2, allow_null=True)
    monthly_capacity = serializers.DecimalField(
        source="line.monthly_capacity", max_digits=10, decimal_places=2, allow_null=True
    )
    units_planned = serializers.DecimalField(source="usage.units_planned", max_digits=14, decimal_places=2)
    units_remaining = serializers.DecimalField(
        source="usage.units_remaining", max_digits=14, decimal_places=2, allow_null=True
    )
    budget = serializers.DecimalField(source="line.budget", max_digits=14, decimal_places=2, allow_null=True)
    amount_remaining = serializers.DecimalField(
        source="usage.amount_remaining", max_digits=14, decimal_places=2, allow_null=True
    )


# --- input ----------------------------------------------------------------------------------------


class PlanWriteSerializer(ScopedWriteSerializer):
    """A plan's fields; the client is set when the plan is started and not changed after."""

    fixed = ("client",)
    related = {"client": client_selectors.clients_for, "coordinator": client_selectors.coordinators_for}

    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.none(), error_messages={"does_not_exist": _("Unknown client.")}
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        help_text=str(_("Defaults to you.")),
        error_messages={"does_not_exist": _("The coordinator must be a coordinator of this centre.")},
    )
    start_date = DateField()
    end_date = DateField(required=False, allow_null=True)
    review_interval_days = serializers.IntegerField(
        required=False, min_value=0, max_value=32767, help_text=str(_("30 to 365 days; 90 unless given."))
    )
    next_review_date = DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    client_agreed_at = DateTimeField(required=False, allow_null=True)
    agreement_method = serializers.ChoiceField(choices=AgreementMethod.choices, required=False, allow_blank=True)
    reason = reason_field()


class PlanActivateSerializer(serializers.Serializer):
    client_agreed_at = DateTimeField(required=False, allow_null=True)
    agreement_method = serializers.ChoiceField(choices=AgreementMethod.choices, required=False, allow_blank=True)
    reason = reason_field(_("Why; kept in the history."))


class PlanActionReasonSerializer(serializers.Serializer):
    reason = reason_field(_("Why; kept in the history."))


class PlanReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, help_text=str(_("What the coordinator should change; kept in the history and shown to them."))
    )


class PlanCloseSerializer(serializers.Serializer):
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    reason = reason_field(_("Why; kept in the history."))


class GoalWriteSerializer(ScopedWriteSerializer):
    """A goal's fields; the plan is set when the goal is added and not changed after."""

    fixed = ("plan",)
    related = {"plan": selectors.plan_choices_for}

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    description = serializers.CharField()
    measure = serializers.CharField(required=False, allow_blank=True)
    target_date = DateField(required=False, allow_null=True)
    status = GoalStatusField(required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()


class PlannedServiceWriteSerializer(ScopedWriteSerializer):
    """A planned service's fields; the provider comes only through the assign action."""

    fixed = ("plan",)
    related = {"plan": selectors.plan_choices_for, "service_type": selectors.service_types_for}

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    service_type = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), error_messages={"does_not_exist": _("Unknown service type.")}
    )
    units = serializers.DecimalField(max_digits=10, decimal_places=2)
    per = serializers.ChoiceField(choices=Per.choices)
    start_date = DateField()
    end_date = DateField(
        required=False, allow_null=True, help_text=str(_("Defaults to the end of the plan."))
    )
    note = serializers.CharField(required=False, allow_blank=True)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7), required=False, max_length=7,
        help_text=str(_("The days it is planned on, 1 (Monday) to 7 (Sunday); empty: any day.")),
    )
    reason = reason_field()


class PlannedServiceAssignSerializer(ScopedWriteSerializer):
    """The contract line (of an active contract of the centre) that is to deliver the service."""

    related = {"contract_line": selectors.contract_lines_for}

    contract_line = serializers.PrimaryKeyRelatedField(
        queryset=ContractLine.objects.none(), error_messages={"does_not_exist": _("Unknown contract line.")}
    )
    reason = reason_field(_("Why; kept in the history."))


class GoalProgressWriteSerializer(ScopedWriteSerializer):
    """Progress on one goal of the reviewed plan."""

    related = {"goal": selectors.goals_for}

    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(), error_messages={"does_not_exist": _("Unknown goal.")}
    )
    status = GoalStatusField()
    note = serializers.CharField(required=False, allow_blank=True)


class ReviewWriteSerializer(ScopedWriteSerializer):
    """A review of an active or suspended plan."""

    related = {"plan": selectors.plan_choices_for}

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    date = DateField()
    goal_progress = GoalProgressWriteSerializer(many=True, required=False)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    satisfaction = serializers.IntegerField(required=False, allow_null=True, help_text=str(_("1 to 5")))
    next_review_date = DateField(
        required=False, allow_null=True, help_text=str(_("Required unless the decision is to close the plan."))
    )
    note = serializers.CharField(required=False, allow_blank=True)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False, allow_blank=True,
        help_text=str(_("Required when the decision is to close the plan.")),
    )

