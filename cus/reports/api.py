"""reports/ (report runs, their figures and files) and month-closes/ (close and re-open a month): thin views."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ActorMixin
from cus.core.errors import NotFound

from . import selectors, services
from .models import MonthClose, ReportFile, ReportFormat, ReportKind, ReportRun

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> dt.date | None:
    match = MONTH.match(value)
    if not match or int(match[1]) < 1 or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"})
class MonthField(serializers.Field):
    """A month as ``YYYY-MM``, held as the date of its first day."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_internal_value(self, data: Any) -> dt.date:
        month = parse_month(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


@extend_schema_field(
    {"type": "string", "example": ReportKind.FUNDER_MONTHLY, "description": "One of: " + ", ".join(ReportKind.values)}
)
class ReportKindField(serializers.ChoiceField):
    """The report kind, without an enum component in the schema: a "kind" enum collides with other apps' kinds
    unless settings name it (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReportKind.choices, **kwargs)


def _validated(serializer: serializers.Serializer) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ValidationError({field: [str(m) for m in messages] for field, messages in serializer.errors.items()})
    return dict(serializer.validated_data)


# --- report runs -----------------------------------------------------------------------------------------------


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["format", "filename", "content_type", "size", "sha256", "url"]

    def get_url(self, file: ReportFile) -> str:
        path = reverse(f"report-{file.format}", kwargs={"pk": file.run_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportRunSerializer(serializers.ModelSerializer):
    kind = ReportKindField(read_only=True)
    month = MonthField()
    files = ReportFileSerializer(many=True, read_only=True)
    data = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=_("The figures (see the report's shape); null until done.")
    )
    requested_by = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = ["id", "kind", "month", "version", "status", "is_closing", "cut_off_at", "params", "data", "files",
                  "message", "requested_by", "created_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, run: ReportRun) -> dict[str, Any] | None:
        """The figures without the participant-level rows: those are only in the participants file."""
        if run.data is None:
            return None
        return {key: value for key, value in run.data.items() if key != "participant_rows"}

    @extend_schema_field(OpenApiTypes.STR)
    def get_requested_by(self, run: ReportRun) -> str:
        return run.requested_by.email if run.requested_by else ""


class ReportRunInputSerializer(serializers.Serializer):
    kind = ReportKindField(default=ReportKind.FUNDER_MONTHLY)
    month = MonthField()
    cut_off_at = serializers.DateTimeField(
        required=False, help_text=_("Recompute the figures as recorded at this time (default: when the run starts).")
    )


class ReportRunFilter(django_filters.FilterSet):
    month = django_filters.CharFilter(method="filter_month", label=_("month (YYYY-MM)"))

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "is_closing"]

    def filter_month(self, queryset: QuerySet[ReportRun], name: str, value: str) -> QuerySet[ReportRun]:
        month = parse_month(value)
        if month is None:
            raise ValidationError({"month": [_("Enter a month as YYYY-MM.")]})
        return queryset.filter(month=month)


def _file_response(file: ReportFile) -> HttpResponse:
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Content-Length"] = str(file.size)
    response["ETag"] = f'"{file.sha256}"'
    response["X-Content-SHA256"] = file.sha256
    return response


_FILE_SCHEMA = extend_schema(
    responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")}
)


class ReportRunViewSet(ActorMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Report runs: managers start them (202: the worker computes them) and download their files; admins read."""

    queryset = ReportRun.objects.none()  # for the schema; requests use get_queryset
    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilter
    search_fields = ["message"]
    ordering_fields = ["month", "version", "created_at"]
    ordering = ["-month", "-version"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ReportRun]:
        return selectors.runs_for(self.actor)

    @extend_schema(request=ReportRunInputSerializer, responses={202: ReportRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _validated(ReportRunInputSerializer(data=request.data))
        run = services.request_report(actor=self.actor, **data)
        fresh = self.get_queryset().get(pk=run.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, pk: str | None, file_format: str) -> HttpResponse:
        run = self.get_object()  # 404 for a run outside the actor's reach
        file = selectors.run_file(self.actor, run.pk, file_format)
        if file is None:
            raise NotFound(_("The report has no such file (yet)."))
        return _file_response(file)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.PDF)
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(pk, ReportFormat.PDF)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.XLSX)
    def xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(pk, ReportFormat.XLSX)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.CSV)
    def csv(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(pk, ReportFormat.CSV)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.PARTICIPANTS)
    def participants(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The pseudonymised participant-level CSV for funders."""
        return self._file(pk, ReportFormat.PARTICIPANTS)


# --- closed months ---------------------------------------------------------------------------------------------


class MonthCloseSerializer(serializers.ModelSerializer):
    month = MonthField()
    closed_by = serializers.SerializerMethodField()
    reopened_by = serializers.SerializerMethodField()

    class Meta:
        model = MonthClose
        fields = ["id", "month", "status", "closed_at", "closed_by", "closing_report", "reopened_at", "reopened_by",
                  "reopen_reason"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_closed_by(self, close: MonthClose) -> str:
        return close.closed_by.email

    @extend_schema_field(OpenApiTypes.STR)
    def get_reopened_by(self, close: MonthClose) -> str:
        return close.reopened_by.email if close.reopened_by else ""


class CloseMonthSerializer(serializers.Serializer):
    month = MonthField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Why the month is re-opened (required)."))


class MonthCloseFilter(django_filters.FilterSet):
    class Meta:
        model = MonthClose
        fields = ["status"]


class MonthCloseViewSet(ActorMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Closed months: POST closes a month (its statements approved) and starts its frozen closing report;
    ``reopen`` opens it again with a reason."""

    queryset = MonthClose.objects.none()  # for the schema; requests use get_queryset
    serializer_class = MonthCloseSerializer
    filterset_class = MonthCloseFilter
    search_fields = ["reopen_reason"]
    ordering_fields = ["month", "closed_at"]
    ordering = ["-month"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[MonthClose]:
        return selectors.closes_for(self.actor)

    @extend_schema(request=CloseMonthSerializer, responses={201: MonthCloseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _validated(CloseMonthSerializer(data=request.data))
        close = services.close_month(actor=self.actor, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=close.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReopenSerializer, responses=MonthCloseSerializer, summary="Closed -> re-opened (reason)")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        close = self.get_object()
        reason = str(_validated(ReopenSerializer(data=request.data))["reason"])
        close = services.reopen_month(actor=self.actor, month_close=close, reason=reason)
        return Response(self.get_serializer(self.get_queryset().get(pk=close.pk)).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("reports", ReportRunViewSet, basename="report")
    router.register("month-closes", MonthCloseViewSet, basename="month-close")

