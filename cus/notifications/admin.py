"""Django admin: notifications are read-only (rules and users write them); administrators set each centre's
reminder lead times and switch reminders on or off. The beat schedules are django-celery-beat's own admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Notification, ReminderSetting


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "centre", "created_at", "read_at", "emailed_at"]
    list_filter = ["centre", "kind"]
    search_fields = ["title", "recipient__email", "dedup_key"]
    list_select_related = ["recipient", "centre"]


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    """A centre without a setting for a kind uses the rule's default (cus.notifications.rules.DEFAULT_LEAD_DAYS)."""

    list_display = ["kind", "centre", "lead_days", "enabled"]
    list_editable = ["lead_days", "enabled"]
    list_filter = ["centre", "kind", "enabled"]
    list_select_related = ["centre"]
