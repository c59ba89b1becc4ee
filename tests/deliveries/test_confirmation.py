"""confirm/ and dispute/: the client's coordinator checks the provider's logs."""

import uuid

import pytest

from cus.core.models import Role
from cus.deliveries.models import Delivery

from ..factories import ClientFactory
from .conftest import URL
from .helpers import approved, log


def act(world, delivery, verb, user=None, **body):
    return world.api(user or world.coordinator).post(f"{URL}{delivery.pk}/{verb}/", body, format="json")


def test_the_plans_coordinator_confirms_a_log(world):
    delivery = log(world)
    response = act(world, delivery, "confirm", reason="checked with the client")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("confirmed", "checked with the client")
    entry = delivery.history.first()
    assert (entry.history_user, entry.history_change_reason) == (world.coordinator, "checked with the client")


def test_the_clients_coordinator_may_confirm_too(world, coordinator2):
    client = world.service.plan.client
    client.coordinator = coordinator2
    client.save()
    assert act(world, log(world), "confirm", user=coordinator2).status_code == 200


def test_a_dispute_needs_a_reason(world):
    delivery = log(world)
    response = act(world, delivery, "dispute")
    assert response.status_code == 400
    assert "reason" in response.json()
    response = act(world, delivery, "dispute", reason="the client was in hospital")
    assert response.status_code == 200
    assert response.json()["status"] == "disputed"


def test_a_confirmed_log_may_be_disputed_and_a_disputed_one_confirmed(world):
    delivery = log(world)
    assert act(world, delivery, "confirm").status_code == 200
    assert act(world, delivery, "dispute", reason="wrong day").status_code == 200
    assert act(world, delivery, "confirm", reason="sorted out").status_code == 200


def test_confirming_twice_is_a_conflict_naming_the_status(world):
    delivery = log(world)
    act(world, delivery, "confirm")
    response = act(world, delivery, "confirm")
    assert response.status_code == 409
    assert "confirmed" in response.json()["detail"]


def test_another_coordinator_may_see_but_not_confirm(world, coordinator2):
    delivery = log(world)
    assert world.api(coordinator2).get(f"{URL}{delivery.pk}/").status_code == 200
    assert act(world, delivery, "confirm", user=coordinator2).status_code == 403
    assert Delivery.objects.get().status == "logged"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_do_not_confirm(world, member, centre, role):
    assert act(world, log(world), "confirm", user=member(role, centre)).status_code == 403


def test_provider_staff_do_not_confirm_their_own_logs(world):
    assert act(world, log(world), "confirm", user=world.staff).status_code == 403


def test_a_volunteer_is_refused_before_the_log_is_looked_up(world, volunteer):
    # The role's permission is checked before the id (403 for a log and for no log alike): nothing is revealed.
    assert act(world, log(world), "confirm", user=volunteer).status_code == 403
    nobody = Delivery(pk=uuid.uuid4())
    assert act(world, nobody, "confirm", user=volunteer).status_code == 403


def test_logs_of_an_approved_month_cannot_be_confirmed_or_disputed(world, manager):
    delivery = log(world)
    approved(world, manager)
    assert act(world, delivery, "confirm").status_code == 409
    assert act(world, delivery, "dispute", reason="late").status_code == 409


def test_a_coordinator_of_another_client_is_refused(world, member, centre):
    other = member(Role.COORDINATOR, centre)
    ClientFactory(centre=centre, coordinator=other)
    assert act(world, log(world), "confirm", user=other).status_code == 403
