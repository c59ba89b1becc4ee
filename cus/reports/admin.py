"""Django admin for reports: runs and their files read-only (snapshots never change); closed months with history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import MonthClose, ReportFile, ReportRun, ReportStatus


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ("format", "filename", "content_type", "size", "sha256")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("content")


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    """Report runs; the status, error message and finish time are the run's background job's."""

    list_display = ("__str__", "centre", "status", "is_closing", "cut_off_at", "requested_by", "finished_at")
    list_filter = ("centre", "kind", ("task_run__status", admin.ChoicesFieldListFilter), "is_closing")
    list_select_related = ("centre", "requested_by", "task_run")
    search_fields = ("id", "task_run__message")
    readonly_fields = ("status", "message", "finished_at")
    inlines = (ReportFileInline,)

    @admin.display(description=_("status"), ordering="task_run__status")
    def status(self, run: ReportRun) -> str:
        return str(ReportStatus(run.status).label)

    @admin.display(description=_("error message"))
    def message(self, run: ReportRun) -> str:
        return run.message

    @admin.display(description=_("finished at"), ordering="task_run__finished_at")
    def finished_at(self, run: ReportRun) -> Any:
        return run.finished_at


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    list_display = ("filename", "format", "centre", "size", "sha256")
    list_filter = ("format", "centre")
    list_select_related = ("centre",)
    search_fields = ("filename", "sha256")
    exclude = ("content",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("content")


@admin.register(MonthClose)
class MonthCloseAdmin(SimpleHistoryAdmin):
    """Closed months, read-only here: closing and re-opening go through the API, so each is checked and audited."""

    list_display = ("month", "centre", "status", "closed_at", "closed_by", "reopened_at", "reopened_by")
    list_filter = ("centre", "status")
    list_select_related = ("centre", "closed_by", "reopened_by")
    search_fields = ("reopen_reason",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
