"""Reads other apps build on: the clients a provider serves."""

from cus.clients.models import Client
from cus.plans.models import Plan
from cus.plans.selectors import client_ids_assigned_to_provider

from ..factories import PlannedServiceFactory
from .factories import active_plan, contract_line, draft_plan


def test_a_provider_serves_the_clients_of_its_assigned_services_on_ongoing_plans(centre, coordinator):
    line = contract_line(centre)
    provider = line.contract.provider
    active = active_plan(centre, coordinator)
    PlannedServiceFactory(plan=active, contract_line=line)
    PlannedServiceFactory(plan=active, contract_line=line)  # a second service: the client counted once
    suspended = active_plan(centre, coordinator)
    Plan.objects.filter(pk=suspended.pk).update(status="suspended")
    PlannedServiceFactory(plan=suspended, contract_line=line)
    closed = active_plan(centre, coordinator)
    Plan.objects.filter(pk=closed.pk).update(status="closed")
    PlannedServiceFactory(plan=closed, contract_line=line)
    PlannedServiceFactory(plan=draft_plan(centre, coordinator), contract_line=line)
    PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=line, status="cancelled")
    PlannedServiceFactory(plan=active_plan(centre, coordinator), contract_line=contract_line(centre))

    ids = client_ids_assigned_to_provider(provider.pk)
    assert sorted(ids) == sorted([active.client_id, suspended.client_id])
    # usable as a subquery by the client registry
    assert set(Client.objects.filter(pk__in=ids)) == {active.client, suspended.client}
