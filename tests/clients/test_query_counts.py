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
