"""Django admin for community planning, every change kept in the history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    CommunityPlan,
    Decision,
    FollowUp,
    Indicator,
    IndicatorValue,
    Measure,
    Meeting,
    Partner,
    Priority,
    RaisedNeed,
)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "centre", "contact_name", "is_active")
    list_filter = ("centre", "kind", "is_active")
    list_select_related = ("centre",)
    search_fields = ("name", "contact_name")
    raw_id_fields = ("provider", "centre")
    readonly_fields = ("created_at", "updated_at")


@admin.register(CommunityPlan)
class CommunityPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "centre", "start_date", "end_date", "status")
    list_filter = ("centre", "status")
    list_select_related = ("centre",)
    search_fields = ("title",)
    raw_id_fields = ("centre",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "plan")
    list_select_related = ("plan",)
    search_fields = ("code", "title")
    raw_id_fields = ("plan", "centre")


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "priority")
    list_select_related = ("priority",)
    search_fields = ("code", "title")
    raw_id_fields = ("priority", "centre")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "measure", "responsible_partner")
    list_select_related = ("measure", "responsible_partner")
    search_fields = ("code", "title")
    raw_id_fields = ("measure", "responsible_partner", "service_types", "centre")


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "activity", "kind", "period", "year", "target")
    list_filter = ("kind", "period")
    list_select_related = ("activity",)
    search_fields = ("name",)
    raw_id_fields = ("activity", "centre")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "date", "value", "recorded_by")
    list_select_related = ("indicator", "recorded_by")
    raw_id_fields = ("indicator", "recorded_by", "centre")


@admin.register(RaisedNeed)
class RaisedNeedAdmin(SimpleHistoryAdmin):
    list_display = ("description", "source", "service_type", "area", "raised_on", "is_open")
    list_filter = ("centre", "source", "is_open")
    list_select_related = ("service_type",)
    search_fields = ("description", "area")
    raw_id_fields = ("partner", "meeting", "service_type", "recorded_by", "centre")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ("text", "sort_order", "centre")
    raw_id_fields = ("centre",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "starts_at", "centre", "status")
    list_filter = ("centre", "status")
    list_select_related = ("centre",)
    search_fields = ("title", "agenda", "minutes")
    raw_id_fields = ("community_plan", "organiser", "partners", "staff", "centre")
    readonly_fields = ("created_at", "updated_at")
    inlines = (DecisionInline,)


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("description", "meeting", "owner", "owner_name", "due_date", "status")
    list_filter = ("centre", "status")
    list_select_related = ("meeting", "owner")
    search_fields = ("description", "owner_name")
    raw_id_fields = ("meeting", "decision", "owner", "partner", "completed_by", "centre")
