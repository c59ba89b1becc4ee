"""The public catalogue: /api/public/ (JSON, no login) and the server-rendered /catalogue/ page.

What is published: providers flagged public and active, their public and active offerings ("services"),
their public locations and contacts, the service-type taxonomy, and the centres that list anything.
Nothing about clients is reachable from here. The API covers all centres; ``?centre=<code or id>``
narrows it to one. Texts come in the language of ``?lang=`` (en, pl, cs, sl), else of Accept-Language.

Anonymous access is throttled (``cus.api.throttling.PublicRateThrottle``: setting or environment
``CUS_PUBLIC_API_RATE``, default 120 requests a minute per client address; empty or "off" turns it off).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from cus.api.throttling import PublicRateThrottle
from cus.catalogue.languages import is_language_code
from cus.catalogue.models import (
    LANGUAGE_CODES,
    Category,
    Contact,
    Location,
    Offering,
    Provider,
    ServiceType,
    TargetGroup,
)
from cus.catalogue.selectors import with_list_item
from cus.core.models import Centre

from . import selectors

# --- language, query parameters -------------------------------------------------------------------------


def public_language(request: HttpRequest) -> str:
    """``?lang=`` when it names one of the four languages, else the Accept-Language choice (or English)."""
    asked = (request.GET.get("lang") or "").strip().lower()[:2]
    if asked in LANGUAGE_CODES:
        return asked
    active = (translation.get_language_from_request(request) or settings.LANGUAGE_CODE)[:2]
    return active if active in LANGUAGE_CODES else "en"


class BadQuery(Exception):
    """A query parameter the public catalogue cannot use; ``errors`` name the parameter."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(errors)
        self.errors = {name: [message] for name, message in errors.items()}


def check_params(params: QueryDict) -> None:
    """Refuse control characters in any parameter: a NUL byte cannot even be sent to PostgreSQL."""
    for name, values in params.lists():
        if any(ord(char) < 32 and char not in "\t\n\r" for text in (name, *values) for char in text):
            raise BadQuery({name[:40]: _("Control characters are not allowed.")})


def _one_centre(value: str) -> Centre:
    try:
        match = Q(pk=uuid.UUID(value))
    except ValueError:
        match = Q(code=value)
    centre = Centre.objects.filter(match).first()
    if centre is None:
        raise BadQuery({"centre": _("Unknown centre.")})
    return centre


def parse_bool(params: Mapping[str, str], name: str) -> bool | None:
    """A true/false query parameter (``true``, ``false``, ``1``, ``0``); None when absent."""
    raw = (params.get(name) or "").strip().lower()
    if not raw:
        return None
    if raw in ("true", "1", "yes"):
        return True
    if raw in ("false", "0", "no"):
        return False
    raise BadQuery({name: _("Expected true or false.")})


def _service_type_q(value: str, prefix: str) -> Q:
    try:
        return Q(**{f"{prefix}pk": uuid.UUID(value)})
    except ValueError:
        return Q(**{f"{prefix}code": value})


def _target_group(params: Mapping[str, str]) -> str | None:
    value = (params.get("target_group") or "").strip()
    if value and value not in TargetGroup.values:
        raise BadQuery(
            {"target_group": _("Unknown target group. Choose from: %(known)s.") % {"known": ", ".join(TargetGroup.values)}}
        )
    return value or None


def _language(params: Mapping[str, str]) -> str | None:
    value = (params.get("language") or "").strip().lower()
    if value and not is_language_code(value):
        raise BadQuery({"language": _("Not a language code (ISO 639, e.g. \"pl\", \"uk\").")})
    return value or None


def _category(params: Mapping[str, str]) -> str | None:
    value = (params.get("category") or "").strip()
    if value and value not in Category.values:
        raise BadQuery(
            {"category": _("Unknown category. Choose from: %(known)s.") % {"known": ", ".join(Category.values)}}
        )
    return value or None


def _text(params: Mapping[str, str], name: str, max_length: int = 200) -> str | None:
    value = (params.get(name) or "").strip()
    if len(value) > max_length:
        raise BadQuery({name: _("At most %(max)d characters.") % {"max": max_length}})
    return value or None


def _uuid(params: Mapping[str, str], name: str) -> uuid.UUID | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadQuery({name: _("Expected an id (UUID).")}) from None


def _list_item_or_providers(queryset: QuerySet[Offering], field: str, item: str) -> QuerySet[Offering]:
    """Offerings whose own list ``field`` holds ``item``, or that have none and their provider's does."""
    own = with_list_item(queryset, field, item).values("pk")
    inherited = with_list_item(queryset.filter(**{field: []}), f"provider__{field}", item).values("pk")
    return queryset.filter(Q(pk__in=own) | Q(pk__in=inherited))


def filter_public_offerings(queryset: QuerySet[Offering], params: Mapping[str, str]) -> QuerySet[Offering]:
    """Apply the public search form's filters; raise BadQuery naming a parameter it cannot use.

    ``centre`` (code or id), ``service_type`` (code or id), ``category``, ``target_group``, ``area``,
    ``language`` (ISO 639), ``accessible`` (true: wheelchair access), ``provider`` (id), ``q``/``search``.
    """
    if centre := _text(params, "centre"):
        queryset = queryset.filter(centre=_one_centre(centre))
    if service_type := _text(params, "service_type"):
        queryset = queryset.filter(_service_type_q(service_type, "service_type__"))
    if category := _category(params):
        queryset = queryset.filter(service_type__category=category)
    if provider := _uuid(params, "provider"):
        queryset = queryset.filter(provider_id=provider)
    if target_group := _target_group(params):
        queryset = _list_item_or_providers(queryset, "target_groups", target_group)
    if language := _language(params):
        queryset = _list_item_or_providers(queryset, "languages", language)
    if area := _text(params, "area", max_length=120):
        queryset = selectors.in_area(queryset, area)
    if parse_bool(params, "accessible"):
        queryset = selectors.accessible_offerings(queryset)
    if text := _text(params, "q") or _text(params, "search"):
        queryset = selectors.public_search(queryset, text)
    return queryset


def filter_public_providers(queryset: QuerySet[Provider], params: Mapping[str, str]) -> QuerySet[Provider]:
    """As ``filter_public_offerings``, for providers: a service-type filter keeps those publishing one."""
    if centre := _text(params, "centre"):
        queryset = queryset.filter(centre=_one_centre(centre))
    if service_type := _text(params, "service_type"):
        offerings = selectors.public_offerings().filter(_service_type_q(service_type, "service_type__"))
        queryset = queryset.filter(pk__in=offerings.values("provider_id"))
    if category := _category(params):
        offerings = selectors.public_offerings().filter(service_type__category=category)
        queryset = queryset.filter(pk__in=offerings.values("provider_id"))
    if target_group := _target_group(params):
        queryset = with_list_item(queryset, "target_groups", target_group)
    if language := _language(params):
        queryset = with_list_item(queryset, "languages", language)
    if area := _text(params, "area", max_length=120):
        queryset = selectors.in_area(queryset, area)
    if parse_bool(params, "accessible"):
        queryset = selectors.accessible_providers(queryset)
    if text := _text(params, "q") or _text(params, "search"):
        queryset = selectors.public_provider_search(queryset, text)
    return queryset


def translated(texts: Mapping[str, str] | None, language: str, fallback: str = "") -> str:
    """The text in ``language``, else English, else any language given, else ``fallback``."""
    texts = texts or {}
    for code in (language, "en"):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), fallback)


def offering_name(offering: Offering, language: str) -> str:
    return offering.name or offering.service_type.name_in(language)


def effective_list(offering: Offering, field: str) -> list[str]:
    """The offering's own target groups or languages, else its provider's."""
    return list(getattr(offering, field) or getattr(offering.provider, field) or [])


# --- serializers ----------------------------------------------------------------------------------------


def _language_of(serializer: serializers.Field) -> str:
    return str(serializer.context.get("language", "en"))


class PublicCentreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Centre
        fields = ["id", "code", "name", "municipality", "country", "language", "website"]
        read_only_fields = fields


class PublicServiceTypeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    category_name = serializers.SerializerMethodField()

    class Meta:
        model = ServiceType
        fields = ["id", "code", "name", "category", "category_name", "unit", "delivery_form"]
        read_only_fields = fields

    def get_name(self, service_type: ServiceType) -> str:
        return service_type.name_in(_language_of(self))

    def get_category_name(self, service_type: ServiceType) -> str:
        return str(Category(service_type.category).label)


class PublicLocationSerializer(serializers.ModelSerializer):
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False)

    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "municipality", "area", "latitude", "longitude",
                  "accessibility", "wheelchair_accessible"]
        read_only_fields = fields


class PublicContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name", "title", "department", "email", "phone"]
        read_only_fields = fields


def _labelled(values: list[str], choices: type[TargetGroup]) -> list[dict[str, str]]:
    labels = dict(choices.choices)
    return [{"code": value, "name": str(labels.get(value, value))} for value in values]


class PublicServiceSerializer(serializers.ModelSerializer):
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    name = serializers.SerializerMethodField()
    service_type = PublicServiceTypeSerializer(read_only=True)
    provider = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    wheelchair_accessible = serializers.SerializerMethodField()
    locations = PublicLocationSerializer(source="public_locations", many=True, read_only=True)
    contacts = PublicContactSerializer(source="public_contacts", many=True, read_only=True)

    class Meta:
        model = Offering
        fields = ["id", "centre", "name", "service_type", "provider", "description", "delivery_form", "schedule",
                  "cost", "cost_note", "currency", "target_groups", "languages", "areas", "wheelchair_accessible",
                  "locations", "contacts", "updated_at"]
        read_only_fields = fields

    def get_name(self, offering: Offering) -> str:
        return offering_name(offering, _language_of(self))

    def get_provider(self, offering: Offering) -> dict[str, str]:
        return {"id": str(offering.provider_id), "name": offering.provider.name}

    def get_description(self, offering: Offering) -> str:
        return translated(offering.description, _language_of(self))

    def get_target_groups(self, offering: Offering) -> list[dict[str, str]]:
        return _labelled(effective_list(offering, "target_groups"), TargetGroup)

    def get_languages(self, offering: Offering) -> list[str]:
        return effective_list(offering, "languages")

    def get_areas(self, offering: Offering) -> list[str]:
        return list(offering.provider.areas or [])

    def get_currency(self, offering: Offering) -> str:
        return offering.centre.currency

    def get_wheelchair_accessible(self, offering: Offering) -> bool:
        places = getattr(offering, "public_locations", [])
        return offering.provider.wheelchair_accessible or any(place.wheelchair_accessible for place in places)


class PublicProviderSerializer(serializers.ModelSerializer):
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    legal_form_name = serializers.CharField(source="get_legal_form_display", read_only=True)
    description = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    areas = serializers.ListField(child=serializers.CharField(), read_only=True)
    locations = PublicLocationSerializer(source="public_locations", many=True, read_only=True)
    contacts = PublicContactSerializer(source="public_contacts", many=True, read_only=True)
    services = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = ["id", "centre", "name", "legal_form", "legal_form_name", "description", "street", "postcode",
                  "municipality", "phone", "email", "website", "target_groups", "languages", "areas",
                  "accessibility", "wheelchair_accessible", "locations", "contacts", "services"]
        read_only_fields = fields

    def get_description(self, provider: Provider) -> str:
        return translated(provider.description, _language_of(self))

    def get_target_groups(self, provider: Provider) -> list[dict[str, str]]:
        return _labelled(list(provider.target_groups or []), TargetGroup)

    def get_services(self, provider: Provider) -> list[dict[str, str]]:
        language = _language_of(self)
        return [
            {"id": str(offering.pk), "name": offering_name(offering, language), "service_type": offering.service_type.code}
            for offering in getattr(provider, "public_offerings", [])
        ]


# --- API views ------------------------------------------------------------------------------------------


class JSONOnly(BaseContentNegotiation):
    """Always JSON: ``?format=`` is a parameter of HSDS (json or ndjson), not DRF's renderer switch."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type


class PublicViewMixin(APIView):
    """No login, no session (so no CSRF), throttled, JSON, rendered in the request's language."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PublicRateThrottle,)
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = JSONOnly

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.language = public_language(request._request)
        translation.activate(self.language)
        super().initial(request, *args, **kwargs)
        try:
            check_params(request.query_params)
        except BadQuery as exc:
            raise DRFValidationError(exc.errors) from None

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = getattr(self, "language", "en")
        return response

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]  # the viewsets' own
        context["language"] = getattr(self, "language", "en")
        return context

    def filtered(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.base_queryset()
        if getattr(self, "action", None) == "list":
            try:
                queryset = self.filtered(queryset)
            except BadQuery as exc:
                raise DRFValidationError(exc.errors) from None
        return queryset

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError


@extend_schema(exclude=True)
class PublicCentreViewSet(PublicViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicCentreSerializer
    filter_backends: list[Any] = []

    def base_queryset(self) -> QuerySet[Centre]:
        return selectors.public_centres()

    def filtered(self, queryset: QuerySet[Centre]) -> QuerySet[Centre]:
        return queryset


@extend_schema(exclude=True)
class PublicServiceTypeViewSet(PublicViewMixin, viewsets.ReadOnlyModelViewSet):
    """The shipped service types and the centres' own (``?centre=``: the shipped and that centre's)."""

    serializer_class = PublicServiceTypeSerializer
    filter_backends: list[Any] = []

    def base_queryset(self) -> QuerySet[ServiceType]:
        return selectors.public_service_types()

    def filtered(self, queryset: QuerySet[ServiceType]) -> QuerySet[ServiceType]:
        params = self.request.query_params
        if centre := _text(params, "centre"):
            queryset = queryset & selectors.public_service_types(_one_centre(centre))
        if category := _category(params):
            queryset = queryset.filter(category=category)
        return queryset


@extend_schema(exclude=True)
class PublicServiceViewSet(PublicViewMixin, viewsets.ReadOnlyModelViewSet):
    """Published offerings: filters as ``filter_public_offerings``."""

    serializer_class = PublicServiceSerializer
    filter_backends: list[Any] = []

    def base_queryset(self) -> QuerySet[Offering]:
        return selectors.with_public_relations(selectors.public_offerings()).order_by("provider__name", "pk")

    def filtered(self, queryset: QuerySet[Offering]) -> QuerySet[Offering]:
        return filter_public_offerings(queryset, self.request.query_params)


@extend_schema(exclude=True)
class PublicProviderViewSet(PublicViewMixin, viewsets.ReadOnlyModelViewSet):
    """Published providers: filters as ``filter_public_providers``."""

    serializer_class = PublicProviderSerializer
    filter_backends: list[Any] = []

    def base_queryset(self) -> QuerySet[Provider]:
        return selectors.with_public_relations(selectors.public_providers()).order_by("name", "pk")

    def filtered(self, queryset: QuerySet[Provider]) -> QuerySet[Provider]:
        return filter_public_providers(queryset, self.request.query_params)


@extend_schema(exclude=True)
class PublicRootView(PublicViewMixin):
    """/api/public/: where everything public is."""

    def get(self, request: Request) -> Response:
        links = {
            "centres": "/api/public/centres/",
            "service_types": "/api/public/service-types/",
            "services": "/api/public/services/",
            "providers": "/api/public/providers/",
            "hsds": "/api/hsds/",
            "page": "/catalogue/",
        }
        return Response({name: request.build_absolute_uri(path) for name, path in links.items()})


def register(router: SimpleRouter) -> None:
    router.register("centres", PublicCentreViewSet, basename="public-centre")
    router.register("service-types", PublicServiceTypeViewSet, basename="public-service-type")
    router.register("services", PublicServiceViewSet, basename="public-service")
    router.register("providers", PublicProviderViewSet, basename="public-provider")


def json_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under the public APIs answer JSON, like everything else there."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


# --- the server-rendered page ---------------------------------------------------------------------------

PAGE_SIZE = 20


def catalogue_page(request: HttpRequest) -> HttpResponse:
    """/catalogue/: a search form and the published services, in the request's language."""
    language = public_language(request)
    translation.activate(language)
    params = request.GET
    errors: dict[str, list[str]] = {}
    offerings = selectors.with_public_relations(selectors.public_offerings()).order_by("provider__name", "pk")
    try:
        check_params(params)
        offerings = filter_public_offerings(offerings, params)
    except BadQuery as exc:
        errors = exc.errors
        offerings = offerings.none()
    page = Paginator(offerings, PAGE_SIZE).get_page(params.get("page"))
    results = [
        {
            "offering": offering,
            "name": offering_name(offering, language),
            "service_type": offering.service_type.name_in(language),
            "description": translated(offering.description, language),
            "target_groups": _labelled(effective_list(offering, "target_groups"), TargetGroup),
            "languages": effective_list(offering, "languages"),
            "accessible": offering.provider.wheelchair_accessible
            or any(place.wheelchair_accessible for place in offering.public_locations),  # type: ignore[attr-defined]
        }
        for offering in page.object_list
    ]
    service_types = sorted(
        selectors.public_service_types().filter(centre__isnull=True), key=lambda st: st.name_in(language)
    )
    query = params.copy()
    query.pop("page", None)
    context = {
        "language": language,
        "languages": [(code, name) for code, name in settings.LANGUAGES],
        "params": params,
        "errors": errors,
        "page": page,
        "results": results,
        "query_without_page": query.urlencode(),
        "centres": selectors.public_centres(),
        "service_types": [(st.code, st.name_in(language)) for st in service_types],
        "target_groups": TargetGroup.choices,
    }
    response = render(request, "catalogue/catalogue.html", context, status=400 if errors else 200)
    response["Content-Language"] = language
    return response
