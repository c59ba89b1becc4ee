"""Reads on the catalogue, scoped to the actor's centre.

Everyone in a centre (staff, provider staff, volunteers) reads the whole catalogue of that centre:
the shipped service types, the centre's own types, its providers, their locations and offerings.
Nothing of another centre is ever returned.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.models import Centre

from .models import LANGUAGE_CODES, Contact, Location, Offering, Provider, ServiceType


def service_types_for(actor: Actor) -> QuerySet[ServiceType]:
    """The shipped service types and the actor's centre's own."""
    if not can(actor, Perm.VIEW_CATALOGUE):
        return ServiceType.objects.none()
    return ServiceType.objects.usable_in(actor.centre_id)


def providers_for(actor: Actor) -> QuerySet[Provider]:
    """The centre's providers with their locations and active offerings (``active_offerings``)."""
    if not can(actor, Perm.VIEW_CATALOGUE):
        return Provider.objects.none()
    active_offerings = Offering.objects.filter(is_active=True).select_related("service_type")
    return scope(Provider.objects.all(), actor).prefetch_related(
        "locations", Prefetch("offerings", queryset=active_offerings, to_attr="active_offerings")
    )


def locations_for(actor: Actor) -> QuerySet[Location]:
    if not can(actor, Perm.VIEW_CATALOGUE):
        return Location.objects.none()
    return scope(Location.objects.select_related("provider"), actor)


def contacts_for(actor: Actor) -> QuerySet[Contact]:
    """The published contact points of the centre's providers (not clients' contact persons)."""
    if not can(actor, Perm.VIEW_CATALOGUE):
        return Contact.objects.none()
    return scope(Contact.objects.select_related("provider"), actor)


def offerings_for(actor: Actor) -> QuerySet[Offering]:
    if not can(actor, Perm.VIEW_CATALOGUE):
        return Offering.objects.none()
    return scope(Offering.objects.select_related("provider", "service_type"), actor).prefetch_related("locations")


# --- filters --------------------------------------------------------------------------------------------


def _service_type_match(value: str, prefix: str = "") -> Q:
    """A service type given by id or by code."""
    try:
        return Q(**{f"{prefix}pk": uuid.UUID(value)})
    except ValueError:
        return Q(**{f"{prefix}code": value})


def with_active_offering_of(providers: QuerySet[Provider], service_type: str) -> QuerySet[Provider]:
    """Providers with an active offering of ``service_type`` (its id or code)."""
    offerings = Offering.objects.filter(provider=OuterRef("pk"), is_active=True).filter(
        _service_type_match(service_type, prefix="service_type__")
    )
    return providers.filter(Exists(offerings))


def of_service_type(offerings: QuerySet[Offering], service_type: str) -> QuerySet[Offering]:
    """Offerings of ``service_type`` (its id or code)."""
    return offerings.filter(_service_type_match(service_type, prefix="service_type__"))


class _JSONListHasText(Func):
    """True when the JSON list in the first argument holds the text of the second, ignoring case.

    JSONField's ``contains`` does not work on SQLite, the embedded default, hence per-database SQL.
    """

    output_field = BooleanField()
    arity = 2

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        column, value = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        value_sql, value_params = compiler.compile(value)
        if connection.vendor == "postgresql":
            elements = f"jsonb_array_elements_text({column_sql}) AS element(text)"
            match = f"LOWER(element.text) = LOWER({value_sql})"
        else:
            elements = f"json_each({column_sql}) AS element"
            match = f"LOWER(element.value) = LOWER({value_sql})"
        # Only compiled SQL fragments are joined here; the searched text stays a query parameter.
        return f"EXISTS (SELECT 1 FROM {elements} WHERE {match})", (*column_params, *value_params)  # noqa: S608


def with_list_item[M: Provider | Offering](queryset: QuerySet[M], field: str, item: str) -> QuerySet[M]:
    """Rows whose JSON list ``field`` (target groups, languages, areas) holds ``item``, ignoring case."""
    return queryset.filter(_JSONListHasText(F(field), Value(item)))


# --- the public catalogue (no login) --------------------------------------------------------------------
#
# What the public sees, over all centres: providers flagged public and active; their offerings flagged
# public and active; their locations and contacts flagged public. Nothing else of a centre, and never
# anything of clients, is reachable from these querysets.


def public_centres() -> QuerySet[Centre]:
    """Centres with at least one provider in the public catalogue."""
    listed = Provider.objects.filter(centre=OuterRef("pk"), is_public=True, is_active=True)
    return Centre.objects.filter(Exists(listed)).order_by("name")


def public_providers() -> QuerySet[Provider]:
    return Provider.objects.filter(is_public=True, is_active=True).select_related("centre")


def public_offerings() -> QuerySet[Offering]:
    return Offering.objects.filter(
        is_public=True, is_active=True, provider__is_public=True, provider__is_active=True
    ).select_related("provider", "provider__centre", "service_type", "centre")


def public_locations() -> QuerySet[Location]:
    return Location.objects.filter(is_public=True, provider__is_public=True, provider__is_active=True).select_related(
        "centre"
    )


def public_contacts() -> QuerySet[Contact]:
    """Public contacts of public providers; a contact of an unpublished offering or location stays hidden."""
    return Contact.objects.filter(is_public=True, provider__is_public=True, provider__is_active=True).exclude(
        Q(offering__isnull=False) & (Q(offering__is_public=False) | Q(offering__is_active=False))
    ).exclude(Q(location__isnull=False) & Q(location__is_public=False))


def public_service_types() -> QuerySet[ServiceType]:
    """The active shipped types and the centres' own active types."""
    return ServiceType.objects.filter(active=True)


def with_public_relations[M: Provider | Offering](queryset: QuerySet[M]) -> QuerySet[M]:
    """Prefetch what a public rendering of providers or offerings shows, public rows only.

    Providers get ``public_locations``, ``public_contacts`` and ``public_offerings``; offerings get
    ``public_locations`` and ``public_contacts``: a fixed number of queries whatever the page size.
    """
    locations = Prefetch("locations", queryset=public_locations(), to_attr="public_locations")
    if queryset.model is Provider:
        return queryset.prefetch_related(
            locations,
            Prefetch("contacts", queryset=public_contacts().filter(offering__isnull=True), to_attr="public_contacts"),
            Prefetch("offerings", queryset=public_offerings(), to_attr="public_offerings"),
        )
    return queryset.prefetch_related(
        locations, Prefetch("contacts", queryset=public_contacts(), to_attr="public_contacts")
    )


def public_search(queryset: QuerySet[Offering], text: str) -> QuerySet[Offering]:
    """Offerings whose name, description (any language), service type or provider matches ``text``."""
    match = Q(name__icontains=text) | Q(provider__name__icontains=text)
    for language in LANGUAGE_CODES:
        match |= Q(**{f"description__{language}__icontains": text})
        match |= Q(**{f"service_type__name_{language}__icontains": text})
    return queryset.filter(match)


def public_provider_search(queryset: QuerySet[Provider], text: str) -> QuerySet[Provider]:
    """Providers whose name, description (any language) or public offerings match ``text``."""
    match = Q(name__icontains=text) | Q(municipality__icontains=text)
    for language in LANGUAGE_CODES:
        match |= Q(**{f"description__{language}__icontains": text})
    offerings = public_search(public_offerings().filter(provider=OuterRef("pk")), text)
    return queryset.filter(match | Exists(offerings))


def accessible_offerings(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    """Offerings of a wheelchair-accessible provider or at a wheelchair-accessible public location."""
    at_accessible_place = public_locations().filter(offerings=OuterRef("pk"), wheelchair_accessible=True)
    return queryset.filter(Q(provider__wheelchair_accessible=True) | Exists(at_accessible_place))


def accessible_providers(queryset: QuerySet[Provider]) -> QuerySet[Provider]:
    at_accessible_place = public_locations().filter(provider=OuterRef("pk"), wheelchair_accessible=True)
    return queryset.filter(Q(wheelchair_accessible=True) | Exists(at_accessible_place))


def in_area[M: Provider | Offering](queryset: QuerySet[M], area: str) -> QuerySet[M]:
    """Rows serving ``area`` (the provider's areas) or with a public location in it (area or municipality)."""
    prefix = "" if queryset.model is Provider else "provider__"
    provider_ref = OuterRef("pk") if queryset.model is Provider else OuterRef("provider_id")
    places = public_locations().filter(provider=provider_ref).filter(
        Q(area__iexact=area) | Q(municipality__iexact=area)
    )
    serves = _JSONListHasText(F(f"{prefix}areas"), Value(area))
    return queryset.filter(serves | Exists(places) | Q(**{f"{prefix}municipality__iexact": area}))
