"""Reads of the published catalogue (no login), over all centres.

What the public sees: providers flagged public and active; their offerings flagged public and active; their
locations and contacts flagged public. Nothing else of a centre, and never anything of clients, is reachable
from these querysets.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value

from cus.catalogue.models import LANGUAGE_CODES, Contact, Location, Offering, Provider, ServiceType
from cus.catalogue.selectors import JSONListHasText
from cus.core.models import Centre


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


def public_service_types(centre: Centre | None = None) -> QuerySet[ServiceType]:
    """The active shipped types and the centres' own active types; with ``centre``, the shipped and its own."""
    types = ServiceType.objects.all() if centre is None else ServiceType.objects.usable_in(centre)
    return types.filter(active=True)


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
    """Offerings whose name, description (any language), service type or provider matches ``text``, ignoring case
    and accents ("glowacki" finds "Głowacki": cus.core.textmatch)."""
    match = Q(name__unaccent_icontains=text) | Q(provider__name__unaccent_icontains=text)
    for language in LANGUAGE_CODES:
        match |= Q(**{f"description__{language}__unaccent_icontains": text})
        match |= Q(**{f"service_type__name_{language}__unaccent_icontains": text})
    return queryset.filter(match)


def public_provider_search(queryset: QuerySet[Provider], text: str) -> QuerySet[Provider]:
    """Providers whose name, description (any language) or public offerings match ``text``, ignoring case and
    accents."""
    match = Q(name__unaccent_icontains=text) | Q(municipality__unaccent_icontains=text)
    for language in LANGUAGE_CODES:
        match |= Q(**{f"description__{language}__unaccent_icontains": text})
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
    serves = JSONListHasText(F(f"{prefix}areas"), Value(area))
    return queryset.filter(serves | Exists(places) | Q(**{f"{prefix}municipality__iexact": area}))
