"""The public catalogue as an Open Referral HSDS 3.0 API at /api/hsds/ (no login).

The same published data as /api/public/ (see ``cus.catalogue.publishing.public``): organizations are providers,
services are offerings, locations are public locations, service_at_locations are the (offering, location)
pairs, and two taxonomies are published: the service types (their categories as top-level terms, each
type's ``code`` its term code) and the target groups. Services link to their terms through attributes,
which is what ``taxonomy_term_id`` and ``taxonomy_id`` filter on.

Ids are our UUIDs; records without a row of their own (phones, languages, attributes, service areas,
schedules, cost options, addresses, service_at_locations, taxonomies and category/target-group terms)
get stable name-based UUIDs (``derived_id``), so the same record keeps its id between requests.

Extensions to the spec's parameters: ``centre`` (code or id) narrows every list to one centre and
``lang`` picks the language (else Accept-Language). Pages: ``page`` from 1, ``per_page`` 1 to 200 (default
50); a page past the end is empty. Bad parameters answer 400, unknown ids 404, both as JSON.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cus.catalogue.models import (
    Category,
    Contact,
    LegalForm,
    Location,
    Offering,
    Provider,
    ServiceType,
    TargetGroup,
)
from cus.catalogue.selectors import with_list_item
from cus.core.models import Centre
from cus.core.textmatch import fold

from . import selectors
from .public import (
    BadQuery,
    PublicViewMixin,
    _one_centre,
    effective_list,
    offering_name,
    parse_bool,
    translated,
)

HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

# The namespace of every derived id; never change it, or every derived id changes.
NAMESPACE = uuid.UUID("5b0f3c57-4a8e-4f57-9a55-3d1b8c0e6c2a")


def derived_id(*parts: object) -> str:
    """A stable UUID for a record that has no row of its own, from what identifies it."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


SERVICE_TYPES_TAXONOMY_ID = derived_id("taxonomy", "service_types")
TARGET_GROUPS_TAXONOMY_ID = derived_id("taxonomy", "target_groups")


def _compact(document: dict[str, Any]) -> dict[str, Any]:
    """Leave out what we do not know: None, and empty texts of format-checked fields (e-mail, URLs)."""
    formatted = {"email", "url", "website", "uri", "term_uri", "assurer_email"}
    return {
        key: value
        for key, value in document.items()
        if value is not None and not (key in formatted and value == "")
    }


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


# --- taxonomies -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    id: str
    code: str
    name: str
    description: str
    taxonomy_id: str
    parent_id: str | None = None


def taxonomies() -> list[dict[str, Any]]:
    return [
        {
            "id": SERVICE_TYPES_TAXONOMY_ID,
            "name": "CUS service types",
            "description": _("Types of social services, grouped by category; codes are stable."),
            "version": "1",
        },
        {
            "id": TARGET_GROUPS_TAXONOMY_ID,
            "name": "CUS target groups",
            "description": _("Groups of people a service is meant for."),
            "version": "1",
        },
    ]


def _taxonomy(taxonomy_id: str) -> dict[str, Any]:
    return next(item for item in taxonomies() if item["id"] == taxonomy_id)


def category_term_id(category: str) -> str:
    return derived_id("term", "category", category)


def target_group_term_id(group: str) -> str:
    return derived_id("term", "target_group", group)


def service_type_term(service_type: ServiceType, language: str) -> Term:
    refs = "; ".join(f"{country}: {ref}" for country, ref in sorted((service_type.legal_refs or {}).items()))
    return Term(
        id=str(service_type.pk),
        code=service_type.code,
        name=service_type.name_in(language),
        description=refs or str(Category(service_type.category).label),
        taxonomy_id=SERVICE_TYPES_TAXONOMY_ID,
        parent_id=category_term_id(service_type.category),
    )


def all_terms(language: str, centre: Centre | None = None) -> list[Term]:
    """Every published term: categories, active service types (shipped and centres' own), target groups."""
    terms = [
        Term(category_term_id(value), f"category:{value}", str(label), _("Category of service types."),
             SERVICE_TYPES_TAXONOMY_ID)
        for value, label in Category.choices
    ]
    types = selectors.public_service_types(centre)
    terms += [service_type_term(service_type, language) for service_type in types]
    terms += [
        Term(target_group_term_id(value), value, str(label), _("Target group."), TARGET_GROUPS_TAXONOMY_ID)
        for value, label in TargetGroup.choices
    ]
    return terms


def term_document(term: Term, language: str, *, detail: bool = True) -> dict[str, Any]:
    document = {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "parent_id": term.parent_id,
        "taxonomy": _taxonomy(term.taxonomy_id)["name"],
        "taxonomy_id": term.taxonomy_id,
        "language": language,
    }
    if detail:
        document["taxonomy_detail"] = _taxonomy(term.taxonomy_id)
    return _compact(document)


# --- documents ------------------------------------------------------------------------------------------


def organization_brief(provider: Provider, language: str) -> dict[str, Any]:
    """An organization with its one-to-one fields only (compiled/organization_list.json)."""
    return _compact(
        {
            "id": str(provider.pk),
            "name": provider.name,
            "description": translated(provider.description, language),
            "email": provider.email,
            "website": provider.website,
            "tax_id": provider.tax_id or None,
            "legal_status": str(LegalForm(provider.legal_form).label) if provider.legal_form in LegalForm.values else None,
        }
    )


def _phone(number: str, owner_key: str, owner_id: object, **links: str) -> dict[str, Any]:
    return {"id": derived_id("phone", owner_id, number), "number": number, **links}


def contact_document(contact: Contact) -> dict[str, Any]:
    links: dict[str, str] = {"organization_id": str(contact.provider_id)}
    if contact.offering_id:
        links["service_id"] = str(contact.offering_id)
    if contact.location_id:
        links["location_id"] = str(contact.location_id)
    phones = [_phone(contact.phone, "contact", contact.pk, contact_id=str(contact.pk))] if contact.phone else []
    return _compact(
        {
            "id": str(contact.pk),
            **links,
            "name": contact.name or None,
            "title": contact.title or None,
            "department": contact.department or None,
            "email": contact.email,
            "phones": phones,
        }
    )


def _language_document(code: str, owner_id: object, **links: str) -> dict[str, Any]:
    try:
        name = str(get_language_info(code)["name"])
    except KeyError:
        name = code
    return {"id": derived_id("language", owner_id, code), "code": code, "name": name, **links}


def location_document(location: Location) -> dict[str, Any]:
    """A physical location with its address and accessibility (location.json)."""
    addresses = []
    if location.street or location.municipality:
        addresses.append(
            {
                "id": derived_id("address", location.pk),
                "location_id": str(location.pk),
                "address_1": location.street,
                "city": location.municipality,
                "region": location.area or None,
                "state_province": "",
                "postal_code": location.postcode,
                "country": location.centre.country,
                "address_type": "physical",
            }
        )
    accessibility = []
    if location.accessibility or location.wheelchair_accessible:
        accessibility.append(
            _compact(
                {
                    "id": derived_id("accessibility", location.pk),
                    "location_id": str(location.pk),
                    "description": location.accessibility or _("Wheelchair accessible"),
                    "details": _("Wheelchair accessible") if location.wheelchair_accessible else None,
                }
            )
        )
    return _compact(
        {
            "id": str(location.pk),
            "location_type": "physical",
            "organization_id": str(location.provider_id),
            "name": location.name,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
            "addresses": [_compact(address) for address in addresses],
            "accessibility": accessibility,
        }
    )


def _attribute(owner_id: object, link_type: str, term: Term, language: str) -> dict[str, Any]:
    return {
        "id": derived_id("attribute", owner_id, term.id),
        "link_id": str(owner_id),
        "link_type": link_type,
        "link_entity": link_type,
        "taxonomy_term_id": term.id,
        "taxonomy_term": term_document(term, language, detail=False),
    }


def _target_group_terms(groups: Iterable[str]) -> list[Term]:
    labels = dict(TargetGroup.choices)
    return [
        Term(target_group_term_id(group), group, str(labels[group]), _("Target group."), TARGET_GROUPS_TAXONOMY_ID)
        for group in groups
        if group in labels
    ]


def service_brief(offering: Offering, language: str) -> dict[str, Any]:
    """A service with its one-to-one fields and its organization (compiled/service_list.json)."""
    groups = effective_list(offering, "target_groups")
    labels = dict(TargetGroup.choices)
    fees = offering.cost_note
    if offering.cost is not None and not fees:
        fees = f"{offering.cost} {offering.centre.currency}"
    return _compact(
        {
            "id": str(offering.pk),
            "organization_id": str(offering.provider_id),
            "name": offering_name(offering, language),
            "alternate_name": offering.service_type.name_in(language) if offering.name else None,
            "description": translated(offering.description, language),
            "url": offering.provider.website,
            "email": offering.provider.email,
            "status": "active",
            "fees_description": fees or None,
            "eligibility_description": ", ".join(str(labels[g]) for g in groups if g in labels) or None,
            "last_modified": _timestamp(offering.updated_at),
            "organization": organization_brief(offering.provider, language),
        }
    )


def service_document(offering: Offering, language: str) -> dict[str, Any]:
    """A fully nested service (compiled/service.json); needs ``with_public_relations`` prefetches."""
    document = service_brief(offering, language)
    locations: Sequence[Location] = offering.public_locations  # type: ignore[attr-defined]
    contacts: Sequence[Contact] = offering.public_contacts  # type: ignore[attr-defined]
    attributes = [_attribute(offering.pk, "service", service_type_term(offering.service_type, language), language)]
    attributes += [
        _attribute(offering.pk, "service", term, language)
        for term in _target_group_terms(effective_list(offering, "target_groups"))
    ]
    document.update(
        {
            "schedules": (
                [{"id": derived_id("schedule", offering.pk), "service_id": str(offering.pk),
                  "description": offering.schedule}]
                if offering.schedule
                else []
            ),
            "service_areas": [
                {"id": derived_id("service_area", offering.pk, area), "service_id": str(offering.pk), "name": area}
                for area in offering.provider.areas or []
            ],
            "service_at_locations": [
                service_at_location_document(offering, location, language, nested_service=False)
                for location in locations
            ],
            "languages": [
                _language_document(code, offering.pk, service_id=str(offering.pk))
                for code in effective_list(offering, "languages")
            ],
            "cost_options": (
                [_compact({"id": derived_id("cost", offering.pk), "service_id": str(offering.pk),
                           "amount": float(offering.cost), "currency": offering.centre.currency,
                           "amount_description": offering.cost_note or None})]
                if offering.cost is not None
                else []
            ),
            "contacts": [contact_document(contact) for contact in contacts if contact.offering_id == offering.pk],
            "attributes": attributes,
        }
    )
    return document


def service_at_location_id(offering_id: object, location_id: object) -> str:
    return derived_id("service_at_location", offering_id, location_id)


def service_at_location_document(
    offering: Offering, location: Location, language: str, *, nested_service: bool = True, full: bool = False
) -> dict[str, Any]:
    """One service at one of its locations (compiled/service_at_location[_list].json)."""
    document: dict[str, Any] = {
        "id": service_at_location_id(offering.pk, location.pk),
        "service_id": str(offering.pk),
        "location_id": str(location.pk),
        "location": location_document(location),
    }
    if offering.schedule and full:
        document["schedules"] = [
            {"id": derived_id("schedule", offering.pk, location.pk), "service_id": str(offering.pk),
             "location_id": str(location.pk), "description": offering.schedule}
        ]
    if nested_service:
        document["service"] = service_brief(offering, language)
    return document


def organization_document(provider: Provider, language: str, *, full_service: bool = False) -> dict[str, Any]:
    """A fully nested organization (compiled/organization.json); needs ``with_public_relations``."""
    document = organization_brief(provider, language)
    offerings: Sequence[Offering] = provider.public_offerings  # type: ignore[attr-defined]
    contacts: Sequence[Contact] = provider.public_contacts  # type: ignore[attr-defined]
    locations: Sequence[Location] = provider.public_locations  # type: ignore[attr-defined]
    identifiers = []
    if provider.tax_id:
        identifiers.append(
            {
                "id": derived_id("identifier", provider.pk, provider.tax_id),
                "organization_id": str(provider.pk),
                "identifier_scheme": provider.tax_id_country or provider.centre.country,
                "identifier_type": _("tax ID"),
                "identifier": provider.tax_id,
            }
        )
    document.update(
        {
            "phones": (
                [_phone(provider.phone, "organization", provider.pk, organization_id=str(provider.pk))]
                if provider.phone
                else []
            ),
            "contacts": [contact_document(contact) for contact in contacts],
            "locations": [location_document(location) for location in locations],
            "organization_identifiers": identifiers,
            "attributes": [
                _attribute(provider.pk, "organization", term, language)
                for term in _target_group_terms(provider.target_groups or [])
            ],
            "services": [
                service_document(offering, language) if full_service else service_brief(offering, language)
                for offering in offerings
            ],
        }
    )
    return document


# --- query parameters -----------------------------------------------------------------------------------


def _positive_int(params: Mapping[str, str], name: str, default: int, maximum: int | None = None) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery({name: _("Expected a whole number.")}) from None
    if value < 1 or (maximum is not None and value > maximum):
        limit = _("from 1 to %(max)d") % {"max": maximum} if maximum else _("1 or more")
        raise BadQuery({name: _("Out of range: %(range)s.") % {"range": limit}})
    return value


def _uuid_param(params: Mapping[str, str], name: str) -> str | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadQuery({name: _("Expected an id (UUID).")}) from None


def _modified_after(params: Mapping[str, str]) -> dt.datetime | None:
    raw = (params.get("modified_after") or "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))
        day = None if moment else parse_date(raw)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = dt.datetime.combine(day, dt.time.min)
    if moment is None:
        raise BadQuery({"modified_after": _("Expected a date or a date and time (ISO 8601).")})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def _check_format(params: Mapping[str, str]) -> None:
    value = (params.get("format") or "json").strip().lower()
    if value != "json":
        raise BadQuery({"format": _("Only json is supported.")})


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Page:
        return cls(
            number=_positive_int(params, "page", 1),
            per_page=_positive_int(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        )

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    def envelope(self, total: int, contents: list[Any]) -> dict[str, Any]:
        """The HSDS page object around ``contents``."""
        total_pages = math.ceil(total / self.per_page) if total else 0
        return {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": self.number,
            "size": len(contents),
            "first_page": self.number == 1,
            "last_page": self.number >= total_pages,
            "empty": not contents,
            "contents": contents,
        }


def _page_of_queryset(page: Page, queryset: QuerySet[Any]) -> tuple[int, list[Any]]:
    total = queryset.count()
    rows = list(queryset[page.offset : page.offset + page.per_page]) if page.offset < total else []
    return total, rows


def filter_services(queryset: QuerySet[Offering], params: Mapping[str, str]) -> QuerySet[Offering]:
    """The HSDS service filters: search, taxonomy_term_id, taxonomy_id, organization_id, modified_after."""
    if centre := (params.get("centre") or "").strip():
        queryset = queryset.filter(centre=_one_centre(centre))
    if text := (params.get("search") or "").strip():
        queryset = selectors.public_search(queryset, text[:200])
    if term_id := _uuid_param(params, "taxonomy_term_id"):
        queryset = _with_term(queryset, term_id)
    if taxonomy_id := _uuid_param(params, "taxonomy_id"):
        if taxonomy_id == TARGET_GROUPS_TAXONOMY_ID:
            queryset = queryset.filter(~Q(target_groups=[]) | ~Q(provider__target_groups=[]))
        elif taxonomy_id != SERVICE_TYPES_TAXONOMY_ID:
            queryset = queryset.none()
    if organization_id := _uuid_param(params, "organization_id"):
        queryset = queryset.filter(provider_id=organization_id)
    if modified_after := _modified_after(params):
        queryset = queryset.filter(updated_at__gte=modified_after)
    return queryset


def _with_term(queryset: QuerySet[Offering], term_id: str) -> QuerySet[Offering]:
    for value in Category.values:
        if term_id == category_term_id(value):
            return queryset.filter(service_type__category=value)
    for value in TargetGroup.values:
        if term_id == target_group_term_id(value):
            own = with_list_item(queryset, "target_groups", value).values("pk")
            inherited = with_list_item(
                queryset.filter(target_groups=[]), "provider__target_groups", value
            ).values("pk")
            return queryset.filter(Q(pk__in=own) | Q(pk__in=inherited))
    return queryset.filter(service_type_id=uuid.UUID(term_id))


# --- views ----------------------------------------------------------------------------------------------


class HSDSView(PublicViewMixin, APIView):
    """A read-only HSDS endpoint: parameters checked before anything is read, errors as JSON."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        try:
            _check_format(params)
            return Response(self.document(params, *args, **kwargs))
        except BadQuery as exc:
            raise DRFValidationError(exc.errors) from None

    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def absolute(self, path: str) -> str:
        request: HttpRequest = self.request._request
        return request.build_absolute_uri(path)


def _services_queryset() -> QuerySet[Offering]:
    return selectors.public_offerings().order_by("provider__name", "pk")


def _full_services(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    return selectors.with_public_relations(queryset)


def _not_found() -> NotFound:
    return NotFound(_("No such record in the public catalogue."))


def _get[M: Provider | Offering](queryset: QuerySet[M], pk: str) -> M:
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise _not_found() from None
    found = queryset.filter(pk=key).first()
    if found is None:
        raise _not_found()
    return found


@extend_schema(exclude=True)
class RootView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


@extend_schema(exclude=True)
class ServiceListView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        page = Page.from_params(params)
        full = parse_bool(params, "full")
        minimal = parse_bool(params, "minimal")
        queryset = filter_services(_services_queryset(), params)
        if minimal:
            total, offerings = _page_of_queryset(page, queryset)
            contents: list[Any] = [
                {"id": str(offering.pk), "name": offering_name(offering, self.language), "status": "active",
                 "last_modified": _timestamp(offering.updated_at)}
                for offering in offerings
            ]
            return page.envelope(total, contents)
        if full:
            queryset = _full_services(queryset)
        total, offerings = _page_of_queryset(page, queryset)
        render: Callable[[Offering, str], dict[str, Any]] = service_document if full else service_brief
        return page.envelope(total, [render(offering, self.language) for offering in offerings])


@extend_schema(exclude=True)
class ServiceDetailView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        offering = _get(_full_services(selectors.public_offerings()), kwargs["pk"])
        return service_document(offering, self.language)


def _organizations(params: Mapping[str, str]) -> QuerySet[Provider]:
    queryset = selectors.public_providers().order_by("name", "pk")
    if centre := (params.get("centre") or "").strip():
        queryset = queryset.filter(centre=_one_centre(centre))
    if text := (params.get("search") or "").strip():
        queryset = selectors.public_provider_search(queryset, text[:200])
    return queryset


def _full_organizations(queryset: QuerySet[Provider], *, full_service: bool) -> QuerySet[Provider]:
    offerings = selectors.public_offerings()
    if full_service:
        offerings = selectors.with_public_relations(offerings)
    return queryset.prefetch_related(
        Prefetch("locations", queryset=selectors.public_locations(), to_attr="public_locations"),
        Prefetch("contacts", queryset=selectors.public_contacts().filter(offering__isnull=True),
                 to_attr="public_contacts"),
        Prefetch("offerings", queryset=offerings, to_attr="public_offerings"),
    )


@extend_schema(exclude=True)
class OrganizationListView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        page = Page.from_params(params)
        full = parse_bool(params, "full")
        full_service = bool(parse_bool(params, "full_service"))
        queryset = _organizations(params)
        if full or full_service:
            queryset = _full_organizations(queryset, full_service=full_service)
        total, providers = _page_of_queryset(page, queryset)
        if full or full_service:
            contents = [organization_document(p, self.language, full_service=full_service) for p in providers]
        else:
            contents = [organization_brief(p, self.language) for p in providers]
        return page.envelope(total, contents)


@extend_schema(exclude=True)
class OrganizationDetailView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        full_service = bool(parse_bool(params, "full_service"))
        queryset = _full_organizations(selectors.public_providers(), full_service=full_service)
        return organization_document(_get(queryset, kwargs["pk"]), self.language, full_service=full_service)


def _centre_param(params: Mapping[str, str]) -> Centre | None:
    value = (params.get("centre") or "").strip()
    return _one_centre(value) if value else None


@extend_schema(exclude=True)
class TaxonomyListView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        page = Page.from_params(params)
        items = taxonomies()
        if text := fold((params.get("search") or "").strip()):  # ignoring case and accents, like the services'
            items = [item for item in items if text in fold(item["name"]) or text in fold(item["description"])]
        return page.envelope(len(items), items[page.offset : page.offset + page.per_page])


@extend_schema(exclude=True)
class TaxonomyDetailView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        found = next((item for item in taxonomies() if item["id"] == kwargs["pk"]), None)
        if found is None:
            raise _not_found()
        return found


@extend_schema(exclude=True)
class TaxonomyTermListView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        page = Page.from_params(params)
        terms = all_terms(self.language, _centre_param(params))
        if taxonomy_id := _uuid_param(params, "taxonomy_id"):
            terms = [term for term in terms if term.taxonomy_id == taxonomy_id]
        if parent_id := _uuid_param(params, "parent_id"):
            terms = [term for term in terms if term.parent_id == parent_id]
        if parse_bool(params, "top_only"):
            terms = [term for term in terms if term.parent_id is None]
        if text := fold((params.get("search") or "").strip()):
            terms = [term for term in terms if text in fold(term.name) or text in fold(term.code)]
        selected = terms[page.offset : page.offset + page.per_page]
        return page.envelope(len(terms), [term_document(term, self.language) for term in selected])


@extend_schema(exclude=True)
class TaxonomyTermDetailView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        found = next((term for term in all_terms(self.language) if term.id == kwargs["pk"]), None)
        if found is None:
            raise _not_found()
        return term_document(found, self.language)


def _public_pairs(offerings: QuerySet[Offering]) -> QuerySet[Any]:
    """(offering, location) rows of published offerings at published locations."""
    through = Offering.locations.through
    return (
        through.objects.filter(offering__in=offerings.values("pk"), location__in=selectors.public_locations().values("pk"))
        .select_related(
            "offering", "offering__provider", "offering__centre", "offering__service_type", "location",
            "location__centre",
        )
        .order_by("offering__provider__name", "offering_id", "location__name", "location_id")
    )


@extend_schema(exclude=True)
class ServiceAtLocationListView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        page = Page.from_params(params)
        full = bool(parse_bool(params, "full"))
        if (params.get("proximity") or "").strip():
            raise BadQuery({"proximity": _("Search by distance is not supported; use postcode.")})
        pairs = _public_pairs(filter_services(selectors.public_offerings(), params))
        if postcode := (params.get("postcode") or "").strip():
            pairs = pairs.filter(location__postcode__iexact=postcode[:12])
        total, rows = _page_of_queryset(page, pairs)
        contents = [
            service_at_location_document(row.offering, row.location, self.language, full=full) for row in rows
        ]
        return page.envelope(total, contents)


@extend_schema(exclude=True)
class ServiceAtLocationDetailView(HSDSView):
    def document(self, params: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        try:
            wanted = str(uuid.UUID(kwargs["pk"]))
        except ValueError:
            raise _not_found() from None
        pairs = _public_pairs(selectors.public_offerings())
        match = next(
            (
                (offering_id, location_id)
                for offering_id, location_id in pairs.values_list("offering_id", "location_id")
                if service_at_location_id(offering_id, location_id) == wanted
            ),
            None,
        )
        if match is None:
            raise _not_found()
        row = pairs.get(offering_id=match[0], location_id=match[1])
        return service_at_location_document(row.offering, row.location, self.language, full=True)
