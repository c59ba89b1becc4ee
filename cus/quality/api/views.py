"""The quality endpoints (thin: parse, call a service or selector, render).

/api/v1/standards/ (+ history/), satisfaction-surveys/, survey-invitations/ (+ revoke/), evaluations/ (+ finalise/,
history/, summary/). The public, login-free survey page is in ``public.py``.

The centre's staff read everything; a provider's staff read the standards and their own provider's final
evaluations and summary (the selectors narrow what they see), never surveys, survey links or history.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.serializers import TimelineEntrySerializer
from cus.api.views import PermSpec, ScopedViewSet
from cus.core.access import Perm, require
from cus.core.history import Timeline

from .. import selectors, services
from ..models import ProviderEvaluation, SatisfactionSurvey, Standard, SurveyInvitation
from .filters import (
    ProviderEvaluationFilter,
    SatisfactionSurveyFilter,
    StandardFilter,
    SurveyInvitationFilter,
)
from .serializers import (
    EvaluationReasonSerializer,
    NewSurveyInvitationSerializer,
    ProviderEvaluationSerializer,
    ProviderEvaluationWriteSerializer,
    QualitySummarySerializer,
    SatisfactionSurveySerializer,
    SatisfactionSurveyWriteSerializer,
    StandardSerializer,
    StandardWriteSerializer,
    SummaryQuerySerializer,
    SurveyInvitationSerializer,
    SurveyInvitationWriteSerializer,
)


class QualityViewSet(ScopedViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE). Roles that may not see these records get 404."""

    # The centre's staff, and provider staff (the one role with VIEW_ASSIGNED_SERVICES; every provider-staff
    # member belongs to a provider, whose part of the records the selectors give them).
    read_perm: ClassVar[PermSpec] = (Perm.VIEW_QUALITY, Perm.VIEW_ASSIGNED_SERVICES)
    write_perm = Perm.RECORD_EVALUATIONS

    def history_page(self, timeline: Timeline) -> Response:
        """A page of the record's timeline, newest first: for the centre's staff only (403 for provider staff)."""
        record = self.get_object()
        require(self.actor, Perm.VIEW_QUALITY)
        return self.timeline_page(timeline, record)


class StandardViewSet(QualityViewSet):
    """Quality standards per service type, with weighted criteria. Managers write; provider staff read."""

    queryset = Standard.objects.none()
    selector = selectors.standards_for
    write_perm = Perm.MANAGE_STANDARDS
    serializer_class = StandardSerializer
    write_serializer_class = StandardWriteSerializer
    create_service = services.create_standard
    update_service = services.update_standard
    instance_name = "standard"
    filterset_class = StandardFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at"]

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the standard and its criteria, newest first."""
        return self.history_page(selectors.STANDARD_TIMELINE)


class SatisfactionSurveyViewSet(QualityViewSet):
    """Clients' satisfaction surveys about planned services (the centre's staff only; answers are not edited)."""

    queryset = SatisfactionSurvey.objects.none()
    selector = selectors.surveys_for
    logs_client_reads = "planned_service__plan__client"  # reads are in the client's access log (cus.core.reads)
    read_perm = Perm.VIEW_QUALITY  # a client's answers stay with the centre
    serializer_class = SatisfactionSurveySerializer
    write_serializer_class = SatisfactionSurveyWriteSerializer
    create_service = services.record_survey
    filterset_class = SatisfactionSurveyFilter
    search_fields = ["comment"]
    ordering_fields = ["date", "created_at", "overall"]


@extend_schema_view(
    create=extend_schema(request=SurveyInvitationWriteSerializer, responses={201: NewSurveyInvitationSerializer})
)
class SurveyInvitationViewSet(QualityViewSet):
    """One-time survey links for clients. The token is shown once, when the link is made."""

    queryset = SurveyInvitation.objects.none()
    selector = selectors.invitations_for
    logs_client_reads = "planned_service__plan__client"  # reads are in the client's access log (cus.core.reads)
    read_perm = Perm.VIEW_QUALITY
    serializer_class = SurveyInvitationSerializer
    write_serializer_class = SurveyInvitationWriteSerializer
    filterset_class = SurveyInvitationFilter
    ordering_fields = ["created_at", "expires_at"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The answer carries the token, which exists only now (it is not stored): not the plain read of the link.
        invitation, token = services.invite_to_survey(actor=self.actor, **self.parsed(SurveyInvitationWriteSerializer))
        fresh = self.get_queryset().get(pk=invitation.pk)
        context = {**self.get_serializer_context(), "token": token}
        return Response(NewSurveyInvitationSerializer(fresh, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SurveyInvitationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Stop an unused link from working."""
        return self.rendered(services.revoke_invitation(actor=self.actor, invitation=self.get_object()))


class ProviderEvaluationViewSet(QualityViewSet):
    """Periodic evaluations of providers against a standard: drafts, then final (immutable); the summary."""

    queryset = ProviderEvaluation.objects.none()
    selector = selectors.evaluations_for
    serializer_class = ProviderEvaluationSerializer
    write_serializer_class = ProviderEvaluationWriteSerializer
    create_service = services.create_evaluation
    update_service = services.update_evaluation
    instance_name = "evaluation"
    filterset_class = ProviderEvaluationFilter
    search_fields = ["provider__name", "standard__name", "notes"]
    ordering_fields = ["period_end", "period_start", "created_at", "weighted_score"]

    @extend_schema(responses=TimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the evaluation and its scores, newest first."""
        return self.history_page(selectors.EVALUATION_TIMELINE)

    @extend_schema(request=EvaluationReasonSerializer, responses={200: ProviderEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, pk: str | None = None) -> Response:
        """Make a draft final: every criterion scored; the weighted score is kept and nothing changes after."""
        evaluation = self.get_object()
        data = self.parsed(EvaluationReasonSerializer)
        return self.rendered(services.finalise_evaluation(actor=self.actor, evaluation=evaluation, **data))

    @extend_schema(
        parameters=[
            OpenApiParameter("provider", OpenApiTypes.UUID),
            OpenApiParameter("service_type", OpenApiTypes.UUID),
            OpenApiParameter("from", OpenApiTypes.DATE, description=str(_("Surveys on or after; evaluations ending on or after."))),
            OpenApiParameter("to", OpenApiTypes.DATE, description=str(_("Surveys on or before; evaluations starting on or before."))),
        ],
        responses=QualitySummarySerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request: Request) -> Response:
        """Per provider and service type: surveys dated ``from`` to ``to`` and final evaluations overlapping it."""
        params = self.query(SummaryQuerySerializer)
        rows = selectors.quality_summary(
            self.actor,
            provider_id=params.get("provider"),
            service_type_id=params.get("service_type"),
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
        )
        return Response(QualitySummarySerializer(rows, many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("standards", StandardViewSet, basename="standard")
    router.register("satisfaction-surveys", SatisfactionSurveyViewSet, basename="satisfaction-survey")
    router.register("survey-invitations", SurveyInvitationViewSet, basename="survey-invitation")
    router.register("evaluations", ProviderEvaluationViewSet, basename="evaluation")
