"""Serializers and views (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ActorMixin
from cus.core.errors import ValidationError

from . import selectors, services
from .models import ConfirmationKind, Delivery, DeliveryStatus, MonthlyStatement, Outcome, StatementStatus

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"}


def parse_month(value: str) -> dt.date | None:
    """``YYYY-MM`` to the first day of that month, or None if it is not a month."""
    match = _MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return dt.date(year, month, 1) if 1 <= month <= 12 and year >= 1 else None


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.Field):
    """A month as ``YYYY-MM``; held as the date of its first day."""

    default_error_messages = {"invalid": gettext_lazy("Enter a month as YYYY-MM.")}

    def to_internal_value(self, data: Any) -> dt.date:
        month = parse_month(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


class MonthFormField(forms.CharField):
    default_error_messages = {"invalid": gettext_lazy("Enter a month as YYYY-MM.")}

    def clean(self, value: Any) -> dt.date | None:
        value = super().clean(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


@extend_schema_field(MONTH_SCHEMA)
class MonthFilter(django_filters.Filter):
    field_class = MonthFormField

    def filter(self, qs: QuerySet[Any], value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return qs
        if self.field_name == "date":
            return qs.filter(date__year=value.year, date__month=value.month)
        return qs.filter(**{self.field_name: value})


# --- deliveries -----------------------------------------------------------------------------------------


class ConfirmationInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[ConfirmationKind.SIGNATURE, ConfirmationKind.CODE])
    signature = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("SVG path or image data URL, at most 200 kB.")
    )
    code = serializers.CharField(required=False, allow_blank=True, max_length=40)


class DeliveryInputSerializer(serializers.Serializer):
    planned_service = serializers.UUIDField()
    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1440)
    units = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True,
        help_text=gettext_lazy("Default: duration / 60 for hourly services, otherwise 1."),
    )
    worker_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.DELIVERED)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    confirmation = ConfirmationInputSerializer(required=False, allow_null=True)

    def to_input(self) -> services.DeliveryInput:
        data = dict(self.validated_data)
        return services.DeliveryInput(**data)


class _NotChangeableMixin(serializers.Serializer):
    not_changeable: tuple[str, ...] = ("planned_service", "client_uuid")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        sent = self.initial_data if isinstance(self.initial_data, dict) else {}
        refused = {name: [_("This field cannot be changed.")] for name in self.not_changeable if name in sent}
        if refused:
            raise serializers.ValidationError(refused)
        return attrs


class DeliveryPatchSerializer(_NotChangeableMixin):
    date = serializers.DateField(required=False)
    start_time = serializers.TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1440)
    units = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    worker_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    confirmation = ConfirmationInputSerializer(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CorrectionSerializer(_NotChangeableMixin):
    not_changeable = ("planned_service", "client_uuid", "confirmation")

    date = serializers.DateField(
        required=False, help_text=gettext_lazy("A day in an open month; default: today.")
    )
    start_time = serializers.TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1440)
    units = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    worker_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(max_length=500)


class DeliveryReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConfirmationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConfirmationKind.choices)
    confirmed_by_client_at = serializers.DateTimeField(allow_null=True)
    signature = serializers.CharField(
        required=False, help_text=gettext_lazy("Shown to the centre's staff and the provider only.")
    )


class DeliverySerializer(serializers.ModelSerializer):
    client_name = serializers.SerializerMethodField()
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    confirmation = serializers.SerializerMethodField()
    corrected_by = serializers.UUIDField(source="corrected_by_id", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Delivery
        fields = [
            "id", "planned_service", "client", "client_name", "provider", "provider_name", "service_type",
            "service_type_name", "contract_line", "funding_source", "date", "start_time", "duration_minutes",
            "units", "worker_name", "outcome", "note", "status", "status_reason", "cost", "client_uuid",
            "confirmation", "corrects", "corrected_by", "statement", "logged_by", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_client_name(self, delivery: Delivery) -> str:
        return f"{delivery.client.first_name} {delivery.client.last_name}"

    @extend_schema_field(ConfirmationSerializer(allow_null=True))
    def get_confirmation(self, delivery: Delivery) -> dict[str, Any] | None:
        if not delivery.confirmation_kind:
            return None
        shown: dict[str, Any] = {
            "kind": delivery.confirmation_kind,
            "confirmed_by_client_at": serializers.DateTimeField().to_representation(delivery.confirmed_by_client_at)
            if delivery.confirmed_by_client_at else None,
        }
        actor = self.context.get("actor")
        may_see_signature = actor is not None and (
            actor.is_staff_of_centre or actor.provider_id == delivery.provider_id
        )
        if delivery.confirmation_kind == ConfirmationKind.SIGNATURE and may_see_signature:
            shown["signature"] = delivery.confirmation_signature
        return shown


class BulkErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    rows = inline_serializer(  # a field named "errors" cannot be declared on a Serializer class
        "DeliveryBulkRowError",
        {"index": serializers.IntegerField(),
         "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()))},
        many=True,
    )


class DeliveryConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(required=False)


class DeliveryFilter(django_filters.FilterSet):
    client = django_filters.UUIDFilter(field_name="client")
    provider = django_filters.UUIDFilter(field_name="provider")
    planned_service = django_filters.UUIDFilter(field_name="planned_service")
    month = MonthFilter(field_name="date")
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Delivery
        fields = ["client", "provider", "planned_service", "month", "status", "outcome", "date_from", "date_to"]


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    services.IDEMPOTENCY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=gettext_lazy("A key of the client's choosing: a retry with the same key returns the first result."),
)


def _reason(request: Request) -> str:
    serializer = DeliveryReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return str(serializer.validated_data.get("reason", ""))


class DeliveryViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Delivered-service logs: provider staff log and correct them, the client's coordinator confirms them."""

    queryset = Delivery.objects.none()  # for the schema; requests use get_queryset
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering_fields = ["date"]
    search_fields: list[str] = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Delivery]:
        return selectors.deliveries_for(self.actor)

    def _render(self, delivery: Delivery, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=delivery.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(
        request=DeliveryInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: DeliverySerializer,
            200: OpenApiResponse(DeliverySerializer, description=gettext_lazy("A retry: the first result.")),
            409: DeliveryConflictSerializer,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DeliveryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        delivery, created = services.log_delivery(
            actor=self.actor, data=serializer.to_input(), idempotency_key=request.headers.get(services.IDEMPOTENCY_HEADER)
        )
        return self._render(delivery, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=DeliveryPatchSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DeliveryPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        delivery = services.update_delivery(actor=self.actor, delivery=self.get_object(), **serializer.validated_data)
        return self._render(delivery)

    @extend_schema(
        request=DeliveryInputSerializer(many=True),
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: DeliverySerializer(many=True),
            200: OpenApiResponse(DeliverySerializer(many=True), description=gettext_lazy("A retry: the first result.")),
            400: BulkErrorSerializer,
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Log up to 500 deliveries at once: all of them, or none with every row's errors."""
        if not isinstance(request.data, list):
            raise ValidationError(_("Send a list of deliveries."))
        if len(request.data) > services.MAX_BULK_ROWS:
            raise ValidationError(_("Send at most %(max)d deliveries at once.") % {"max": services.MAX_BULK_ROWS})
        rows: list[services.RowInput] = []
        for item in request.data:
            if not isinstance(item, dict):
                rows.append({"non_field_errors": [_("Each delivery must be an object.")]})
                continue
            serializer = DeliveryInputSerializer(data=item)
            rows.append(serializer.to_input() if serializer.is_valid() else serializer.errors)
        deliveries, created = services.log_deliveries(
            actor=self.actor, rows=rows, idempotency_key=request.headers.get(services.IDEMPOTENCY_HEADER)
        )
        found = self.get_queryset().in_bulk([delivery.pk for delivery in deliveries])
        data = self.get_serializer([found[delivery.pk] for delivery in deliveries], many=True).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """The client's coordinator confirms the log."""
        delivery = services.confirm_delivery(actor=self.actor, delivery=self.get_object(), reason=_reason(request))
        return self._render(delivery)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str | None = None) -> Response:
        """The client's coordinator disputes the log; a reason is required."""
        delivery = services.dispute_delivery(actor=self.actor, delivery=self.get_object(), reason=_reason(request))
        return self._render(delivery)

    @extend_schema(request=CorrectionSerializer, responses={201: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct a log of an approved month: a correcting entry, dated in an open month, replaces it."""
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = services.correct_delivery(actor=self.actor, delivery=self.get_object(), **serializer.validated_data)
        return self._render(correction, status.HTTP_201_CREATED)


# --- monthly statements ---------------------------------------------------------------------------------


class StatementSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    month = MonthField(read_only=True)
    total_units = serializers.SerializerMethodField()
    total_cost = serializers.SerializerMethodField()
    deliveries_count = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyStatement
        fields = [
            "id", "provider", "provider_name", "contract", "contract_number", "month", "status", "status_reason",
            "submitted_at", "submitted_by", "decided_at", "decided_by", "total_units", "total_cost",
            "deliveries_count", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_total_units(self, statement: MonthlyStatement) -> str:
        return _money(selectors.statement_totals(statement).units)

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_cost(self, statement: MonthlyStatement) -> str:
        return _money(selectors.statement_totals(statement).cost)

    def get_deliveries_count(self, statement: MonthlyStatement) -> int:
        return selectors.statement_totals(statement).deliveries_count


def _money(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


class StatementCreateSerializer(serializers.Serializer):
    contract = serializers.UUIDField()
    month = MonthField()


class StatementFilter(django_filters.FilterSet):
    provider = django_filters.UUIDFilter(field_name="provider")
    contract = django_filters.UUIDFilter(field_name="contract")
    month = MonthFilter(field_name="month")
    status = django_filters.ChoiceFilter(choices=StatementStatus.choices)

    class Meta:
        model = MonthlyStatement
        fields = ["provider", "contract", "month", "status"]


class StatementViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Providers' monthly statements: opened and submitted by provider staff, approved or returned by the centre."""

    queryset = MonthlyStatement.objects.none()  # for the schema; requests use get_queryset
    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    ordering_fields = ["month"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[MonthlyStatement]:
        return selectors.statements_for(self.actor)

    def _render(self, statement: MonthlyStatement, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=statement.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(
        request=StatementCreateSerializer,
        responses={
            201: StatementSerializer,
            200: OpenApiResponse(StatementSerializer, description=gettext_lazy("The statement already existed.")),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open (or get) the statement of the user's provider for a contract and month."""
        serializer = StatementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        statement, created = services.open_statement(
            actor=self.actor, contract_id=serializer.validated_data["contract"], month=serializer.validated_data["month"]
        )
        return self._render(statement, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Provider staff submit a finished month; its totals are frozen."""
        statement = services.submit_statement(actor=self.actor, statement=self.get_object(), reason=_reason(request))
        return self._render(statement)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """A manager or coordinator approves the statement; the month's logs are locked."""
        statement = services.approve_statement(actor=self.actor, statement=self.get_object(), reason=_reason(request))
        return self._render(statement)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """A manager or coordinator returns the statement to the provider; a reason is required."""
        statement = services.return_statement(actor=self.actor, statement=self.get_object(), reason=_reason(request))
        return self._render(statement)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("deliveries", DeliveryViewSet, basename="delivery")
    router.register("statements", StatementViewSet, basename="statement")
