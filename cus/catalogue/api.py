"""/api/v1/ service-types, providers, offerings, locations (thin: parse, call a service or selector, render).

Reads are open to everyone in the centre; writes go through ``cus.catalogue.services``, which decide
who may write what. Nothing is ever deleted: providers and offerings are deactivated instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.routers import DefaultRouter

from cus.api.serializers import ModelSerializer, ScopedModelWriteSerializer
from cus.api.views import PermSpec, ScopedViewSet
from cus.core.access import Perm
from cus.core.context import Actor
from cus.core.models import Country

from . import selectors, services
from .filters import ContactFilter, LocationFilter, OfferingFilter, ProviderFilter, ServiceTypeFilter
from .models import Contact, DeliveryForm, Location, Offering, Provider, ServiceType, TargetGroup


def request_language(request: Request, actor: Actor) -> str:
    """The language to render names in: the Accept-Language header's when sent, else the user's."""
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return translation.get_language() or settings.LANGUAGE_CODE
    return actor.user.language or actor.centre.language


def _plain(selector: Callable[[Actor], QuerySet[Any]]) -> Callable[[Actor], QuerySet[Any]]:
    """``selector`` without its prefetches: a lookup by id needs none."""
    return lambda actor: selector(actor).prefetch_related(None)


# Related fields of the inputs: each names only what the actor reads in the catalogue (ScopedRelations).
PROVIDERS = _plain(selectors.providers_for)
OFFERINGS = _plain(selectors.offerings_for)
LOCATIONS = selectors.locations_for


def _reason() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text=_("Why the change was made (kept in the history).")
    )


# --- serializers ----------------------------------------------------------------------------------------


class ServiceTypeNamesSerializer(serializers.Serializer):
    en = serializers.CharField(source="name_en")
    pl = serializers.CharField(source="name_pl")
    cs = serializers.CharField(source="name_cs")
    sl = serializers.CharField(source="name_sl")


class ServiceTypeSerializer(ModelSerializer):
    name = serializers.SerializerMethodField(help_text=_("In the request's language (Accept-Language, else the user's)."))
    names = ServiceTypeNamesSerializer(source="*", read_only=True)
    legal_refs = serializers.DictField(child=serializers.CharField(), help_text=_("Per country code."))
    is_shipped = serializers.SerializerMethodField()

    class Meta:
        model = ServiceType
        fields = ["id", "code", "name", "names", "category", "unit", "delivery_form", "legal_refs", "active",
                  "sort_order", "is_shipped"]
        read_only_fields = fields

    def get_name(self, service_type: ServiceType) -> str:
        return service_type.name_in(self.context.get("language"))

    def get_is_shipped(self, service_type: ServiceType) -> bool:
        return service_type.centre_id is None


class ServiceTypeInputSerializer(ModelSerializer):
    legal_refs = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    reason = _reason()

    class Meta:
        model = ServiceType
        fields = ["code", "name_en", "name_pl", "name_cs", "name_sl", "category", "unit", "delivery_form",
                  "legal_refs", "active", "sort_order", "reason"]


class LocationBriefSerializer(ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "municipality", "area"]
        read_only_fields = fields


_TEXT_PER_LANGUAGE = _("Text per language code, e.g. {\"pl\": \"…\", \"en\": \"…\"}.")


class ProviderSerializer(ModelSerializer):
    tax_id_country = serializers.ChoiceField(choices=Country.choices, allow_blank=True, read_only=True)
    address = serializers.SerializerMethodField()
    description = serializers.DictField(child=serializers.CharField(), help_text=_TEXT_PER_LANGUAGE)
    target_groups = serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices))
    languages = serializers.ListField(child=serializers.CharField(), help_text=_("ISO 639 language codes."))
    areas = serializers.ListField(child=serializers.CharField())
    locations = LocationBriefSerializer(many=True, read_only=True)
    service_types = serializers.SerializerMethodField(help_text=_("Codes of the service types of active offerings."))

    class Meta:
        model = Provider
        fields = ["id", "name", "legal_form", "tax_id", "tax_id_country", "address", "street", "postcode",
                  "municipality", "phone", "email", "website", "description", "target_groups", "languages",
                  "areas", "accessibility", "wheelchair_accessible", "is_public", "is_active", "locations",
                  "service_types", "revision", "created_at", "updated_at"]
        read_only_fields = fields

    def get_address(self, provider: Provider) -> str:
        town = " ".join(part for part in (provider.postcode, provider.municipality) if part)
        return ", ".join(part for part in (provider.street, town) if part)

    def get_service_types(self, provider: Provider) -> list[str]:
        offerings = getattr(provider, "active_offerings", None)
        if offerings is None:
            offerings = provider.offerings.filter(is_active=True).select_related("service_type")
        return sorted({offering.service_type.code for offering in offerings})


class ProviderInputSerializer(ModelSerializer):
    tax_id = serializers.CharField(
        required=False, allow_blank=True, max_length=40,
        help_text=_("PL NIP, CZ IČO or SI tax number; separators and the country prefix are accepted."),
    )
    tax_id_country = serializers.ChoiceField(
        choices=Country.choices, required=False, allow_blank=True, help_text=_("Default: the centre's country.")
    )
    description = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, help_text=_TEXT_PER_LANGUAGE
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, help_text=_("ISO 639 language codes.")
    )
    areas = serializers.ListField(child=serializers.CharField(max_length=120), required=False)
    reason = _reason()

    class Meta:
        model = Provider
        fields = ["name", "legal_form", "tax_id", "tax_id_country", "street", "postcode", "municipality", "phone",
                  "email", "website", "description", "target_groups", "languages", "areas", "accessibility",
                  "wheelchair_accessible", "is_public", "is_active", "reason"]


class LocationSerializer(ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Location
        fields = ["id", "provider", "provider_name", "name", "street", "postcode", "municipality", "area",
                  "latitude", "longitude", "accessibility", "wheelchair_accessible", "is_public", "created_at",
                  "updated_at"]
        read_only_fields = fields


class LocationInputSerializer(ScopedModelWriteSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none())
    reason = _reason()
    related = {"provider": PROVIDERS}

    class Meta:
        model = Location
        fields = ["provider", "name", "street", "postcode", "municipality", "area", "latitude", "longitude",
                  "accessibility", "wheelchair_accessible", "is_public", "reason"]


class ProviderContactSerializer(ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "provider", "provider_name", "offering", "location", "name", "title", "department", "email",
                  "phone", "is_public", "created_at", "updated_at"]
        read_only_fields = fields


class ProviderContactInputSerializer(ScopedModelWriteSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none())
    offering = serializers.PrimaryKeyRelatedField(
        queryset=Offering.objects.none(), required=False, allow_null=True,
        help_text=_("The provider's offering this is the contact for, if one."),
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.none(), required=False, allow_null=True,
        help_text=_("The provider's location this is the contact for, if one."),
    )
    reason = _reason()
    related = {"provider": PROVIDERS, "offering": OFFERINGS, "location": LOCATIONS}

    class Meta:
        model = Contact
        fields = ["provider", "offering", "location", "name", "title", "department", "email", "phone", "is_public",
                  "reason"]


class OfferingSerializer(ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_code = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.SerializerMethodField()
    delivery_form = serializers.ChoiceField(
        choices=DeliveryForm.choices, allow_blank=True, read_only=True, help_text=_("Empty: as the service type.")
    )
    description = serializers.DictField(child=serializers.CharField(), help_text=_TEXT_PER_LANGUAGE)
    target_groups = serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices))
    languages = serializers.ListField(child=serializers.CharField(), help_text=_("ISO 639 language codes."))
    locations = LocationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Offering
        fields = ["id", "provider", "provider_name", "service_type", "service_type_code", "service_type_name",
                  "name", "delivery_form", "description", "capacity", "locations", "schedule", "cost", "cost_note",
                  "target_groups", "languages", "is_public", "is_active", "created_at", "updated_at"]
        read_only_fields = fields

    def get_service_type_name(self, offering: Offering) -> str:
        return offering.service_type.name_in(self.context.get("language"))


class OfferingInputSerializer(ScopedModelWriteSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.none())
    service_type = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.none())
    locations = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.none(), many=True, required=False, help_text=_("Ids of the provider's locations."),
    )
    description = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, help_text=_TEXT_PER_LANGUAGE
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, help_text=_("ISO 639 language codes.")
    )
    reason = _reason()
    related = {"provider": PROVIDERS, "service_type": selectors.service_types_for, "locations": LOCATIONS}

    class Meta:
        model = Offering
        fields = ["provider", "service_type", "name", "delivery_form", "description", "capacity", "locations",
                  "schedule", "cost", "cost_note", "target_groups", "languages", "is_public", "is_active", "reason"]


# --- views ----------------------------------------------------------------------------------------------


class CatalogueViewSet(ScopedViewSet):
    """List, read, create and change (PATCH); no DELETE anywhere in the catalogue."""

    read_perm = Perm.VIEW_CATALOGUE
    # Any of these lets a role write here at all; the services decide about each record.
    write_perm: ClassVar[PermSpec] = Perm.MANAGE_CATALOGUE

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "actor"):
            context["language"] = request_language(self.request, self.actor)
        return context



class ServiceTypeViewSet(CatalogueViewSet):
    """Shipped service types and the centre's own; admins add and change the centre's own."""

    open_to_outsiders = True  # partners' staff name the service type of a need they raise

    queryset = ServiceType.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.service_types_for
    write_perm = Perm.MANAGE_SERVICE_TYPES
    serializer_class = ServiceTypeSerializer
    write_serializer_class = ServiceTypeInputSerializer
    create_service = services.create_service_type
    update_service = services.update_service_type
    instance_name = "service_type"
    filterset_class = ServiceTypeFilter
    search_fields = ["code", "name_en", "name_pl", "name_cs", "name_sl"]
    ordering_fields = ["sort_order", "code", "name_en", "category"]

    def check_writable(self, record: ServiceType) -> None:
        services.require_editable_service_type(self.actor, record)


class ProviderViewSet(CatalogueViewSet):
    """The centre's providers; admins and managers register and change them (deactivate, never delete)."""

    queryset = Provider.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.providers_for
    serializer_class = ProviderSerializer
    write_serializer_class = ProviderInputSerializer
    create_service = services.create_provider
    update_service = services.update_provider
    instance_name = "provider"
    filterset_class = ProviderFilter
    search_fields = ["name", "tax_id", "municipality"]
    ordering_fields = ["name", "municipality", "created_at"]


class _OwnProviderWrites(CatalogueViewSet):
    """Offerings and locations: catalogue managers, and provider staff for their own provider."""

    write_perm = (Perm.MANAGE_CATALOGUE, Perm.EDIT_OWN_OFFERINGS)

    def check_writable(self, record: Location | Offering | Contact) -> None:
        services.require_offerings_editor(self.actor, record.provider)


class LocationViewSet(_OwnProviderWrites):
    queryset = Location.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.locations_for
    serializer_class = LocationSerializer
    write_serializer_class = LocationInputSerializer
    create_service = services.create_location
    update_service = services.update_location
    instance_name = "location"
    filterset_class = LocationFilter
    search_fields = ["name", "street", "municipality", "area"]
    ordering_fields = ["name", "municipality", "created_at"]


class OfferingViewSet(_OwnProviderWrites):
    queryset = Offering.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.offerings_for
    serializer_class = OfferingSerializer
    write_serializer_class = OfferingInputSerializer
    create_service = services.create_offering
    update_service = services.update_offering
    instance_name = "offering"
    filterset_class = OfferingFilter
    search_fields = ["provider__name", "service_type__code", "service_type__name_en", "service_type__name_pl",
                     "service_type__name_cs", "service_type__name_sl", "schedule"]
    ordering_fields = ["provider__name", "service_type__sort_order", "created_at"]


class ProviderContactViewSet(_OwnProviderWrites):
    """Contact points of providers published in the catalogue (HSDS contacts); not clients' contact persons."""

    queryset = Contact.objects.none()  # the model, for the schema; rows come from the selector
    selector = selectors.contacts_for
    serializer_class = ProviderContactSerializer
    write_serializer_class = ProviderContactInputSerializer
    create_service = services.create_contact
    update_service = services.update_contact
    instance_name = "contact"
    filterset_class = ContactFilter
    search_fields = ["name", "department", "email", "phone"]
    ordering_fields = ["name", "department", "created_at"]


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("service-types", ServiceTypeViewSet, basename="service-type")
    router.register("providers", ProviderViewSet, basename="provider")
    router.register("offerings", OfferingViewSet, basename="offering")
    router.register("locations", LocationViewSet, basename="location")
    router.register("provider-contacts", ProviderContactViewSet, basename="provider-contact")
