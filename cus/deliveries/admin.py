from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Delivery, MonthlyStatement


@admin.register(Delivery)
class DeliveryAdmin(SimpleHistoryAdmin):
    list_display = ["date", "start_time", "service_type", "provider", "client", "units", "cost", "outcome", "status"]
    list_filter = ["status", "outcome", "centre", "provider"]
    search_fields = ["worker_name", "client__last_name", "client__reference"]
    date_hierarchy = "date"
    raw_id_fields = [
        "planned_service", "client", "provider", "service_type", "contract_line", "funding_source", "corrects",
        "logged_by", "statement",
    ]
    readonly_fields = ["request_fingerprint"]


@admin.register(MonthlyStatement)
class MonthlyStatementAdmin(SimpleHistoryAdmin):
    list_display = ["month", "provider", "contract", "status", "total_units", "total_cost", "deliveries_count"]
    list_filter = ["status", "centre"]
    search_fields = ["provider__name", "contract__number"]
    raw_id_fields = ["provider", "contract", "submitted_by", "decided_by"]
