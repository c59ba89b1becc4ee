"""Serializers and views (thin: parse, call a service or selector, render).

/api/v1/standards/, satisfaction-surveys/, survey-invitations/ (+ revoke/), evaluations/ (+ finalise/,
summary/); and the public, login-free survey page /api/public/surveys/{token}/ (see public_urls.py).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from cus.api.serializers import ScopedWriteSerializer
from cus.api.views import ServiceViewSet, write_schema
from cus.catalogue.models import Provider, ServiceType
from cus.catalogue.public import PublicRateThrottle
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.errors import NotFound
from cus.plans.models import PlannedService
from cus.plans.selectors import planned_services_for

from . import selectors, services
from .models import (
    SURVEY_QUESTION_KEYS,
    SURVEY_QUESTIONS,
    SURVEY_SCALE,
    Criterion,
    EvaluationScore,
    EvaluationStatus,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
    SurveySource,
)

# The client-facing page of the web UI (frontend route /survey/:token), which calls /api/public/surveys/{token}/.
PUBLIC_SURVEY_PATH = "/survey/{token}"


def reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text=str(_("Why; kept in the history."))
    )



def _service_types(actor: Actor) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(centre__isnull=True) | ServiceType.objects.filter(centre_id=actor.centre_id)


def _surveyable_services(actor: Actor) -> QuerySet[PlannedService]:
    return planned_services_for(actor).select_related(None)


# --- standards ------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "text", "weight", "scale_min", "scale_max", "order", "is_active"]
        read_only_fields = fields


class StandardSerializer(serializers.ModelSerializer):
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Standard
        fields = ["id", "service_type", "service_type_name", "name", "description", "is_active", "criteria",
                  "created_at", "updated_at"]
        read_only_fields = fields


class CriterionWriteSerializer(serializers.Serializer):
    id = serializers.UUIDField(required=False, help_text=str(_("An existing criterion to change; none adds one.")))
    text = serializers.CharField(max_length=2000)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, min_value=0)
    scale_min = serializers.IntegerField(required=False, min_value=0, max_value=100)
    scale_max = serializers.IntegerField(required=False, min_value=1, max_value=100)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)


class StandardWriteSerializer(ScopedWriteSerializer):
    """A standard and its criteria; on PATCH ``criteria`` is the whole new list (criteria left out are retired)."""

    fixed = ("service_type",)

    service_type = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none(), error_messages={"does_not_exist": _("Unknown service type.")}
    )
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    criteria = CriterionWriteSerializer(many=True)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"service_type": _service_types(actor)}


class StandardFilter(django_filters.FilterSet):
    service_type = django_filters.UUIDFilter()
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Standard
        fields = ["service_type", "is_active"]


# --- satisfaction surveys and survey links ----------------------------------------------------------


class SatisfactionSurveySerializer(serializers.ModelSerializer):
    client = serializers.UUIDField(source="planned_service.plan.client_id", read_only=True)
    plan = serializers.UUIDField(source="planned_service.plan_id", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.__str__", read_only=True, default=None)

    class Meta:
        model = SatisfactionSurvey
        fields = ["id", "planned_service", "plan", "client", "provider", "provider_name", "service_type",
                  "service_type_name", "date", "source", "recorded_by", "recorded_by_name", *SURVEY_QUESTION_KEYS,
                  "comment", "created_at"]
        read_only_fields = fields


def _answer_field(key: str) -> serializers.IntegerField:
    low, high = SURVEY_SCALE
    required = key == "overall"
    return serializers.IntegerField(min_value=low, max_value=high, required=required, allow_null=not required)


class SurveyAnswersSerializer(serializers.Serializer):
    """The questionnaire's answers, 1 (worst) to 5 (best); only ``overall`` is required."""

    overall = _answer_field("overall")
    punctuality = _answer_field("punctuality")
    respect = _answer_field("respect")
    needs_met = _answer_field("needs_met")
    would_recommend = _answer_field("would_recommend")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SatisfactionSurveyWriteSerializer(ScopedWriteSerializer, SurveyAnswersSerializer):
    planned_service = serializers.PrimaryKeyRelatedField(
        queryset=PlannedService.objects.none(), error_messages={"does_not_exist": _("Unknown planned service.")}
    )
    date = serializers.DateField(required=False, help_text=str(_("When the client answered; today unless given.")))

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"planned_service": _surveyable_services(actor)}


class SatisfactionSurveyFilter(django_filters.FilterSet):
    planned_service = django_filters.UUIDFilter()
    provider = django_filters.UUIDFilter()
    service_type = django_filters.UUIDFilter()
    client = django_filters.UUIDFilter(field_name="planned_service__plan__client")
    source = django_filters.ChoiceFilter(choices=SurveySource.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = SatisfactionSurvey
        fields = ["planned_service", "provider", "service_type", "client", "source", "date_from", "date_to"]


class SurveyInvitationSerializer(serializers.ModelSerializer):
    service_type_name = serializers.CharField(source="planned_service.service_type.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    client = serializers.UUIDField(source="planned_service.plan.client_id", read_only=True)

    class Meta:
        model = SurveyInvitation
        fields = ["id", "planned_service", "client", "provider", "provider_name", "service_type_name", "expires_at",
                  "created_by", "used_at", "revoked_at", "survey", "created_at"]
        read_only_fields = fields


class NewSurveyInvitationSerializer(SurveyInvitationSerializer):
    """A new link: the token and its address are shown this once; only the token's hash is kept."""

    token = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text=str(_("The address to send to the client.")))

    class Meta(SurveyInvitationSerializer.Meta):
        fields = [*SurveyInvitationSerializer.Meta.fields, "token", "url"]
        read_only_fields = fields

    def get_token(self, invitation: SurveyInvitation) -> str:
        return str(self.context["token"])

    def get_url(self, invitation: SurveyInvitation) -> str:
        path = PUBLIC_SURVEY_PATH.format(token=self.context["token"])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SurveyInvitationWriteSerializer(ScopedWriteSerializer):
    planned_service = serializers.PrimaryKeyRelatedField(
        queryset=PlannedService.objects.none(), error_messages={"does_not_exist": _("Unknown planned service.")}
    )
    expires_in_days = serializers.IntegerField(
        required=False, min_value=1, max_value=90, help_text=str(_("1 to 90 days; 30 unless given."))
    )

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"planned_service": _surveyable_services(actor)}


class SurveyInvitationFilter(django_filters.FilterSet):
    planned_service = django_filters.UUIDFilter()
    used = django_filters.BooleanFilter(field_name="used_at", lookup_expr="isnull", exclude=True, label=_("Used"))

    class Meta:
        model = SurveyInvitation
        fields = ["planned_service", "used"]


# --- evaluations ----------------------------------------------------------------------------------


class EvaluationScoreSerializer(serializers.ModelSerializer):
    criterion_text = serializers.CharField(source="criterion.text", read_only=True)

    class Meta:
        model = EvaluationScore
        fields = ["id", "criterion", "criterion_text", "score", "weight", "scale_min", "scale_max", "note"]
        read_only_fields = fields


class ProviderEvaluationSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    standard_name = serializers.CharField(source="standard.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    evaluated_by_name = serializers.CharField(source="evaluated_by.__str__", read_only=True)
    current_score = serializers.SerializerMethodField(
        help_text=str(_("0 to 100: the weighted score of the criteria scored so far (a draft's running score)."))
    )
    scores = EvaluationScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ProviderEvaluation
        fields = ["id", "provider", "provider_name", "standard", "standard_name", "service_type", "service_type_name",
                  "period_start", "period_end", "status", "notes", "evaluated_by", "evaluated_by_name", "finalised_at",
                  "weighted_score", "current_score", "scores", "created_at", "updated_at"]
        read_only_fields = fields

    def get_current_score(self, evaluation: ProviderEvaluation) -> str | None:
        value = selectors.score_of(evaluation.scores.all())  # prefetched by the selector
        return None if value is None else str(value)


class EvaluationScoreWriteSerializer(ScopedWriteSerializer):
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(), error_messages={"does_not_exist": _("Unknown criterion.")}
    )
    score = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {"criterion": Criterion.objects.filter(centre_id=actor.centre_id)}


class ProviderEvaluationWriteSerializer(ScopedWriteSerializer):
    """A draft evaluation; the provider and the standard are set when it is started and not changed after."""

    fixed = ("provider", "standard")

    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.none(), error_messages={"does_not_exist": _("Unknown provider.")}
    )
    standard = serializers.PrimaryKeyRelatedField(
        queryset=Standard.objects.none(), error_messages={"does_not_exist": _("Unknown standard.")}
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True)
    scores = EvaluationScoreWriteSerializer(many=True, required=False)
    reason = reason_field()

    def querysets(self, actor: Actor) -> dict[str, QuerySet[Any]]:
        return {
            "provider": Provider.objects.filter(centre_id=actor.centre_id),
            "standard": Standard.objects.filter(centre_id=actor.centre_id),
        }


class EvaluationReasonSerializer(serializers.Serializer):
    reason = reason_field()


class ProviderEvaluationFilter(django_filters.FilterSet):
    provider = django_filters.UUIDFilter()
    service_type = django_filters.UUIDFilter()
    standard = django_filters.UUIDFilter()
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices)

    class Meta:
        model = ProviderEvaluation
        fields = ["provider", "service_type", "standard", "status"]


class SummaryQuerySerializer(serializers.Serializer):
    provider = serializers.UUIDField(required=False)
    service_type = serializers.UUIDField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        # ``from`` and ``to`` are Python keywords: read them under the names the API gives them.
        renamed = {{"from": "date_from", "to": "date_to"}.get(key, key): value for key, value in data.items()}
        try:
            return super().to_internal_value(renamed)
        except serializers.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict):
                detail = {{"date_from": "from", "date_to": "to"}.get(key, key): value for key, value in detail.items()}
            raise serializers.ValidationError(detail) from None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"to": _("The end of the window cannot be before its start.")})
        return attrs


def _averages_serializer() -> type[serializers.Serializer]:
    fields = {
        key: serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True) for key in SURVEY_QUESTION_KEYS
    }
    return type("SurveyAveragesSerializer", (serializers.Serializer,), fields)


SurveyAveragesSerializer = _averages_serializer()


class LatestEvaluationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    weighted_score = serializers.DecimalField(max_digits=5, decimal_places=2)
    finalised_at = serializers.DateTimeField()


class QualitySummarySerializer(serializers.Serializer):
    provider = serializers.UUIDField(source="provider_id")
    provider_name = serializers.CharField()
    service_type = serializers.UUIDField(source="service_type_id")
    service_type_name = serializers.CharField(source="service_type.name", default="")
    survey_count = serializers.IntegerField()
    survey_averages = SurveyAveragesSerializer(
        source="averages",
        help_text=str(_("Mean answer per question (1 to 5). Provider staff see them only over at least 5 surveys.")),
    )
    survey_average = serializers.DecimalField(
        source="average", max_digits=4, decimal_places=2, allow_null=True,
        help_text=str(_("The mean of every answer given, all questions together (1 to 5).")),
    )
    evaluation_count = serializers.IntegerField(help_text=str(_("Final evaluations whose period overlaps the window.")))
    evaluation_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True,
        help_text=str(_("The mean weighted score (0 to 100) of those evaluations.")),
    )
    latest_evaluation = LatestEvaluationSerializer(allow_null=True)


class QualityUserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="__str__")


class QualityFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class QualityTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = QualityUserRefSerializer(allow_null=True)
    model = serializers.CharField(help_text=str(_("What changed: standard, criterion, evaluation or score.")))
    object_id = serializers.UUIDField()
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    changes = QualityFieldChangeSerializer(many=True)


# --- views ----------------------------------------------------------------------------------------


class QualityViewSet(ServiceViewSet):
    """GET list/detail, POST, PATCH (no PUT, no DELETE). Roles that may not see these records get 404."""
    write_perm = Perm.RECORD_EVALUATIONS

    def visible(self) -> bool:
        return selectors.can_see_quality(self.actor)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.visible():
            raise NotFound()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # A role that may not write here is refused before its input is read.
            require(self.actor, self.write_perm)


    def _history(self) -> Response:
        """The record's timeline, newest first, paginated; for the centre's staff."""
        instance = self.get_object()
        require(self.actor, Perm.VIEW_QUALITY)
        page = self.paginate_queryset(selectors.timeline(instance))
        return self.get_paginated_response(QualityTimelineEntrySerializer(page, many=True).data)


@write_schema(StandardWriteSerializer, StandardSerializer)
class StandardViewSet(QualityViewSet):
    """Quality standards per service type, with weighted criteria. Managers write; provider staff read."""

    queryset = Standard.objects.none()
    serializer_class = StandardSerializer
    write_serializer_class = StandardWriteSerializer
    write_perm = Perm.MANAGE_STANDARDS
    filterset_class = StandardFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[Standard]:
        return selectors.standards_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        data.pop("reason", None)
        return services.create_standard(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_standard(actor=self.actor, standard=instance, **data)

    @extend_schema(responses=QualityTimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the standard and its criteria, newest first."""
        return self._history()


@extend_schema_view(
    create=extend_schema(request=SatisfactionSurveyWriteSerializer, responses={201: SatisfactionSurveySerializer})
)
class SatisfactionSurveyViewSet(QualityViewSet):
    """Clients' satisfaction surveys about planned services (the centre's staff only; answers are not edited)."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = SatisfactionSurvey.objects.none()
    serializer_class = SatisfactionSurveySerializer
    write_serializer_class = SatisfactionSurveyWriteSerializer
    filterset_class = SatisfactionSurveyFilter
    search_fields = ["comment"]
    ordering_fields = ["date", "created_at", "overall"]

    def visible(self) -> bool:
        return selectors.can_see_surveys(self.actor)

    def get_queryset(self) -> QuerySet[SatisfactionSurvey]:
        return selectors.surveys_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        return services.record_survey(actor=self.actor, **data)


@extend_schema_view(
    create=extend_schema(request=SurveyInvitationWriteSerializer, responses={201: NewSurveyInvitationSerializer})
)
class SurveyInvitationViewSet(QualityViewSet):
    """One-time survey links for clients. The token is shown once, when the link is made."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = SurveyInvitation.objects.none()
    serializer_class = SurveyInvitationSerializer
    write_serializer_class = SurveyInvitationWriteSerializer
    filterset_class = SurveyInvitationFilter
    ordering_fields = ["created_at", "expires_at"]

    def visible(self) -> bool:
        return selectors.can_see_surveys(self.actor)

    def get_queryset(self) -> QuerySet[SurveyInvitation]:
        return selectors.invitations_for(self.actor)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parsed(self.write_serializer_class)
        invitation, token = services.invite_to_survey(actor=self.actor, **data)
        fresh = self.get_queryset().get(pk=invitation.pk)
        context = {**self.get_serializer_context(), "token": token}
        return Response(NewSurveyInvitationSerializer(fresh, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SurveyInvitationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Stop an unused link from working."""
        return self.rendered(services.revoke_invitation(actor=self.actor, invitation=self.get_object()))


@write_schema(ProviderEvaluationWriteSerializer, ProviderEvaluationSerializer)
class ProviderEvaluationViewSet(QualityViewSet):
    """Periodic evaluations of providers against a standard: drafts, then final (immutable); the summary."""

    queryset = ProviderEvaluation.objects.none()
    serializer_class = ProviderEvaluationSerializer
    write_serializer_class = ProviderEvaluationWriteSerializer
    filterset_class = ProviderEvaluationFilter
    search_fields = ["provider__name", "standard__name", "notes"]
    ordering_fields = ["period_end", "period_start", "created_at", "weighted_score"]

    def get_queryset(self) -> QuerySet[ProviderEvaluation]:
        return selectors.evaluations_for(self.actor)

    def perform_create_service(self, data: dict[str, Any]) -> Model:
        data.pop("reason", None)
        return services.create_evaluation(actor=self.actor, **data)

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> Model:
        return services.update_evaluation(actor=self.actor, evaluation=instance, **data)

    @extend_schema(responses=QualityTimelineEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the evaluation and its scores, newest first."""
        return self._history()

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
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = selectors.quality_summary(
            self.actor,
            provider_id=params.get("provider"),
            service_type_id=params.get("service_type"),
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
        )
        return Response(QualitySummarySerializer(rows, many=True).data)


# --- the public survey page (no login) ------------------------------------------------------------


class PublicQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    answer_required = serializers.BooleanField()


class PublicSurveySerializer(serializers.Serializer):
    service_type_name = serializers.CharField()
    provider_name = serializers.CharField()
    expires_at = serializers.DateTimeField()
    scale_min = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    questions = PublicQuestionSerializer(many=True)


class PublicSurveyMessageSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


def _survey_language(request: Request, invitation: SurveyInvitation | None) -> str:
    """The page's language: ``?lang=``, else the browser's (Accept-Language), else the centre's."""
    known = {code for code, _name in settings.LANGUAGES}
    asked = request.query_params.get("lang", "")[:2]
    if asked in known:
        return asked
    if request.headers.get("Accept-Language") or invitation is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    return invitation.centre.language if invitation.centre.language in known else settings.LANGUAGE_CODE


class PublicSurveyRateThrottle(PublicRateThrottle):
    """The public catalogue's per-address limit (``CUS_PUBLIC_API_RATE``), counted apart from the catalogue."""

    scope = "public_survey"


class PublicSurveyView(APIView):
    """A client's one-time survey link: GET the questionnaire, POST the answers once.

    Shows only the service type and the provider, never the client. An unknown token is 404; a used,
    withdrawn or expired one is 410.
    """

    authentication_classes: list[Any] = []  # no session, so no CSRF: the token is the credential
    permission_classes = [AllowAny]
    throttle_classes = [PublicSurveyRateThrottle]

    def _respond(self, request: Request, token: str, answer: bool) -> Response:
        invitation = selectors.invitation_by_token(token)
        with translation.override(_survey_language(request, invitation)):
            try:
                if not answer:
                    return Response(PublicSurveySerializer(self._page(services.open_invitation(token))).data)
                answers = SurveyAnswersSerializer(data=request.data)
                answers.is_valid(raise_exception=True)
                services.answer_invitation(token=token, **answers.validated_data)
            except services.SurveyLinkGone as gone:
                return Response({"detail": str(gone.detail), "code": gone.code}, status=status.HTTP_410_GONE)
            except NotFound as missing:
                return Response({"detail": str(missing.detail), "code": missing.code}, status=status.HTTP_404_NOT_FOUND)
            except serializers.ValidationError as invalid:
                return Response(invalid.detail, status=status.HTTP_400_BAD_REQUEST)
            return Response(
                {"detail": str(_("Thank you! Your answers have been saved.")), "code": "saved"},
                status=status.HTTP_201_CREATED,
            )

    @staticmethod
    def _page(invitation: SurveyInvitation) -> dict[str, Any]:
        low, high = SURVEY_SCALE
        return {
            "service_type_name": invitation.planned_service.service_type.name,
            "provider_name": invitation.provider.name,
            "expires_at": invitation.expires_at,
            "scale_min": low,
            "scale_max": high,
            "questions": [
                {"key": key, "text": str(text), "answer_required": key == "overall"} for key, text in SURVEY_QUESTIONS
            ],
        }

    @extend_schema(responses={200: PublicSurveySerializer, 404: PublicSurveyMessageSerializer,
                              410: PublicSurveyMessageSerializer})
    def get(self, request: Request, token: str) -> Response:
        return self._respond(request, token, answer=False)

    @extend_schema(request=SurveyAnswersSerializer, responses={201: PublicSurveyMessageSerializer,
                                                               404: PublicSurveyMessageSerializer,
                                                               410: PublicSurveyMessageSerializer})
    def post(self, request: Request, token: str) -> Response:
        return self._respond(request, token, answer=True)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("standards", StandardViewSet, basename="standard")
    router.register("satisfaction-surveys", SatisfactionSurveyViewSet, basename="satisfaction-survey")
    router.register("survey-invitations", SurveyInvitationViewSet, basename="survey-invitation")
    router.register("evaluations", ProviderEvaluationViewSet, basename="evaluation")
