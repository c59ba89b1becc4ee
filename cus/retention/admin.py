"""Django admin for retention, read-only for the platform operator: the centres' rules, the disposal log (no
personal data), and the requests and holds by client id only (the client's record is read, and logged, in the
clients' admin). Centres manage all of it in the web UI."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DisposalLog, ErasureRequest, LegalHold, RetentionRule, SubjectAccessExport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(ReadOnlyAdmin):
    list_display = ("category", "centre", "years", "keep_until", "is_customised", "updated_at")
    list_filter = ("centre", "category", "is_customised")
    list_select_related = ("centre",)


@admin.register(DisposalLog)
class DisposalLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "centre", "category", "count", "rule_years", "rule_keep_until", "rule_days")
    list_filter = ("centre", "category")
    list_select_related = ("centre",)
    date_hierarchy = "at"


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "centre", "client_id", "received_on", "status", "refusal_reason", "decided_at")
    list_filter = ("centre", "status", "refusal_reason")
    list_select_related = ("centre",)
    fields = ("centre", "client_id", "received_on", "channel", "status", "refusal_reason", "decided_at")
    readonly_fields = fields


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ("id", "centre", "client_id", "created_at", "released_at")
    list_filter = ("centre",)
    list_select_related = ("centre",)
    fields = ("centre", "client_id", "created_at", "released_at")
    readonly_fields = fields


@admin.register(SubjectAccessExport)
class SubjectAccessExportAdmin(ReadOnlyAdmin):
    list_display = ("id", "centre", "client_id", "created_at", "size", "expires_at", "download_count", "purged_at")
    list_filter = ("centre",)
    list_select_related = ("centre",)
    fields = ("centre", "client_id", "created_at", "size", "sha256", "expires_at", "downloaded_at", "download_count",
              "purged_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("content")
