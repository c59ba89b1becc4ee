"""Each reminder rule fires when it should, not when it should not, and reaches the right people, once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models.query import QuerySet
from django.utils import timezone

from cus.core.models import Role
from cus.notifications import rules
from cus.notifications.models import Notification, NotificationKind, ReminderSetting
from cus.plans.models import AssignmentPeriod
from tests.clients.factories import ConsentFactory
from tests.contracts.factories import delivery_on
from tests.deliveries.factories import MonthlyStatementFactory
from tests.factories import (
    ClientFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
    VolunteerFactory,
)
from tests.volunteers.factories import AgreementFactory

from .factories import assigned_service, line_in

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
FEBRUARY = dt.date(2026, 2, 1)
# The rules the busy centre below exercises (the meeting follow-ups have test_follow_up_reminders.py); more may
# be appended to rules.RULES.
BUILT_IN_RULES = [
    rules.scan_reviews_due,
    rules.scan_plans_ending,
    rules.scan_unassigned_too_long,
    rules.scan_assignments_ending,
    rules.scan_under_delivery,
    rules.scan_no_delivery,
    rules.scan_budgets,
    rules.scan_contracts_ending,
    rules.scan_consents_expiring,
    rules.scan_agreements_expiring,
    rules.scan_statements_not_submitted,
    rules.scan_statements_not_approved,
]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def recipients(kind: str) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def provider_line(centre):
    return line_in(centre)


@pytest.fixture
def staff_of(member, centre):
    def make(line):
        return member(Role.PROVIDER, centre, provider=line.contract.provider)

    return make


# --- months checked by the month-end rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "grace", "month"),
    [
        (dt.date(2026, 3, 6), 5, dt.date(2026, 2, 1)),
        (dt.date(2026, 3, 5), 5, dt.date(2026, 1, 1)),  # February's grace days are not over yet
        (dt.date(2026, 3, 1), 0, dt.date(2026, 2, 1)),
        (dt.date(2026, 1, 31), 0, dt.date(2025, 12, 1)),
        (dt.date(2026, 4, 15), 40, dt.date(2026, 2, 1)),
    ],
)
def test_last_closed_month_waits_for_the_grace_days(today, grace, month):
    assert rules.last_closed_month(today, grace) == month


# --- plans ending ----------------------------------------------------------------------------------------


def test_plan_ending_within_the_lead_time_reminds_its_coordinator(centre, coordinator, coordinator2):
    plan = PlanFactory(client=ClientFactory(centre=centre), coordinator=coordinator, status="active", end_date=TODAY + days(14))
    assert rules.scan_plans_ending(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.subject_id) == (
        coordinator,
        NotificationKind.PLAN_ENDING,
        plan.pk,
    )
    assert rules.scan_plans_ending(centre=centre, today=TODAY) == 0


@pytest.mark.parametrize(("status", "end"), [("active", TODAY + days(15)), ("closed", TODAY), ("draft", TODAY)])
def test_plan_ending_later_or_not_ongoing_is_not_reminded(centre, coordinator, status, end):
    PlanFactory(client=ClientFactory(centre=centre), coordinator=coordinator, status=status, end_date=end)
    assert rules.scan_plans_ending(centre=centre, today=TODAY) == 0


def test_a_coordinator_who_left_the_centre_is_not_notified(centre, coordinator):
    coordinator.memberships.update(is_active=False)
    PlanFactory(client=ClientFactory(centre=centre), coordinator=coordinator, status="active", end_date=TODAY)
    assert rules.scan_plans_ending(centre=centre, today=TODAY) == 0


# --- waiting for a provider ------------------------------------------------------------------------------


def test_service_waiting_for_a_provider_too_long_reminds_the_coordinator(centre, coordinator):
    service = PlannedServiceFactory(
        plan__client__centre=centre, plan__coordinator=coordinator, plan__status="active", waiting_since=TODAY - days(14)
    )
    assert rules.scan_unassigned_too_long(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.subject_type, notification.subject_id) == (
        coordinator,
        "planned_service",
        service.pk,
    )
    assert notification.dedup_key.endswith((TODAY - days(14)).isoformat())


@pytest.mark.parametrize(("waited", "plan_status"), [(13, "active"), (30, "draft"), (30, "suspended")])
def test_service_waiting_less_or_in_a_plan_not_active_is_not_reminded(centre, coordinator, waited, plan_status):
    PlannedServiceFactory(
        plan__client__centre=centre,
        plan__coordinator=coordinator,
        plan__status=plan_status,
        waiting_since=TODAY - days(waited),
    )
    assert rules.scan_unassigned_too_long(centre=centre, today=TODAY) == 0


def test_assigned_service_is_not_waiting(centre, coordinator, provider_line):
    assigned_service(provider_line, coordinator, waiting_since=TODAY - days(60))
    assert rules.scan_unassigned_too_long(centre=centre, today=TODAY) == 0


# --- under-delivery --------------------------------------------------------------------------------------


def test_month_delivered_well_below_plan_reminds_coordinator_and_provider_staff(
    centre, coordinator, provider_line, staff_of, member
):
    staff = staff_of(provider_line)
    other_provider_staff = member(Role.PROVIDER, centre)
    service = assigned_service(provider_line, coordinator, units=Decimal(10), per="month")
    delivery_on(provider_line, "4.99", planned_service=service, date=dt.date(2026, 2, 10))
    delivery_on(provider_line, 9, planned_service=service, date=dt.date(2026, 3, 2))  # March: not checked yet
    assert rules.scan_under_delivery(centre=centre, today=TODAY) == 2
    assert recipients(NotificationKind.UNDER_DELIVERY) == {coordinator.pk, staff.pk}
    assert other_provider_staff.pk not in recipients(NotificationKind.UNDER_DELIVERY)
    assert all(n.dedup_key.endswith(":2026-02") for n in Notification.objects.all())
    assert "4.99" in Notification.objects.filter(recipient=coordinator).get().body
    assert rules.scan_under_delivery(centre=centre, today=TODAY + days(1)) == 0


def test_month_delivered_at_half_the_plan_is_not_under_delivered(centre, coordinator, provider_line):
    service = assigned_service(provider_line, coordinator, units=Decimal(10), per="month")
    delivery_on(provider_line, 5, planned_service=service, date=dt.date(2026, 2, 10))
    assert rules.scan_under_delivery(centre=centre, today=TODAY) == 0


def test_absences_and_superseded_logs_do_not_count_as_delivered(centre, coordinator, provider_line):
    service = assigned_service(provider_line, coordinator, units=Decimal(10), per="month")
    delivery_on(provider_line, 6, planned_service=service, date=dt.date(2026, 2, 10), outcome="client_absent")
    original = delivery_on(provider_line, 6, planned_service=service, date=dt.date(2026, 2, 11))
    correction = delivery_on(provider_line, 1, planned_service=service, date=dt.date(2026, 2, 11))
    correction.corrects = original
    correction.save()
    assert rules.scan_under_delivery(centre=centre, today=TODAY) == 1


def test_service_assigned_late_in_the_month_is_measured_from_its_assignment(centre, coordinator, provider_line):
    service = assigned_service(provider_line, coordinator, units=Decimal(28), per="month")
    service.assigned_at = timezone.make_aware(dt.datetime(2026, 2, 22, 12))  # 7 of February's 28 days: 7 planned
    service.save()
    delivery_on(provider_line, 4, planned_service=service, date=dt.date(2026, 2, 25))
    assert rules.scan_under_delivery(centre=centre, today=TODAY) == 0


def test_under_delivery_waits_for_the_grace_days(centre, coordinator, provider_line):
    assigned_service(provider_line, coordinator, units=Decimal(10), per="month")
    ReminderSetting.objects.create(centre=centre, kind=NotificationKind.UNDER_DELIVERY, lead_days=10)
    # On 10 March with 10 grace days, February is not checked yet; January is (and the service planned 10 then).
    assert rules.scan_under_delivery(centre=centre, today=TODAY) == 1
    assert Notification.objects.get().dedup_key.endswith(":2026-01")


# --- no delivery logged ----------------------------------------------------------------------------------


def test_no_log_for_the_lead_time_reminds_coordinator_and_provider_staff(centre, coordinator, provider_line, staff_of):
    staff = staff_of(provider_line)
    service = assigned_service(provider_line, coordinator)
    delivery_on(provider_line, 1, planned_service=service, date=TODAY - days(14))
    assert rules.scan_no_delivery(centre=centre, today=TODAY) == 2
    assert recipients(NotificationKind.NO_DELIVERY) == {coordinator.pk, staff.pk}
    assert Notification.objects.first().dedup_key.endswith((TODAY - days(14)).isoformat())
    assert rules.scan_no_delivery(centre=centre, today=TODAY + days(1)) == 0


def test_a_recent_log_of_any_outcome_means_the_provider_is_in_touch(centre, coordinator, provider_line):
    service = assigned_service(provider_line, coordinator)
    delivery_on(provider_line, 1, planned_service=service, date=TODAY - days(13), outcome="client_absent")
    assert rules.scan_no_delivery(centre=centre, today=TODAY) == 0


def test_service_never_logged_counts_from_its_assignment(centre, coordinator, provider_line):
    service = assigned_service(provider_line, coordinator)
    service.assigned_at = timezone.make_aware(dt.datetime(2026, 3, 1, 9))
    service.save()
    assert rules.scan_no_delivery(centre=centre, today=TODAY) == 0
    assert rules.scan_no_delivery(centre=centre, today=dt.date(2026, 3, 15)) == 1


def test_ended_service_is_not_reminded_of_missing_logs(centre, coordinator, provider_line):
    assigned_service(provider_line, coordinator, end_date=TODAY - days(1))
    assert rules.scan_no_delivery(centre=centre, today=TODAY) == 0


# --- contract budgets ------------------------------------------------------------------------------------


def test_line_at_80_percent_then_100_tells_the_managers_once_each(centre, coordinator, manager, provider_line):
    provider_line.max_units = Decimal(10)
    provider_line.save()
    delivery_on(provider_line, 8)
    assert rules.scan_budgets(centre=centre, today=TODAY) == 1
    assert recipients(NotificationKind.BUDGET_80) == {manager.pk}
    assert rules.scan_budgets(centre=centre, today=TODAY) == 0
    delivery_on(provider_line, 2)
    assert rules.scan_budgets(centre=centre, today=TODAY) == 1
    assert recipients(NotificationKind.BUDGET_100) == {manager.pk}
    assert coordinator.pk not in recipients(NotificationKind.BUDGET_80)


def test_line_jumping_past_100_percent_gets_only_the_100_reminder(centre, manager, provider_line):
    provider_line.max_units = None
    provider_line.budget = Decimal("100.00")
    provider_line.save()
    delivery_on(provider_line, 1, cost="120.00")
    assert rules.scan_budgets(centre=centre, today=TODAY) == 1
    assert Notification.objects.get().kind == NotificationKind.BUDGET_100


def test_line_below_80_percent_or_without_limits_is_quiet(centre, manager, provider_line):
    provider_line.max_units = Decimal(10)
    provider_line.save()
    delivery_on(provider_line, "7.99")
    unlimited = line_in(centre, max_units=None, budget=None)
    delivery_on(unlimited, 500)
    assert rules.scan_budgets(centre=centre, today=TODAY) == 0


def test_raising_the_limit_starts_the_thresholds_again(centre, manager, provider_line):
    provider_line.max_units = Decimal(10)
    provider_line.save()
    delivery_on(provider_line, 8)
    rules.scan_budgets(centre=centre, today=TODAY)
    provider_line.max_units = Decimal(9)  # a corrected limit is a new period: 8 of 9 is still past 80 %
    provider_line.save()
    assert rules.scan_budgets(centre=centre, today=TODAY) == 1


def test_budget_reminders_can_be_switched_off(centre, manager, provider_line):
    provider_line.max_units = Decimal(10)
    provider_line.save()
    delivery_on(provider_line, 8)
    ReminderSetting.objects.create(centre=centre, kind=NotificationKind.BUDGET_80, enabled=False)
    assert rules.scan_budgets(centre=centre, today=TODAY) == 0


# --- contracts ending ------------------------------------------------------------------------------------


def test_contract_ending_within_the_lead_time_tells_the_managers(centre, manager, coordinator, staff_of):
    line = line_in(centre, contract__end_date=TODAY + days(30))
    staff = staff_of(line)
    line_in(centre, contract__end_date=TODAY + days(31))
    line_in(centre, contract__end_date=TODAY, contract__status="draft")
    assert rules.scan_contracts_ending(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.subject_id) == (manager, line.contract.pk)
    assert staff.pk not in recipients(NotificationKind.CONTRACT_ENDING)


# --- consents and volunteer agreements -------------------------------------------------------------------


def test_consent_expiring_reminds_the_clients_coordinator(centre, coordinator, coordinator2, manager):
    consent = ConsentFactory(client=ClientFactory(centre=centre, coordinator=coordinator), valid_until=TODAY + days(30))
    assert rules.scan_consents_expiring(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.subject_id) == (coordinator, consent.pk)
    assert "Processing of personal data" in notification.body


def test_consent_of_a_client_without_coordinator_goes_to_the_managers(centre, manager):
    ConsentFactory(client=ClientFactory(centre=centre), valid_until=TODAY)
    assert rules.scan_consents_expiring(centre=centre, today=TODAY) == 1
    assert recipients(NotificationKind.CONSENT_EXPIRING) == {manager.pk}


@pytest.mark.parametrize(
    "case", ["later", "expired", "withdrawn", "renewed", "client_closed"]
)
def test_consent_not_expiring_soon_or_renewed_is_not_reminded(centre, coordinator, case):
    client = ClientFactory(centre=centre, coordinator=coordinator, status="closed" if case == "client_closed" else "active")
    valid_until = {"later": TODAY + days(31), "expired": TODAY - days(1)}.get(case, TODAY + days(5))
    ConsentFactory(client=client, valid_until=valid_until, withdrawn_on=TODAY if case == "withdrawn" else None)
    if case == "renewed":
        ConsentFactory(client=client, valid_until=TODAY + days(365), given_on=TODAY)
    assert rules.scan_consents_expiring(centre=centre, today=TODAY) == 0


def test_agreement_expiring_tells_the_staff_who_manage_volunteers(
    centre, coordinator, manager, provider_staff, volunteer
):
    agreement = AgreementFactory(volunteer=VolunteerFactory(centre=centre), end_date=TODAY + days(30))
    assert rules.scan_agreements_expiring(centre=centre, today=TODAY) == 2
    assert recipients(NotificationKind.AGREEMENT_EXPIRING) == {coordinator.pk, manager.pk}
    assert agreement.number in Notification.objects.first().title


@pytest.mark.parametrize("case", ["later", "renewed", "open_ended", "inactive_volunteer"])
def test_agreement_not_expiring_soon_or_renewed_is_not_reminded(centre, coordinator, case):
    volunteer = VolunteerFactory(centre=centre, is_active=case != "inactive_volunteer")
    end = {"later": TODAY + days(31), "open_ended": None}.get(case, TODAY + days(5))
    AgreementFactory(volunteer=volunteer, end_date=end)
    if case == "renewed":
        AgreementFactory(volunteer=volunteer, start_date=TODAY + days(6), end_date=None)
    assert rules.scan_agreements_expiring(centre=centre, today=TODAY) == 0


# --- monthly statements ----------------------------------------------------------------------------------


def test_month_without_a_submitted_statement_reminds_the_provider_staff(
    centre, manager, coordinator, provider_line, staff_of
):
    staff = staff_of(provider_line)
    assert rules.scan_statements_not_submitted(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.subject_id) == (staff, provider_line.contract.pk)
    assert notification.dedup_key.endswith(":2026-02")
    assert "February 2026" in notification.title


def test_dates_in_a_reminder_are_in_the_recipients_language_and_format(centre, coordinator, provider_line, staff_of):
    staff = staff_of(provider_line)
    staff.language = "pl"
    staff.save()
    assert rules.scan_statements_not_submitted(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get(recipient=staff)
    assert "luty 2026" in notification.title, notification.title  # not "2026-02"


@pytest.mark.parametrize(("status", "reminded"), [("open", 1), ("returned", 1), ("submitted", 0), ("approved", 0)])
def test_statement_status_decides_whether_the_month_is_reminded(centre, provider_line, staff_of, status, reminded):
    staff_of(provider_line)
    MonthlyStatementFactory(contract=provider_line.contract, month=FEBRUARY, status=status)
    assert rules.scan_statements_not_submitted(centre=centre, today=TODAY) == reminded


def test_contract_that_did_not_run_in_the_month_needs_no_statement(centre, staff_of):
    line = line_in(centre, contract__start_date=dt.date(2026, 3, 1))
    staff_of(line)
    assert rules.scan_statements_not_submitted(centre=centre, today=TODAY) == 0


def test_statement_submitted_long_ago_and_not_approved_tells_the_managers(centre, manager, coordinator, provider_line):
    submitted = MonthlyStatementFactory(
        contract=provider_line.contract,
        month=FEBRUARY,
        status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 3, 10)),
    )
    MonthlyStatementFactory(
        contract=line_in(centre).contract,
        month=FEBRUARY,
        status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 4, 10)),
    )
    MonthlyStatementFactory(
        contract=line_in(centre).contract,
        month=FEBRUARY,
        status="approved",
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 1, 10)),
    )
    assert rules.scan_statements_not_approved(centre=centre, today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.recipient, notification.subject_id) == (manager, submitted.pk)


# --- the scan as a whole ---------------------------------------------------------------------------------


@pytest.fixture
def busy_centre(centre, coordinator, manager, staff_of):
    """A centre where every rule has something to say on TODAY."""
    PlanFactory(client=ClientFactory(centre=centre), coordinator=coordinator, status="active",
                next_review_date=TODAY, end_date=TODAY + days(3))
    PlannedServiceFactory(plan__client__centre=centre, plan__coordinator=coordinator, plan__status="active",
                          waiting_since=TODAY - days(30))
    line = line_in(centre, max_units=Decimal(10), contract__end_date=TODAY + days(20))
    staff_of(line)
    service = assigned_service(line, coordinator)
    delivery_on(line, 9, planned_service=service, date=dt.date(2026, 1, 5))
    # Its provider's contract ends in 20 days, before the service does, and no renewal continues it.
    AssignmentPeriod.objects.create(centre=centre, planned_service=service, contract_line=line,
                                    start_date=service.start_date, end_date=line.contract.end_date)
    ConsentFactory(client=ClientFactory(centre=centre, coordinator=coordinator), valid_until=TODAY + days(3))
    AgreementFactory(volunteer=VolunteerFactory(centre=centre), end_date=TODAY + days(3))
    MonthlyStatementFactory(contract=line_in(centre).contract, month=FEBRUARY, status="submitted",
                            submitted_at=timezone.make_aware(dt.datetime(2026, 3, 1, 10)))
    return centre


def test_every_rule_fires_in_a_full_scan_and_a_second_scan_raises_nothing(busy_centre, monkeypatch):
    assert rules.RULES[: len(BUILT_IN_RULES)] == BUILT_IN_RULES
    monkeypatch.setattr(rules, "RULES", BUILT_IN_RULES)
    first = rules.scan_reminders(centre=busy_centre, today=TODAY)
    assert {name for name, created in first.items() if created} == {rule.__name__ for rule in BUILT_IN_RULES}
    total = Notification.objects.count()
    assert total == sum(first.values())
    second = rules.scan_reminders(centre=busy_centre, today=TODAY)
    assert set(second.values()) == {0}
    assert Notification.objects.count() == total


def test_another_app_can_contribute_a_rule(centre, monkeypatch):
    calls = []

    def scan_another_apps_subjects(centre, today):  # a rule takes these two, positionally or by name
        calls.append((centre, today))
        return 3

    monkeypatch.setattr(rules, "RULES", [*rules.RULES, scan_another_apps_subjects])
    result = rules.scan_reminders(centre=centre, today=TODAY)
    assert result["scan_another_apps_subjects"] == 3
    assert calls == [(centre, TODAY)]


def test_rules_stream_their_subjects_in_chunks(busy_centre, monkeypatch):
    """Every rule reads with iterator(chunk_size=...), so a scan's memory does not grow with the data."""
    chunk_sizes: list[int | None] = []
    real_iterator = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return real_iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    monkeypatch.setattr(rules, "SCAN_CHUNK_SIZE", 1)
    monkeypatch.setattr(rules, "RULES", BUILT_IN_RULES)
    result = rules.scan_reminders(centre=busy_centre, today=TODAY)
    assert len(chunk_sizes) >= len(BUILT_IN_RULES)
    assert set(chunk_sizes) == {1}
    assert all(result.values())


def test_budget_scan_queries_do_not_grow_with_the_number_of_quiet_lines(centre, django_assert_max_num_queries):
    for _ in range(3):
        line_in(centre, max_units=Decimal(10))
    with django_assert_max_num_queries(6) as small:
        rules.scan_budgets(centre=centre, today=TODAY)
    for _ in range(12):
        line_in(centre, max_units=Decimal(10))
    with django_assert_max_num_queries(len(small.captured_queries)):
        rules.scan_budgets(centre=centre, today=TODAY)


def test_service_names_are_rendered_in_each_recipients_language(centre, coordinator, coordinator2):
    """The Polish title needs the compiled catalogue (`make messages`)."""
    coordinator.language = "pl"
    coordinator.save()
    service_type = ServiceTypeFactory(name_en="Home care", name_pl="Usługi opiekuńcze")
    for user in (coordinator, coordinator2):
        PlannedServiceFactory(plan__client__centre=centre, plan__coordinator=user, plan__status="active",
                              service_type=service_type, waiting_since=TODAY - days(30))
    rules.scan_unassigned_too_long(centre=centre, today=TODAY)
    assert Notification.objects.get(recipient=coordinator).title.startswith("Brak realizatora: Usługi opiekuńcze")
    assert "Home care" in Notification.objects.get(recipient=coordinator2).title
