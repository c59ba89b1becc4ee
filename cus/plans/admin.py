"""Django admin for plans, goals, planned services and reviews, every change kept in the history.

The admin is for support and data repair; the rules (lifecycle, versions, assignment) live in services. A plan
and everything in it is a client's record: opening one is written to the client's access log, and the lists name
the client only by the case reference, without goals or service types (``cus.clients.admin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cus.clients.admin import ClientRecordAdmin, client_reference

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
class PlanAdmin(ClientRecordAdmin):
    list_display = (client_reference("client"), "coordinator", "status", "start_date", "end_date", "next_review_date",
                    "version")
    list_filter = ("centre", "status", "agreement_method")
    list_select_related = ("client", "coordinator")
    search_fields = ("client__reference", "coordinator__email")
    raw_id_fields = ("centre", "client", "coordinator")
    readonly_fields = ("version", "activated_at", "closed_at", "created_at", "updated_at")
    date_hierarchy = "start_date"
    inlines = (GoalInline, PlannedServiceInline)


@admin.register(Goal)
class GoalAdmin(ClientRecordAdmin):
    client_path = "plan__client"
    list_display = (client_reference("plan__client"), "status", "target_date")  # the goal itself: on its page
    list_filter = ("centre", "status")
    list_select_related = ("plan__client",)
    search_fields = ("plan__client__reference",)
    raw_id_fields = ("centre", "plan")
    readonly_fields = ("created_at", "updated_at")


@admin.register(PlannedService)
class PlannedServiceAdmin(ClientRecordAdmin):
    client_path = "plan__client"
    # Not the service type next to the client (care for a disability or an addiction says what the person has).
    list_display = (client_reference("plan__client"), "units", "per", "start_date", "end_date", "provider", "status")
    list_filter = ("centre", "status", "per")
    list_select_related = ("plan__client", "provider")
    search_fields = ("plan__client__reference", "provider__name")
    raw_id_fields = ("centre", "plan", "service_type", "contract_line", "provider")
    readonly_fields = ("waiting_since", "assigned_at", "created_at", "updated_at")


class GoalProgressInline(ReadOnlyInline):
    model = GoalProgress
    fields = ("goal", "status", "note")


@admin.register(Review)
class ReviewAdmin(ClientRecordAdmin):
    client_path = "plan__client"
    list_display = (client_reference("plan__client"), "date", "decision", "next_review_date", "reviewed_by")
    list_filter = ("centre", "decision")
    list_select_related = ("plan__client", "reviewed_by")
    search_fields = ("plan__client__reference",)
    raw_id_fields = ("centre", "plan", "reviewed_by")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
    inlines = (GoalProgressInline,)


@admin.register(GoalProgress)
class GoalProgressAdmin(ClientRecordAdmin):
    client_path = "review__plan__client"
    list_display = (client_reference("review__plan__client"), "status")
    list_filter = ("centre", "status")
    list_select_related = ("review__plan__client",)
    raw_id_fields = ("centre", "review", "goal")
    readonly_fields = ("created_at", "updated_at")
