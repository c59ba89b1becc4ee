"""A record an auditor can trust: what cannot be true is refused (400 naming the field, nothing written), the same
visit is logged once (409 naming the log already there), and what is possible but unusual is accepted and flagged
for the coordinator until resolved. Each rule with its boundary values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cus.catalogue.models import ServiceTypeLimit
from cus.core.models import Role
from cus.deliveries.models import Delivery
from cus.plans.models import PlannedService

from ..factories import ContractLineFactory, PlannedServiceFactory, ServiceTypeFactory
from .conftest import URL, World, assigned_service

pytestmark = pytest.mark.django_db

RULES_URL = "/api/v1/log-rules/"


def monday(world: World) -> dt.date:
    return world.day - dt.timedelta(days=world.day.weekday())


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    return " ".join(response.json()[field])


def flags_of(response) -> list[str]:
    assert response.status_code == 201, response.json()
    return [flag["code"] for flag in response.json()["flags"]]


def same_client_service(world: World, *, unit: str = "hour") -> PlannedService:
    """Another assigned service of the world's client's plan (another service type, the same provider)."""
    line = ContractLineFactory(contract=world.contract, service_type=ServiceTypeFactory(unit=unit))
    return PlannedServiceFactory(plan=world.service.plan, contract_line=line, units=Decimal("10"), per="week")


# --- what cannot be true ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("units", "ok"), [("24.00", True), ("24.01", False)])
def test_no_one_gets_more_than_24_hours_in_one_log(world, units, ok):
    response = world.log(units=units, start_time=..., duration_minutes=..., worker_name=...)
    if ok:
        assert response.status_code == 201, response.json()
    else:
        assert "24 hours" in refused(response, "units")
        assert not Delivery.objects.exists()


@pytest.mark.parametrize(("units", "ok"), [("1.25", True), ("1.24", False), ("1.75", True), ("1.76", False)])
def test_hourly_units_match_the_duration_to_a_quarter_hour(world, units, ok):
    response = world.log(units=units, duration_minutes=90)
    if ok:
        assert response.status_code == 201, response.json()
    else:
        assert "90 minutes" in refused(response, "units")


def test_the_example_of_five_hours_for_a_half_hour_visit_is_refused(world):
    assert "30 minutes" in refused(world.log(units="5", duration_minutes=30), "units")
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(("units", "ok"), [("2", True), ("3", False)])
def test_visits_counted_in_a_timed_log_fit_its_duration(world, centre, units, ok):
    service = assigned_service(centre, world.provider, unit="visit")
    response = world.log(planned_service=str(service.pk), units=units, duration_minutes=30)
    if ok:
        assert response.status_code == 201, response.json()
    else:
        assert "30 minutes" in refused(response, "units")


def test_a_client_gets_at_most_24_hours_of_services_a_day(world):
    other = same_client_service(world)
    assert world.log(units="20", start_time=..., duration_minutes=..., worker_name="A").status_code == 201
    assert world.log(planned_service=str(other.pk), units="4", start_time=..., duration_minutes=...,
                     worker_name="B").status_code == 201  # exactly 24 hours
    response = world.log(planned_service=str(other.pk), start_time="23:00", duration_minutes=15, worker_name="C")
    assert "more than 24 hours" in refused(response, "duration_minutes")
    assert Delivery.objects.count() == 2


def test_a_worker_works_at_most_24_hours_a_day(world, centre):
    other_client = assigned_service(centre, world.provider)
    assert world.log(units="20", start_time=..., duration_minutes=..., worker_name="Ewa Nowak").status_code == 201
    response = world.log(planned_service=str(other_client.pk), units="4.5", start_time=..., duration_minutes=...,
                         worker_name="EWA NOWAK")
    assert "ewa nowak" in refused(response, "units").lower()
    # Another worker of the provider may serve that client the same day.
    assert world.log(planned_service=str(other_client.pk), units="4.5", start_time=..., duration_minutes=...,
                     worker_name="Jan Kos").status_code == 201


def test_the_daily_limit_of_the_service_type_is_the_centres_or_the_types(world, centre):
    service_type = world.service.service_type
    service_type.daily_limit = Decimal("2")
    service_type.save()
    assert world.log(start_time="08:00", duration_minutes=60).status_code == 201
    assert world.log(start_time="10:00", duration_minutes=60).status_code == 201  # 2 of 2
    response = world.log(start_time="12:00", duration_minutes=15)
    assert "the most in a day is 2.00" in refused(response, "units")
    # The centre's own limit wins, and "no limit" is a limit of its own too.
    ServiceTypeLimit.objects.create(centre=centre, service_type=service_type, daily_limit=None)
    assert world.log(start_time="12:00", duration_minutes=15).status_code == 201


def test_a_service_counted_in_hours_is_not_logged_on_a_line_priced_per_visit(world, centre):
    hourly = ServiceTypeFactory(unit="hour")
    per_visit = ContractLineFactory(contract=world.contract, service_type=hourly, unit="visit")
    service = PlannedServiceFactory(plan=world.service.plan, contract_line=per_visit, service_type=hourly)
    response = world.log(planned_service=str(service.pk))
    assert "priced per visit" in refused(response, "planned_service")


def test_such_a_line_is_no_candidate_and_cannot_be_assigned(world, api, coordinator, centre):
    hourly = ServiceTypeFactory(unit="hour")
    per_visit = ContractLineFactory(contract=world.contract, service_type=hourly, unit="visit")
    service = PlannedServiceFactory(plan=world.service.plan, service_type=hourly)
    client = api(world.coordinator)
    candidates = client.get(f"/api/v1/planned-services/{service.pk}/candidates/")
    assert candidates.status_code == 200, candidates.json()
    assert str(per_visit.pk) not in str(candidates.json())
    response = client.post(f"/api/v1/planned-services/{service.pk}/assign/", {"contract_line": str(per_visit.pk)},
                           format="json")
    assert response.status_code == 400
    assert "priced per visit" in " ".join(response.json()["contract_line"])


# --- the same visit, once -----------------------------------------------------------------------------------


@pytest.mark.parametrize("second_worker", ["", "Ewa Kowalska", "anna nowak"])
def test_the_same_visit_cannot_be_logged_twice_whoever_is_named(world, second_worker):
    first = world.log(start_time="09:00", duration_minutes=60, worker_name="")
    assert first.status_code == 201
    response = world.log(start_time="09:45", duration_minutes=30, worker_name=second_worker)
    assert response.status_code == 409, response.json()
    body = response.json()
    assert (body["code"], body["field"], body["existing"]) == ("duplicate_visit", "start_time", first.json()["id"])
    assert Delivery.objects.count() == 1


def test_back_to_back_visits_of_the_same_service_are_two_visits(world):
    assert world.log(start_time="09:00", duration_minutes=60, worker_name="").status_code == 201
    assert flags_of(world.log(start_time="10:00", duration_minutes=60, worker_name="")) == ["second_visit"]


def test_a_visit_without_a_duration_is_the_same_visit_at_the_same_start(world, centre):
    service = assigned_service(centre, world.provider, unit="visit")
    assert world.log(planned_service=str(service.pk), duration_minutes=..., worker_name="").status_code == 201
    response = world.log(planned_service=str(service.pk), duration_minutes=..., worker_name="")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_visit"


# --- possible but unusual: flagged -------------------------------------------------------------------------


def test_above_the_plans_week_by_more_than_the_tolerance_is_flagged(world):
    start = monday(world)  # 10 hours a week planned, 20 % tolerance: up to 12 hours
    assert flags_of(world.log(date=start.isoformat(), units="12", start_time=..., duration_minutes=...)) == []
    response = world.log(date=(start + dt.timedelta(days=2)).isoformat(), duration_minutes=30)
    assert flags_of(response) == ["above_frequency"]
    message = response.json()["flags"][0]["message"]
    assert "12.50" in message
    assert "10.00" in message
    assert "20%" in message
    # The next week starts afresh.
    assert flags_of(world.log(date=(start + dt.timedelta(days=7)).isoformat(), duration_minutes=30)) == []


def test_the_tolerance_is_the_centres(world, manager, api):
    assert api(manager).patch(RULES_URL, {"frequency_tolerance": 0}, format="json").status_code == 200
    start = monday(world)
    assert flags_of(world.log(date=start.isoformat(), units="10", start_time=..., duration_minutes=...)) == []
    assert flags_of(world.log(date=(start + dt.timedelta(days=1)).isoformat(), units="0.25", start_time=...,
                              duration_minutes=...)) == ["above_frequency"]


def test_a_day_the_plan_does_not_cover_is_flagged(world):
    world.service.weekdays = [1, 3]
    world.service.save()
    start = monday(world)
    assert flags_of(world.log(date=start.isoformat())) == []
    response = world.log(date=(start + dt.timedelta(days=1)).isoformat())
    assert flags_of(response) == ["off_schedule"]
    assert "Tuesday" in response.json()["flags"][0]["message"]
    assert "Monday, Wednesday" in response.json()["flags"][0]["message"]


def test_flags_are_written_in_the_readers_language(world):
    world.service.weekdays = [1]
    world.service.save()
    logged = world.log(date=(monday(world) + dt.timedelta(days=1)).isoformat())
    english = logged.json()["flags"][0]["message"]
    polish = world.api(world.coordinator).get(f"{URL}{logged.json()['id']}/", HTTP_ACCEPT_LANGUAGE="pl").json()
    assert polish["flags"][0]["code"] == "off_schedule"
    assert polish["flags"][0]["message"] != english
    assert "wtorek" in polish["flags"][0]["message"].lower()


def test_an_edit_that_removes_the_reason_clears_the_flag(world):
    world.service.weekdays = [1]
    world.service.save()
    logged = world.log(date=(monday(world) + dt.timedelta(days=1)).isoformat())
    assert flags_of(logged) == ["off_schedule"]
    edited = world.api(world.staff).patch(f"{URL}{logged.json()['id']}/", {"date": monday(world).isoformat()},
                                          format="json")
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["flags"], edited.json()["flagged"]) == ([], False)


def test_a_flagged_log_is_confirmed_only_with_a_reason_which_resolves_it(world):
    world.log(start_time="09:00", duration_minutes=60)
    flagged = world.log(start_time="14:00", duration_minutes=60)
    assert flags_of(flagged) == ["second_visit"]
    coordinator = world.api(world.coordinator)
    listed = coordinator.get(URL, {"flagged": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [flagged.json()["id"]]
    url = f"{URL}{flagged.json()['id']}/confirm/"
    assert "reason" in coordinator.post(url, {}, format="json").json()
    assert Delivery.objects.get(pk=flagged.json()["id"]).status == "logged"
    confirmed = coordinator.post(url, {"reason": "a second visit was agreed by phone"}, format="json")
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert (body["status"], body["flagged"], body["flags_resolution"]) == (
        "confirmed", False, "a second visit was agreed by phone")
    assert body["flags"][0]["code"] == "second_visit"  # the reason stays on record
    assert coordinator.get(URL, {"flagged": "true"}).json()["count"] == 0
    record = Delivery.objects.get(pk=body["id"]).history.first()
    assert (record.history_user, record.flagged) == (world.coordinator, False)


# --- the provider's visit list ---------------------------------------------------------------------------


def test_the_visit_list_offers_only_what_takes_logs(world, centre):
    suspended = assigned_service(centre, world.provider)
    suspended.plan.status = "suspended"
    suspended.plan.save()
    listed = world.api(world.staff).get("/api/v1/planned-services/", {"loggable": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [str(world.service.pk)]
    refused_log = world.log(planned_service=str(suspended.pk))
    assert refused_log.status_code == 400
    assert "planned_service" in refused_log.json()


# --- the rules, per centre ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "read", "write"), [
    (Role.MANAGER, 200, 200), (Role.ADMIN, 200, 200), (Role.COORDINATOR, 404, 403), (Role.PROVIDER, 404, 403),
    (Role.VOLUNTEER, 404, 403), (Role.AUDITOR, 404, 403),
])
def test_the_rules_are_the_managers_and_administrators(api, member, centre, role, read, write):
    client = api(member(role, centre))
    assert client.get(RULES_URL).status_code == read
    assert client.patch(RULES_URL, {"frequency_tolerance": 30}, format="json").status_code == write


def test_a_manager_sets_and_resets_a_daily_limit_with_history(api, manager, centre):
    client = api(manager)
    rules = client.get(RULES_URL).json()
    assert rules["frequency_tolerance"] == 20
    meals = next(row for row in rules["daily_limits"] if row["service_type_code"] == "meals")
    assert (meals["default_daily_limit"], meals["daily_limit"], meals["own"]) == ("1.00", "1.00", False)
    url = f"{RULES_URL}daily-limits/{meals['service_type']}/"
    changed = client.put(url, {"daily_limit": "2", "reason": "lunch and supper"}, format="json")
    assert changed.status_code == 200
    row = next(row for row in changed.json()["daily_limits"] if row["service_type"] == meals["service_type"])
    assert (row["default_daily_limit"], row["daily_limit"], row["own"]) == ("1.00", "2.00", True)
    limit = ServiceTypeLimit.objects.get(centre=centre)
    assert (limit.history.get().history_user, limit.history.get().history_change_reason) == (
        manager, "lunch and supper")
    reset = client.delete(url)
    row = next(row for row in reset.json()["daily_limits"] if row["service_type"] == meals["service_type"])
    assert (row["daily_limit"], row["own"]) == ("1.00", False)
    assert not ServiceTypeLimit.objects.exists()


@pytest.mark.parametrize("value", ["0", "-1", "10000", "abc"])
def test_an_impossible_daily_limit_is_400_and_nothing_changes(api, manager, value):
    client = api(manager)
    type_id = client.get(RULES_URL).json()["daily_limits"][0]["service_type"]
    response = client.put(f"{RULES_URL}daily-limits/{type_id}/", {"daily_limit": value}, format="json")
    assert response.status_code == 400
    assert "daily_limit" in response.json()
    assert not ServiceTypeLimit.objects.exists()


@pytest.mark.parametrize("value", [-1, 501, "x", None])
def test_an_impossible_tolerance_is_400(api, manager, value):
    response = api(manager).patch(RULES_URL, {"frequency_tolerance": value}, format="json")
    assert response.status_code == 400
    assert "frequency_tolerance" in response.json()


def test_another_centres_service_type_is_404(api, manager, other_centre):
    theirs = ServiceTypeFactory(centre=other_centre)
    response = api(manager).put(f"{RULES_URL}daily-limits/{theirs.pk}/", {"daily_limit": "1"}, format="json")
    assert response.status_code == 404
    assert not ServiceTypeLimit.objects.exists()


# --- the funder report ------------------------------------------------------------------------------------


def test_the_funder_report_counts_flagged_logs_apart_until_they_are_resolved(world):
    from django.utils import timezone

    from cus.reports import figures

    world.log(start_time="09:00", duration_minutes=90)
    flagged = world.log(start_time="14:00", duration_minutes=60)
    assert flags_of(flagged) == ["second_visit"]

    def row(cut_off: dt.datetime) -> dict[str, object]:
        data = figures.compute(centre=world.centre, month=world.day, cut_off_at=cut_off)
        return next(r for r in data["services"] if r["service_type"] == world.service.service_type.code)

    before = row(timezone.now())
    assert (before["units_delivered"], before["cost"], before["logs_flagged"], before["units_flagged"]) == (
        "1.50", "75.00", "1", "1.00")
    cut_off = timezone.now()
    confirmed = world.api(world.coordinator).post(
        f"{URL}{flagged.json()['id']}/confirm/", {"reason": "agreed"}, format="json")
    assert confirmed.status_code == 200
    after = row(timezone.now())
    assert (after["units_delivered"], after["cost"], after["logs_flagged"], after["units_flagged"]) == (
        "2.50", "125.00", "", "")
    assert row(cut_off)["logs_flagged"] == "1"  # as it stood at the earlier cut-off
