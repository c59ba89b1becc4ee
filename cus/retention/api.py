"""Subject rights and retention endpoints (thin: parse, call a service or selector, render).

subject-exports/ (POST starts a copy: 202; {id}/download/ the ZIP), erasure-requests/ (+ {id}/decide/),
legal-holds/ (+ {id}/release/), retention-rules/ (PATCH, + {id}/reset/), disposal-log/ (+ dry-run/).
A client is named by its id (``client``) or its case reference (``client_reference``), as a letter from the
person gives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.fields import DateField
from cus.api.serializers import ScopedWriteSerializer
from cus.api.views import ScopedViewSet
from cus.clients.models import Client
from cus.core.access import Perm, can
from cus.core.client_address import client_ip
from cus.core.dates import centre_today
from cus.core.errors import ValidationError
from cus.core.models import TaskRunStatus

from . import selectors, services
from .models import (
    DisposalCategory,
    DisposalLog,
    ErasureChannel,
    ErasureRequest,
    LegalHold,
    RefusalReason,
    RetentionRule,
    SubjectAccessExport,
)


def _origin(request: Request) -> dict[str, Any]:
    """Where a read came from, for the client's access log."""
    return {
        "path": request.get_full_path(),
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


class ClientRefMixin(serializers.Serializer):
    """Who the record is about: ``client`` (its id) or ``client_reference`` (its case reference)."""

    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.none(), required=False)
    client_reference = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        reference = attrs.pop("client_reference", "").strip()
        if attrs.get("client") is None:
            if not reference:
                raise ValidationError({"client": _("Name the client (or give the case reference).")})
            actor = self.context.get("actor")
            found = selectors.subjects_for(actor).filter(reference__iexact=reference).first() if actor else None
            if found is None:
                raise ValidationError({"client_reference": _("No client of the centre has this case reference.")})
            attrs["client"] = found
        return attrs


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


# --- subject-access copies --------------------------------------------------------------------------------------


class SubjectExportSerializer(serializers.ModelSerializer):
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    requested_by = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=TaskRunStatus.choices, source="task_run.status", read_only=True)
    message = serializers.CharField(source="task_run.message", read_only=True)
    finished_at = serializers.DateTimeField(source="task_run.finished_at", read_only=True, allow_null=True)
    available = serializers.SerializerMethodField(help_text=_("Ready, not expired, and the reader may download it."))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SubjectAccessExport
        fields = ["id", "client", "client_reference", "client_name", "requested_by", "language", "status",
                  "progress", "message", "size", "sha256", "created_at", "finished_at", "expires_at",
                  "downloaded_at", "download_count", "purged_at", "available", "download_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_requested_by(self, export: SubjectAccessExport) -> str:
        return _name(export.requested_by)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_available(self, export: SubjectAccessExport) -> bool:
        actor = self.context.get("actor")
        if actor is None or export.status != "done" or export.purged_at is not None:
            return False
        if export.expires_at is not None and export.expires_at <= timezone.now():
            return False
        return export.requested_by_id == actor.user.pk or can(actor, Perm.DELIVER_SUBJECT_EXPORTS)

    @extend_schema_field(OpenApiTypes.STR)
    def get_download_url(self, export: SubjectAccessExport) -> str:
        return reverse("subject-export-download", kwargs={"pk": export.pk})


class SubjectExportRequestSerializer(ClientRefMixin, ScopedWriteSerializer):
    related = {"client": selectors.subjects_for}


class SubjectExportFilter(django_filters.FilterSet):
    class Meta:
        model = SubjectAccessExport
        fields = ["client"]


class SubjectExportViewSet(ScopedViewSet):
    """Subject-access copies (GDPR Art. 15, 20): POST starts one for a client (202; the worker builds the ZIP,
    ``progress`` shows how far it is); ``download`` gives it to who requested it or the data-protection officer.
    The request and each download are written to the client's access log."""

    queryset = SubjectAccessExport.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.exports_for
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    client_read_actions = {**ScopedViewSet.client_read_actions, "download": ""}  # the service logs the export
    read_perm = Perm.VIEW_SUBJECT_RIGHTS
    write_perm = Perm.REQUEST_SUBJECT_EXPORT
    serializer_class = SubjectExportSerializer
    filterset_class = SubjectExportFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=SubjectExportRequestSerializer, responses={202: SubjectExportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parsed(SubjectExportRequestSerializer)
        export = services.request_export(actor=self.actor, client=data["client"], **_origin(request))
        return self.rendered(export, status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The ZIP.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        export, content = services.download_export(actor=self.actor, export=self.get_object(), **_origin(request))
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Content-Length"] = str(len(content))
        response["X-Content-SHA256"] = export.sha256
        response["Cache-Control"] = "no-store"
        return response


# --- erasure requests -------------------------------------------------------------------------------------------


class ErasureRequestSerializer(serializers.ModelSerializer):
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    client_status = serializers.CharField(source="client.status", read_only=True)
    recorded_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    client_anonymised = serializers.SerializerMethodField()
    client_on_hold = serializers.SerializerMethodField()
    # Empty until the request is refused (a read-only model field would lose allow_blank, and the schema would
    # promise one of the reasons on every request).
    refusal_reason = serializers.ChoiceField(choices=RefusalReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ErasureRequest
        fields = ["id", "client", "client_reference", "client_name", "client_status", "received_on", "channel",
                  "note", "recorded_by", "status", "refusal_reason", "explanation", "decided_by", "decided_at",
                  "created_at", "client_anonymised", "client_on_hold"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_recorded_by(self, request: ErasureRequest) -> str:
        return _name(request.recorded_by)

    @extend_schema_field(OpenApiTypes.STR)
    def get_decided_by(self, request: ErasureRequest) -> str:
        return _name(request.decided_by)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_client_anonymised(self, request: ErasureRequest) -> bool:
        return selectors.is_anonymised(request.client)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_client_on_hold(self, request: ErasureRequest) -> bool:
        return selectors.has_active_hold(request.client)


class ErasureRequestWriteSerializer(ClientRefMixin, ScopedWriteSerializer):
    related = {"client": selectors.subjects_for}
    received_on = DateField()
    channel = serializers.ChoiceField(choices=ErasureChannel.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ErasureDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("carry_out", _("Carry out: anonymise now")), ("refuse", _("Refuse with the legal reason"))]
    )
    refusal_reason = serializers.ChoiceField(choices=RefusalReason.choices, required=False, allow_blank=True,
                                             default="")
    explanation = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ErasureRequestFilter(django_filters.FilterSet):
    class Meta:
        model = ErasureRequest
        fields = ["client", "status"]


class ErasureRequestViewSet(ScopedViewSet):
    """Erasure requests (GDPR Art. 17) and their decisions: carried out (the client is anonymised at once) or
    refused with the legal reason; who decided and when."""

    queryset = ErasureRequest.objects.none()
    selector = selectors.erasure_requests_for
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    read_perm = Perm.VIEW_SUBJECT_RIGHTS
    write_perm = Perm.RECORD_ERASURE_REQUESTS
    action_perms = {"decide": Perm.DECIDE_ERASURE}
    serializer_class = ErasureRequestSerializer
    write_serializer_class = ErasureRequestWriteSerializer
    create_service = services.record_erasure_request
    filterset_class = ErasureRequestFilter
    ordering_fields = ["received_on", "created_at", "decided_at"]
    ordering = ["-received_on", "-created_at"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=ErasureDecisionSerializer, responses=ErasureRequestSerializer,
                   summary="Pending -> carried out (anonymised) or refused")
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        erasure = self.get_object()
        data = self.parsed(ErasureDecisionSerializer)
        return self.rendered(services.decide_erasure(actor=self.actor, request=erasure, **data))


# --- legal holds ------------------------------------------------------------------------------------------------


class LegalHoldSerializer(serializers.ModelSerializer):
    client_reference = serializers.CharField(source="client.reference", read_only=True)
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    placed_by = serializers.SerializerMethodField()
    released_by = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = LegalHold
        fields = ["id", "client", "client_reference", "client_name", "reason", "placed_by", "created_at",
                  "is_active", "released_at", "released_by", "release_reason"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_placed_by(self, hold: LegalHold) -> str:
        return _name(hold.placed_by)

    @extend_schema_field(OpenApiTypes.STR)
    def get_released_by(self, hold: LegalHold) -> str:
        return _name(hold.released_by)


class LegalHoldWriteSerializer(ClientRefMixin, ScopedWriteSerializer):
    related = {"client": selectors.subjects_for}
    reason = serializers.CharField(max_length=4000, allow_blank=True)


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, allow_blank=True, help_text=_("Why the hold ends (required)."))


class LegalHoldFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(field_name="released_at", lookup_expr="isnull", label=_("in force"))

    class Meta:
        model = LegalHold
        fields = ["client"]


class LegalHoldViewSet(ScopedViewSet):
    """Legal holds: while one is in force on a client, nothing of the client's records is disposed of."""

    queryset = LegalHold.objects.none()
    selector = selectors.holds_for
    logs_client_reads = "client"  # reads are in the client's access log (cus.core.reads)
    read_perm = (Perm.VIEW_RETENTION, Perm.VIEW_SUBJECT_RIGHTS)
    write_perm = Perm.MANAGE_LEGAL_HOLDS
    serializer_class = LegalHoldSerializer
    write_serializer_class = LegalHoldWriteSerializer
    create_service = services.place_hold
    filterset_class = LegalHoldFilter
    ordering_fields = ["created_at", "released_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=ReleaseSerializer, responses=LegalHoldSerializer, summary="In force -> released")
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        hold = self.get_object()
        reason = self.parsed(ReleaseSerializer)["reason"]
        return self.rendered(services.release_hold(actor=self.actor, hold=hold, reason=reason))


# --- retention rules --------------------------------------------------------------------------------------------


class RetentionRuleSerializer(serializers.ModelSerializer):
    shorter_than_default = serializers.SerializerMethodField(
        help_text=_("The centre keeps this category for less time than its country's default.")
    )
    default_years = serializers.SerializerMethodField()
    default_keep_until = serializers.SerializerMethodField()
    default_legal_basis = serializers.SerializerMethodField()

    class Meta:
        model = RetentionRule
        fields = ["id", "category", "years", "keep_until", "legal_basis", "is_customised", "shorter_than_default",
                  "default_years", "default_keep_until", "default_legal_basis", "updated_at"]
        read_only_fields = fields

    def _default(self, rule: RetentionRule) -> RetentionRule:
        return selectors.default_for(rule.centre, rule.category)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_shorter_than_default(self, rule: RetentionRule) -> bool:
        return selectors.is_shorter_than_default(rule)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_default_years(self, rule: RetentionRule) -> int | None:
        return self._default(rule).years

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_default_keep_until(self, rule: RetentionRule) -> str | None:
        keep_until = self._default(rule).keep_until
        return keep_until.isoformat() if keep_until else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_default_legal_basis(self, rule: RetentionRule) -> str:
        return self._default(rule).legal_basis


class RetentionRuleWriteSerializer(serializers.Serializer):
    years = serializers.IntegerField(required=False, allow_null=True)
    keep_until = serializers.DateField(required=False, allow_null=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    change_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RetentionRuleViewSet(ScopedViewSet):
    """The centre's retention rules per record category, shipped as the country's defaults (see
    docs/retention.md); administrators change them (PATCH) or put one back to the default (``reset``)."""

    queryset = RetentionRule.objects.none()
    selector = selectors.rules_for
    read_perm = Perm.VIEW_RETENTION
    write_perm = Perm.MANAGE_RETENTION
    serializer_class = RetentionRuleSerializer
    write_serializer_class = RetentionRuleWriteSerializer
    update_service = services.update_rule
    instance_name = "rule"
    ordering = ["category"]
    pagination_class = None
    http_method_names = ["get", "patch", "post", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.ensure_rules(centre=self.actor.centre)  # the country's defaults, saved on first sight
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)  # type: ignore[arg-type]

    @extend_schema(request=None, responses=RetentionRuleSerializer, summary="Back to the country's default")
    @action(detail=True, methods=["post"])
    def reset(self, request: Request, pk: str | None = None) -> Response:
        return self.rendered(services.reset_rule(actor=self.actor, rule=self.get_object()))


# --- the disposal log and the dry run ---------------------------------------------------------------------------


class DisposalLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisposalLog
        fields = ["id", "category", "count", "rule_years", "rule_keep_until", "rule_days", "legal_basis", "at"]
        read_only_fields = fields


class DryRunItemSerializer(serializers.Serializer):
    client = serializers.UUIDField(source="client_id")
    reference = serializers.CharField()
    count = serializers.IntegerField()
    due_on = DateField()


class DryRunRuleSerializer(serializers.Serializer):
    years = serializers.IntegerField(allow_null=True)
    keep_until = serializers.DateField(allow_null=True)
    legal_basis = serializers.CharField()


class DryRunCategorySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=DisposalCategory.choices)
    count = serializers.IntegerField(help_text=_("Records that would be disposed of (all of them)."))
    rule = DryRunRuleSerializer(allow_null=True)
    items = DryRunItemSerializer(many=True, help_text=_("The first 200, soonest due first."))


class DryRunSerializer(serializers.Serializer):
    on = serializers.DateField(source="today")
    categories = DryRunCategorySerializer(many=True)
    held_count = serializers.IntegerField(help_text=_("Records due that a legal hold keeps."))
    held = DryRunItemSerializer(many=True)


class DryRunQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("The day to plan for (default: today)."))


class DisposalLogFilter(django_filters.FilterSet):
    class Meta:
        model = DisposalLog
        fields = ["category"]


class DisposalLogViewSet(ScopedViewSet):
    """The disposal log (what category, how many, under which rule, when; no personal data), and ``dry-run``:
    what the daily job would dispose of on a day, without changing anything."""

    queryset = DisposalLog.objects.none()
    selector = selectors.disposal_log_for
    read_perm = Perm.VIEW_RETENTION
    serializer_class = DisposalLogSerializer
    filterset_class = DisposalLogFilter
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]
    reads = ("list",)
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="The day to plan for (default: today).")],
        responses=DryRunSerializer, filters=False,
    )
    @action(detail=False, methods=["get"], url_path="dry-run", filter_backends=[], pagination_class=None)
    def dry_run(self, request: Request) -> Response:
        today = centre_today(self.actor.centre)
        on: dt.date = self.query(DryRunQuerySerializer).get("on") or today
        if on < today:
            raise ValidationError({"on": _("Plan for today or a later day.")})
        plan = selectors.disposal_plan(self.actor.centre, on)
        categories = [
            {
                "category": category.category,
                "count": category.count,
                "rule": category.rule,
                "items": category.items[: selectors.PLAN_ITEMS_SHOWN],
            }
            for category in plan.categories.values()
        ]
        data = {"today": plan.today, "categories": categories, "held_count": sum(i.count for i in plan.held),
                "held": plan.held[: selectors.PLAN_ITEMS_SHOWN]}
        return Response(DryRunSerializer(data).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("subject-exports", SubjectExportViewSet, basename="subject-export")
    router.register("erasure-requests", ErasureRequestViewSet, basename="erasure-request")
    router.register("legal-holds", LegalHoldViewSet, basename="legal-hold")
    router.register("retention-rules", RetentionRuleViewSet, basename="retention-rule")
    router.register("disposal-log", DisposalLogViewSet, basename="disposal-log")
