"""Django admin for the volunteer centre: every model, with its change history. A volunteer's assignment to a client
and the hours spent with them are the client's records: opening one is written to the client's access log
(``cus.clients.admin``); the lists name the client only by the case reference."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cus.clients.admin import ClientRecordAdmin, client_reference

from .models import ActivityType, Volunteer, VolunteerAgreement, VolunteerAssignment, VolunteerHours


@admin.register(Volunteer)
class VolunteerAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "centre", "email", "phone", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["centre"]
    raw_id_fields = ["user"]


@admin.register(VolunteerAgreement)
class VolunteerAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "volunteer", "start_date", "end_date", "insured", "signed_on"]
    list_filter = ["centre", "insured"]
    search_fields = ["number", "volunteer__first_name", "volunteer__last_name"]
    list_select_related = ["volunteer"]
    raw_id_fields = ["volunteer"]
    date_hierarchy = "start_date"


@admin.register(ActivityType)
class ActivityTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "centre", "hourly_rate", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["name"]
    list_select_related = ["centre"]


@admin.register(VolunteerAssignment)
class VolunteerAssignmentAdmin(ClientRecordAdmin):
    list_display = ["volunteer", "activity_type", client_reference("client"), "community_activity", "start_date",
                    "end_date", "is_active"]
    list_filter = ["centre", "is_active", "activity_type"]
    search_fields = ["volunteer__first_name", "volunteer__last_name", "community_activity"]
    list_select_related = ["volunteer", "activity_type", "client"]
    raw_id_fields = ["volunteer", "client"]


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(ClientRecordAdmin):
    list_display = ["date", "volunteer", "activity_type", "minutes", "status", "verified_by"]
    list_filter = ["centre", "status", "activity_type"]
    search_fields = ["volunteer__first_name", "volunteer__last_name", "note"]
    list_select_related = ["volunteer", "activity_type", "verified_by"]
    raw_id_fields = ["volunteer", "assignment", "client", "verified_by", "logged_by"]
    readonly_fields = ["client_uuid", "verified_at"]
    date_hierarchy = "date"
