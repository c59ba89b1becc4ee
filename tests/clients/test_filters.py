"""Filtering the client registry."""

from __future__ import annotations

from ..factories import ClientFactory, PlanFactory


def test_has_active_plan_filter_separates_clients_with_an_active_plan(api, coordinator, centre):
    with_plan = ClientFactory(centre=centre, last_name="Aktywna")
    draft_only = ClientFactory(centre=centre, last_name="Szkic")
    closed_only = ClientFactory(centre=centre, last_name="Zamknięta")
    PlanFactory(client=with_plan, coordinator=coordinator, status="active")
    PlanFactory(client=draft_only, coordinator=coordinator, status="draft")
    PlanFactory(client=closed_only, coordinator=coordinator, status="closed")
    client = api(coordinator)

    active = client.get("/api/v1/clients/", {"has_active_plan": "true"}).json()
    without = client.get("/api/v1/clients/", {"has_active_plan": "false"}).json()

    assert [row["id"] for row in active["results"]] == [str(with_plan.pk)]
    assert {row["id"] for row in without["results"]} == {str(draft_only.pk), str(closed_only.pk)}


def test_has_active_plan_filter_rejects_a_non_boolean(api, coordinator):
    response = api(coordinator).get("/api/v1/clients/", {"has_active_plan": "maybe"})
    assert response.status_code == 400
    assert "has_active_plan" in response.json()
