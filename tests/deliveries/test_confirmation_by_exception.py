"""Confirmation that fits a real caseload: the coordinator confirms a statement's or the list's logs at once (the
flagged and disputed ones stay to be checked one by one), logs nobody disputed are confirmed automatically some days
after their statement's submission, and approving a statement with disputed or flagged logs needs a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cus.core.context import actor_for
from cus.core.models import Centre, Role
from cus.deliveries import services
from cus.deliveries.models import Delivery, MonthlyStatement

from ..factories import ClientFactory
from .conftest import STATEMENTS_URL, URL, World
from .helpers import approved, log, statement, submitted

pytestmark = pytest.mark.django_db

SELECTION_URL = f"{URL}confirm-selection/"
RULES_URL = "/api/v1/log-rules/"


def confirm(world: World, user=None, **body):  # type: ignore[no-untyped-def]
    return world.api(user or world.coordinator).post(SELECTION_URL, body, format="json")


def flagged_log(world: World) -> Delivery:
    """A second visit of the world's service on world.day: flagged (log one at 09:00 first)."""
    delivery = log(world, start_time=dt.time(14), duration_minutes=60)
    assert delivery.flagged
    return delivery


def disputed_log(world: World, **fields) -> Delivery:  # type: ignore[no-untyped-def]
    delivery = log(world, **fields)
    return services.dispute_delivery(actor=actor_for(world.coordinator), delivery=delivery, reason="not there")


def statuses() -> dict[str, int]:
    found: dict[str, int] = {}
    for status in Delivery.objects.values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def mixed_month(world: World) -> tuple[list[Delivery], Delivery, Delivery]:
    """In world.day's month: three plain logs (world.day 09:00 and the two days before), a flagged one (a second
    visit on world.day) and a disputed one (three days before)."""
    plain = [log(world, date=world.day - dt.timedelta(days=n)) for n in range(3)]
    return plain, flagged_log(world), disputed_log(world, date=world.day - dt.timedelta(days=3))


# --- by statement and by filters ---------------------------------------------------------------------------------


def test_the_logs_of_a_statement_are_confirmed_but_the_flagged_and_disputed(world):
    plain, flagged, disputed = mixed_month(world)
    found = submitted(world)
    response = confirm(world, statement=str(found.pk), reason="checked the month's visit sheets")
    assert response.status_code == 200, response.json()
    assert response.json() == {"matched": 5, "confirmed": 3, "skipped_flagged": 1, "skipped_disputed": 1}
    for delivery in plain:
        delivery.refresh_from_db()
        assert (delivery.status, delivery.status_reason) == ("confirmed", "checked the month's visit sheets")
        record = delivery.history.first()
        assert (record.history_type, record.history_user, record.history_change_reason, record.status) == (
            "~", world.coordinator, "checked the month's visit sheets", "confirmed")
    flagged.refresh_from_db()
    disputed.refresh_from_db()
    assert (flagged.status, flagged.flagged, disputed.status) == ("logged", True, "disputed")
    assert services.reconcile_line_usage() == []
    world.line.refresh_from_db()
    assert world.line.units_confirmed == Decimal("4.50")  # three logs of 90 minutes of an hourly service
    # Again: nothing left to confirm but the two to check.
    assert confirm(world, statement=str(found.pk)).json() == {
        "matched": 2, "confirmed": 0, "skipped_flagged": 1, "skipped_disputed": 1}


def test_without_a_reason_the_history_says_confirmed_in_bulk(world):
    delivery = log(world)
    assert confirm(world, statement=str(statement(world).pk)).json()["confirmed"] == 1
    record = delivery.history.first()
    assert (record.history_user, record.history_change_reason) == (world.coordinator, "confirmed in bulk")


def test_the_lists_filters_select_the_logs(world):
    this_month = log(world)
    earlier = log(world, date=world.day - dt.timedelta(days=31))
    response = confirm(world, month=world.month())
    assert response.json() == {"matched": 1, "confirmed": 1, "skipped_flagged": 0, "skipped_disputed": 0}
    this_month.refresh_from_db()
    earlier.refresh_from_db()
    assert (this_month.status, earlier.status) == ("confirmed", "logged")
    assert confirm(world, client=str(world.service.plan.client_id), provider=str(world.provider.pk)).json()[
        "confirmed"] == 1
    assert statuses() == {"confirmed": 2}
    assert services.reconcile_line_usage() == []


def test_the_flagged_filter_selects_only_the_flagged_which_stay(world):
    mixed_month(world)
    assert confirm(world, flagged=True).json() == {
        "matched": 1, "confirmed": 0, "skipped_flagged": 1, "skipped_disputed": 0}
    assert confirm(world, flagged=False, dry_run=True).json() == {
        "matched": 4, "confirmed": 3, "skipped_flagged": 0, "skipped_disputed": 1}


def test_a_dry_run_counts_and_writes_nothing(world):
    mixed_month(world)
    before = (statuses(), Delivery.history.count())
    response = confirm(world, month=world.month(), dry_run=True)
    assert response.json() == {"matched": 5, "confirmed": 3, "skipped_flagged": 1, "skipped_disputed": 1}
    assert (statuses(), Delivery.history.count()) == before
    world.line.refresh_from_db()
    assert world.line.units_confirmed == 0


def test_bad_filters_are_a_400_naming_the_field(world):
    response = confirm(world, month="2026-13")
    assert response.status_code == 400
    assert "month" in response.json()
    assert confirm(world, statement="not-an-id").status_code == 400


def test_an_unknown_statement_is_a_404(world, other_centre, member):
    assert confirm(world, statement="00000000-0000-0000-0000-000000000000").status_code == 404


def test_an_approved_statement_is_refused_like_a_single_confirmation(world, manager):
    delivery = log(world)
    found = approved(world, manager)
    response = confirm(world, statement=str(found.pk))
    assert response.status_code == 409
    assert response.json()["code"] == "month_locked"
    # By filters, the locked logs are not in the selection.
    assert confirm(world, month=world.month()).json() == {
        "matched": 0, "confirmed": 0, "skipped_flagged": 0, "skipped_disputed": 0}
    delivery.refresh_from_db()
    assert delivery.status == "logged"


def test_a_submitted_statements_logs_may_be_confirmed(world):
    log(world)
    assert confirm(world, statement=str(submitted(world).pk)).json()["confirmed"] == 1


def test_correcting_and_corrected_logs_follow_the_single_rules(world, manager):
    """A log corrected after approval is locked; its correcting entry (in an open month) is confirmed."""
    original = log(world)
    approved(world, manager)
    correction = services.correct_delivery(
        actor=actor_for(world.staff), delivery=original, reason="wrong duration", duration_minutes=60,
        date=world.today,
    )
    assert confirm(world).json()["confirmed"] == 1
    correction.refresh_from_db()
    original.refresh_from_db()
    assert (correction.status, original.status) == ("confirmed", "logged")
    assert services.reconcile_line_usage() == []


# --- whose logs --------------------------------------------------------------------------------------------------


def test_another_coordinators_logs_are_not_in_the_selection(world, coordinator2):
    """A coordinator's selection holds the logs of the clients they coordinate only: another coordinator's logs are
    neither counted nor confirmed (the statement is seen by both; single confirm of such a log is a 403)."""
    log(world)
    found = statement(world)
    assert confirm(world, coordinator2, statement=str(found.pk)).json() == {
        "matched": 0, "confirmed": 0, "skipped_flagged": 0, "skipped_disputed": 0}
    assert confirm(world, coordinator2).json()["matched"] == 0
    assert statuses() == {"logged": 1}


def test_the_clients_coordinator_confirms_too(world, coordinator2):
    client = world.service.plan.client
    client.coordinator = coordinator2
    client.save()
    log(world)
    assert confirm(world, coordinator2).json()["confirmed"] == 1


def test_only_the_coordinators_own_logs_among_others(world, member, centre):
    """Two coordinators' clients in one statement: each confirms their own."""
    from .conftest import assigned_service

    other = member(Role.COORDINATOR, centre)
    ClientFactory(centre=centre, coordinator=other)
    mine = log(world)
    theirs_service = assigned_service(centre, world.provider, coordinator=other)
    theirs = log(world, planned_service=theirs_service.pk, worker_name="Ben Kos")
    assert confirm(world).json()["confirmed"] == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("confirmed", "logged")
    assert confirm(world, other).json()["confirmed"] == 1
    assert statuses() == {"confirmed": 2}


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.VOLUNTEER, Role.AUDITOR, Role.MANAGER, Role.ADMIN])
def test_other_roles_are_refused(world, member, centre, role):
    delivery = log(world)
    user = world.staff if role == Role.PROVIDER else member(role, centre)
    response = confirm(world, user, statement=str(statement(world).pk))
    assert response.status_code == 403
    assert confirm(world, user, dry_run=True).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "logged"


def test_another_centres_statement_is_not_found(world, other_centre, member):
    found = statement(world)
    outsider = member(Role.COORDINATOR, other_centre)
    assert confirm(world, outsider, statement=str(found.pk)).status_code == 404


# --- cost ----------------------------------------------------------------------------------------------------


def sqls(function) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        function()
    return [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]


def test_confirming_one_log_or_fifty_costs_the_same_queries(world):
    actor = actor_for(world.coordinator)
    log(world, date=world.day - dt.timedelta(days=70), duration_minutes=30)
    selection = Delivery.objects.all()
    one = sqls(lambda: services.confirm_selection(actor=actor, deliveries=selection))
    assert Delivery.objects.filter(status="confirmed").count() == 1
    rows = [
        services.DeliveryInput(planned_service=world.service.pk, date=world.day - dt.timedelta(days=n),
                               start_time=dt.time(9), duration_minutes=30, worker_name="Anna Nowak")
        for n in range(50)
    ]
    services.log_deliveries(actor=actor_for(world.staff), rows=rows)
    assert not Delivery.objects.filter(flagged=True).exists()
    fifty = sqls(lambda: services.confirm_selection(actor=actor, deliveries=selection))
    assert Delivery.objects.filter(status="confirmed").count() == 51
    assert len(one) == len(fifty), (one, fifty)
    assert len([sql for sql in fifty if sql.startswith("UPDATE")]) == 2  # the logs, the one line's totals
    assert services.reconcile_line_usage() == []
    dry = sqls(lambda: services.confirm_selection(actor=actor, deliveries=selection, dry_run=True))
    assert len(dry) == 1  # the counts


# --- automatically -----------------------------------------------------------------------------------------------


def set_rules(centre: Centre, **fields) -> None:  # type: ignore[no-untyped-def]
    Centre.objects.filter(pk=centre.pk).update(**fields)


def auto_reason(days: int) -> str:
    return f"confirmed automatically: not disputed within {days} days after the statement was submitted"


def test_logs_are_confirmed_automatically_n_days_after_submission(world):
    plain, flagged, disputed = mixed_month(world)
    found = submitted(world)
    day = world.today  # the statement was submitted today (the centre's)
    assert services.auto_confirm_logs(today=day + dt.timedelta(days=13)) == {}
    assert statuses() == {"logged": 4, "disputed": 1}
    assert services.auto_confirm_logs(today=day + dt.timedelta(days=14)) == {world.centre.code: 3}
    for delivery in plain:
        delivery.refresh_from_db()
        assert (delivery.status, delivery.status_reason) == ("confirmed", auto_reason(14))
        record = delivery.history.first()
        assert (record.history_user, record.history_change_reason) == (None, auto_reason(14))
    flagged.refresh_from_db()
    disputed.refresh_from_db()
    assert (flagged.status, disputed.status) == ("logged", "disputed")  # never automatically
    assert services.auto_confirm_logs(today=day + dt.timedelta(days=40)) == {}  # idempotent
    assert services.reconcile_line_usage() == []
    found.refresh_from_db()
    assert found.status == "submitted"


def test_the_centres_days_count(world):
    log(world)
    submitted(world)
    set_rules(world.centre, auto_confirm_after_days=3)
    assert services.auto_confirm_logs(today=world.today + dt.timedelta(days=2)) == {}
    assert services.auto_confirm_logs(today=world.today + dt.timedelta(days=3)) == {world.centre.code: 1}
    assert Delivery.objects.get().history.first().history_change_reason == auto_reason(3)


def test_zero_days_is_never(world):
    log(world)
    submitted(world)
    set_rules(world.centre, auto_confirm_after_days=0)
    assert services.auto_confirm_logs(today=world.today + dt.timedelta(days=3650)) == {}
    assert statuses() == {"logged": 1}


def test_only_submitted_statements_are_confirmed_automatically(world, manager):
    log(world)
    statement(world)  # open
    assert services.auto_confirm_logs(today=world.today + dt.timedelta(days=100)) == {}
    found = submitted(world)
    services.return_statement(actor=actor_for(manager), statement=found, reason="missing a week")
    assert services.auto_confirm_logs(today=world.today + dt.timedelta(days=100)) == {}
    assert statuses() == {"logged": 1}


def test_a_centre_that_does_not_ask_for_confirmation_confirms_at_submission(world):
    log(world)
    flagged_log(world)
    set_rules(world.centre, logs_need_confirmation=False, auto_confirm_after_days=0)
    assert services.auto_confirm_logs(today=world.today) == {}  # nothing submitted yet
    submitted(world)
    assert services.auto_confirm_logs(today=world.today) == {world.centre.code: 1}
    assert statuses() == {"confirmed": 1, "logged": 1}  # the flagged one stays
    assert Delivery.objects.get(status="confirmed").history.first().history_change_reason == (
        "confirmed automatically: the centre does not ask for confirmation of logs")


def test_the_worker_task_calls_the_service(world):
    from worker.tasks.deliveries import auto_confirm_logs

    log(world)
    submitted(world)
    MonthlyStatement.objects.update(submitted_at=MonthlyStatement.objects.get().submitted_at - dt.timedelta(days=15))
    assert auto_confirm_logs.apply().get() == {world.centre.code: 1}


def test_the_beat_migration_schedules_the_daily_job():
    import importlib

    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("cus.deliveries.migrations.0010_auto_confirm_schedule")
    migration.remove_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)  # idempotent
    [task] = PeriodicTask.objects.filter(task="cus.auto_confirm_logs")
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")


# --- the centre's rules ------------------------------------------------------------------------------------------


def test_managers_set_the_confirmation_rules_in_any_subset(world, manager):
    api = world.api(manager)
    rules = api.get(RULES_URL).json()
    assert (rules["logs_need_confirmation"], rules["auto_confirm_after_days"]) == (True, 14)
    changed = api.patch(RULES_URL, {"auto_confirm_after_days": 7, "reason": "new agreement"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["auto_confirm_after_days"], changed.json()["frequency_tolerance"]) == (7, 20)
    changed = api.patch(RULES_URL, {"logs_need_confirmation": False}, format="json")
    assert (changed.json()["logs_need_confirmation"], changed.json()["auto_confirm_after_days"]) == (False, 7)
    assert api.patch(RULES_URL, {"frequency_tolerance": 30}, format="json").json()["logs_need_confirmation"] is False
    centre = Centre.objects.get(pk=world.centre.pk)
    assert (centre.logs_need_confirmation, centre.auto_confirm_after_days, centre.log_frequency_tolerance) == (
        False, 7, 30)
    reasons = [row.history_change_reason for row in centre.history.all()]
    assert "new agreement" in reasons


def test_bad_days_are_a_400_naming_the_field(world, manager):
    api = world.api(manager)
    for value in (-1, 366, "soon"):
        response = api.patch(RULES_URL, {"auto_confirm_after_days": value}, format="json")
        assert response.status_code == 400
        assert "auto_confirm_after_days" in response.json()
    assert Centre.objects.get(pk=world.centre.pk).auto_confirm_after_days == 14


def test_coordinators_do_not_set_the_rules(world):
    response = world.api(world.coordinator).patch(RULES_URL, {"auto_confirm_after_days": 1}, format="json")
    assert response.status_code == 403


# --- approval ------------------------------------------------------------------------------------------------


def approve(world: World, found: MonthlyStatement, user, **body):  # type: ignore[no-untyped-def]
    return world.api(user).post(f"{STATEMENTS_URL}{found.pk}/approve/", body, format="json")


def test_the_statement_shows_its_logs_by_state(world, manager):
    mixed_month(world)
    found = statement(world)
    confirm(world, statement=str(found.pk))
    log(world, date=world.day - dt.timedelta(days=5))
    counts = {"confirmed": 3, "unconfirmed": 2, "flagged": 1, "disputed": 1}
    assert world.api(manager).get(f"{STATEMENTS_URL}{found.pk}/").json()["log_counts"] == counts
    [listed] = world.api(manager).get(STATEMENTS_URL).json()["results"]
    assert listed["log_counts"] == counts


def test_approving_with_disputed_or_flagged_logs_needs_a_reason(world, manager):
    mixed_month(world)
    found = submitted(world)
    response = approve(world, found, manager)
    assert response.status_code == 400
    assert "reason" in response.json()
    assert "disputed: 1, flagged: 1" in " ".join(response.json()["reason"])
    assert approve(world, found, manager, reason="  ").status_code == 400
    found.refresh_from_db()
    assert found.status == "submitted"
    response = approve(world, found, manager, reason="the disputed visit is settled with the provider")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_approving_with_only_a_flagged_log_needs_a_reason_too(world, manager):
    log(world)
    flagged_log(world)
    found = submitted(world)
    assert approve(world, found, manager).status_code == 400


def test_approving_a_clean_statement_needs_no_reason(world, manager):
    log(world)
    found = submitted(world)
    confirm(world, statement=str(found.pk))
    assert approve(world, found, manager).status_code == 200
    log_counts = world.api(manager).get(f"{STATEMENTS_URL}{found.pk}/").json()["log_counts"]
    assert log_counts == {"confirmed": 1, "unconfirmed": 0, "flagged": 0, "disputed": 0}
