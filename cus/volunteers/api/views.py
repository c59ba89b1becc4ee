"""The volunteer centre's viewsets (thin: parse, call a service or selector, render) and their routes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ScopedViewSet
from cus.core import idempotency
from cus.core.access import Perm

from .. import selectors, services
from ..models import ActivityType, Volunteer, VolunteerAgreement, VolunteerAssignment, VolunteerHours
from .filters import AgreementFilter, AssignmentFilter, HoursFilter
from .serializers import (
    VolunteerActivityTypeSerializer,
    VolunteerActivityTypeWriteSerializer,
    VolunteerAgreementCreateSerializer,
    VolunteerAgreementSerializer,
    VolunteerAgreementWriteSerializer,
    VolunteerAssignmentCreateSerializer,
    VolunteerAssignmentSerializer,
    VolunteerAssignmentWriteSerializer,
    VolunteerHoursCreateSerializer,
    VolunteerHoursReasonSerializer,
    VolunteerHoursRejectionSerializer,
    VolunteerHoursSerializer,
    VolunteerHoursTotalsQuerySerializer,
    VolunteerHoursTotalsSerializer,
    VolunteerHoursWriteSerializer,
    VolunteerSerializer,
    VolunteerWriteSerializer,
)

# Reads are the selectors' to scope: staff see the centre's volunteer records, a volunteer their own, other roles
# none (an empty list). Writes need the permission below, checked before the body or the record is read.
STAFF_OR_VOLUNTEER = (Perm.MANAGE_VOLUNTEERS, Perm.LOG_OWN_VOLUNTEER_HOURS)


class VolunteerViewSet(ScopedViewSet):
    """Volunteer-centre staff manage the centre's volunteers; a volunteer sees and edits their own profile."""

    queryset = Volunteer.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.volunteers_for
    write_perm = Perm.MANAGE_VOLUNTEERS
    action_perms = {"partial_update": STAFF_OR_VOLUNTEER}  # a volunteer changes a few fields of their own profile
    serializer_class = VolunteerSerializer
    write_serializer_class = VolunteerWriteSerializer
    create_service = services.create_volunteer
    update_service = services.update_volunteer
    instance_name = "volunteer"
    filterset_fields = ["is_active"]
    search_fields = ["first_name", "last_name", "email"]
    ordering_fields = ["last_name", "first_name", "created_at"]


class AgreementViewSet(ScopedViewSet):
    """Volunteers' agreements: staff write them; a volunteer sees their own."""

    queryset = VolunteerAgreement.objects.none()
    selector = selectors.agreements_for
    write_perm = Perm.MANAGE_VOLUNTEERS
    serializer_class = VolunteerAgreementSerializer
    write_serializer_class = VolunteerAgreementCreateSerializer
    update_serializer_class = VolunteerAgreementWriteSerializer
    create_service = services.create_agreement
    update_service = services.update_agreement
    instance_name = "agreement"
    filterset_class = AgreementFilter
    search_fields = ["number", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["start_date", "end_date", "number"]


class ActivityTypeViewSet(ScopedViewSet):
    """Kinds of volunteer activity and the hourly rate of their in-kind value; managers write them."""

    queryset = ActivityType.objects.none()
    selector = selectors.activity_types_for
    write_perm = Perm.MANAGE_VOLUNTEER_ACTIVITY_TYPES
    serializer_class = VolunteerActivityTypeSerializer
    write_serializer_class = VolunteerActivityTypeWriteSerializer
    create_service = services.create_activity_type
    update_service = services.update_activity_type
    instance_name = "activity_type"
    filterset_fields = ["is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "hourly_rate"]


class AssignmentViewSet(ScopedViewSet):
    """Volunteers' tasks with a client or in a community activity: staff write them; a volunteer sees their own."""

    queryset = VolunteerAssignment.objects.none()
    selector = selectors.assignments_for
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    write_perm = Perm.MANAGE_VOLUNTEERS
    serializer_class = VolunteerAssignmentSerializer
    write_serializer_class = VolunteerAssignmentCreateSerializer
    update_serializer_class = VolunteerAssignmentWriteSerializer
    create_service = services.create_assignment
    update_service = services.update_assignment
    instance_name = "assignment"
    filterset_class = AssignmentFilter
    search_fields = ["community_activity", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["start_date", "end_date"]


IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_lazy("Repeat a request with the same key to get the first result back (200) without logging twice."),
)


class HoursViewSet(ScopedViewSet):
    """Volunteer hours: a volunteer logs and corrects their own until staff verify or reject them."""

    queryset = VolunteerHours.objects.none()
    selector = selectors.hours_for
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    write_perm = STAFF_OR_VOLUNTEER
    action_perms = {"verify": Perm.MANAGE_VOLUNTEERS, "reject": Perm.MANAGE_VOLUNTEERS}
    serializer_class = VolunteerHoursSerializer
    write_serializer_class = VolunteerHoursCreateSerializer
    update_serializer_class = VolunteerHoursWriteSerializer
    update_service = services.update_hours
    instance_name = "hours"
    filterset_class = HoursFilter
    search_fields = ["note", "volunteer__first_name", "volunteer__last_name"]
    ordering_fields = ["date", "minutes", "created_at"]

    @extend_schema(
        request=VolunteerHoursCreateSerializer,
        responses={201: VolunteerHoursSerializer, 200: VolunteerHoursSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A retry (the same Idempotency-Key or client_uuid) answers 200 with the hours first logged. No docstring:
        # the schema shows the viewset's.
        data = self.parsed(VolunteerHoursCreateSerializer)
        hours, created = services.log_hours(
            actor=self.actor, idempotency_key=request.headers.get(idempotency.HEADER), **data
        )
        return self.rendered(hours, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=VolunteerHoursReasonSerializer, responses=VolunteerHoursSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Confirm logged hours: they count for the in-kind value and are locked."""
        reason = self.parsed(VolunteerHoursReasonSerializer).get("reason", "")
        return self.rendered(services.verify_hours(actor=self.actor, hours=self.get_object(), reason=reason))

    @extend_schema(request=VolunteerHoursRejectionSerializer, responses=VolunteerHoursSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Refuse logged hours, saying why."""
        reason = self.parsed(VolunteerHoursRejectionSerializer)["reason"]
        return self.rendered(services.reject_hours(actor=self.actor, hours=self.get_object(), reason=reason))

    @extend_schema(parameters=[VolunteerHoursTotalsQuerySerializer], responses=VolunteerHoursTotalsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def totals(self, request: Request) -> Response:
        """Minutes, hours and in-kind value per volunteer, month and activity type, with the grand total."""
        rows = selectors.hours_totals(self.actor, **self.query(VolunteerHoursTotalsQuerySerializer))
        body = {"currency": self.actor.centre.currency, "results": rows, "total": selectors.HoursSum.of(rows)}
        return Response(VolunteerHoursTotalsSerializer(body).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("volunteers", VolunteerViewSet, basename="volunteer")
    router.register("volunteer-agreements", AgreementViewSet, basename="volunteer-agreement")
    router.register("volunteer-activity-types", ActivityTypeViewSet, basename="volunteer-activity-type")
    router.register("volunteer-assignments", AssignmentViewSet, basename="volunteer-assignment")
    router.register("volunteer-hours", HoursViewSet, basename="volunteer-hours")
