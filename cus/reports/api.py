"""reports/ (report runs, their figures and files) and month-closes/ (close and re-open a month): thin views.

The figures' shape (``cus/reports/shape.py``) is published in the OpenAPI schema as the ``ReportData``
component and the ones it nests: serializers built here from the shape's TypedDicts, so the schema and the
computation cannot drift apart (a test validates a computed report against the published component).
"""

from __future__ import annotations

import builtins
import types
from typing import (
    Annotated,
    Any,
    NotRequired,
    Required,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)
from uuid import UUID

import django_filters
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api import exports
from cus.api.fields import DateTimeField, MonthField, MonthFilter
from cus.api.serializers import ModelSerializer
from cus.api.views import ActorMixin, ScopedViewSet
from cus.core.access import Perm, can
from cus.core.client_address import client_ip
from cus.core.dates import add_months, centre_today, first_of_month
from cus.core.errors import NotFound
from cus.core.reads import Origin, purpose_for

from . import list_exports, selectors, services
from .models import (
    ListExport,
    ListExportFormat,
    MonthClose,
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportRun,
    ReportStatus,
)
from .overview import ContractBurn, Overview
from .shape import PRIVATE_KEYS, Doc, ReportData


@extend_schema_field(
    {"type": "string", "example": ReportKind.FUNDER_MONTHLY, "description": "One of: " + ", ".join(ReportKind.values)}
)
class ReportKindField(serializers.ChoiceField):
    """The report kind, without an enum component in the schema: a "kind" enum collides with other apps' kinds
    unless settings name it (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReportKind.choices, **kwargs)


# --- the figures' shape as serializers (for the schema) ---------------------------------------------------------

_SHAPE_SERIALIZERS: dict[type, type[serializers.Serializer]] = {}


def _unwrapped(hint: Any, required: bool = True) -> tuple[Any, str, bool, bool]:
    """The type inside ``NotRequired[...]`` / ``Annotated[..., Doc]`` / ``... | None``, its description,
    whether it may be null and whether it is required (the shape's ``__required_keys__`` cannot tell when the
    annotations are strings)."""
    description, nullable = "", False
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            hint, *metadata = get_args(hint)
            description = next((str(m) for m in metadata if isinstance(m, Doc)), description)
        elif origin in (NotRequired, Required):
            hint, required = get_args(hint)[0], origin is Required
        elif origin in (Union, types.UnionType) and type(None) in get_args(hint):
            [hint] = [arg for arg in get_args(hint) if arg is not type(None)]  # X | None
            nullable = True
        else:
            return hint, description, nullable, required


def _shape_field(hint: Any, *, total: bool = True) -> serializers.Field:
    """The serializer field of one key of a shape (a TypedDict, a list or dict of them, or a JSON scalar)."""
    hint, description, nullable, required = _unwrapped(hint, total)
    kwargs: dict[str, Any] = {"required": required}
    if description:
        kwargs["help_text"] = description
    if nullable:
        kwargs["allow_null"] = True
    origin, args = get_origin(hint), get_args(hint)
    if is_typeddict(hint):
        return shape_serializer(hint)(**kwargs)
    if origin is list and is_typeddict(args[0]):
        return shape_serializer(args[0])(many=True, **kwargs)
    if origin is list:
        return serializers.ListField(child=_shape_field(args[0]), **kwargs)
    if origin is dict:
        return serializers.DictField(child=_shape_field(args[1]), **kwargs)
    scalars: dict[Any, Any] = {
        str: lambda: serializers.CharField(allow_blank=True, trim_whitespace=False, **kwargs),
        int: lambda: serializers.IntegerField(**kwargs),
        bool: lambda: serializers.BooleanField(**kwargs),
    }
    if hint not in scalars:
        raise TypeError(f"no serializer field for {hint!r} in the report's shape")
    return scalars[hint]()


def shape_serializer(shape: type) -> type[serializers.Serializer]:
    """A serializer of a TypedDict of ``shape.py`` (one class per TypedDict, so one schema component each,
    named ``Report<TypedDict>``); keys in ``PRIVATE_KEYS`` are left out."""
    if shape not in _SHAPE_SERIALIZERS:
        total = bool(getattr(shape, "__total__", True))
        fields = {
            key: _shape_field(hint, total=total)
            for key, hint in get_type_hints(shape, include_extras=True).items()
            if key not in PRIVATE_KEYS
        }
        name = shape.__name__ if shape.__name__.startswith("Report") else f"Report{shape.__name__}"
        attributes: dict[str, Any] = {**fields, "__module__": __name__, "__doc__": shape.__dict__.get("__doc__")}
        _SHAPE_SERIALIZERS[shape] = type(f"{name}Serializer", (serializers.Serializer,), attributes)
    return _SHAPE_SERIALIZERS[shape]


ReportDataSerializer = shape_serializer(ReportData)


# --- report runs -----------------------------------------------------------------------------------------------


class ReportFileSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["format", "filename", "content_type", "size", "sha256", "url"]

    def get_url(self, file: ReportFile) -> str:
        path = reverse(f"report-{file.format}", kwargs={"pk": file.run_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportRunSerializer(ModelSerializer):
    kind = ReportKindField(read_only=True)
    month = MonthField()
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    message = serializers.CharField(read_only=True, label=capfirst(_("error message")))
    files = ReportFileSerializer(many=True, read_only=True)
    data = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=_("The figures (see the report's shape); null until done.")
    )
    requested_by = serializers.SerializerMethodField()
    finished_at = DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ReportRun
        fields = ["id", "kind", "month", "version", "status", "is_closing", "cut_off_at", "params", "data", "files",
                  "message", "requested_by", "created_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(ReportDataSerializer(allow_null=True))
    def get_data(self, run: ReportRun) -> dict[str, Any] | None:
        """The figures as stored, without the participant-level rows: those are only in the participants file."""
        if run.data is None:
            return None
        return {key: value for key, value in run.data.items() if key not in PRIVATE_KEYS}

    @extend_schema_field(OpenApiTypes.STR)
    def get_requested_by(self, run: ReportRun) -> str:
        return run.requested_by.email if run.requested_by else ""


class ReportRunInputSerializer(serializers.Serializer):
    kind = ReportKindField(default=ReportKind.FUNDER_MONTHLY)
    month = MonthField()
    cut_off_at = DateTimeField(
        required=False, help_text=_("Recompute the figures as recorded at this time (default: when the run starts).")
    )


class ReportRunFilter(django_filters.FilterSet):
    month = MonthFilter(on_month_field=True)
    status = django_filters.ChoiceFilter(field_name="task_run__status", choices=ReportStatus.choices)

    class Meta:
        model = ReportRun
        fields = ["kind", "is_closing"]


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


class ReportRunViewSet(ScopedViewSet):
    """Report runs: managers start them (202: the worker computes them) and download their files; admins read."""

    queryset = ReportRun.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.runs_for  # roles without VIEW_REPORTS see no run (an empty list)
    write_perm = Perm.RUN_REPORTS
    serializer_class = ReportRunSerializer
    write_serializer_class = ReportRunInputSerializer
    filterset_class = ReportRunFilter
    search_fields = ["task_run__message"]
    ordering_fields = ["month", "version", "created_at"]
    ordering = ["-month", "-version"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=ReportRunInputSerializer, responses={202: ReportRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # 202 Accepted: the run is queued; the worker computes its figures and files.
        run = services.request_report(actor=self.actor, **self.parsed(ReportRunInputSerializer))
        return self.rendered(run, status.HTTP_202_ACCEPTED)

    def _file(self, file_format: str) -> HttpResponse:
        run = self.get_object()  # 404 for a run outside the actor's reach
        file = selectors.run_file(self.actor, run.pk, file_format)
        if file is None:
            raise NotFound(_("The report has no such file (yet)."))
        return _file_response(file)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.PDF)
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(ReportFormat.PDF)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.XLSX)
    def xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(ReportFormat.XLSX)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.CSV)
    def csv(self, request: Request, pk: str | None = None) -> HttpResponse:
        return self._file(ReportFormat.CSV)

    @_FILE_SCHEMA
    @action(detail=True, methods=["get"], url_name=ReportFormat.PARTICIPANTS)
    def participants(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The pseudonymised participant-level CSV for funders."""
        return self._file(ReportFormat.PARTICIPANTS)


# --- closed months ---------------------------------------------------------------------------------------------


class MonthCloseSerializer(ModelSerializer):
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


class BlockersQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text=_("The month (YYYY-MM) whose close is checked; default: last month."))


class MonthBlockerSerializer(serializers.Serializer):
    contract = serializers.UUIDField(source="contract_id")
    contract_number = serializers.CharField()
    provider = serializers.UUIDField(source="provider_id")
    provider_name = serializers.CharField()
    statement = serializers.UUIDField(source="statement_id", allow_null=True)
    status = serializers.CharField(
        help_text=_("The statement's status (open, submitted, returned), or \"missing\": logs without a statement.")
    )


class MonthCloseFilter(django_filters.FilterSet):
    class Meta:
        model = MonthClose
        fields = ["status"]


class MonthCloseViewSet(ScopedViewSet):
    """Closed months: POST closes a month (its statements approved) and starts its frozen closing report;
    ``reopen`` opens it again with a reason."""

    queryset = MonthClose.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.closes_for  # roles without VIEW_REPORTS see no closed month (an empty list)
    write_perm = Perm.CLOSE_MONTHS
    serializer_class = MonthCloseSerializer
    write_serializer_class = CloseMonthSerializer
    create_service = services.close_month
    filterset_class = MonthCloseFilter
    search_fields = ["reopen_reason"]
    ordering_fields = ["month", "closed_at"]
    ordering = ["-month"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        parameters=[BlockersQuerySerializer], responses=MonthBlockerSerializer(many=True),
        summary="What keeps a month from being closed",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def blockers(self, request: Request) -> Response:
        """The month's statements that are not approved, and contracts with logs in it but no statement: a close
        is refused until there are none."""
        month = self.parsed(BlockersQuerySerializer, data=request.query_params).get("month")
        if month is None:
            month = add_months(first_of_month(centre_today(self.actor.centre)), -1)
        found = selectors.blockers_for(self.actor, month)
        if found is None:
            raise NotFound()
        return Response(MonthBlockerSerializer(found, many=True).data)

    @extend_schema(request=ReopenSerializer, responses=MonthCloseSerializer, summary="Closed -> re-opened (reason)")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        close = self.get_object()
        reason = self.parsed(ReopenSerializer)["reason"]
        return self.rendered(services.reopen_month(actor=self.actor, month_close=close, reason=reason))


# --- the manager's overview ------------------------------------------------------------------------------------

OverviewSerializer = shape_serializer(Overview)


class OverviewView(ActorMixin):
    """The centre's last twelve months from the live records (``cus/reports/overview.py``): the manager's home.
    The roles that see reports (manager, administrator, auditor); others get 404."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not can(self.actor, Perm.VIEW_REPORTS):
            raise NotFound()

    @extend_schema(responses=OverviewSerializer, summary="The manager's overview of the last twelve months")
    def get(self, request: Request) -> Response:
        return Response(OverviewSerializer(selectors.overview_for(self.actor)).data)


ContractBurnSerializer = shape_serializer(ContractBurn)


class ContractBurnView(OverviewView):
    """One contract's spending month by month over its period, from the live records (the contract page's chart)."""

    @extend_schema(responses=ContractBurnSerializer, summary="A contract's spending month by month")
    def get(self, request: Request, pk: UUID) -> Response:  # type: ignore[override]
        burn = selectors.contract_burn_for(self.actor, pk)
        if burn is None:
            raise NotFound()
        return Response(ContractBurnSerializer(burn).data)


# --- exports of lists (CSV/XLSX) --------------------------------------------------------------------------------


class ListExportRequestSerializer(serializers.Serializer):
    list = serializers.CharField(max_length=40, help_text=_(
        "The list, e.g. clients, deliveries, waiting-list, contracts."
    ))
    format = serializers.ChoiceField(choices=ListExportFormat.choices)
    filters = serializers.DictField(
        required=False, default=dict,
        help_text=_("The list's query parameters (filters, search, ordering) as its screen sends them."),
    )

    def validate_list(self, value: str) -> str:
        if value not in exports.exportable_lists():
            raise serializers.ValidationError(gettext("This list cannot be exported."))
        return value

    def validate_filters(self, value: dict[str, Any]) -> dict[str, builtins.list[str]]:
        cleaned: dict[str, builtins.list[str]] = {}
        for key, given in value.items():
            if key in ("page", "page_size", "format"):
                continue  # an export holds every row, in its own format
            values = given if isinstance(given, list) else [given]
            if any(isinstance(item, dict | list) for item in values):
                raise serializers.ValidationError(gettext("Each filter is a value or a list of values."))
            cleaned[str(key)] = [
                "" if item is None else str(item).lower() if isinstance(item, bool) else str(item) for item in values
            ]
        return cleaned


class ListExportSerializer(ModelSerializer):
    # Its job's status, as text: an enum of the same values beside the report runs' would rename theirs.
    status = serializers.CharField(read_only=True, help_text=_("queued, running, done or failed"))
    message = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = ListExport
        fields = ["id", "list_name", "format", "filters", "status", "message", "rows_total", "rows_done", "filename",
                  "size", "expires_at", "purged_at", "created_at", "download"]
        read_only_fields = fields

    def get_message(self, export: ListExport) -> str:
        """Why the worker failed, when it did."""
        return export.task_run.message if export.task_run is not None else ""

    def get_download(self, export: ListExport) -> str | None:
        """Where the file is, while it is kept."""
        if export.status != ReportStatus.DONE or export.purged_at is not None:
            return None
        return reverse("list-export-file", kwargs={"pk": export.pk})


class ListExportViewSet(ScopedViewSet):
    """Your exports of lists as CSV or XLSX, with the filters the list's screen had: a small list is written at once
    (201), a large one by the worker (202; follow ``rows_done``); the file is kept for a few days. A role exports
    only a list it may read, and gets in the file what the list shows it; the clients on it are in their access
    logs as exported. Only who asked sees an export (others: 404)."""

    queryset = ListExport.objects.none()
    selector = list_exports.exports_of
    serializer_class = ListExportSerializer
    write_perm = None  # anyone who may read a list may export it: ``exports.open_list`` checks the list's permission

    @extend_schema(
        request=ListExportRequestSerializer,
        responses={
            201: OpenApiResponse(ListExportSerializer, description=_("Written at once: ready to download.")),
            202: OpenApiResponse(ListExportSerializer, description=_("Queued for the worker.")),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = self.parsed(ListExportRequestSerializer)
        list_name, format, filters = given["list"], given["format"], given["filters"]
        _view, queryset = exports.open_list(list_name, self.actor, filters)
        total = queryset.count()
        at_once = list_exports.written_at_once(total)  # or refused: too many rows
        origin = Origin(
            path=request.get_full_path(), ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""), purpose=purpose_for(self.actor.role, None),
        )
        if at_once:
            made = exports.make(list_name=list_name, actor=self.actor, filters=filters, format=format, origin=origin)
            export = list_exports.record_export(
                actor=self.actor, list_name=list_name, format=format, filters=filters, content=made.content,
                filename=made.filename, rows=made.rows,
            )
            return Response(self.get_serializer(export).data, status=status.HTTP_201_CREATED)
        export = list_exports.start_export(
            actor=self.actor, list_name=list_name, format=format, filters=filters, rows=total,
            params={
                "language": get_language() or settings.LANGUAGE_CODE, "path": origin.path,
                "ip_address": origin.ip_address, "user_agent": origin.user_agent, "purpose": origin.purpose,
            },
        )
        return Response(self.get_serializer(export).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def file(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The export's file (409 while it is being written, or once it was removed)."""
        export = self.get_object()
        response = HttpResponse(list_exports.content_of(export), content_type=exports.CONTENT_TYPES[export.format])
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("reports", ReportRunViewSet, basename="report")
    router.register("month-closes", MonthCloseViewSet, basename="month-close")
    router.register("list-exports", ListExportViewSet, basename="list-export")
