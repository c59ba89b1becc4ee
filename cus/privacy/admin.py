"""Django admin: the centres' processing purposes, read-only for the platform operator (each centre's administrator
changes them in the web UI, where the change gets a reason in the history)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import ProcessingPurpose


@admin.register(ProcessingPurpose)
class ProcessingPurposeAdmin(SimpleHistoryAdmin):
    list_display = ["purpose", "centre", "legal_basis", "updated_at"]
    list_filter = ["centre", "purpose", "legal_basis"]
    list_select_related = ["centre"]
    readonly_fields = ["centre", "purpose", "legal_basis", "legal_reference", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
