"""The planning endpoints (thin: parse, call a service or selector, render).

/api/v1/community-plans/ (+ adopt/, close/, document/ (the PDF); the detail is the tree with live progress),
priorities/, measures/, activities/, indicators/ (+ DELETE with everything under it, move/ up or down),
indicator-values/, needs/ (the register; POST raises a need), raised-needs/ (+ link/ to the activity answering it,
close/ with a note, reopen/), partners/, meetings/ (+ close/, cancel/), meeting-decisions/, follow-ups/
(+ complete/); each record's history/. The public, login-free plans are in ``public.py``.

Only roles with ``Perm.VIEW_PLANNING`` see any of it (others get 404, as if it did not exist); writes need the
permission of the resource (403 otherwise), checked before the input is read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import TimelineEntrySerializer
from cus.api.views import ScopedViewSet
from cus.catalogue.publishing.public import public_language
from cus.core.access import Perm
from cus.core.history import object_timeline

from .. import selectors, services
from ..models import (
    Activity,
    CommunityPlan,
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
from ..printing import plan_document_pdf
from .filters import (
    ActivityFilter,
    CommunityPlanFilter,
    DecisionFilter,
    FollowUpFilter,
    IndicatorFilter,
    IndicatorValueFilter,
    MeasureFilter,
    MeetingFilter,
    PartnerFilter,
    PriorityFilter,
    RaisedNeedFilter,
)
from .serializers import (
    ActivitySerializer,
    ActivityWriteSerializer,
    CommunityPlanSerializer,
    CommunityPlanTreeSerializer,
    CommunityPlanWriteSerializer,
    DecisionSerializer,
    DecisionWriteSerializer,
    FollowUpCompleteSerializer,
    FollowUpSerializer,
    FollowUpWriteSerializer,
    IndicatorDetailSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    IndicatorValueWriteSerializer,
    IndicatorWriteSerializer,
    MeasureSerializer,
    MeasureWriteSerializer,
    MeetingCloseSerializer,
    MeetingSerializer,
    MeetingWriteSerializer,
    MoveSerializer,
    NeedCloseSerializer,
    NeedLinkSerializer,
    NeedsQuerySerializer,
    NeedsRowSerializer,
    PartnerSerializer,
    PartnerStaffSerializer,
    PartnerWriteSerializer,
    PlanningReasonSerializer,
    PrioritySerializer,
    PriorityWriteSerializer,
    RaisedNeedSerializer,
    RaisedNeedWriteSerializer,
)


class PlanningViewSet(ScopedViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE). Roles without the planning view get 404."""

    open_to_outsiders = True  # partners' staff: scoped to their partner by the selectors
    read_perm = Perm.VIEW_PLANNING
    write_perm = Perm.MANAGE_PLANNING  # the community plan's tree; partners, meetings and needs name their own

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False,
                   summary="The record's changes, newest first")
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        return self.timeline_page(object_timeline(record), record)


class PlanTreeViewSet(PlanningViewSet):
    """A node of a community plan's tree: also DELETE (with everything under it) and move/ (up or down)."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={204: None}, summary="Remove it with everything under it (not in a closed plan)")
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.delete_plan_node(actor=self.actor, node=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MoveSerializer, summary="Move it one place up or down among its siblings")
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        node = self.get_object()
        data = self.parsed(MoveSerializer)
        return self.rendered(services.move_plan_node(actor=self.actor, node=node, **data))


def pdf_response(pdf: bytes, plan: CommunityPlan) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="community-plan-{plan.start_date.year}-{plan.end_date.year}.pdf"'
    return response


class PartnerViewSet(PlanningViewSet):
    """Partner organisations of community planning: providers, NGOs, employers, schools, health, public bodies."""

    queryset = Partner.objects.none()
    selector = selectors.partners_for
    write_perm = Perm.MANAGE_MEETINGS
    serializer_class = PartnerSerializer
    write_serializer_class = PartnerWriteSerializer
    create_service = services.create_partner
    update_service = services.update_partner
    instance_name = "partner"
    filterset_class = PartnerFilter
    search_fields = ["name", "contact_name"]
    ordering_fields = ["name", "kind", "created_at"]

    @extend_schema(responses=PartnerStaffSerializer(many=True), filters=False,
                   summary="The partner's staff: users of CUS with the partner role")
    @action(detail=True, methods=["get"], filter_backends=[])
    def staff(self, request: Request, pk: str | None = None) -> Response:
        partner = self.get_object()
        page = self.paginate_queryset(selectors.partner_staff(self.actor, partner))
        return self.get_paginated_response(PartnerStaffSerializer(page, many=True).data)


@extend_schema_view(
    create=extend_schema(request=CommunityPlanWriteSerializer, responses={201: CommunityPlanTreeSerializer}),
    partial_update=extend_schema(request=CommunityPlanWriteSerializer, responses={200: CommunityPlanTreeSerializer}),
    retrieve=extend_schema(responses=CommunityPlanTreeSerializer),
)
class CommunityPlanViewSet(PlanningViewSet):
    """Community plans; the detail is the whole tree with each indicator's progress computed live."""

    queryset = CommunityPlan.objects.none()
    selector = selectors.community_plans_for
    serializer_class = CommunityPlanSerializer
    write_serializer_class = CommunityPlanWriteSerializer
    create_service = services.create_community_plan
    update_service = services.update_community_plan
    instance_name = "plan"
    filterset_class = CommunityPlanFilter
    search_fields = ["title"]
    ordering_fields = ["start_date", "title"]

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The plan as its detail shows it: the tree, with each indicator's live progress."""
        plan = selectors.community_plan_tree(self.actor).get(pk=instance.pk)
        selectors.plan_progress(plan)
        return Response(CommunityPlanTreeSerializer(plan, context=self.get_serializer_context()).data,
                        status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.rendered(self.get_object())

    @extend_schema(request=PlanningReasonSerializer, responses=CommunityPlanTreeSerializer, summary="Draft -> adopted")
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = self.parsed(PlanningReasonSerializer)
        return self.rendered(services.adopt_community_plan(actor=self.actor, plan=plan, **data))

    @extend_schema(request=PlanningReasonSerializer, responses=CommunityPlanTreeSerializer, summary="Adopted -> closed")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = self.parsed(PlanningReasonSerializer)
        return self.rendered(services.close_community_plan(actor=self.actor, plan=plan, **data))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False,
                   parameters=[OpenApiParameter("lang", str, enum=["en", "pl", "cs", "sl"], required=False)],
                   summary="The printable plan document (PDF) in the request's language (?lang= or Accept-Language)")
    @action(detail=True, methods=["get"], filter_backends=[])
    def document(self, request: Request, pk: str | None = None) -> HttpResponse:
        plan = selectors.community_plan_tree(self.actor).select_related("centre").get(pk=self.get_object().pk)
        selectors.plan_progress(plan)
        return pdf_response(plan_document_pdf(plan, public_language(request._request)), plan)


class PriorityViewSet(PlanTreeViewSet):
    queryset = Priority.objects.none()
    selector = selectors.priorities_for
    serializer_class = PrioritySerializer
    write_serializer_class = PriorityWriteSerializer
    create_service = services.create_priority
    update_service = services.update_priority
    instance_name = "priority"
    filterset_class = PriorityFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]


class MeasureViewSet(PlanTreeViewSet):
    queryset = Measure.objects.none()
    selector = selectors.measures_for
    serializer_class = MeasureSerializer
    write_serializer_class = MeasureWriteSerializer
    create_service = services.create_measure
    update_service = services.update_measure
    instance_name = "measure"
    filterset_class = MeasureFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]


class ActivityViewSet(PlanTreeViewSet):
    queryset = Activity.objects.none()
    selector = selectors.activities_for
    serializer_class = ActivitySerializer
    write_serializer_class = ActivityWriteSerializer
    create_service = services.create_activity
    update_service = services.update_activity
    instance_name = "activity"
    filterset_class = ActivityFilter
    search_fields = ["code", "title"]
    ordering_fields = ["sort_order", "code", "title"]


@extend_schema_view(
    create=extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorDetailSerializer}),
    partial_update=extend_schema(request=IndicatorWriteSerializer, responses={200: IndicatorDetailSerializer}),
    retrieve=extend_schema(responses=IndicatorDetailSerializer),
)
class IndicatorViewSet(PlanTreeViewSet):
    """Indicators of activities; the detail carries the live actual value and progress."""

    queryset = Indicator.objects.none()
    selector = selectors.indicators_for
    serializer_class = IndicatorSerializer
    write_serializer_class = IndicatorWriteSerializer
    create_service = services.create_indicator
    update_service = services.update_indicator
    instance_name = "indicator"
    filterset_class = IndicatorFilter
    search_fields = ["name"]
    ordering_fields = ["sort_order", "name"]

    def rendered(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The indicator as its detail shows it: with its live actual value and progress."""
        indicator = self.get_queryset().get(pk=instance.pk)
        indicator.live = selectors.indicator_progress(indicator)
        return Response(IndicatorDetailSerializer(indicator, context=self.get_serializer_context()).data,
                        status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.rendered(self.get_object())


class IndicatorValueViewSet(PlanningViewSet):
    """Values of indicators entered by staff (kind ``manual``), as of a date."""

    queryset = IndicatorValue.objects.none()
    selector = selectors.indicator_values_for
    serializer_class = IndicatorValueSerializer
    write_serializer_class = IndicatorValueWriteSerializer
    create_service = services.record_indicator_value
    filterset_class = IndicatorValueFilter
    ordering_fields = ["date"]


class NeedsViewSet(ScopedViewSet):
    """The needs register: unmet demand by service type and area (waiting list, assessed needs without a
    planned service, raised needs), against capacity. POST records a need raised by a partner or the public;
    PATCH needs/{id}/ changes or closes a raised need (the same as raised-needs/{id}/)."""

    queryset = RaisedNeed.objects.none()  # the raised needs a POST or PATCH writes; the list is the register
    selector = selectors.raised_needs_for
    open_to_outsiders = True  # partners' staff: scoped to their partner by the selectors
    read_perm = Perm.VIEW_PLANNING
    write_perm = Perm.RAISE_NEEDS
    serializer_class = RaisedNeedSerializer
    write_serializer_class = RaisedNeedWriteSerializer
    create_service = services.raise_need
    update_service = services.update_raised_need
    instance_name = "need"
    filter_backends: list[Any] = []

    @extend_schema(parameters=[NeedsQuerySerializer], responses=NeedsRowSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = selectors.needs_register(self.actor, **self.query(NeedsQuerySerializer))
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(NeedsRowSerializer(page, many=True).data)
        return Response(NeedsRowSerializer(rows, many=True).data)

    reads = ("list",)  # one raised need is read at raised-needs/{id}/; needs/{id}/ only takes a PATCH


class RaisedNeedViewSet(PlanningViewSet):
    """The needs raised by partners, the public or at meetings, one by one (POST them to needs/)."""

    queryset = RaisedNeed.objects.none()
    selector = selectors.raised_needs_for
    write_perm = Perm.RAISE_NEEDS
    serializer_class = RaisedNeedSerializer
    write_serializer_class = RaisedNeedWriteSerializer
    update_service = services.update_raised_need
    instance_name = "need"
    filterset_class = RaisedNeedFilter
    search_fields = ["description", "area"]
    ordering_fields = ["raised_on", "created_at"]

    @extend_schema(request=NeedLinkSerializer, responses=RaisedNeedSerializer,
                   summary="Name the activity that answers the need (null: unlink)")
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        data = self.parsed(NeedLinkSerializer)
        return self.rendered(services.link_need_to_activity(actor=self.actor, need=need, **data))

    @extend_schema(request=NeedCloseSerializer, responses=RaisedNeedSerializer, summary="Open -> closed (with a note)")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        data = self.parsed(NeedCloseSerializer)
        return self.rendered(services.close_need(actor=self.actor, need=need, **data))

    @extend_schema(request=PlanningReasonSerializer, responses=RaisedNeedSerializer, summary="Closed -> open")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        data = self.parsed(PlanningReasonSerializer)
        return self.rendered(services.reopen_need(actor=self.actor, need=need, **data))


class MeetingViewSet(PlanningViewSet):
    """Partnership meetings with participants, agenda, minutes, decisions and follow-ups."""

    queryset = Meeting.objects.none()
    selector = selectors.meetings_for
    write_perm = Perm.MANAGE_MEETINGS
    serializer_class = MeetingSerializer
    write_serializer_class = MeetingWriteSerializer
    create_service = services.create_meeting
    update_service = services.update_meeting
    instance_name = "meeting"
    filterset_class = MeetingFilter
    search_fields = ["title", "agenda", "minutes", "location"]
    ordering_fields = ["starts_at", "title"]

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


class DecisionViewSet(PlanningViewSet):
    queryset = Decision.objects.none()
    selector = selectors.decisions_for
    write_perm = Perm.MANAGE_MEETINGS
    serializer_class = DecisionSerializer
    write_serializer_class = DecisionWriteSerializer
    create_service = services.record_decision
    update_service = services.update_decision
    instance_name = "decision"
    filterset_class = DecisionFilter
    search_fields = ["text"]
    ordering_fields = ["sort_order", "created_at"]


class FollowUpViewSet(PlanningViewSet):
    """Actions agreed at meetings, with owners and due dates; owners are reminded before the due date."""

    queryset = FollowUp.objects.none()
    selector = selectors.follow_ups_for
    write_perm = Perm.MANAGE_MEETINGS
    action_perms = {"complete": (Perm.MANAGE_MEETINGS, Perm.COMPLETE_PARTNER_FOLLOW_UPS)}  # see the service
    serializer_class = FollowUpSerializer
    write_serializer_class = FollowUpWriteSerializer
    create_service = services.create_follow_up
    update_service = services.update_follow_up
    instance_name = "follow_up"
    filterset_class = FollowUpFilter
    search_fields = ["description", "owner_name"]
    ordering_fields = ["due_date", "created_at"]

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
