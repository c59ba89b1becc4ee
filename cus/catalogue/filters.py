"""Query-string filters of the catalogue's list endpoints (django-filter), built on the selectors."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from . import selectors
from .models import Contact, Location, Offering, Provider, ServiceType, TargetGroup


class ServiceTypeFilter(filters.FilterSet):
    class Meta:
        model = ServiceType
        fields = ["category", "unit", "delivery_form", "active"]


class ProviderFilter(filters.FilterSet):
    service_type = filters.CharFilter(
        method="filter_service_type", label=_("Providers with an active offering of this service type (id or code)")
    )
    target_group = filters.ChoiceFilter(choices=TargetGroup.choices, method="filter_list_item")
    area = filters.CharFilter(method="filter_list_item", label=_("An area the provider serves"))
    language = filters.CharFilter(method="filter_list_item", label=_("A language the provider speaks (ISO 639)"))

    class Meta:
        model = Provider
        fields = ["legal_form", "is_public", "is_active"]

    def filter_service_type(self, queryset: QuerySet[Provider], name: str, value: str) -> QuerySet[Provider]:
        return selectors.with_active_offering_of(queryset, value)

    def filter_list_item(self, queryset: QuerySet[Provider], name: str, value: str) -> QuerySet[Provider]:
        field = {"target_group": "target_groups", "area": "areas", "language": "languages"}[name]
        return selectors.with_list_item(queryset, field, value)


class OfferingFilter(filters.FilterSet):
    provider = filters.UUIDFilter(field_name="provider_id")
    service_type = filters.CharFilter(method="filter_service_type", label=_("Service type (id or code)"))

    class Meta:
        model = Offering
        fields = ["provider", "service_type", "is_public", "is_active"]

    def filter_service_type(self, queryset: QuerySet[Offering], name: str, value: str) -> QuerySet[Offering]:
        return selectors.of_service_type(queryset, value)


class LocationFilter(filters.FilterSet):
    provider = filters.UUIDFilter(field_name="provider_id")

    class Meta:
        model = Location
        fields = ["provider", "is_public"]


class ContactFilter(filters.FilterSet):
    provider = filters.UUIDFilter(field_name="provider_id")
    offering = filters.UUIDFilter(field_name="offering_id")
    location = filters.UUIDFilter(field_name="location_id")

    class Meta:
        model = Contact
        fields = ["provider", "offering", "location", "is_public"]
