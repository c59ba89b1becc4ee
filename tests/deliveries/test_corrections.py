"""Provider staff edit their logs while the month is open; after approval they log correcting entries."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.context import actor_for
from cus.core.models import Role
from cus.deliveries import services
from cus.deliveries.models import Delivery

from .conftest import STATEMENTS_URL, URL, assigned_service
from .helpers import approved, log, statement, submitted


def patch(world, delivery, user=None, **changes):
    return world.api(user or world.staff).patch(f"{URL}{delivery.pk}/", changes, format="json")


def correct(world, delivery, user=None, **body):
    return world.api(user or world.staff).post(f"{URL}{delivery.pk}/correct/", body, format="json")


# --- editing while the month is open -------------------------------------------------------------------


def test_editing_the_duration_recomputes_units_and_cost(world):
    delivery = log(world)
    response = patch(world, delivery, duration_minutes=120, reason="visit was longer")
    assert response.status_code == 200, response.json()
    assert (response.json()["units"], response.json()["cost"]) == ("2.00", "100.00")
    assert delivery.history.first().history_change_reason == "visit was longer"


def test_an_edit_to_an_absence_frees_the_cost(world):
    delivery = log(world)
    assert patch(world, delivery, outcome="client_absent").json()["cost"] == "0.00"


def test_edits_follow_the_same_rules(world):
    delivery = log(world)
    log(world, start_time=dt.time(14))
    response = patch(world, delivery, date=(world.today + dt.timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "date" in response.json()
    response = patch(world, delivery, start_time="13:30")
    assert response.status_code == 409
    assert response.json()["field"] == "start_time"
    response = patch(world, delivery, duration_minutes=0)
    assert response.status_code == 400
    assert "duration_minutes" in response.json()
    delivery.refresh_from_db()
    assert (delivery.start_time, delivery.duration_minutes) == (dt.time(9), 90)


def test_an_edit_beyond_the_budget_is_refused_but_the_logs_own_units_count(world):
    world.line.max_units = Decimal("2")
    world.line.save()
    delivery = log(world)  # 1.5
    assert patch(world, delivery, duration_minutes=120).status_code == 200  # 2.0: its own 1.5 are freed
    response = patch(world, delivery, duration_minutes=150)
    assert response.status_code == 409
    assert response.json()["field"] == "units"


def test_the_planned_service_and_client_uuid_cannot_be_changed(world, centre):
    delivery = log(world)
    other = assigned_service(centre, world.provider)
    response = patch(world, delivery, planned_service=str(other.pk))
    assert response.status_code == 400
    assert "planned_service" in response.json()


def test_a_confirmed_log_cannot_be_edited(world):
    delivery = log(world)
    services.confirm_delivery(actor=actor_for(world.coordinator), delivery=delivery)
    response = patch(world, delivery, note="late edit")
    assert response.status_code == 409


def test_editing_a_disputed_log_puts_it_back_for_confirmation(world):
    delivery = log(world)
    services.dispute_delivery(actor=actor_for(world.coordinator), delivery=delivery, reason="client says 60 min")
    response = patch(world, delivery, duration_minutes=60)
    assert response.status_code == 200
    assert response.json()["status"] == "logged"


def test_a_log_of_a_submitted_or_approved_month_cannot_be_edited(world, manager):
    delivery = log(world)
    submitted(world)
    assert patch(world, delivery, note="x").status_code == 409
    services.approve_statement(actor=actor_for(manager), statement=statement(world))
    assert patch(world, delivery, note="x").status_code == 409


def test_a_colleague_at_the_same_provider_may_edit(world, member, centre):
    colleague = member(Role.PROVIDER, centre, provider=world.provider)
    assert patch(world, log(world), user=colleague, note="fixed").status_code == 200


def test_another_provider_cannot_see_the_log_to_edit_it(world, other_provider_staff):
    assert patch(world, log(world), user=other_provider_staff, note="x").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_centre_staff_do_not_edit_logs(world, member, centre, role):
    assert patch(world, log(world), user=member(role, centre), note="x").status_code == 403


# --- correcting entries after approval -------------------------------------------------------------------


def test_a_log_of_an_approved_month_is_corrected_by_a_new_entry(world, manager):
    original = log(world)  # 1.5 units, 75.00
    approved(world, manager)
    response = correct(world, original, duration_minutes=60, reason="the visit lasted an hour")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["corrects"] == str(original.pk)
    assert (body["date"], body["units"], body["cost"]) == (world.today.isoformat(), "1.00", "50.00")
    assert (body["start_time"], body["worker_name"]) == ("09:00:00", "Anna Nowak")  # copied from the original
    shown = world.api(world.staff).get(f"{URL}{original.pk}/").json()
    assert shown["corrected_by"] == body["id"]
    original.refresh_from_db()
    assert original.units == Decimal("1.50")  # the original stays as approved
    assert original.statement_id is not None
    assert Delivery.objects.get(pk=body["id"]).history.get().history_change_reason == "the visit lasted an hour"


def test_a_correction_counts_as_its_difference_in_the_open_months_statement(world, manager):
    original = log(world)
    approved(world, manager)
    correct(world, original, duration_minutes=60, reason="an hour")
    current = statement(world, month=world.today)
    body = world.api(world.staff).get(f"{STATEMENTS_URL}{current.pk}/").json()
    assert (body["total_units"], body["total_cost"], body["deliveries_count"]) == ("-0.50", "-25.00", 1)


def test_a_log_of_an_open_month_is_edited_not_corrected(world):
    response = correct(world, log(world), duration_minutes=60, reason="x")
    assert response.status_code == 409


def test_a_log_of_a_submitted_month_waits_for_the_decision(world):
    delivery = log(world)
    submitted(world)
    assert correct(world, delivery, duration_minutes=60, reason="x").status_code == 409


def test_a_correction_needs_a_reason(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, duration_minutes=60)
    assert response.status_code == 400
    assert "reason" in response.json()
    assert Delivery.objects.count() == 1


def test_a_log_is_corrected_once(world, manager):
    original = log(world)
    approved(world, manager)
    assert correct(world, original, duration_minutes=60, reason="x").status_code == 201
    assert correct(world, original, duration_minutes=30, reason="y").status_code == 409


def test_a_correction_cannot_be_dated_in_a_closed_month(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, duration_minutes=60, reason="x", date=world.day.isoformat())
    assert response.status_code == 409
    assert response.json()["field"] == "date"


def test_a_correction_cannot_carry_a_confirmation(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, reason="x", confirmation={"kind": "code", "code": "1"})
    assert response.status_code == 400
    assert "confirmation" in response.json()


def test_a_correction_asking_for_more_than_the_line_has_is_refused(world, manager):
    world.line.max_units = Decimal("2")
    world.line.save()
    original = log(world)
    approved(world, manager)
    response = correct(world, original, duration_minutes=180, reason="three hours")
    assert response.status_code == 409
    assert response.json()["field"] == "units"


def test_a_correcting_entry_is_itself_edited_while_its_month_is_open(world, manager):
    original = log(world)
    approved(world, manager)
    correction = Delivery.objects.get(pk=correct(world, original, duration_minutes=60, reason="x").json()["id"])
    response = patch(world, correction, duration_minutes=45)
    assert response.status_code == 200
    assert response.json()["units"] == "0.75"


# --- who corrects: the provider's staff and the client's coordinator; managers read -----------------------------


def _nothing_written(world, original):
    from cus.contracts.selectors import line_usage

    assert list(Delivery.objects.values_list("pk", flat=True)) == [original.pk]
    world.line.refresh_from_db()
    assert line_usage([world.line])[world.line.pk].units_delivered == Decimal("1.50")
    shown = world.api(world.staff).get(f"{URL}{original.pk}/").json()
    assert shown["corrected_by"] is None


def test_the_clients_coordinator_corrects_a_log_of_an_approved_month(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, user=world.coordinator, duration_minutes=60, reason="the client says one hour")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["corrects"], body["units"], body["logged_by"]) == (
        str(original.pk), "1.00", str(world.coordinator.pk)
    )
    shown = world.api(world.coordinator).get(f"{URL}{original.pk}/").json()
    assert (shown["corrected_by"], shown["units"]) == (body["id"], "1.50")  # the original stays visible


def test_another_coordinators_client_is_not_corrected(world, manager, coordinator2):
    original = log(world)
    approved(world, manager)
    assert correct(world, original, user=coordinator2, duration_minutes=60, reason="x").status_code == 403
    _nothing_written(world, original)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN, Role.AUDITOR])
def test_managers_read_but_do_not_correct(world, manager, member, centre, role):
    original = log(world)
    approved(world, manager)
    user = member(role, centre)
    assert world.api(user).get(f"{URL}{original.pk}/").status_code == 200
    assert correct(world, original, user=user, duration_minutes=60, reason="x").status_code == 403
    _nothing_written(world, original)


def test_another_providers_staff_do_not_find_the_log_to_correct(world, manager, other_provider_staff):
    original = log(world)
    approved(world, manager)
    assert correct(world, original, user=other_provider_staff, duration_minutes=60, reason="x").status_code == 404
    _nothing_written(world, original)


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.COORDINATOR])
def test_another_centres_staff_do_not_find_the_log_to_correct(world, manager, member, other_centre, role):
    original = log(world)
    approved(world, manager)
    outsider = member(role, other_centre)
    assert correct(world, original, user=outsider, duration_minutes=60, reason="x").status_code == 404
    _nothing_written(world, original)


@pytest.mark.parametrize("reason", [..., "", "   "])
def test_the_coordinator_gives_a_reason_too(world, manager, reason):
    original = log(world)
    approved(world, manager)
    body = {"duration_minutes": 60} if reason is ... else {"duration_minutes": 60, "reason": reason}
    response = correct(world, original, user=world.coordinator, **body)
    assert response.status_code == 400
    assert "reason" in response.json()
    _nothing_written(world, original)


def test_a_correction_into_a_closed_month_writes_nothing(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, user=world.coordinator, duration_minutes=60, reason="x", date=world.day.isoformat())
    assert response.status_code == 409
    _nothing_written(world, original)


def test_a_corrected_log_counts_once_in_the_lines_usage(world, manager):
    from cus.contracts.selectors import line_usage

    original = log(world)  # 1.5 units
    approved(world, manager)
    correct(world, original, duration_minutes=60, reason="an hour")
    world.line.refresh_from_db()
    assert line_usage([world.line])[world.line.pk].units_delivered == Decimal("1.00")


def test_the_change_serializers_take_exactly_the_editable_values():
    """One list of what a provider may change: the edit (which may add a confirmation) and the correcting entry."""
    from cus.deliveries.api import CorrectionSerializer, DeliveryPatchSerializer

    assert list(DeliveryPatchSerializer().fields) == [*services.EDITABLE_FIELDS, "confirmation", "reason"]
    assert list(CorrectionSerializer().fields) == [*services.EDITABLE_FIELDS, "reason"]


def test_a_correcting_entry_refuses_a_confirmation_by_name(world, manager):
    original = log(world)
    approved(world, manager)
    response = correct(world, original, reason="x", confirmation={"kind": "code", "code": "1234"})
    assert response.status_code == 400
    assert response.json()["confirmation"] == ["This field cannot be changed."]
