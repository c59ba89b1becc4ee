"""Serializers and views (thin: parse, call a service or selector, render).

/api/v1/plans/ (+ activate/, suspend/, resume/, close/, cancel/, history/), goals/, planned-services/
(+ assign/, unassign/, cancel/, candidates/, progress/), reviews/, waiting-list/.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import ScopedWriteSerializer
from cus.api.views import ActorMixin, ServiceViewSet, write_schema
from cus.catalogue.models import ServiceType
from cus.clients.models import Client, ClosureReason
from cus.contracts.models import ContractLine
from cus.core.access import Perm, can, require
from cus.core.context import Actor
from cus.core.errors import NotAllowed, NotFound
from cus.core.models import User

from . import selectors, services
from .models import (
    AgreementMethod,
    Goal,
    GoalProgress,
    GoalStatus,
    Per,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
    Review,
    ReviewDecision,
)

REASON_HELP = _("Why; kept in the history. Required to change an active or suspended plan.")


def reason_field(help_text: Any = REASON_HELP) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=1000, help_text=str(help_text))


class PlanUserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="__str__")



def _plan_choices(actor: Actor) -> QuerySet[Plan]:
    """Plans a write may name: those the actor sees (writing them is the services' decision)."""
    return selectors.plans_for(actor).prefetch_related(None).select_related(None)


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


# --- output ---------------------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    status = GoalStatusField(read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "plan", "description", "measure", "target_date", "status", "progress_note", "created_at",
                  "updated_at"]
        read_only_fields = fields


class PlannedServiceSerializer(serializers.ModelSerializer):
    client = serializers.UUIDField(source="plan.client_id", read_only=True)
    client_name = serializers.CharField(source="plan.client.full_name", read_only=True)
    client_reference = serializers.CharField(source="plan.client.reference", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    unit = serializers.CharField(source="service_type.unit", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True, default=None)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)

    class Meta:
        model = PlannedService
        fields = ["id", "plan", "client", "client_name", "client_reference", "service_type", "service_type_code",
                  "service_type_name", "unit", "units", "per", "start_date", "end_date", "contract_line",
                  "contract_number", "provider", "provider_name", "status", "waiting_since", "assigned_at",
                  "confirmation_code", "note", "created_at", "updated_at"]
        read_only_fields = fields


class ClientForProviderSerializer(serializers.ModelSerializer):
    """What a provider needs to deliver a service, and no more."""

    class Meta:
        model = Client
        fields = ["id", "first_name", "last_name", "street", "postcode", "municipality", "phone", "language",
                  "access_notes"]
        read_only_fields = fields


class ProviderPlannedServiceSerializer(serializers.ModelSerializer):
    """A planned service as its provider's staff see it: the service and the client's contact details."""

    client = ClientForProviderSerializer(source="plan.client", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    unit = serializers.CharField(source="service_type.unit", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True, default=None)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)

    class Meta:
        model = PlannedService
        fields = ["id", "plan", "client", "service_type", "service_type_code", "service_type_name", "unit", "units",
                  "per", "start_date", "end_date", "contract_line", "contract_number", "provider", "provider_name",
                  "status", "assigned_at", "note"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    coordinator_name = serializers.CharField(source="coordinator.__str__", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    services = PlannedServiceSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "client", "client_name", "client_reference", "coordinator", "coordinator_name", "status",
                  "start_date", "end_date", "review_interval_days", "next_review_date", "client_agreed_at",
                  "agreement_method", "summary", "version", "activated_at", "closed_at", "closure_reason",
                  "status_reason", "goals", "services", "created_at", "updated_at"]
        read_only_fields = fields


class GoalProgressSerializer(serializers.ModelSerializer):
    goal_description = serializers.CharField(source="goal.description", read_only=True)
    status = GoalStatusField(read_only=True)

    class Meta:
        model = GoalProgress
        fields = ["id", "goal", "goal_description", "status", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    reviewed_by = PlanUserRefSerializer(read_only=True)
    goal_progress = GoalProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "plan", "date", "reviewed_by", "decision", "satisfaction", "next_review_date", "note",
                  "goal_progress", "created_at"]
        read_only_fields = fields


class WaitingListEntrySerializer(serializers.ModelSerializer):
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
    contract_start_date = serializers.DateField(source="line.contract.start_date")
    contract_end_date = serializers.DateField(source="line.contract.end_date")
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


class PlannedServiceFiguresSerializer(serializers.Serializer):
    planned = serializers.DecimalField(max_digits=14, decimal_places=2)
    delivered = serializers.DecimalField(max_digits=14, decimal_places=2)
    gap = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text=str(_("Planned minus delivered: what is still owed."))
    )


class PlannedServiceMonthSerializer(PlannedServiceFiguresSerializer):
    month = serializers.SerializerMethodField(help_text=str(_("YYYY-MM")))

    def get_month(self, row: selectors.MonthProgress) -> str:
        return row.month.strftime("%Y-%m")


class PlannedServiceProgressSerializer(serializers.Serializer):
    planned_service = serializers.UUIDField()
    unit = serializers.CharField()
    months = PlannedServiceMonthSerializer(many=True)
    total = PlannedServiceFiguresSerializer()


class PlanFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PlanTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = PlanUserRefSerializer(allow_null=True)
    model = serializers.CharField(help_text=str(_("What changed: plan, goal, planned_service, review, goal_progress.")))
    object_id = serializers.UUIDField()
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    version = serializers.IntegerField(help_text=str(_("The plan's version after this change.")))
    changes = PlanFieldChangeSerializer(many=True)


# --- input ----------------------------------------------------------------------------------------


class PlanWriteSerializer(ScopedWriteSerializer):
    """A plan's fields; the client is set when the plan is started and not changed after."""

    fixed = ("client",)

    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.none(), error_messages={"does_not_exist": _("Unknown client.")}
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        help_text=str(_("Defaults to you.")),
        error_messages={"does_not_exist": _("The coordinator must be a coordinator of this centre.")},
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    review_interval_days = serializers.IntegerField(
        required=False, min_value=0, max_value=32767, help_text=str(_("30 to 365 days; 90 unless given."))
    )
    next_review_date = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    client_agreed_at = serializers.DateTimeField(required=False, allow_null=True)
    agreement_method = serializers.ChoiceField(choices=AgreementMethod.choices, required=False, allow_blank=True)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "client": Client.objects.filter(centre_id=actor.centre_id),
            "coordinator": User.objects.filter(memberships__centre_id=actor.centre_id).distinct(),
        }


class PlanActivateSerializer(serializers.Serializer):
    client_agreed_at = serializers.DateTimeField(required=False, allow_null=True)
    agreement_method = serializers.ChoiceField(choices=AgreementMethod.choices, required=False, allow_blank=True)
    reason = reason_field(_("Why; kept in the history."))


class PlanActionReasonSerializer(serializers.Serializer):
    reason = reason_field(_("Why; kept in the history."))


class PlanCloseSerializer(serializers.Serializer):
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    reason = reason_field(_("Why; kept in the history."))


class GoalWriteSerializer(ScopedWriteSerializer):
    """A goal's fields; the plan is set when the goal is added and not changed after."""

    fixed = ("plan",)

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    description = serializers.CharField()
    measure = serializers.CharField(required=False, allow_blank=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    status = GoalStatusField(required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"plan": _plan_choices(actor)}


class PlannedServiceWriteSerializer(ScopedWriteSerializer):
    """A planned service's fields; the provider comes only through the assign action."""

    fixed = ("plan",)

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    service_type = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), error_messages={"does_not_exist": _("Unknown service type.")}
    )
    units = serializers.DecimalField(max_digits=10, decimal_places=2)
    per = serializers.ChoiceField(choices=Per.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text=str(_("Defaults to the end of the plan."))
    )
    note = serializers.CharField(required=False, allow_blank=True)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "plan": _plan_choices(actor),
            "service_type": ServiceType.objects.filter(centre__isnull=True)
            | ServiceType.objects.filter(centre_id=actor.centre_id),
        }


class PlannedServiceAssignSerializer(ScopedWriteSerializer):
    """The contract line (of an active contract of the centre) that is to deliver the service."""

    contract_line = serializers.PrimaryKeyRelatedField(
        queryset=ContractLine.objects.none(), error_messages={"does_not_exist": _("Unknown contract line.")}
    )
    reason = reason_field(_("Why; kept in the history."))

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"contract_line": ContractLine.objects.filter(centre_id=actor.centre_id)}


class GoalProgressWriteSerializer(ScopedWriteSerializer):
    """Progress on one goal of the reviewed plan."""

    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(), error_messages={"does_not_exist": _("Unknown goal.")}
    )
    status = GoalStatusField()
    note = serializers.CharField(required=False, allow_blank=True)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"goal": selectors.goals_for(actor).select_related(None)}


class ReviewWriteSerializer(ScopedWriteSerializer):
    """A review of an active or suspended plan."""

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), error_messages={"does_not_exist": _("Unknown plan.")}
    )
    date = serializers.DateField()
    goal_progress = GoalProgressWriteSerializer(many=True, required=False)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    satisfaction = serializers.IntegerField(required=False, allow_null=True, help_text=str(_("1 to 5")))
    next_review_date = serializers.DateField(
        required=False, allow_null=True, help_text=str(_("Required unless the decision is to close the plan."))
    )
    note = serializers.CharField(required=False, allow_blank=True)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False, allow_blank=True,
        help_text=str(_("Required when the decision is to close the plan.")),
    )

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"plan": _plan_choices(actor)}


# --- filters --------------------------------------------------------------------------------------


class PlanFilter(django_filters.FilterSet):
    client = django_filters.UUIDFilter()
    coordinator = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    review_due_before = django_filters.DateFilter(
        field_name="next_review_date", lookup_expr="lte", label=_("Next review on or before")
    )

    class Meta:
        model = Plan
        fields = ["client", "coordinator", "status", "review_due_before"]


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

    class Meta:
        model = PlannedService
        fields = ["plan", "client", "provider", "service_type", "status"]


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


# --- views ----------------------------------------------------------------------------------------


class PlansAppViewSet(ServiceViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE). Roles that may not see these records get 404."""

    def visible(self) -> bool:
        return selectors.can_see_plans(self.actor)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.visible():
            raise NotFound()
        if self.action == "create":
            # A role that may not write here at all is refused before its input is read.
            require(self.actor, Perm.EDIT_PLANS)

    def plan_of(self, instance: Any) -> Plan:
        return instance if isinstance(instance, Plan) else instance.plan

    def get_object(self) -> Any:
        """The record (404 outside the actor's reach); for a write, 403 unless the actor coordinates its plan."""
        instance = super().get_object()
        if self.request.method not in SAFE_METHODS and not selectors.can_edit_plan(self.actor, self.plan_of(instance)):
            raise NotAllowed(_("Only the plan's coordinator may change it."))
        return instance



def transition_schema(request: type[serializers.Serializer] | None = PlanActionReasonSerializer) -> Any:
    return extend_schema(request=request, responses={200: PlanSerializer})


@write_schema(PlanWriteSerializer, PlanSerializer)
class PlanViewSet(PlansAppViewSet):
    """Individual service plans with their goals and planned services; lifecycle actions; history."""

    queryset = Plan.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = PlanSerializer
    write_serializer_class = PlanWriteSerializer
    filterset_class = PlanFilter
    search_fields = ["client__first_name", "client__last_name", "client__reference"]
    ordering_fields = ["start_date", "next_review_date", "created_at", "status"]

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        data.pop("reason", None)
        return services.create_plan(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_plan(actor=self.actor, plan=instance, **data)

    def _transition(self, service: Any, serializer_class: type[serializers.Serializer]) -> Response:
        plan = self.get_object()
        data = self.parsed(serializer_class)
        return self.rendered(service(actor=self.actor, plan=plan, **data))

    @transition_schema(PlanActivateSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        """Put a draft plan into effect: needs goals, services and the client's agreement."""
        return self._transition(services.activate_plan, PlanActivateSerializer)

    @transition_schema()
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.suspend_plan, PlanActionReasonSerializer)

    @transition_schema()
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.resume_plan, PlanActionReasonSerializer)

    @transition_schema(PlanCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close an active or suspended plan; its open planned services end."""
        return self._transition(services.close_plan, PlanCloseSerializer)

    @transition_schema()
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a draft plan (a reason is required)."""
        plan = self.get_object()
        data = self.parsed(PlanActionReasonSerializer)
        return self.rendered(services.cancel_plan(actor=self.actor, plan=plan, reason=data.get("reason", "")))

    @extend_schema(responses=PlanTimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Timeline of changes to the plan and everything under it, newest first."""
        plan = self.get_object()
        page = self.paginate_queryset(selectors.plan_history_index(plan))
        entries = selectors.plan_timeline(plan, page or [])
        return self.get_paginated_response(PlanTimelineEntrySerializer(entries, many=True).data)


@write_schema(GoalWriteSerializer, GoalSerializer)
class GoalViewSet(PlansAppViewSet):
    """Goals of plans: what the client wants to achieve, how it is measured, by when."""

    queryset = Goal.objects.none()
    serializer_class = GoalSerializer
    write_serializer_class = GoalWriteSerializer
    filterset_class = GoalFilter
    search_fields = ["description"]
    ordering_fields = ["created_at", "target_date"]

    def get_queryset(self) -> QuerySet[Goal]:
        return selectors.goals_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_goal(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_goal(actor=self.actor, goal=instance, **data)


@write_schema(PlannedServiceWriteSerializer, PlannedServiceSerializer)
class PlannedServiceViewSet(PlansAppViewSet):
    """Planned services; provider staff see those assigned to their provider (read-only)."""

    queryset = PlannedService.objects.none()
    serializer_class = PlannedServiceSerializer
    write_serializer_class = PlannedServiceWriteSerializer
    filterset_class = PlannedServiceFilter
    search_fields = ["plan__client__first_name", "plan__client__last_name", "plan__client__reference"]
    ordering_fields = ["start_date", "created_at", "waiting_since"]

    def visible(self) -> bool:
        return selectors.can_see_planned_services(self.actor)

    def get_queryset(self) -> QuerySet[PlannedService]:
        return selectors.planned_services_for(self.actor)

    def get_serializer_class(self) -> Any:
        if hasattr(self, "actor") and not can(self.actor, Perm.VIEW_PLANS):
            return ProviderPlannedServiceSerializer
        return PlannedServiceSerializer

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.create_planned_service(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_planned_service(actor=self.actor, planned_service=instance, **data)

    @extend_schema(request=PlannedServiceAssignSerializer, responses={200: PlannedServiceSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the service to a provider through a fitting contract line."""
        service = self.get_object()
        data = self.parsed(PlannedServiceAssignSerializer)
        return self.rendered(services.assign_provider(actor=self.actor, planned_service=service, **data))

    @extend_schema(request=PlanActionReasonSerializer, responses={200: PlannedServiceSerializer})
    @action(detail=True, methods=["post"])
    def unassign(self, request: Request, pk: str | None = None) -> Response:
        """Take the provider off the service: it goes back on the waiting list."""
        service = self.get_object()
        data = self.parsed(PlanActionReasonSerializer)
        return self.rendered(services.unassign_provider(actor=self.actor, planned_service=service, **data))

    @extend_schema(request=PlanActionReasonSerializer, responses={200: PlannedServiceSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Drop the service from its plan."""
        service = self.get_object()
        data = self.parsed(PlanActionReasonSerializer)
        return self.rendered(services.cancel_planned_service(actor=self.actor, planned_service=service, **data))

    @extend_schema(responses=AssignmentCandidateSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        """Contract lines the service may be assigned to: provider, units left, monthly capacity."""
        service = self.get_object()
        if not can(self.actor, Perm.VIEW_PLANS):
            raise NotAllowed()  # provider staff see their service, not the other providers' contracts
        return Response(AssignmentCandidateSerializer(selectors.candidates_for(service), many=True).data)

    @extend_schema(responses=PlannedServiceProgressSerializer, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Per month of the service's period up to this month: units planned, delivered and the gap."""
        service = self.get_object()
        months = selectors.service_progress(service, today=selectors.centre_today(self.actor.centre))
        planned = sum((row.planned for row in months), Decimal(0))
        delivered = sum((row.delivered for row in months), Decimal(0))
        body = {
            "planned_service": service.pk,
            "unit": service.service_type.unit,
            "months": months,
            "total": {"planned": planned, "delivered": delivered, "gap": planned - delivered},
        }
        return Response(PlannedServiceProgressSerializer(body).data)


@extend_schema_view(create=extend_schema(request=ReviewWriteSerializer, responses={201: ReviewSerializer}))
class ReviewViewSet(PlansAppViewSet):
    """Reviews of plans: goal progress, the decision, the next review."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = Review.objects.none()
    serializer_class = ReviewSerializer
    write_serializer_class = ReviewWriteSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["date", "created_at"]

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.reviews_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.record_review(actor=self.actor, goal_progress=data.pop("goal_progress", []), **data)


class WaitingListViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Planned services still waiting for a provider, longest wait first."""

    queryset = PlannedService.objects.none()
    serializer_class = WaitingListEntrySerializer
    filterset_class = WaitingListFilter
    search_fields = ["plan__client__first_name", "plan__client__last_name", "plan__client__reference"]
    ordering_fields = ["waiting_days", "start_date"]
    ordering = ["-waiting_days", "start_date"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.can_see_plans(self.actor):
            raise NotFound()

    def get_queryset(self) -> QuerySet[PlannedService]:
        return selectors.waiting_list(self.actor)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("planned-services", PlannedServiceViewSet, basename="planned-service")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("waiting-list", WaitingListViewSet, basename="waiting-list")
