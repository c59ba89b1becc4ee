"""The daily retention job: what passed its retention is anonymised (never deleted), a legal hold stops it, the dry
run shows it beforehand, and every disposal is in a disposal log that names nobody."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cus.clients.models import Client
from cus.core.dates import centre_today
from cus.core.models import Role, TaskRun
from cus.deliveries.models import Delivery
from cus.retention import selectors, services
from cus.retention.models import Anonymisation, DisposalLog, LegalHold, SubjectAccessExport

from ..deliveries.factories import DeliveryFactory
from ..factories import (
    ClientFactory,
    ContractLineFactory,
    FundingSourceFactory,
    PlanFactory,
    PlannedServiceFactory,
)
from .conftest import run_job

pytestmark = pytest.mark.django_db
beat_migration = importlib.import_module("cus.retention.migrations.0002_beat_schedule")


def closed_client(centre, *, years_ago: int, served: bool = True, **fields) -> Client:
    today = centre_today(centre)
    closed_on = dt.date(today.year - years_ago, 3, 1)
    client = ClientFactory(centre=centre, status="closed", closed_at=closed_on, closure_reason="moved_away",
                           phone="+48 600 000 001", **fields)
    if served:
        PlanFactory(client=client, status="closed", activated_at=timezone.now(), start_date=closed_on.replace(month=1),
                    end_date=closed_on)
    return client


def served_with_log(centre, provider_staff, *, log_years_ago: int, kind: str = "municipal", **client_fields):
    """An active client with one delivery log (with a note) dated ``log_years_ago`` years back."""
    from cus.core.models import Membership

    provider = Membership.objects.get(user=provider_staff).provider
    today = centre_today(centre)
    day = dt.date(today.year - log_years_ago, 6, 1)
    source = FundingSourceFactory(centre=centre, kind=kind)
    line = ContractLineFactory(contract__provider=provider, contract__centre=centre, contract__funding_source=source,
                               contract__start_date=day.replace(month=1), contract__end_date=day.replace(month=12))
    client = ClientFactory(centre=centre, **client_fields)
    plan = PlanFactory(client=client, status="active", activated_at=timezone.now(), start_date=day.replace(month=1),
                       end_date=None)
    service = PlannedServiceFactory(plan=plan, contract_line=line)
    delivery = DeliveryFactory(planned_service=service, date=day, duration_minutes=60, units=Decimal("1"),
                               note="Client was in pain", logged_by=provider_staff)
    return client, delivery


def plan_for(centre, **kwargs):
    return selectors.disposal_plan(centre, centre_today(centre), **kwargs)


# --- what is due ----------------------------------------------------------------------------------------------


def test_a_case_file_closed_more_than_ten_years_ago_is_due(centre):
    old = closed_client(centre, years_ago=11)
    recent = closed_client(centre, years_ago=9)

    plan = plan_for(centre)

    assert plan.clients("case_file") == [old.pk]
    assert recent.pk not in plan.clients("unsuccessful_referral")
    [item] = plan.categories["case_file"].items
    assert item.due_on == dt.date(old.closed_at.year + 11, 1, 1)  # 1 January after ten full years


def test_an_unsuccessful_referral_is_kept_for_less_time(centre):
    referral = closed_client(centre, years_ago=6, served=False)
    served = closed_client(centre, years_ago=6)

    plan = plan_for(centre)

    assert plan.clients("unsuccessful_referral") == [referral.pk]
    assert served.pk not in plan.clients("case_file")


def test_esf_plus_participants_are_kept_until_the_programmes_audit_period_ends(centre):
    from ..reports.factories import ParticipationFactory

    client = closed_client(centre, years_ago=11)
    ParticipationFactory(client=client, entry_date=client.closed_at.replace(month=1), exit_date=client.closed_at,
                         exit_reason="moved_away")
    assert client.pk not in plan_for(centre).clients("case_file")

    on = dt.date(2035, 1, 1)
    assert client.pk in selectors.disposal_plan(centre, on).clients("case_file")


def test_a_closed_case_with_a_plan_still_running_is_never_due(centre):
    client = closed_client(centre, years_ago=12)
    PlanFactory(client=client, status="active")
    assert plan_for(centre).clients("case_file") == []


def test_a_legal_hold_keeps_a_due_file_and_the_dry_run_says_so(centre, manager):
    client = closed_client(centre, years_ago=11)
    LegalHold.objects.create(centre=centre, client=client, reason="Court case", placed_by=manager)

    plan = plan_for(centre)

    assert plan.clients("case_file") == []
    assert [item.client_id for item in plan.held] == [client.pk]


def test_old_delivery_logs_of_a_kept_client_lose_their_free_text(centre, provider_staff):
    client, delivery = served_with_log(centre, provider_staff, log_years_ago=7)
    _client, recent = served_with_log(centre, provider_staff, log_years_ago=2)
    _eu_client, eu_log = served_with_log(centre, provider_staff, log_years_ago=7, kind="esf_plus")

    plan = plan_for(centre)
    [item] = plan.categories["delivery_logs"].items
    assert (item.client_id, item.count) == (client.pk, 1)

    services.apply_retention(centre=centre, today=centre_today(centre))

    delivery.refresh_from_db()
    assert (delivery.note, delivery.worker_name, delivery.units) == ("", "", Decimal("1.00"))
    assert set(Delivery.history.filter(id=delivery.pk).values_list("note", flat=True)) == {""}
    assert Delivery.objects.get(pk=recent.pk).note == "Client was in pain"
    assert Delivery.objects.get(pk=eu_log.pk).note == "Client was in pain"  # ESF+ documentation kept
    assert Client.objects.get(pk=client.pk).first_name == client.first_name  # the client's file is kept
    assert DisposalLog.objects.get(category="delivery_logs").count == 1


def test_expired_subject_access_copies_are_removed(held, api, django_capture_on_commit_callbacks):
    export_id = api(held.coordinator).post("/api/v1/subject-exports/", {"client": str(held.client.pk)},
                                           format="json").json()["id"]
    SubjectAccessExport.objects.filter(pk=export_id).update(content=b"zip", expires_at=timezone.now())

    services.apply_retention(centre=held.centre, today=centre_today(held.centre))

    export = SubjectAccessExport.objects.get(pk=export_id)
    assert export.content is None
    assert export.purged_at is not None
    assert DisposalLog.objects.get(category="subject_access_copies").rule_days == 14
    download = api(held.coordinator).get(f"/api/v1/subject-exports/{export_id}/download/")
    assert download.status_code == 409


def test_expired_exports_of_lists_are_removed_by_the_daily_job(held, api):
    from cus.reports.models import ListExport

    client = api(held.coordinator)
    kept = client.post("/api/v1/list-exports/", {"list": "clients", "format": "csv"}, format="json").json()
    old = client.post("/api/v1/list-exports/", {"list": "clients", "format": "xlsx"}, format="json").json()
    ListExport.objects.filter(pk=old["id"]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    services.apply_retention(centre=held.centre, today=centre_today(held.centre))

    assert ListExport.objects.get(pk=old["id"]).content is None
    assert ListExport.objects.get(pk=kept["id"]).content is not None
    assert DisposalLog.objects.get(category="list_exports").count == 1
    assert client.get(f"/api/v1/list-exports/{old['id']}/file/").status_code == 409
    assert client.get(f"/api/v1/list-exports/{kept['id']}/file/").status_code == 200


# --- the job --------------------------------------------------------------------------------------------------


def test_the_job_anonymises_what_is_due_and_logs_it_without_personal_data(centre, manager):
    due = [closed_client(centre, years_ago=11, first_name="Halina", last_name="Zawada") for _ in range(2)]
    referral = closed_client(centre, years_ago=6, served=False, first_name="Roman", last_name="Zawada")
    kept = closed_client(centre, years_ago=3, first_name="Irena", last_name="Zawada")
    [run] = services.start_retention_jobs(centres=[centre])

    result = run_job(run)

    run.refresh_from_db()
    assert run.status == "done", run.message
    assert run.result == {"case_file": 2, "unsuccessful_referral": 1, "delivery_logs": 0, "subject_access_copies": 0,
                          "list_exports": 0}
    assert set(Anonymisation.objects.values_list("client_id", flat=True)) == {c.pk for c in [*due, referral]}
    assert Client.objects.get(pk=kept.pk).first_name == "Irena"
    logs = {log.category: log for log in DisposalLog.objects.all()}
    assert (logs["case_file"].count, logs["case_file"].rule_years, logs["case_file"].task_run_id) == (2, 10, run.pk)
    assert logs["unsuccessful_referral"].rule_years == 5
    for log in DisposalLog.objects.values():
        text = " ".join(str(value) for value in log.values())
        assert "Zawada" not in text
        assert all(str(c.pk) not in text for c in [*due, referral])
        assert all(c.reference not in text for c in [*due, referral])
    assert result == str(run.pk)


def test_the_job_is_safe_to_run_again(centre):
    closed_client(centre, years_ago=11)
    services.apply_retention(centre=centre, today=centre_today(centre))
    again = services.apply_retention(centre=centre, today=centre_today(centre))

    assert again == {"case_file": 0, "unsuccessful_referral": 0, "delivery_logs": 0, "subject_access_copies": 0,
                     "list_exports": 0}
    assert DisposalLog.objects.count() == 1


def test_a_hold_stops_the_job_and_once_released_the_next_run_disposes(centre, manager):
    client = closed_client(centre, years_ago=11)
    hold = LegalHold.objects.create(centre=centre, client=client, reason="Inspection", placed_by=manager)

    services.apply_retention(centre=centre, today=centre_today(centre))
    assert not Anonymisation.objects.exists()

    hold.released_at = timezone.now()
    hold.save()
    services.apply_retention(centre=centre, today=centre_today(centre))
    assert Anonymisation.objects.get().client_id == client.pk


def test_one_retention_job_per_centre_and_day(centre, other_centre):
    first = services.start_retention_jobs(centres=[centre, other_centre])
    again = services.start_retention_jobs(centres=[centre, other_centre])

    assert len(first) == 2
    assert again == []
    assert {run.task_name for run in first} == {"cus.apply_retention"}
    TaskRun.objects.filter(pk=first[0].pk).update(status="failed")
    assert len(services.start_retention_jobs(centres=[centre, other_centre])) == 1  # a failed day is started again


def test_the_beat_migration_schedules_the_daily_job():
    beat_migration.remove_schedule(django_apps, None)
    beat_migration.create_schedule(django_apps, None)
    beat_migration.create_schedule(django_apps, None)  # idempotent
    [task] = PeriodicTask.objects.filter(task="cus.start_retention")
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("3", "0", True)
    beat_migration.remove_schedule(django_apps, None)
    assert not PeriodicTask.objects.filter(task="cus.start_retention").exists()
    beat_migration.create_schedule(django_apps, None)


# --- the dry run on the API -------------------------------------------------------------------------------------


def test_the_dry_run_lists_what_would_be_disposed_of_and_changes_nothing(api, centre, manager):
    old = closed_client(centre, years_ago=11)
    held_client = closed_client(centre, years_ago=12)
    LegalHold.objects.create(centre=centre, client=held_client, reason="Court", placed_by=manager)

    response = api(manager).get("/api/v1/disposal-log/dry-run/")

    assert response.status_code == 200, response.content
    body = response.json()
    categories = {c["category"]: c for c in body["categories"]}
    assert categories["case_file"]["count"] == 1
    assert categories["case_file"]["items"][0]["reference"] == old.reference
    assert categories["case_file"]["rule"]["years"] == 10
    assert (body["held_count"], body["held"][0]["client"]) == (1, str(held_client.pk))
    assert not Anonymisation.objects.exists()
    assert not DisposalLog.objects.exists()


def test_the_dry_run_plans_a_later_day_but_not_a_past_one(api, centre, manager):
    client = closed_client(centre, years_ago=9)
    on = dt.date(client.closed_at.year + 11, 1, 1)
    later = api(manager).get(f"/api/v1/disposal-log/dry-run/?on={on}").json()
    assert {c["category"]: c["count"] for c in later["categories"]}["case_file"] == 1

    past = api(manager).get("/api/v1/disposal-log/dry-run/?on=2001-01-01")
    assert past.status_code == 400
    assert "on" in past.json()
    assert api(manager).get("/api/v1/disposal-log/dry-run/?on=soon").status_code == 400


def test_the_disposal_log_is_read_by_who_reads_retention(api, centre, manager, coordinator, provider_staff, member,
                                                          other_centre):
    closed_client(centre, years_ago=11)
    services.apply_retention(centre=centre, today=centre_today(centre))

    assert api(manager).get("/api/v1/disposal-log/").json()["count"] == 1
    assert api(member(Role.MANAGER, other_centre)).get("/api/v1/disposal-log/").json()["count"] == 0
    assert api(coordinator).get("/api/v1/disposal-log/").status_code == 404
    assert api(provider_staff).get("/api/v1/disposal-log/dry-run/").status_code == 404
