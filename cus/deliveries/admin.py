"""Django admin for delivery logs and monthly statements, with history. A delivery log is a client's record: opening
one is written to the client's access log, and the list names the client only by the case reference, without the
service type (``cus.clients.admin``)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cus.clients.admin import ClientRecordAdmin, client_reference

from .models import Delivery, MonthlyStatement


@admin.register(Delivery)
class DeliveryAdmin(ClientRecordAdmin):
    list_display = ["date", "start_time", "provider", client_reference("client"), "units", "cost", "outcome", "status"]
    list_filter = ["status", "outcome", "centre", "provider"]
    list_select_related = ["provider", "client"]
    search_fields = ["worker_name", "client__reference"]
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
