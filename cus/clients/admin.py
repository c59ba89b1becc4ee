"""Django admin for the client registry: every model with history; the access log and the ESF+
participations (frozen snapshots, changed only through their services) read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    AssessmentArea,
    CaseReferenceCounter,
    Client,
    ClientAccessLog,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Participation,
    Referral,
)


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "last_name", "first_name", "birth_date", "status", "coordinator", "centre"]
    list_filter = ["centre", "status", "sex"]
    search_fields = ["reference", "first_name", "last_name", "national_id"]
    readonly_fields = ["reference", "created_at", "updated_at"]
    raw_id_fields = ["coordinator"]
    filter_horizontal = ["distinct_from"]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["client", "kind", "given_on", "valid_until", "withdrawn_on", "centre"]
    list_filter = ["centre", "kind"]
    search_fields = ["client__reference", "client__last_name"]
    raw_id_fields = ["client", "recorded_by"]


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "relation", "client", "is_emergency_contact", "is_legal_guardian", "centre"]
    list_filter = ["centre"]
    search_fields = ["name", "client__reference", "client__last_name"]
    raw_id_fields = ["client"]


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["client", "source", "date", "received_by", "centre"]
    list_filter = ["centre", "source"]
    search_fields = ["client__reference", "client__last_name", "source_name"]
    raw_id_fields = ["client", "received_by"]


class AssessmentAreaInline(admin.TabularInline):
    model = AssessmentArea
    extra = 0
    exclude = ["centre"]


class IdentifiedNeedInline(admin.TabularInline):
    model = IdentifiedNeed
    extra = 0
    exclude = ["centre"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["client", "date", "assessor", "status", "centre"]
    list_filter = ["centre", "status"]
    search_fields = ["client__reference", "client__last_name"]
    raw_id_fields = ["client", "assessor"]
    inlines = [AssessmentAreaInline, IdentifiedNeedInline]


@admin.register(AssessmentArea)
class AssessmentAreaAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "area", "score", "centre"]
    list_filter = ["centre", "area"]
    raw_id_fields = ["assessment"]


@admin.register(IdentifiedNeed)
class IdentifiedNeedAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "area", "service_type", "priority", "centre"]
    list_filter = ["centre", "area", "priority"]
    raw_id_fields = ["assessment"]


@admin.register(CaseReferenceCounter)
class CaseReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "last_number"]
    list_filter = ["centre", "year"]


@admin.register(ClientAccessLog)
class ClientAccessLogAdmin(admin.ModelAdmin):
    """Append-only: the log can be read here, never written or erased."""

    list_display = ["at", "client", "user", "role", "action", "ip_address", "centre"]
    list_filter = ["centre", "action", "role"]
    search_fields = ["client__reference", "user__email", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    """Read-only: the entry and exit snapshots are what the funder's reports counted; they change only through
    the services (start, end, follow-up), which stamp who and why."""

    list_display = ["client", "funding_source", "entry_date", "exit_date", "exit_reason", "centre"]
    list_filter = ["centre", "funding_source", "entry_sex", "exit_reason"]
    search_fields = ["client__reference", "client__last_name", "funding_source__project_code"]
    date_hierarchy = "entry_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
