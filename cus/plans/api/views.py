"""The plans app's endpoints (thin: parse, call a service or selector, render).

/api/v1/plans/ (+ submit/, approve/, return/, activate/, suspend/, resume/, close/, cancel/, pdf/, history/), goals/, planned-services/
(+ assign/, unassign/, cancel/, candidates/, progress/), reviews/, waiting-list/.

Who may read and write at all is declared on each viewset (``cus.api.views``); that only a plan's
coordinator changes it (and what is under it) is the services' rule (403 for anyone else).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cus.api.serializers import TimelineEntrySerializer, by_role
from cus.api.views import ActorMixin, ScopedViewSet
from cus.core.access import Perm, can
from cus.core.errors import NotAllowed, NotFound

from .. import selectors, services
from ..models import Goal, Plan, PlannedService, Review
from ..printing import plan_pdf
from .filters import GoalFilter, PlanFilter, PlannedServiceFilter, ReviewFilter, WaitingListFilter
from .serializers import (
    AssignmentCandidateSerializer,
    GoalSerializer,
    GoalWriteSerializer,
    PlanActionReasonSerializer,
    PlanActivateSerializer,
    PlanCloseSerializer,
    PlannedServiceAssignSerializer,
    PlannedServiceSerializer,
    PlannedServiceWriteSerializer,
    PlanReturnSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    ProviderPlannedServiceSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
    WaitingListEntrySerializer,
)


def transition_schema(request: type[serializers.Serializer] | None = PlanActionReasonSerializer) -> Any:
    return extend_schema(request=request, responses={200: PlanSerializer})


class PlanViewSet(ScopedViewSet):
    """Individual service plans with their goals and planned services; lifecycle actions; history."""

    queryset = Plan.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.plans_for
    logs_client_reads = "client"  # reads are in the client's access log
    read_perm = Perm.VIEW_PLANS
    write_perm = Perm.EDIT_PLANS
    serializer_class = PlanSerializer
    write_serializer_class = PlanWriteSerializer
    create_service = services.create_plan
    update_service = services.update_plan
    instance_name = "plan"
    filterset_class = PlanFilter
    search_fields = ["client__first_name", "client__last_name", "client__reference"]
    ordering_fields = ["start_date", "next_review_date", "created_at", "status", "submitted_at"]

    # Approving and returning is the managers' (the plan's coordinator submits; services refuse anyone else).
    action_perms = {"approve": Perm.APPROVE_PLANS, "return_plan": Perm.APPROVE_PLANS}
    # The printed plan is an export of the client's data, in their access log.
    client_read_actions = {**ScopedViewSet.client_read_actions, "pdf": "export"}

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

    @transition_schema()
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit a draft plan (with goals and services) for a manager's approval; the coordinator only."""
        return self._transition(services.submit_plan, PlanActionReasonSerializer)

    @transition_schema()
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a plan waiting for approval (managers; never the plan's own coordinator)."""
        return self._transition(services.approve_plan, PlanActionReasonSerializer)

    @transition_schema(PlanReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request: Request, pk: str | None = None) -> Response:
        """Return a plan waiting for approval to its coordinator with the reason (managers)."""
        return self._transition(services.return_plan, PlanReturnSerializer)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The printable plan (PDF) in the client's language, with signature lines: for the centre's coordinators
        and managers; the print is in the client's access log."""
        if not can(self.actor, Perm.PRINT_PLANS):
            raise NotAllowed()
        plan = self.get_object()
        response = HttpResponse(plan_pdf(plan, self.actor.centre), content_type="application/pdf")
        name = plan.client.reference.replace("/", "-")
        response["Content-Disposition"] = f'inline; filename="plan-{name}-{plan.start_date.isoformat()}.pdf"'
        return response

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Timeline of changes to the plan and everything under it, newest first, with the plan's version."""
        plan = self.get_object()
        return self.timeline_page(selectors.plan_timeline, plan, decorate=partial(selectors.with_plan_versions, plan))


class GoalViewSet(ScopedViewSet):
    """Goals of plans: what the client wants to achieve, how it is measured, by when."""

    queryset = Goal.objects.none()
    selector = selectors.goals_for
    logs_client_reads = "plan__client"  # reads are in the client's access log
    read_perm = Perm.VIEW_PLANS
    write_perm = Perm.EDIT_PLANS
    serializer_class = GoalSerializer
    write_serializer_class = GoalWriteSerializer
    create_service = services.create_goal
    update_service = services.update_goal
    instance_name = "goal"
    filterset_class = GoalFilter
    search_fields = ["description"]
    ordering_fields = ["created_at", "target_date"]


@extend_schema_view(  # staff read the plan's view, provider staff the service and the client's contact details
    list=extend_schema(responses=by_role(
        "PlannedServiceRecord", PlannedServiceSerializer, ProviderPlannedServiceSerializer, many=True
    )),
    retrieve=extend_schema(responses=by_role(
        "PlannedServiceRecord", PlannedServiceSerializer, ProviderPlannedServiceSerializer
    )),
)
class PlannedServiceViewSet(ScopedViewSet):
    """Planned services; provider staff see those assigned to their provider (read-only)."""

    queryset = PlannedService.objects.none()
    selector = selectors.planned_services_for
    logs_client_reads = "plan__client"  # reads are in the client's access log
    read_perm = (Perm.VIEW_PLANS, Perm.VIEW_ASSIGNED_SERVICES)
    write_perm = Perm.EDIT_PLANS
    serializer_class = PlannedServiceSerializer
    write_serializer_class = PlannedServiceWriteSerializer
    create_service = services.create_planned_service
    update_service = services.update_planned_service
    instance_name = "planned_service"
    filterset_class = PlannedServiceFilter
    search_fields = ["plan__client__first_name", "plan__client__last_name", "plan__client__reference"]
    ordering_fields = ["start_date", "created_at", "waiting_since"]

    def get_serializer_class(self) -> Any:
        if hasattr(self, "actor") and not can(self.actor, Perm.VIEW_PLANS):
            return ProviderPlannedServiceSerializer
        return PlannedServiceSerializer

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


class ReviewViewSet(ScopedViewSet):
    """Reviews of plans: goal progress, the decision, the next review."""

    queryset = Review.objects.none()
    selector = selectors.reviews_for
    logs_client_reads = "plan__client"  # reads are in the client's access log
    read_perm = Perm.VIEW_PLANS
    write_perm = Perm.EDIT_PLANS
    serializer_class = ReviewSerializer
    write_serializer_class = ReviewWriteSerializer
    create_service = services.record_review
    filterset_class = ReviewFilter
    ordering_fields = ["date", "created_at"]


class WaitingListViewSet(ScopedViewSet):
    """Planned services still waiting for a provider, longest wait first."""

    queryset = PlannedService.objects.none()
    selector = selectors.waiting_list
    export_name = "waiting-list"  # CSV/XLSX with the list's filters (cus.api.exports)
    logs_client_reads = "plan__client"  # reads are in the client's access log
    read_perm = Perm.VIEW_PLANS
    serializer_class = WaitingListEntrySerializer
    filterset_class = WaitingListFilter
    search_fields = ["plan__client__first_name", "plan__client__last_name", "plan__client__reference"]
    ordering_fields = ["waiting_days", "start_date"]
    ordering = ["-waiting_days", "start_date"]
    # A list only: each entry is a planned service, read at /planned-services/{id}/.
    reads = ("list",)  # a list only: no /{id}/ route


class PlanRulesSerializer(serializers.Serializer):
    plans_need_approval = serializers.BooleanField(
        help_text=gettext_lazy("Whether a plan is activated only once a manager approved it.")
    )


class PlanRulesInputSerializer(PlanRulesSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class PlanRulesView(ActorMixin):
    """The centre's rule on plans: whether a manager approves a plan before it is activated. The centre's staff
    read it (the plan page offers the actions it implies); its administrators change it (others: 403, before the
    body is read; provider staff and volunteers: 404)."""

    serializer_class = PlanRulesSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.VIEW_PLANS):
            raise NotFound()
        if request.method not in ("GET", "HEAD", "OPTIONS") and not can(self.actor, Perm.MANAGE_CENTRE):
            raise NotAllowed()

    def answer(self) -> Response:
        return Response(PlanRulesSerializer({"plans_need_approval": self.actor.centre.plans_need_approval}).data)

    @extend_schema(responses=PlanRulesSerializer, summary="The centre's rule on approving plans")
    def get(self, request: Request) -> Response:
        return self.answer()

    @extend_schema(request=PlanRulesInputSerializer, responses=PlanRulesSerializer,
                   summary="Change whether plans need a manager's approval before they are activated")
    def patch(self, request: Request) -> Response:
        serializer = PlanRulesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_plans_need_approval(
            actor=self.actor, plans_need_approval=serializer.validated_data["plans_need_approval"],
            reason=serializer.validated_data.get("reason", ""),
        )
        return self.answer()
