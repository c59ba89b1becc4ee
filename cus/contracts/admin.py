"""Django admin for funding sources, contracts and their lines, every change kept in the history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, ContractLine, FundingSource


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "project_code", "centre", "start_date", "end_date", "is_active")
    list_filter = ("centre", "kind", "is_active")
    list_select_related = ("centre",)
    search_fields = ("name", "project_code", "funder")
    readonly_fields = ("created_at", "updated_at")


class ContractLineInline(admin.TabularInline):
    model = ContractLine
    extra = 0
    fields = ("service_type", "unit", "unit_price", "max_units", "budget", "monthly_capacity", "funding_source",
              "centre")
    raw_id_fields = ("service_type", "funding_source", "centre")


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ("number", "provider", "centre", "start_date", "end_date", "status", "funding_source")
    list_filter = ("centre", "status")
    list_select_related = ("provider", "centre", "funding_source")
    search_fields = ("number", "title", "provider__name")
    raw_id_fields = ("provider", "funding_source", "centre")
    readonly_fields = ("created_at", "updated_at")
    inlines = (ContractLineInline,)


@admin.register(ContractLine)
class ContractLineAdmin(SimpleHistoryAdmin):
    list_display = ("contract", "service_type", "unit", "unit_price", "max_units", "budget", "funding_source")
    list_filter = ("contract__centre", "unit")
    list_select_related = ("contract", "service_type", "funding_source")
    search_fields = ("contract__number", "service_type__code", "service_type__name_en")
    raw_id_fields = ("contract", "service_type", "funding_source", "centre")
    readonly_fields = ("created_at", "updated_at")
