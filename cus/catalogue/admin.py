"""Django admin for the catalogue, with the change history of every row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Location, Offering, Provider, ServiceType
from .services import PROVIDER_FIELDS
from .tax_id import validate_tax_id


@admin.register(ServiceType)
class ServiceTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "category", "unit", "delivery_form", "centre", "active", "sort_order"]
    list_filter = ["category", "unit", "delivery_form", "active", "centre"]
    search_fields = ["code", "name_en", "name_pl", "name_cs", "name_sl"]
    ordering = ["sort_order", "code"]

    def get_readonly_fields(self, request: HttpRequest, obj: ServiceType | None = None) -> Any:
        # Shipped types come from cus/catalogue/taxonomy.py; an edit here would be overwritten by the next sync.
        if obj is not None and obj.centre_id is None:
            return [field.name for field in ServiceType._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ServiceType | None = None) -> bool:
        if obj is not None and obj.centre_id is None:
            return False
        return super().has_delete_permission(request, obj)


class ProviderAdminForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["centre", *PROVIDER_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tax_id = (data.get("tax_id") or "").strip()
        country = data.get("tax_id_country") or ""
        if tax_id and not country:
            self.add_error("tax_id_country", ValidationError(_("Choose the country of the tax ID.")))
        elif tax_id:
            try:
                data["tax_id"] = validate_tax_id(country, tax_id)
            except ValidationError as exc:
                self.add_error("tax_id", exc)
        return data


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    form = ProviderAdminForm
    list_display = ["name", "legal_form", "tax_id", "municipality", "centre", "is_public", "is_active"]
    list_filter = ["legal_form", "is_public", "is_active", "centre"]
    search_fields = ["name", "tax_id", "municipality"]

    def has_delete_permission(self, request: HttpRequest, obj: Provider | None = None) -> bool:
        return False  # providers are deactivated, never deleted: contracts and deliveries point at them


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "provider", "municipality", "area", "centre", "is_public"]
    list_filter = ["is_public", "centre"]
    search_fields = ["name", "street", "municipality", "area", "provider__name"]
    list_select_related = ["provider", "centre"]
    readonly_fields = ["hsds_id"]


@admin.register(Offering)
class OfferingAdmin(SimpleHistoryAdmin):
    list_display = ["provider", "service_type", "delivery_form", "capacity", "cost", "centre", "is_public", "is_active"]
    list_filter = ["service_type__category", "is_public", "is_active", "centre"]
    search_fields = ["provider__name", "service_type__code", "service_type__name_en"]
    list_select_related = ["provider", "service_type", "centre"]
    filter_horizontal = ["locations"]
    readonly_fields = ["hsds_id"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    """Published contact points of providers (HSDS contacts); only public ones of public records are shown."""

    list_display = ["__str__", "provider", "offering", "location", "email", "phone", "centre", "is_public"]
    list_filter = ["is_public", "centre"]
    search_fields = ["name", "department", "email", "phone", "provider__name"]
    list_select_related = ["provider", "offering__service_type", "offering__provider", "location", "centre"]
    raw_id_fields = ["provider", "offering", "location"]
    readonly_fields = ["hsds_id"]
