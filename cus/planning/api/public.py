"""The public, login-free community plans: /api/public/community-plans/ (JSON; the PDF at {id}/document/).

Only adopted and closed plans are published, never a draft; what is shown is the plan's tree with each
indicator's target and live progress, and the responsible partners' organisation names. Nothing names the centre's
staff, a client, or a raised need. ``?centre=<code or id>`` narrows the list to one centre (as the public catalogue
does); texts come in the language of ``?lang=`` (en, pl, cs, sl), else of Accept-Language. Anonymous access is
throttled and cached briefly like the rest of /api/public/ (``cus.api.headers``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.routers import SimpleRouter

from cus.catalogue.models import TargetGroup
from cus.catalogue.publishing.public import PublicViewMixin, _one_centre, _text

from .. import selectors
from ..models import Activity, CommunityPlan, Indicator, IndicatorKind, Measure, Priority
from ..printing import plan_document_pdf


def _language(serializer: serializers.Field) -> str:
    return str(serializer.context.get("language", "en"))


class PublicIndicatorSerializer(serializers.ModelSerializer):
    kind_name = serializers.SerializerMethodField()
    period_start = serializers.DateField(source="live.start", read_only=True)
    period_end = serializers.DateField(source="live.end", read_only=True)
    actual = serializers.DecimalField(source="live.actual", max_digits=16, decimal_places=2, read_only=True)
    progress_percent = serializers.DecimalField(
        source="live.percent", max_digits=10, decimal_places=1, read_only=True, allow_null=True
    )

    class Meta:
        model = Indicator
        fields = ["id", "name", "kind", "kind_name", "period", "year", "period_start", "period_end", "baseline",
                  "target", "unit_label", "actual", "progress_percent"]
        read_only_fields = fields

    def get_kind_name(self, indicator: Indicator) -> str:
        return str(IndicatorKind(indicator.kind).label)


class PublicActivitySerializer(serializers.ModelSerializer):
    responsible_partner = serializers.CharField(
        source="responsible_partner.name", read_only=True, default=None, allow_null=True
    )
    target_groups = serializers.SerializerMethodField()
    service_types = serializers.SerializerMethodField()
    indicators = PublicIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "code", "title", "description", "responsible_partner", "target_groups", "service_types",
                  "indicators"]
        read_only_fields = fields

    def get_target_groups(self, activity: Activity) -> list[dict[str, str]]:
        labels = dict(TargetGroup.choices)
        return [{"code": code, "name": str(labels.get(code, code))} for code in activity.target_groups or []]

    def get_service_types(self, activity: Activity) -> list[dict[str, str]]:
        language = _language(self)
        return [{"code": t.code, "name": t.name_in(language)} for t in activity.service_types.all()]


class PublicMeasureSerializer(serializers.ModelSerializer):
    activities = PublicActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "code", "title", "description", "activities"]
        read_only_fields = fields


class PublicPrioritySerializer(serializers.ModelSerializer):
    measures = PublicMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "code", "title", "description", "measures"]
        read_only_fields = fields


class PublicCommunityPlanSerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code", read_only=True)
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = CommunityPlan
        fields = ["id", "centre", "centre_name", "title", "start_date", "end_date", "status", "status_name",
                  "description", "updated_at"]
        read_only_fields = fields


class PublicCommunityPlanTreeSerializer(PublicCommunityPlanSerializer):
    priorities = PublicPrioritySerializer(many=True, read_only=True)

    class Meta:
        model = CommunityPlan
        fields = [*PublicCommunityPlanSerializer.Meta.fields, "priorities"]
        read_only_fields = fields


@extend_schema(exclude=True)
class PublicCommunityPlanViewSet(PublicViewMixin, viewsets.ReadOnlyModelViewSet):
    """Adopted and closed community plans (``?centre=``: one centre's); the detail is the tree with progress."""

    filter_backends: list[Any] = []

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return PublicCommunityPlanSerializer if self.action == "list" else PublicCommunityPlanTreeSerializer

    def base_queryset(self) -> QuerySet[CommunityPlan]:
        plans = selectors.public_community_plans().order_by("-start_date", "title", "pk")
        return plans if self.action == "list" else selectors.with_tree(plans)

    def filtered(self, queryset: QuerySet[CommunityPlan]) -> QuerySet[CommunityPlan]:
        if centre := _text(self.request.query_params, "centre"):
            queryset = queryset.filter(centre=_one_centre(centre))
        return queryset

    def get_object(self) -> Any:
        plan = super().get_object()
        selectors.plan_progress(plan)
        return plan

    @action(detail=True, methods=["get"])
    def document(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The plan document (PDF) in the language asked for."""
        plan = self.get_object()
        response = HttpResponse(plan_document_pdf(plan, self.language), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="community-plan-{plan.start_date.year}-{plan.end_date.year}.pdf"'
        )
        return response


def register(router: SimpleRouter) -> None:
    router.register("", PublicCommunityPlanViewSet, basename="public-community-plan")

