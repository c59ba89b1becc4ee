"""Serializers and views (thin: parse, call a service or selector, render)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.errors import flat_errors
from cus.api.fields import DateField, DateTimeField, MonthField, MonthFilter, TimeField
from cus.api.serializers import ModelSerializer
from cus.api.views import ActorMixin, ScopedViewSet
from cus.core import idempotency
from cus.core.access import Perm, can
from cus.core.errors import NotAllowed
from cus.core.errors import NotFound as NotFoundError
from cus.plans import selectors as plans_selectors
from cus.plans.models import PlannedService

from . import flags, selectors, services
from .models import ConfirmationKind, Delivery, DeliveryStatus, MonthlyStatement, Outcome, StatementStatus

# --- deliveries -----------------------------------------------------------------------------------------


class ConfirmationInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[ConfirmationKind.SIGNATURE, ConfirmationKind.CODE])
    signature = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("SVG path or image data URL, at most 200 kB.")
    )
    code = serializers.CharField(required=False, allow_blank=True, max_length=40)


class DeliveryInputSerializer(serializers.Serializer):
    planned_service = serializers.UUIDField()
    date = DateField()
    start_time = TimeField(required=False, allow_null=True)
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


# The base of a log's change serializers (no docstring: the schema would show it on both). Its fields are the values
# a provider may change, ``services.EDITABLE_FIELDS`` in that order, each optional. A field of a log's input that
# is no such change (``planned_service``, ``client_uuid``, and ``confirmation`` unless ``also`` names it) is
# refused by name rather than ignored.
class _DeliveryChanges(serializers.Serializer):
    also: ClassVar[tuple[str, ...]] = ()

    date = DateField(required=False)
    start_time = TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1440)
    units = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    worker_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        sent = self.initial_data if isinstance(self.initial_data, dict) else {}
        changeable = {*services.EDITABLE_FIELDS, *self.also}
        refused = {
            name: [_("This field cannot be changed.")]
            for name in DeliveryInputSerializer._declared_fields
            if name in sent and name not in changeable
        }
        if refused:
            raise serializers.ValidationError(refused)
        return attrs


class DeliveryPatchSerializer(_DeliveryChanges):
    also = ("confirmation",)

    confirmation = ConfirmationInputSerializer(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CorrectionSerializer(_DeliveryChanges):
    date = DateField(
        required=False, help_text=gettext_lazy("A day in an open month; default: today.")
    )
    reason = serializers.CharField(max_length=500)


class DeliveryReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConfirmationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConfirmationKind.choices)
    confirmed_by_client_at = DateTimeField(allow_null=True)
    signature = serializers.CharField(
        required=False, help_text=gettext_lazy("Shown to the centre's staff and the provider only.")
    )


class DeliveryFlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[(code, code) for code in flags.CODES])
    message = serializers.CharField(help_text=gettext_lazy("Why the log was flagged, in the reader's language."))


class DeliverySerializer(ModelSerializer):
    client_name = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    confirmation = serializers.SerializerMethodField()
    corrected_by = serializers.UUIDField(source="corrected_by_id", read_only=True, allow_null=True, default=None)
    coordinated_by_me = serializers.BooleanField(
        read_only=True, default=False, label=gettext_lazy("My client"),
        help_text=gettext_lazy("Whether the reader coordinates this log's client (so confirms, disputes and corrects it)."),
    )

    class Meta:
        model = Delivery
        fields = [
            "id", "planned_service", "client", "client_name", "provider", "provider_name", "service_type",
            "service_type_name", "contract_line", "funding_source", "date", "start_time", "duration_minutes",
            "units", "worker_name", "outcome", "note", "status", "status_reason", "cost", "client_uuid",
            "confirmation", "corrects", "corrected_by", "statement", "logged_by", "created_at", "updated_at",
            "flags", "flagged", "flags_resolved_at", "flags_resolution", "coordinated_by_me",
        ]
        read_only_fields = fields

    @extend_schema_field(DeliveryFlagSerializer(many=True))
    def get_flags(self, delivery: Delivery) -> list[dict[str, str]]:
        return [{"code": flag.get("code", ""), "message": flags.message(flag)} for flag in delivery.flags or []]

    def get_client_name(self, delivery: Delivery) -> str:
        return f"{delivery.client.first_name} {delivery.client.last_name}"

    @extend_schema_field(ConfirmationSerializer(allow_null=True))
    def get_confirmation(self, delivery: Delivery) -> dict[str, Any] | None:
        if not delivery.confirmation_kind:
            return None
        shown: dict[str, Any] = {
            "kind": delivery.confirmation_kind,
            "confirmed_by_client_at": DateTimeField().to_representation(delivery.confirmed_by_client_at)
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
    flagged = django_filters.BooleanFilter(
        field_name="flagged", label=gettext_lazy("Flagged as unusual and not yet resolved")
    )

    class Meta:
        model = Delivery
        fields = ["client", "provider", "planned_service", "month", "status", "outcome", "date_from", "date_to",
                  "flagged"]


SELECTION_FILTERS = ("client", "provider", "planned_service", "month", "status", "outcome", "date_from", "date_to",
                     "flagged")


class ConfirmSelectionInputSerializer(serializers.Serializer):
    """The logs to confirm at once: a statement's, or those the list's filters select (the same names and values
    as its query parameters). Only logs of clients the user coordinates are matched."""

    statement = serializers.UUIDField(
        required=False, help_text=gettext_lazy("The logs of this statement's month (instead of the filters).")
    )
    client = serializers.UUIDField(required=False)
    provider = serializers.UUIDField(required=False)
    planned_service = serializers.UUIDField(required=False)
    month = serializers.CharField(required=False, help_text=gettext_lazy("YYYY-MM"))
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    date_from = DateField(required=False)
    date_to = DateField(required=False)
    flagged = serializers.BooleanField(required=False, allow_null=True, default=None)
    dry_run = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Only count what would be confirmed; nothing is written.")
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConfirmSelectionResultSerializer(serializers.Serializer):
    matched = serializers.IntegerField(
        help_text=gettext_lazy("Logs of the selection not confirmed yet that the user may confirm.")
    )
    confirmed = serializers.IntegerField(help_text=gettext_lazy("Confirmed now (with dry_run: would be)."))
    skipped_flagged = serializers.IntegerField(
        help_text=gettext_lazy("Flagged logs left to confirm one by one, with a reason.")
    )
    skipped_disputed = serializers.IntegerField(help_text=gettext_lazy("Disputed logs left for the coordinator."))


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    idempotency.HEADER, {"type": "string", "maxLength": idempotency.MAX_KEY_LENGTH}, OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy("A key of the client's choosing: a retry with the same key returns the first result."),
)


@extend_schema_view(
    partial_update=extend_schema(
        request=DeliveryPatchSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer}
    ),
)
class DeliveryViewSet(ScopedViewSet):
    """Delivered-service logs: provider staff log and correct them, the client's coordinator confirms (and corrects)
    them."""

    queryset = Delivery.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.deliveries_for  # reads: every role, scoped there (a role with no part in them sees none)
    export_name = "deliveries"  # CSV/XLSX with the list's filters (cus.api.exports)
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    write_perm = Perm.LOG_DELIVERIES
    action_perms = {
        "confirm": Perm.CONFIRM_DELIVERIES, "dispute": Perm.CONFIRM_DELIVERIES,
        "confirm_selection": Perm.CONFIRM_DELIVERIES,
        # provider staff, or the client's coordinator (the service tells them apart)
        "correct": (Perm.LOG_DELIVERIES, Perm.CONFIRM_DELIVERIES),
    }
    serializer_class = DeliverySerializer
    write_serializer_class = DeliveryInputSerializer
    update_serializer_class = DeliveryPatchSerializer
    update_service = services.update_delivery
    instance_name = "delivery"
    filterset_class = DeliveryFilter
    ordering_fields = ["date"]
    search_fields: list[str] = []

    def _reason(self) -> str:
        return str(self.parsed(DeliveryReasonSerializer).get("reason", ""))

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
        # A retry (the same Idempotency-Key or client_uuid) answers 200 with the first result. No docstring: the
        # schema shows the viewset's.
        data = services.DeliveryInput(**self.parsed(DeliveryInputSerializer))
        delivery, created = services.log_delivery(
            actor=self.actor, data=data, idempotency_key=request.headers.get(idempotency.HEADER)
        )
        return self.rendered(delivery, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def handle_exception(self, exc: Exception) -> Response:
        """A bulk request refused before its rows are read (a body that is not JSON, a bad Idempotency-Key)
        answers in the bulk shape too (BulkError: detail, code, no rows), as its schema says."""
        response = super().handle_exception(exc)
        data = response.data
        if self.action == "bulk" and response.status_code == 400 and isinstance(data, dict) and "rows" not in data:
            detail = data.get("detail")
            messages = [str(detail)] if isinstance(detail, str) else [
                f"{name}: {message}" for name, values in flat_errors(data).items() for message in values
            ]
            response.data = {"detail": " ".join(messages) or _("The request is not valid."),
                             "code": str(data.get("code") or "invalid"), "rows": []}
        return response

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
        # A request refused as a whole answers as the rows' errors do (BulkError), with no rows.
        if not isinstance(request.data, list):
            raise services.RowErrors(_("Send a list of deliveries."), code="invalid", rows=[])
        if not request.data:
            raise services.RowErrors(_("Send at least one delivery."), code="invalid", rows=[])
        if len(request.data) > services.MAX_BULK_ROWS:
            raise services.RowErrors(
                _("Send at most %(max)d deliveries at once.") % {"max": services.MAX_BULK_ROWS}, code="invalid", rows=[]
            )
        if len((request.headers.get(idempotency.HEADER) or "").strip()) > idempotency.MAX_KEY_LENGTH:
            raise services.RowErrors(
                _("The key may have at most %(max)d characters.") % {"max": idempotency.MAX_KEY_LENGTH},
                code="invalid_key", rows=[],
            )
        rows: list[services.RowInput] = []
        for item in request.data:
            if not isinstance(item, dict):
                rows.append({"non_field_errors": [_("Each delivery must be an object.")]})
                continue
            serializer = DeliveryInputSerializer(data=item)
            rows.append(serializer.to_input() if serializer.is_valid() else serializer.errors)
        deliveries, created = services.log_deliveries(
            actor=self.actor, rows=rows, idempotency_key=request.headers.get(idempotency.HEADER)
        )
        return self.rendered_many(deliveries, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """The client's coordinator confirms the log."""
        delivery = services.confirm_delivery(actor=self.actor, delivery=self.get_object(), reason=self._reason())
        return self.rendered(delivery)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str | None = None) -> Response:
        """The client's coordinator disputes the log; a reason is required."""
        delivery = services.dispute_delivery(actor=self.actor, delivery=self.get_object(), reason=self._reason())
        return self.rendered(delivery)

    @extend_schema(
        request=ConfirmSelectionInputSerializer,
        responses={200: ConfirmSelectionResultSerializer, 409: DeliveryConflictSerializer},
    )
    @action(detail=False, methods=["post"], url_path="confirm-selection", filter_backends=[])
    def confirm_selection(self, request: Request) -> Response:
        """The client's coordinator confirms at once the logs of a statement or of the list's filters that are
        neither flagged nor disputed (those are counted and left); with dry_run, only the counts."""
        data = self.parsed(ConfirmSelectionInputSerializer)
        statement = None
        deliveries = None
        if data.get("statement") is not None:
            statement = selectors.statements_for(self.actor).filter(pk=data["statement"]).first()
            if statement is None:
                raise NotFoundError(_("Statement not found."), field="statement")
        else:
            sent = request.data if isinstance(request.data, dict) else {}
            filters = DeliveryFilter(
                data={name: sent[name] for name in SELECTION_FILTERS if sent.get(name) not in (None, "")},
                queryset=selectors.deliveries_for(self.actor),
            )
            if not filters.is_valid():
                raise serializers.ValidationError(filters.errors)
            deliveries = filters.qs
        result = services.confirm_selection(
            actor=self.actor, deliveries=deliveries, statement=statement, dry_run=data["dry_run"],
            reason=data.get("reason", ""),
        )
        return Response(ConfirmSelectionResultSerializer(result).data)

    @extend_schema(request=CorrectionSerializer, responses={201: DeliverySerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct a log of an approved month: a correcting entry, dated in an open month, replaces it."""
        changes = self.parsed(CorrectionSerializer)
        correction = services.correct_delivery(actor=self.actor, delivery=self.get_object(), **changes)
        return self.rendered(correction, status.HTTP_201_CREATED)


# --- monthly statements ---------------------------------------------------------------------------------


class StatementLogCountsSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()
    unconfirmed = serializers.IntegerField(help_text=gettext_lazy("Logged, not confirmed yet."))
    flagged = serializers.IntegerField(help_text=gettext_lazy("Flagged as unusual and not yet resolved."))
    disputed = serializers.IntegerField()


class StatementSerializer(ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    month = MonthField(read_only=True)
    total_units = serializers.SerializerMethodField()
    total_cost = serializers.SerializerMethodField()
    deliveries_count = serializers.SerializerMethodField()
    log_counts = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyStatement
        fields = [
            "id", "provider", "provider_name", "contract", "contract_number", "month", "status", "status_reason",
            "submitted_at", "submitted_by", "decided_at", "decided_by", "total_units", "total_cost",
            "deliveries_count", "log_counts", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(StatementLogCountsSerializer)
    def get_log_counts(self, statement: MonthlyStatement) -> dict[str, int]:
        return StatementLogCountsSerializer(selectors.statement_log_counts(statement)).data

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
    month = MonthFilter(field_name="month", on_month_field=True)
    status = django_filters.ChoiceFilter(choices=StatementStatus.choices)

    class Meta:
        model = MonthlyStatement
        fields = ["provider", "contract", "month", "status"]


class StatementViewSet(ScopedViewSet):
    """Providers' monthly statements: opened and submitted by provider staff, approved or returned by the centre."""

    queryset = MonthlyStatement.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.statements_for  # reads: every role, scoped there (a role with no part in them sees none)
    write_perm = Perm.LOG_DELIVERIES
    action_perms = {"approve": Perm.APPROVE_STATEMENTS, "return_": Perm.APPROVE_STATEMENTS}
    serializer_class = StatementSerializer
    write_serializer_class = StatementCreateSerializer
    filterset_class = StatementFilter
    ordering_fields = ["month"]
    search_fields: list[str] = []

    def paginate_queryset(self, queryset: Any) -> Any:
        """The page's statements with their months' figures, read in one query for the whole page."""
        page = super().paginate_queryset(queryset)
        return page if page is None else selectors.with_month_figures(page)

    def _reason(self) -> str:
        return str(self.parsed(DeliveryReasonSerializer).get("reason", ""))

    @extend_schema(
        request=StatementCreateSerializer,
        responses={
            201: StatementSerializer,
            200: OpenApiResponse(StatementSerializer, description=gettext_lazy("The statement already existed.")),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open (or get) the statement of the user's provider for a contract and month."""
        data = self.parsed(StatementCreateSerializer)
        statement, created = services.open_statement(actor=self.actor, contract_id=data["contract"], month=data["month"])
        return self.rendered(statement, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Provider staff submit a finished month; its totals are frozen."""
        statement = services.submit_statement(actor=self.actor, statement=self.get_object(), reason=self._reason())
        return self.rendered(statement)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """A manager or coordinator approves the statement; the month's logs are locked."""
        statement = services.approve_statement(actor=self.actor, statement=self.get_object(), reason=self._reason())
        return self.rendered(statement)

    @extend_schema(request=DeliveryReasonSerializer, responses={200: StatementSerializer, 409: DeliveryConflictSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """A manager or coordinator returns the statement to the provider; a reason is required."""
        statement = services.return_statement(actor=self.actor, statement=self.get_object(), reason=self._reason())
        return self.rendered(statement)


# --- a planned service's progress ----------------------------------------------------------------------

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


class PlannedServiceProgressViewSet(ScopedViewSet):
    """``planned-services/{id}/progress/``: what was delivered against the plan, a deliveries read (the plans app
    below knows nothing of deliveries). Registered on the planned services' prefix with no list or detail of its
    own: the planned services' endpoints are the plans app's."""

    queryset = PlannedService.objects.none()
    selector = plans_selectors.planned_services_for
    logs_client_reads = "plan__client"  # reads are in the client's access log (cus.core.reads)
    read_perm = (Perm.VIEW_PLANS, Perm.VIEW_ASSIGNED_SERVICES)
    reads = ()

    @extend_schema(responses=PlannedServiceProgressSerializer, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Per month of the service's period up to this month: units planned, delivered and the gap."""
        progress = selectors.progress_of(self.get_object(), self.actor)
        return Response(PlannedServiceProgressSerializer(progress).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("deliveries", DeliveryViewSet, basename="delivery")
    router.register("statements", StatementViewSet, basename="statement")
    router.register("planned-services", PlannedServiceProgressViewSet, basename="planned-service-progress")


# --- the centre's rules on logs ------------------------------------------------------------------------------


class DailyLimitSerializer(serializers.Serializer):
    service_type = serializers.UUIDField(source="service_type.pk")
    service_type_code = serializers.CharField(source="service_type.code")
    service_type_name = serializers.CharField(source="service_type.name")
    unit = serializers.CharField(source="service_type.unit")
    default_daily_limit = serializers.DecimalField(source="default", max_digits=6, decimal_places=2, allow_null=True)
    daily_limit = serializers.DecimalField(
        source="effective", max_digits=6, decimal_places=2, allow_null=True,
        help_text=gettext_lazy("The most units a client can get in a day; null: no limit beyond 24 hours."),
    )
    own = serializers.BooleanField(help_text=gettext_lazy("Whether the centre set its own limit."))


class LogRulesSerializer(serializers.Serializer):
    frequency_tolerance = serializers.IntegerField(
        min_value=0, max_value=500,
        help_text=gettext_lazy("Per cent above a planned service's frequency before a log is flagged."),
    )
    logs_need_confirmation = serializers.BooleanField(
        help_text=gettext_lazy("Whether coordinators confirm the providers' logs; when not, the undisputed, unflagged "
                               "logs of a statement are confirmed when it is submitted.")
    )
    auto_confirm_after_days = serializers.IntegerField(
        min_value=0, max_value=services.MAX_AUTO_CONFIRM_DAYS,
        help_text=gettext_lazy("Days after a statement's submission when its undisputed, unflagged logs are "
                               "confirmed automatically; 0: never."),
    )
    daily_limits = DailyLimitSerializer(many=True, read_only=True)


class LogRulesInputSerializer(serializers.Serializer):
    """Any of the rules; those not sent stay as they are."""

    frequency_tolerance = serializers.IntegerField(min_value=0, max_value=500, required=False)
    logs_need_confirmation = serializers.BooleanField(required=False)
    auto_confirm_after_days = serializers.IntegerField(
        min_value=0, max_value=services.MAX_AUTO_CONFIRM_DAYS, required=False
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DailyLimitInputSerializer(serializers.Serializer):
    daily_limit = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class _LogRulesBase(ActorMixin):
    """The rules on logs are the centre's managers' and administrators' (other roles: 404 to read, 403 to change,
    before a body is read)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.MANAGE_LOG_RULES):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                raise NotFoundError()
            raise NotAllowed()

    def answer(self) -> Response:
        return Response(LogRulesSerializer({
            "frequency_tolerance": self.actor.centre.log_frequency_tolerance,
            "logs_need_confirmation": self.actor.centre.logs_need_confirmation,
            "auto_confirm_after_days": self.actor.centre.auto_confirm_after_days,
            "daily_limits": selectors.daily_limits(self.actor),
        }).data)


class LogRulesView(_LogRulesBase):
    """When a service log is refused or flagged: the daily limits of the service types and the frequency
    tolerance."""

    serializer_class = LogRulesSerializer

    @extend_schema(responses=LogRulesSerializer, summary="The centre's rules on service logs")
    def get(self, request: Request) -> Response:
        return self.answer()

    @extend_schema(request=LogRulesInputSerializer, responses=LogRulesSerializer,
                   summary="Change how far above the plan a log may go before it is flagged, and how logs are "
                           "confirmed")
    def patch(self, request: Request) -> Response:
        serializer = LogRulesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reason = data.get("reason", "")
        if "frequency_tolerance" in data:
            services.set_frequency_tolerance(actor=self.actor, tolerance=data["frequency_tolerance"], reason=reason)
        if "logs_need_confirmation" in data or "auto_confirm_after_days" in data:
            services.set_confirmation_rules(
                actor=self.actor, logs_need_confirmation=data.get("logs_need_confirmation"),
                auto_confirm_after_days=data.get("auto_confirm_after_days"), reason=reason,
            )
        return self.answer()


class DailyLimitView(_LogRulesBase):
    """The centre's own daily limit of one service type (PUT), or back to the type's default (DELETE)."""

    serializer_class = DailyLimitInputSerializer

    def service_type(self, pk: Any) -> Any:
        found = next(
            (row.service_type for row in selectors.daily_limits(self.actor) if str(row.service_type.pk) == str(pk)),
            None,
        )
        if found is None:
            raise NotFoundError()
        return found

    @extend_schema(request=DailyLimitInputSerializer, responses=LogRulesSerializer,
                   summary="Set the centre's daily limit of a service type")
    def put(self, request: Request, service_type: Any) -> Response:
        found = self.service_type(service_type)
        serializer = DailyLimitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_daily_limit(
            actor=self.actor, service_type=found, daily_limit=serializer.validated_data["daily_limit"],
            reason=serializer.validated_data.get("reason", ""),
        )
        return self.answer()

    @extend_schema(responses={200: LogRulesSerializer}, summary="Back to the service type's default daily limit")
    def delete(self, request: Request, service_type: Any) -> Response:
        services.reset_daily_limit(actor=self.actor, service_type=self.service_type(service_type))
        return self.answer()
