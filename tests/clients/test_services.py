"""Service rules that hold whoever calls them (API, worker, demo data)."""

from __future__ import annotations

import datetime as dt

import pytest

from cus.clients import services
from cus.clients.models import Client
from cus.core.errors import NotAllowed, NotFound, ValidationError

from .factories import ConsentFactory


def test_managers_and_admins_cannot_change_a_client_through_the_service(as_actor, manager, admin_user, caseload):
    for user in (manager, admin_user):
        with pytest.raises(NotAllowed):
            services.update_client(actor=as_actor(user), client=caseload.unassigned, phone="1")


def test_a_client_of_another_centre_is_not_found_by_the_service(as_actor, coordinator, caseload):
    with pytest.raises(NotFound):
        services.update_client(actor=as_actor(coordinator), client=caseload.foreign, phone="1")
    with pytest.raises(NotFound):
        services.create_contact(actor=as_actor(coordinator), client=caseload.foreign, name="Jan")
    with pytest.raises(NotFound):
        services.record_client_access(actor=as_actor(coordinator), client=caseload.foreign)


def test_provider_staff_cannot_register_clients(as_actor, provider_staff):
    with pytest.raises(NotAllowed):
        services.create_client(actor=as_actor(provider_staff), first_name="A", last_name="B",
                               birth_date=dt.date(1950, 1, 1), sex="male")
    assert Client.objects.count() == 0


def test_service_registration_writes_history_with_the_actor(as_actor, coordinator):
    client = services.create_client(actor=as_actor(coordinator), first_name=" Anna ", last_name="Nowak",
                                    birth_date=dt.date(1944, 5, 14), sex="female", change_reason="walk-in")
    assert (client.first_name, client.coordinator) == ("Anna", coordinator)
    record = client.history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "walk-in")


def test_unknown_fields_are_a_programming_error(as_actor, coordinator, caseload):
    with pytest.raises(TypeError):
        services.update_client(actor=as_actor(coordinator), client=caseload.own, reference="X")


def test_withdrawal_by_service_validates_the_date(as_actor, coordinator, caseload):
    consent = ConsentFactory(client=caseload.own, given_on=dt.date(2025, 5, 1))
    with pytest.raises(ValidationError) as raised:
        services.withdraw_consent(actor=as_actor(coordinator), consent=consent, date=dt.date(2025, 1, 1))
    assert "date" in raised.value.message_dict
