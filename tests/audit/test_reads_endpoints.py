"""A walk over every endpoint of /api/v1/: each one that answers a client's data writes the access log (it declares
``logs_client_reads``, and the declared path really reaches the client), or is listed below with why it need not;
and no endpoint that does not log answers a special-category field.

A new endpoint over a model kept under a client fails here until it says what it does: log its reads, or why not.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator

from cus.api.urls import router
from cus.api.views import ScopedViewSet
from cus.clients.models import Client, Participation

pytestmark = pytest.mark.django_db

# Viewsets over a model that reaches a client, which need not log (with why).
EXEMPT: dict[str, str] = {
    "access-log": "the access log itself: reading it is the audit, not a read of the client's file",
}

# Endpoints whose answers carry a special-category field's name without a person's data.
SCHEMA_EXEMPT: dict[str, str] = {
    "/api/v1/reports/": "funder reports: counts per indicator (how many participants of foreign background...)",
    "/api/v1/reports/{id}/": "funder reports: counts per indicator",
}

# Names that only special-category data goes by (an assessment's "description" or "score" are common words elsewhere).
SPECIAL = Client.SPECIAL_CATEGORY_FIELDS | Participation.SPECIAL_CATEGORY_FIELDS


def _client_path(model: type[models.Model], depth: int = 3) -> str | None:
    """A path of foreign keys from ``model`` to Client ("" for Client itself), or None."""
    if model is Client:
        return ""
    if depth == 0:
        return None
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is not model:
            rest = _client_path(field.related_model, depth - 1)
            if rest is not None:
                return field.name if rest == "" else f"{field.name}__{rest}"
    return None


def _reaches_client(model: type[models.Model], path: str) -> bool:
    for step in filter(None, path.split("__")):
        model = model._meta.get_field(step).related_model
    return model is Client


def _viewsets() -> list[tuple[str, Any]]:
    return [(prefix, viewset) for prefix, viewset, _basename in router.registry if issubclass(viewset, ScopedViewSet)]


def test_the_walk_finds_the_client_registry_and_the_plans():
    prefixes = {prefix for prefix, viewset in _viewsets() if _client_path(viewset.queryset.model) is not None}
    assert {"clients", "consents", "contacts", "referrals", "assessments", "participations", "plans", "goals",
            "planned-services", "reviews", "waiting-list"} <= prefixes


@pytest.mark.parametrize(("prefix", "viewset"), _viewsets(), ids=[prefix for prefix, _ in _viewsets()])
def test_every_endpoint_over_a_clients_records_logs_its_reads(prefix, viewset):
    model = viewset.queryset.model if viewset.queryset is not None else None
    if model is None or _client_path(model) is None or prefix in EXEMPT:
        return
    declared = viewset.logs_client_reads
    assert declared is not None, f"/api/v1/{prefix}/ answers records of a client ({model.__name__}) unlogged"
    assert _reaches_client(model, declared), f"/api/v1/{prefix}/: {declared!r} does not lead to the client"


def _properties(schema: dict[str, Any], components: dict[str, Any], seen: set[str]) -> set[str]:
    """Every property name in ``schema``, following $ref, oneOf/allOf/anyOf and arrays."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return set()
        seen.add(name)
        return _properties(components[name], components, seen)
    names = set(schema.get("properties", {}))
    for child in schema.get("properties", {}).values():
        names |= _properties(child, components, seen)
    for key in ("oneOf", "allOf", "anyOf"):
        for child in schema.get(key, []):
            names |= _properties(child, components, seen)
    if "items" in schema:
        names |= _properties(schema["items"], components, seen)
    return names


def test_no_endpoint_that_does_not_log_answers_special_category_data():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    unlogged = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or not path.startswith("/api/v1/") or path in SCHEMA_EXEMPT:
            continue
        answered = set()
        for content in get.get("responses", {}).get("200", {}).get("content", {}).values():
            answered |= _properties(content.get("schema", {}), components, set())
        special = answered & SPECIAL
        if not special:
            continue
        try:
            view = resolve(path.replace("{id}", "00000000-0000-4000-8000-000000000000")).func
        except Resolver404:  # pragma: no cover - every path of the schema resolves
            unlogged.append((path, "unresolvable"))
            continue
        viewset = getattr(view, "cls", None)
        if getattr(viewset, "logs_client_reads", None) is None:
            unlogged.append((path, sorted(special)))
    assert unlogged == []


def test_the_client_list_answers_no_special_category_field():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    summary = _properties({"$ref": "#/components/schemas/ClientSummary"}, components, set())
    assert summary
    assert not summary & SPECIAL
