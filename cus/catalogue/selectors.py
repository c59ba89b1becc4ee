"""Reads on the catalogue, scoped to the actor's centre.

Everyone in a centre (staff, provider staff, volunteers) reads the whole catalogue of that centre:
the shipped service types, the centre's own types, its providers, their locations and offerings.
Nothing of another centre is ever returned. What the public sees is read by
``cus.catalogue.publishing.selectors``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

from cus.core.access import Perm, can, scope
from cus.core.context import Actor

from .models import Contact, Location, Offering, Provider, ServiceType


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


class JSONListHasText(Func):
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
    return queryset.filter(JSONListHasText(F(field), Value(item)))
