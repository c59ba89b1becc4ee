"""/api/v1/ service-types, providers, offerings, locations (thin: parse, call a service or selector, render).

Reads are open to everyone in the centre; writes go through ``cus.catalogue.services``, which decide
who may write what. Nothing is ever deleted: providers and offerings are deactivated instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from cus.api.views import ActorMixin
from cus.core.access import Perm, can
from cus.core.context import Actor
from cus.core.errors import NotAllowed
from cus.core.models import Country

from . import selectors, services
from .filters import ContactFilter, LocationFilter, OfferingFilter, ProviderFilter, ServiceTypeFilter
from .models import Contact, DeliveryForm, Location, Offering, Provider, ServiceType, TargetGroup


def request_language(request: Request, actor: Actor) -> str:
    """The language to render names in: the Accept-Language header's when sent, else the user's."""
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return translation.get_language() or settings.LANGUAGE_CODE
    return actor.user.language or actor.centre.language


class ActorScopedField(serializers.PrimaryKeyRelatedField):
    """A related object by id, looked up among those the actor may see: others "do not exist" (400)."""

    def __init__(self, *, selector: Callable[[Actor], QuerySet[Any]], **kwargs: Any) -> None:
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.selector(self.context["actor"])


def _plain(selector: Callable[[Actor], QuerySet[Any]]) -> Callable[[Actor], QuerySet[Any]]:
    """``selector`` without its prefetches: a lookup by id needs none."""
    return lambda actor: selector(actor).prefetch_related(None)


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


class ServiceTypeSerializer(serializers.ModelSerializer):
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


class ServiceTypeInputSerializer(serializers.ModelSerializer):
    legal_refs = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    reason = _reason()

    class Meta:
        model = ServiceType
        fields = ["code", "name_en", "name_pl", "name_cs", "name_sl", "category", "unit", "delivery_form",
                  "legal_refs", "active", "sort_order", "reason"]


class LocationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "municipality", "area"]
        read_only_fields = fields


_TEXT_PER_LANGUAGE = _("Text per language code, e.g. {\"pl\": \"…\", \"en\": \"…\"}.")


class ProviderSerializer(serializers.ModelSerializer):
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
                  "service_types", "created_at", "updated_at"]
        read_only_fields = fields

    def get_address(self, provider: Provider) -> str:
        town = " ".join(part for part in (provider.postcode, provider.municipality) if part)
        return ", ".join(part for part in (provider.street, town) if part)

    def get_service_types(self, provider: Provider) -> list[str]:
        offerings = getattr(provider, "active_offerings", None)
        if offerings is None:
            offerings = provider.offerings.filter(is_active=True).select_related("service_type")
        return sorted({offering.service_type.code for offering in offerings})


class ProviderInputSerializer(serializers.ModelSerializer):
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


class LocationSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Location
        fields = ["id", "provider", "provider_name", "name", "street", "postcode", "municipality", "area",
                  "latitude", "longitude", "accessibility", "wheelchair_accessible", "is_public", "created_at",
                  "updated_at"]
        read_only_fields = fields


class LocationInputSerializer(serializers.ModelSerializer):
    provider = ActorScopedField(selector=_plain(selectors.providers_for), queryset=Provider.objects.all())
    reason = _reason()

    class Meta:
        model = Location
        fields = ["provider", "name", "street", "postcode", "municipality", "area", "latitude", "longitude",
                  "accessibility", "wheelchair_accessible", "is_public", "reason"]


class ProviderContactSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "provider", "provider_name", "offering", "location", "name", "title", "department", "email",
                  "phone", "is_public", "created_at", "updated_at"]
        read_only_fields = fields


class ProviderContactInputSerializer(serializers.ModelSerializer):
    provider = ActorScopedField(selector=_plain(selectors.providers_for), queryset=Provider.objects.all())
    offering = ActorScopedField(
        selector=_plain(selectors.offerings_for), queryset=Offering.objects.all(), required=False, allow_null=True,
        help_text=_("The provider's offering this is the contact for, if one."),
    )
    location = ActorScopedField(
        selector=_plain(selectors.locations_for), queryset=Location.objects.all(), required=False, allow_null=True,
        help_text=_("The provider's location this is the contact for, if one."),
    )
    reason = _reason()

    class Meta:
        model = Contact
        fields = ["provider", "offering", "location", "name", "title", "department", "email", "phone", "is_public",
                  "reason"]


class OfferingSerializer(serializers.ModelSerializer):
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


class OfferingInputSerializer(serializers.ModelSerializer):
    provider = ActorScopedField(selector=_plain(selectors.providers_for), queryset=Provider.objects.all())
    service_type = ActorScopedField(selector=selectors.service_types_for, queryset=ServiceType.objects.all())
    locations = ActorScopedField(
        selector=_plain(selectors.locations_for), queryset=Location.objects.all(), many=True, required=False,
        help_text=_("Ids of the provider's locations."),
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

    class Meta:
        model = Offering
        fields = ["provider", "service_type", "name", "delivery_form", "description", "capacity", "locations",
                  "schedule", "cost", "cost_note", "target_groups", "languages", "is_public", "is_active", "reason"]


# --- views ----------------------------------------------------------------------------------------------


class CatalogueViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """List, read, create and change (PATCH); no DELETE anywhere in the catalogue."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    # Any of these lets a role write here at all; the services decide about each object.
    write_permissions: tuple[Perm, ...] = (Perm.MANAGE_CATALOGUE,)
    input_serializer_class: type[serializers.ModelSerializer]
    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no actor
            return self.model._default_manager.none()
        return self.scoped_queryset()

    def scoped_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def require_writer(self) -> None:
        """403 for roles that may not write here at all, before their input is looked at."""
        if not any(can(self.actor, perm) for perm in self.write_permissions):
            raise NotAllowed()

    def object_to_change(self) -> Any:
        """The object of a PATCH: 404 when outside the actor's reach, then 403 for roles that may not write."""
        instance = self.get_object()
        self.require_writer()
        return instance

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "actor"):
            context["language"] = request_language(self.request, self.actor)
        return context

    def validated_input(self, *, partial: bool) -> dict[str, Any]:
        serializer = self.input_serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def render(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """``instance`` read back through the selector, so it renders as in a list."""
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)


class ServiceTypeViewSet(CatalogueViewSet):
    """Shipped service types and the centre's own; admins add and change the centre's own."""

    model = ServiceType
    serializer_class = ServiceTypeSerializer
    input_serializer_class = ServiceTypeInputSerializer
    filterset_class = ServiceTypeFilter
    search_fields = ["code", "name_en", "name_pl", "name_cs", "name_sl"]
    ordering_fields = ["sort_order", "code", "name_en", "category"]
    write_permissions = (Perm.MANAGE_SERVICE_TYPES,)

    def scoped_queryset(self) -> QuerySet[ServiceType]:
        return selectors.service_types_for(self.actor)

    @extend_schema(request=ServiceTypeInputSerializer, responses={201: ServiceTypeSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_writer()
        data = self.validated_input(partial=False)
        service_type = services.create_service_type(actor=self.actor, **data)
        return self.render(service_type, status.HTTP_201_CREATED)

    @extend_schema(request=ServiceTypeInputSerializer, responses=ServiceTypeSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        service_type = self.object_to_change()
        services.require_editable_service_type(self.actor, service_type)
        data = self.validated_input(partial=True)
        service_type = services.update_service_type(actor=self.actor, service_type=service_type, **data)
        return self.render(service_type)


class ProviderViewSet(CatalogueViewSet):
    """The centre's providers; admins and managers register and change them (deactivate, never delete)."""

    model = Provider
    serializer_class = ProviderSerializer
    input_serializer_class = ProviderInputSerializer
    filterset_class = ProviderFilter
    search_fields = ["name", "tax_id", "municipality"]
    ordering_fields = ["name", "municipality", "created_at"]

    def scoped_queryset(self) -> QuerySet[Provider]:
        return selectors.providers_for(self.actor)

    @extend_schema(request=ProviderInputSerializer, responses={201: ProviderSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_writer()
        provider = services.create_provider(actor=self.actor, **self.validated_input(partial=False))
        return self.render(provider, status.HTTP_201_CREATED)

    @extend_schema(request=ProviderInputSerializer, responses=ProviderSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        provider = self.object_to_change()
        provider = services.update_provider(actor=self.actor, provider=provider, **self.validated_input(partial=True))
        return self.render(provider)


class _OwnProviderWrites(CatalogueViewSet):
    """Offerings and locations: catalogue managers, and provider staff for their own provider."""

    write_permissions = (Perm.MANAGE_CATALOGUE, Perm.EDIT_OWN_OFFERINGS)


class LocationViewSet(_OwnProviderWrites):
    model = Location
    serializer_class = LocationSerializer
    input_serializer_class = LocationInputSerializer
    filterset_class = LocationFilter
    search_fields = ["name", "street", "municipality", "area"]
    ordering_fields = ["name", "municipality", "created_at"]

    def scoped_queryset(self) -> QuerySet[Location]:
        return selectors.locations_for(self.actor)

    @extend_schema(request=LocationInputSerializer, responses={201: LocationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_writer()
        location = services.create_location(actor=self.actor, **self.validated_input(partial=False))
        return self.render(location, status.HTTP_201_CREATED)

    @extend_schema(request=LocationInputSerializer, responses=LocationSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        location = self.object_to_change()
        services.require_offerings_editor(self.actor, location.provider)
        location = services.update_location(actor=self.actor, location=location, **self.validated_input(partial=True))
        return self.render(location)


class OfferingViewSet(_OwnProviderWrites):
    model = Offering
    serializer_class = OfferingSerializer
    input_serializer_class = OfferingInputSerializer
    filterset_class = OfferingFilter
    search_fields = ["provider__name", "service_type__code", "service_type__name_en", "service_type__name_pl",
                     "service_type__name_cs", "service_type__name_sl", "schedule"]
    ordering_fields = ["provider__name", "service_type__sort_order", "created_at"]

    def scoped_queryset(self) -> QuerySet[Offering]:
        return selectors.offerings_for(self.actor)

    @extend_schema(request=OfferingInputSerializer, responses={201: OfferingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_writer()
        offering = services.create_offering(actor=self.actor, **self.validated_input(partial=False))
        return self.render(offering, status.HTTP_201_CREATED)

    @extend_schema(request=OfferingInputSerializer, responses=OfferingSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offering = self.object_to_change()
        services.require_offerings_editor(self.actor, offering.provider)
        offering = services.update_offering(actor=self.actor, offering=offering, **self.validated_input(partial=True))
        return self.render(offering)


class ProviderContactViewSet(_OwnProviderWrites):
    """Contact points of providers published in the catalogue (HSDS contacts); not clients' contact persons."""

    model = Contact
    serializer_class = ProviderContactSerializer
    input_serializer_class = ProviderContactInputSerializer
    filterset_class = ContactFilter
    search_fields = ["name", "department", "email", "phone"]
    ordering_fields = ["name", "department", "created_at"]

    def scoped_queryset(self) -> QuerySet[Contact]:
        return selectors.contacts_for(self.actor)

    @extend_schema(request=ProviderContactInputSerializer, responses={201: ProviderContactSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_writer()
        contact = services.create_contact(actor=self.actor, **self.validated_input(partial=False))
        return self.render(contact, status.HTTP_201_CREATED)

    @extend_schema(request=ProviderContactInputSerializer, responses=ProviderContactSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = self.object_to_change()
        services.require_offerings_editor(self.actor, contact.provider)
        contact = services.update_contact(actor=self.actor, contact=contact, **self.validated_input(partial=True))
        return self.render(contact)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("service-types", ServiceTypeViewSet, basename="service-type")
    router.register("providers", ProviderViewSet, basename="provider")
    router.register("offerings", OfferingViewSet, basename="offering")
    router.register("locations", LocationViewSet, basename="location")
    router.register("provider-contacts", ProviderContactViewSet, basename="provider-contact")
