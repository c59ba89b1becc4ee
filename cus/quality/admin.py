"""Django admin for standards, surveys, survey links and evaluations, every change kept in the history.

The admin is for support and data repair; the rules (single-use links, final evaluations) live in services.
Survey answers and final evaluations are shown read-only here too. A client's survey answers and survey link are
the client's records: opening one is written to the client's access log (``cus.clients.admin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cus.clients.admin import LogsClientReads

from .models import (
    Criterion,
    EvaluationScore,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ("order", "text", "weight", "scale_min", "scale_max", "is_active")


class ScoreInline(ReadOnlyInline):
    model = EvaluationScore
    fields = ("criterion", "score", "weight", "scale_min", "scale_max", "note")


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ("name", "service_type", "centre", "is_active")
    list_filter = ("centre", "is_active")
    search_fields = ("name", "description")
    raw_id_fields = ("centre", "service_type")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CriterionInline,)


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ("text", "standard", "weight", "scale_min", "scale_max", "order", "is_active")
    list_filter = ("centre", "is_active")
    list_select_related = ("standard",)
    search_fields = ("text", "standard__name")
    raw_id_fields = ("centre", "standard")


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(LogsClientReads, ReadOnlyAdmin):
    client_path = "planned_service__plan__client"
    list_display = ("date", "provider", "service_type", "source", "overall")
    list_filter = ("centre", "source")
    list_select_related = ("provider", "service_type")
    date_hierarchy = "date"


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(LogsClientReads, ReadOnlyAdmin):
    client_path = "planned_service__plan__client"
    list_display = ("created_at", "provider", "expires_at", "used_at", "revoked_at")
    list_filter = ("centre",)
    list_select_related = ("provider",)
    exclude = ("token_hash",)


@admin.register(ProviderEvaluation)
class ProviderEvaluationAdmin(ReadOnlyAdmin):
    list_display = ("provider", "standard", "period_start", "period_end", "status", "weighted_score")
    list_filter = ("centre", "status")
    list_select_related = ("provider", "standard")
    inlines = (ScoreInline,)
