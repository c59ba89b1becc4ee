"""List endpoints run a fixed number of queries, however many rows they return."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.clients.models import Client

from ..factories import ClientFactory, ProviderFactory, ServiceTypeFactory
from .factories import (
    AssessmentAreaFactory,
    AssessmentFactory,
    ConsentFactory,
    ContactPersonFactory,
    IdentifiedNeedFactory,
    ReferralFactory,
)

MAX_QUERIES = 12


def add_rows(kind: str, centre, coordinator, count: int) -> Client:
    """``count`` rows for the list ``kind``, all under one client (returned), with their relations filled."""
    holder = ClientFactory(centre=centre, coordinator=coordinator)
    for _ in range(count):
        if kind == "clients":
            other = ClientFactory(centre=centre, coordinator=coordinator)
            other.distinct_from.add(holder)
        elif kind == "consents":
            ConsentFactory(client=holder).providers.add(ProviderFactory(centre=centre))
        elif kind == "contacts":
            ContactPersonFactory(client=holder)
        elif kind == "referrals":
            ReferralFactory(client=holder, received_by=coordinator)
        elif kind == "assessments":
            assessment = AssessmentFactory(client=holder)
            AssessmentAreaFactory(assessment=assessment)
            IdentifiedNeedFactory(assessment=assessment, service_type=ServiceTypeFactory())
        elif kind in ("history", "access-log"):
            holder.phone = str(_)
            if kind == "history":
                # the timeline names the related records changes point to: one query per related model, not per row
                holder.coordinator = coordinator if _ % 2 else None
            holder.save()
            if kind == "access-log":
                holder.access_log.create(centre=centre, user=coordinator, role="coordinator", action="view")
    return holder


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("kind", ["clients", "consents", "contacts", "referrals", "assessments", "history", "access-log"])
def test_list_query_count_does_not_grow_with_rows(kind, api, centre, coordinator, django_assert_max_num_queries):
    client = api(coordinator)

    def url(holder: Client) -> str:
        if kind in ("history", "access-log"):
            return f"/api/v1/clients/{holder.pk}/{kind}/"
        return f"/api/v1/{kind}/"

    few = add_rows(kind, centre, coordinator, 3)
    with_few = count_queries(client, url(few))
    assert with_few <= MAX_QUERIES
    many = add_rows(kind, centre, coordinator, 20)
    with django_assert_max_num_queries(with_few):
        response = client.get(url(many), {"page_size": 100})
    assert len(response.json()["results"]) >= 20


# --- search ----------------------------------------------------------------------------------------------------


def test_a_search_runs_the_same_queries_whatever_it_finds(api, centre, coordinator):
    client = api(coordinator)
    for n in range(3):
        ClientFactory(centre=centre, last_name=f"Kowalska{n}")
    few = count_queries(client, "/api/v1/clients/?search=owals")
    for n in range(20):
        ClientFactory(centre=centre, last_name=f"Kowalski{n}")
    assert count_queries(client, "/api/v1/clients/?search=owals") == few
    assert client.get("/api/v1/clients/", {"search": "OWALS"}).json()["count"] == 23


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's (pg_trgm)")
def test_the_client_search_can_be_served_by_the_trigram_indexes(centre, coordinator):
    """The search's SQL (Django's ``icontains``: ``UPPER(col::text) LIKE``; names: ``cus_fold(col) LIKE``) matches the
    indexed expressions: with
    plain scans priced out of a tiny test table, the planner reads every searched column's trigram index."""
    from rest_framework.filters import SearchFilter
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from cus.clients.api.views import ClientViewSet
    from cus.clients.models import Client
    from cus.core.context import actor_for

    ClientFactory(centre=centre, last_name="Kowalska")
    view = ClientViewSet()
    view.actor = actor_for(coordinator)
    request = APIRequestFactory().get("/api/v1/clients/", {"search": "owals"})
    # Over the whole table: the centre's own indexes would otherwise serve a tiny test table's search better.
    searched = SearchFilter().filter_queryset(Request(request), Client.objects.all(), view)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = searched.order_by().explain()
    for field in view.search_fields:
        # Names are searched folded (no case, no accents: cus.core.textmatch), by the indexes on cus_fold(name).
        column, _sep, lookup = field.partition("__")
        index = f"client_{column}_fold_trgm" if lookup == "unaccent_icontains" else f"client_{column}_trgm"
        assert index in plan, plan
    assert searched.count() == 1
