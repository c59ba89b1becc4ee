"""The quality API's input and output: standards, surveys, survey links, evaluations and the summary as the API
shows them, and what a POST or PATCH accepts (related fields offer only what the actor may name)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cus.api.fields import DateField, DateTimeField
from cus.api.serializers import ModelSerializer, ScopedWriteSerializer
from cus.catalogue.models import Provider, ServiceType
from cus.catalogue.selectors import service_types_for
from cus.core.access import in_centre
from cus.plans.models import PlannedService

from .. import selectors
from ..models import (
    SURVEY_QUESTION_KEYS,
    SURVEY_SCALE,
    Criterion,
    EvaluationScore,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
)

# The client-facing page of the web UI (frontend route /survey/:token), which calls /api/public/surveys/{token}/.
PUBLIC_SURVEY_PATH = "/survey/{token}"


def reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text=str(_("Why; kept in the history."))
    )



# --- standards ------------------------------------------------------------------------------------


class CriterionSerializer(ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "text", "weight", "scale_min", "scale_max", "order", "is_active"]
        read_only_fields = fields


class StandardSerializer(ModelSerializer):
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


# Base of the inputs whose PATCH takes a reason for the history. A POST's history says what happened ("standard
# created", "evaluation started"), so a reason sent with one is dropped.
class ReasonOnChangeSerializer(ScopedWriteSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            attrs.pop("reason", None)
        return attrs


class StandardWriteSerializer(ReasonOnChangeSerializer):
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
    related = {"service_type": service_types_for}


# --- satisfaction surveys and survey links ----------------------------------------------------------


class SatisfactionSurveySerializer(ModelSerializer):
    client = serializers.UUIDField(source="planned_service.plan.client_id", read_only=True)
    plan = serializers.UUIDField(source="planned_service.plan_id", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.__str__", read_only=True, default=None, allow_null=True)

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
    date = DateField(required=False, help_text=str(_("When the client answered; today unless given.")))
    related = {"planned_service": selectors.surveyable_services_for}


class SurveyInvitationSerializer(ModelSerializer):
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
    related = {"planned_service": selectors.surveyable_services_for}


# --- evaluations ----------------------------------------------------------------------------------


class EvaluationScoreSerializer(ModelSerializer):
    criterion_text = serializers.CharField(source="criterion.text", read_only=True)

    class Meta:
        model = EvaluationScore
        fields = ["id", "criterion", "criterion_text", "score", "weight", "scale_min", "scale_max", "note"]
        read_only_fields = fields


class ProviderEvaluationSerializer(ModelSerializer):
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
    related = {"criterion": in_centre(Criterion)}


class ProviderEvaluationWriteSerializer(ReasonOnChangeSerializer):
    """A draft evaluation; the provider and the standard are set when it is started and not changed after."""

    fixed = ("provider", "standard")

    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.none(), error_messages={"does_not_exist": _("Unknown provider.")}
    )
    standard = serializers.PrimaryKeyRelatedField(
        queryset=Standard.objects.none(), error_messages={"does_not_exist": _("Unknown standard.")}
    )
    period_start = DateField()
    period_end = DateField()
    notes = serializers.CharField(required=False, allow_blank=True)
    scores = EvaluationScoreWriteSerializer(many=True, required=False)
    reason = reason_field()
    related = {"provider": in_centre(Provider), "standard": in_centre(Standard)}


class EvaluationReasonSerializer(serializers.Serializer):
    reason = reason_field()


class SummaryQuerySerializer(serializers.Serializer):
    provider = serializers.UUIDField(required=False)
    service_type = serializers.UUIDField(required=False)
    date_from = DateField(required=False)
    date_to = DateField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        # ``from`` and ``to`` are Python keywords: read them under the names the API gives them.
        renamed = {{"from": "date_from", "to": "date_to"}.get(key, key): value for key, value in data.items()}
        try:
            return super().to_internal_value(renamed)
        except serializers.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict):
                detail = {{"date_from": "from", "date_to": "to"}.get(str(key), str(key)): value for key, value in detail.items()}
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
    period_start = DateField()
    period_end = DateField()
    weighted_score = serializers.DecimalField(max_digits=5, decimal_places=2)
    finalised_at = DateTimeField()


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
