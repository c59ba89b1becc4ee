"""Django admin for plans, goals, planned services and reviews, every change kept in the history.

The admin is for support and data repair; the rules (lifecycle, versions, assignment) live in services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Goal, GoalProgress, Plan, PlannedService, Review


class ReadOnlyInline(admin.TabularInline):
    """Shows the rows under a record; each is added and changed on its own page (they need a centre)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ("description", "target_date", "status")


class PlannedServiceInline(ReadOnlyInline):
    model = PlannedService
    fields = ("service_type", "units", "per", "start_date", "end_date", "provider", "status")


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("client", "coordinator", "status", "start_date", "end_date", "next_review_date", "version")
    list_filter = ("centre", "status", "agreement_method")
    list_select_related = ("client", "coordinator")
    search_fields = ("client__first_name", "client__last_name", "client__reference", "coordinator__email")
    raw_id_fields = ("centre", "client", "coordinator")
    readonly_fields = ("version", "activated_at", "closed_at", "created_at", "updated_at")
    date_hierarchy = "start_date"
    inlines = (GoalInline, PlannedServiceInline)


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("description", "plan", "status", "target_date")
    list_filter = ("centre", "status")
    list_select_related = ("plan__client",)
    search_fields = ("description", "plan__client__last_name", "plan__client__reference")
    raw_id_fields = ("centre", "plan")
    readonly_fields = ("created_at", "updated_at")


@admin.register(PlannedService)
class PlannedServiceAdmin(SimpleHistoryAdmin):
    list_display = ("service_type", "plan", "units", "per", "start_date", "end_date", "provider", "status")
    list_filter = ("centre", "status", "per")
    list_select_related = ("service_type", "plan__client", "provider")
    search_fields = ("plan__client__last_name", "plan__client__reference", "provider__name", "service_type__code")
    raw_id_fields = ("centre", "plan", "service_type", "contract_line", "provider")
    readonly_fields = ("waiting_since", "assigned_at", "created_at", "updated_at")


class GoalProgressInline(ReadOnlyInline):
    model = GoalProgress
    fields = ("goal", "status", "note")


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "date", "decision", "satisfaction", "next_review_date", "reviewed_by")
    list_filter = ("centre", "decision")
    list_select_related = ("plan__client", "reviewed_by")
    search_fields = ("plan__client__last_name", "plan__client__reference")
    raw_id_fields = ("centre", "plan", "reviewed_by")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
    inlines = (GoalProgressInline,)


@admin.register(GoalProgress)
class GoalProgressAdmin(SimpleHistoryAdmin):
    list_display = ("goal", "review", "status")
    list_filter = ("centre", "status")
    list_select_related = ("goal", "review__plan__client")
    raw_id_fields = ("centre", "review", "goal")
    readonly_fields = ("created_at", "updated_at")
