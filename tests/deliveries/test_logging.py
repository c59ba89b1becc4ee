"""deliveries/ POST: provider staff log what they delivered; every rule refuses clearly and writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from cus.core.models import Role
from cus.deliveries.models import Delivery

from ..factories import ContractLineFactory, FundingSourceFactory, PlannedServiceFactory
from .conftest import URL, assigned_service
from .helpers import approved, log, submitted

SVG_SIGNATURE = "M10 10 L20 20 C 30 30, 40 10, 50 20 Z"
PNG_SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="


def assert_refused(response, status: int, field: str) -> None:
    assert response.status_code == status, response.json()
    body = response.json()
    if status == 400:
        assert field in body, body
    else:
        assert body["field"] == field, body
        assert body["detail"]


def test_provider_staff_log_a_visit_with_units_from_the_duration(world):
    response = world.log()
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["units"], body["cost"], body["status"], body["outcome"]) == ("1.50", "75.00", "logged", "delivered")
    delivery = Delivery.objects.get()
    assert delivery.client == world.service.plan.client
    assert delivery.provider == world.provider
    assert delivery.service_type == world.service.service_type
    assert delivery.contract_line == world.line
    assert delivery.funding_source == world.line.funding_source
    assert delivery.logged_by == world.staff
    assert body["client_name"] == f"{delivery.client.first_name} {delivery.client.last_name}"


def test_logging_writes_history_with_the_user(world):
    world.log()
    entry = Delivery.objects.get().history.get()
    assert (entry.history_user, entry.history_change_reason) == (world.staff, "logged")


def test_units_default_to_one_for_services_not_counted_in_hours(world, centre):
    service = assigned_service(centre, world.provider, unit="visit")
    response = world.log(planned_service=str(service.pk))
    assert response.status_code == 201, response.json()
    assert (response.json()["units"], response.json()["cost"]) == ("1.00", "50.00")


def test_units_given_are_kept(world):
    response = world.log(units="2.25", duration_minutes=...)
    assert (response.json()["units"], response.json()["cost"]) == ("2.25", "112.50")


def test_units_given_may_round_the_duration_to_a_quarter_hour(world):
    response = world.log(units="1.75", duration_minutes=90)  # 15 minutes rounded up
    assert (response.json()["units"], response.json()["cost"]) == ("1.75", "87.50")


@pytest.mark.parametrize("outcome", ["client_absent", "cancelled_by_provider"])
def test_a_visit_not_delivered_costs_nothing(world, outcome):
    response = world.log(outcome=outcome)
    assert response.status_code == 201
    assert response.json()["cost"] == "0.00"


def test_an_hourly_service_needs_a_duration_or_units(world):
    response = world.log(duration_minutes=..., start_time=...)
    assert_refused(response, 400, "duration_minutes")
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("minutes", [0, -30, 1441])
def test_a_duration_outside_one_minute_to_a_day_is_refused(world, minutes):
    assert_refused(world.log(duration_minutes=minutes), 400, "duration_minutes")
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("units", ["0", "-1.5"])
def test_units_must_be_positive(world, units):
    assert_refused(world.log(units=units), 400, "units")
    assert not Delivery.objects.exists()


def test_a_date_in_the_future_is_refused(world):
    response = world.log(date=(world.today + dt.timedelta(days=1)).isoformat())
    assert_refused(response, 400, "date")
    assert "future" in response.json()["date"][0]
    assert not Delivery.objects.exists()


def test_today_in_the_centres_time_zone_is_accepted(world):
    assert world.log(date=world.today.isoformat()).status_code == 201


def test_a_date_outside_the_plan_is_refused(world):
    plan = world.service.plan
    plan.start_date = world.day + dt.timedelta(days=1)
    plan.save()
    response = world.log()
    assert_refused(response, 400, "date")
    assert "plan" in response.json()["date"][0]


def test_a_date_outside_the_planned_service_is_refused(world):
    world.service.end_date = world.day - dt.timedelta(days=1)
    world.service.save()
    response = world.log()
    assert_refused(response, 400, "date")
    assert "planned service" in response.json()["date"][0]


def test_a_date_outside_the_contract_is_refused(world):
    world.contract.start_date = world.day + dt.timedelta(days=1)
    world.contract.save()
    response = world.log()
    assert_refused(response, 400, "date")
    assert "contract" in response.json()["date"][0]


@pytest.mark.parametrize("status", ["suspended", "ended"])
def test_a_planned_service_no_longer_assigned_is_refused(world, status):
    world.service.status = status
    world.service.save()
    assert_refused(world.log(), 400, "planned_service")
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("status", ["suspended", "closed"])
def test_a_plan_not_active_is_refused(world, status):
    plan = world.service.plan
    plan.status = status
    plan.save()
    assert_refused(world.log(), 400, "planned_service")


def test_a_contract_still_in_draft_is_refused(world):
    world.contract.status = "draft"
    world.contract.save()
    assert_refused(world.log(), 400, "planned_service")


def test_a_planned_service_waiting_for_a_provider_is_not_found(world, centre):
    waiting = PlannedServiceFactory(plan=world.service.plan)
    response = world.log(planned_service=str(waiting.pk))
    assert_refused(response, 404, "planned_service")


def test_a_planned_service_of_another_provider_is_not_found(world, other_provider_staff):
    response = world.log(user=other_provider_staff)
    assert_refused(response, 404, "planned_service")
    assert not Delivery.objects.exists()


def test_a_planned_service_of_another_centre_is_not_found(world, member, other_centre):
    stranger = member(Role.PROVIDER, other_centre)
    assert world.log(user=stranger).status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.VOLUNTEER])
def test_only_provider_staff_log(world, member, centre, role):
    response = world.log(user=member(role, centre))
    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_the_plans_coordinator_may_not_log_either(world):
    assert world.log(user=world.coordinator).status_code == 403


def test_bad_values_name_their_fields(world):
    response = world.log(date="10/11/2026", start_time="nine", outcome="maybe", client_uuid="x")
    assert response.status_code == 400
    assert {"date", "start_time", "outcome", "client_uuid"} <= set(response.json())


# --- conflicts ---------------------------------------------------------------------------------------


def test_the_same_worker_cannot_be_at_two_overlapping_visits(world, centre):
    assert world.log(start_time="09:00", duration_minutes=90).status_code == 201
    other = assigned_service(centre, world.provider)
    response = world.log(planned_service=str(other.pk), start_time="10:00", duration_minutes=30,
                         worker_name="ANNA nowak")
    assert_refused(response, 409, "start_time")
    assert "09:00" in response.json()["detail"]
    assert "10:30" in response.json()["detail"]
    assert Delivery.objects.count() == 1


def test_back_to_back_visits_and_other_workers_do_not_overlap(world, centre):
    assert world.log(start_time="09:00", duration_minutes=60).status_code == 201
    assert world.log(start_time="10:00", duration_minutes=60).status_code == 201
    other = assigned_service(centre, world.provider)
    assert world.log(planned_service=str(other.pk), start_time="09:30", duration_minutes=60,
                     worker_name="Ewa Kowalska").status_code == 201


def test_a_visit_past_midnight_overlaps_the_next_morning(world):
    assert world.log(start_time="23:00", duration_minutes=120).status_code == 201
    next_day = (world.day + dt.timedelta(days=1)).isoformat()
    assert_refused(world.log(date=next_day, start_time="00:30", duration_minutes=30), 409, "start_time")


def test_a_visit_cancelled_by_the_provider_blocks_nobody(world):
    assert world.log(outcome="cancelled_by_provider").status_code == 201
    assert world.log().status_code == 201


def test_a_log_beyond_the_lines_maximum_units_is_refused_with_what_remains(world):
    world.line.max_units = Decimal("2")
    world.line.save()
    assert world.log(duration_minutes=90).status_code == 201
    response = world.log(start_time="12:00", duration_minutes=60)
    assert_refused(response, 409, "units")
    assert "0.50" in response.json()["detail"]
    assert response.json()["remaining"] == "0.50"
    assert Delivery.objects.count() == 1


def test_a_log_beyond_the_lines_budget_is_refused_with_what_remains(world):
    world.line.max_units = None
    world.line.budget = Decimal("100.00")
    world.line.save()
    assert world.log(duration_minutes=90).status_code == 201  # 75.00
    response = world.log(start_time="12:00", duration_minutes=60)  # 50.00
    assert_refused(response, 409, "units")
    assert "25.00" in response.json()["detail"]


def test_absences_take_nothing_from_the_budget(world):
    world.line.max_units = Decimal("1")
    world.line.save()
    assert world.log(outcome="client_absent", duration_minutes=90).status_code == 201
    assert world.log(start_time="12:00", duration_minutes=60).status_code == 201


def test_a_month_approved_takes_no_new_logs(world, manager):
    approved(world, manager)
    response = world.log()
    assert_refused(response, 409, "date")
    assert not Delivery.objects.exists()


def test_a_month_submitted_takes_no_new_logs(world):
    submitted(world)
    assert_refused(world.log(), 409, "date")


def test_the_same_client_service_and_day_cannot_be_claimed_under_two_funding_sources(world, centre):
    assert world.log().status_code == 201
    other_line = ContractLineFactory(
        contract=world.contract, service_type=world.line.service_type,
        funding_source=FundingSourceFactory(centre=centre, name="Municipal budget"),
    )
    other = PlannedServiceFactory(plan=world.service.plan, contract_line=other_line)
    response = world.log(planned_service=str(other.pk), start_time="15:00")
    assert_refused(response, 409, "date")
    assert "Municipal budget" not in response.json()["detail"]  # names the source already claimed
    assert world.line.funding_source.name in response.json()["detail"]
    # another day is fine, and so is the same source
    assert world.log(planned_service=str(other.pk), date=(world.day + dt.timedelta(days=1)).isoformat()).status_code == 201
    assert world.log(start_time="18:00").status_code == 201


def test_an_absence_is_no_claim_for_double_funding(world, centre):
    assert world.log(outcome="client_absent").status_code == 201
    other_line = ContractLineFactory(contract=world.contract, service_type=world.line.service_type,
                                     funding_source=FundingSourceFactory(centre=centre))
    other = PlannedServiceFactory(plan=world.service.plan, contract_line=other_line)
    assert world.log(planned_service=str(other.pk), start_time="15:00").status_code == 201


# --- the client's confirmation ------------------------------------------------------------------------


@pytest.mark.parametrize("signature", [SVG_SIGNATURE, PNG_SIGNATURE])
def test_a_signature_confirms_the_visit(world, signature):
    response = world.log(confirmation={"kind": "signature", "signature": signature})
    assert response.status_code == 201, response.json()
    confirmation = response.json()["confirmation"]
    assert confirmation["kind"] == "signature"
    assert confirmation["signature"] == signature
    assert confirmation["confirmed_by_client_at"]


def test_the_signature_is_shown_to_the_centre_staff(world, manager):
    log(world, confirmation={"kind": "signature", "signature": SVG_SIGNATURE})
    for user in (world.coordinator, manager, world.staff):
        row = world.api(user).get(URL).json()["results"][0]
        assert row["confirmation"]["signature"] == SVG_SIGNATURE


@pytest.mark.parametrize("signature", ["", "<script>alert(1)</script>", "data:text/html;base64,PGI+"])
def test_a_signature_that_is_no_drawing_is_refused(world, signature):
    response = world.log(confirmation={"kind": "signature", "signature": signature})
    assert_refused(response, 400, "confirmation")
    assert not Delivery.objects.exists()


def test_a_signature_over_200_kb_is_refused(world):
    huge = "M0 0 " + "L1 1 " * 50_000
    response = world.log(confirmation={"kind": "signature", "signature": huge})
    assert_refused(response, 400, "confirmation")
    assert "200 kB" in response.json()["confirmation"][0]


def test_the_clients_code_confirms_the_visit(world):
    world.service.confirmation_code = "K7Q2"
    world.service.save()
    response = world.log(confirmation={"kind": "code", "code": " k7q2 "})
    assert response.status_code == 201, response.json()
    assert response.json()["confirmation"]["kind"] == "code"
    assert "signature" not in response.json()["confirmation"]


def test_a_wrong_code_is_refused_on_the_confirmation_field(world):
    world.service.confirmation_code = "K7Q2"
    world.service.save()
    response = world.log(confirmation={"kind": "code", "code": "AAAA"})
    assert_refused(response, 400, "confirmation")
    assert not Delivery.objects.exists()


def test_a_code_for_a_service_without_one_is_refused(world):
    assert_refused(world.log(confirmation={"kind": "code", "code": ""}), 400, "confirmation")


def test_a_log_without_confirmation_shows_none(world):
    assert world.log().json()["confirmation"] is None
