"""seed_demo's year of activity: contracts, plans, deliveries, statements and volunteers that keep the rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Q

from cus.contracts.models import Contract, ContractLine, ContractStatus, FundingKind, FundingSource
from cus.contracts.selectors import line_usage
from cus.core.models import Membership, User
from cus.core.schedule import planned_units
from cus.deliveries.models import Delivery, MonthlyStatement, Outcome, StatementStatus
from cus.plans.models import ONGOING_PLAN_STATUSES, Plan, PlannedService, PlannedServiceStatus, PlanStatus
from cus.volunteers.models import Volunteer, VolunteerHours

GDYNIA = Q(centre__code="gdy")


def test_funding_sources_of_every_kind_pay_for_contracts_of_this_year_and_last(seeded):
    kinds = set(FundingSource.objects.filter(GDYNIA, is_active=True).values_list("kind", flat=True))
    assert {FundingKind.ESF_PLUS, FundingKind.MUNICIPAL, FundingKind.MINISTRY} <= kinds
    year = dt.date.today().year
    active = Contract.objects.filter(GDYNIA, status=ContractStatus.ACTIVE)
    assert all(c.start_date.year == year for c in active)
    assert active.values("provider").distinct().count() >= 10
    assert Contract.objects.filter(GDYNIA, status=ContractStatus.ENDED, end_date__year=year - 1).exists()
    for line in ContractLine.objects.filter(GDYNIA).select_related("service_type"):
        assert line.unit == line.service_type.unit
        assert line.max_units is not None or line.budget is not None
    prices = dict(ContractLine.objects.filter(GDYNIA).values_list(
        "service_type__code", "unit_price"))
    assert prices["home_care"] == Decimal("45.00")
    assert prices["meals"] == Decimal("18.00")
    assert prices["nursing"] == Decimal("80.00")
    assert prices["social_counselling"] == Decimal("120.00")


def test_plans_are_in_every_state_with_at_most_one_ongoing_per_client(seeded):
    plans = Plan.objects.filter(GDYNIA)
    assert set(plans.values_list("status", flat=True)) == set(PlanStatus.values)
    ongoing = Counter(plans.filter(status__in=ONGOING_PLAN_STATUSES).values_list("client", flat=True))
    assert max(ongoing.values()) == 1
    assert not plans.filter(status__in=ONGOING_PLAN_STATUSES, goals__isnull=True).exists()
    assert not plans.exclude(centre=F("client__centre")).exists()
    assert plans.filter(status=PlanStatus.ACTIVE, reviews__isnull=False).exists()
    assert all(p.client_agreed_at and p.agreement_method for p in plans.filter(status__in=ONGOING_PLAN_STATUSES))


def test_most_planned_services_are_assigned_and_some_wait_for_a_provider(seeded):
    services = PlannedService.objects.filter(GDYNIA)
    assigned = services.filter(status=PlannedServiceStatus.ASSIGNED)
    assert assigned.count() > services.filter(status=PlannedServiceStatus.WAITING).count()
    assert not assigned.filter(Q(contract_line__isnull=True) | ~Q(provider=F("contract_line__contract__provider"))).exists()
    assert not assigned.exclude(service_type=F("contract_line__service_type")).exists()
    waiting = services.filter(status=PlannedServiceStatus.WAITING).exclude(plan__status__in=["closed", "cancelled"])
    assert waiting.exists()
    assert not waiting.filter(Q(contract_line__isnull=False) | Q(waiting_since__isnull=True)).exists()
    assert waiting.values("waiting_since").distinct().count() > 1


def test_assigned_services_run_inside_their_contract_and_plan(seeded):
    for service in PlannedService.objects.filter(GDYNIA, contract_line__isnull=False).select_related(
        "contract_line__contract", "plan"
    ):
        contract = service.contract_line.contract
        assert contract.start_date <= service.start_date
        assert service.end_date is not None
        assert service.end_date <= contract.end_date
        assert service.plan.start_date <= service.start_date
        assert service.plan.end_date is None or service.end_date <= service.plan.end_date


def test_no_contract_line_is_planned_or_used_past_its_limits(seeded):
    lines = list(ContractLine.objects.filter(centre__code__in=["gdy", "sop"]).select_related("contract"))
    usage = line_usage(lines)
    for line in lines:
        used = usage[line.pk]
        assert used.units_remaining is None or used.units_remaining >= 0, line
        assert used.amount_remaining is None or used.amount_remaining >= 0, line
        if line.max_units is not None:
            assert used.units_planned <= line.max_units, line
    assert any(usage[line.pk].units_delivered > 0 for line in lines)


def test_no_client_service_and_day_is_claimed_twice_or_under_two_funding_sources(seeded):
    claims = (
        Delivery.objects.filter(outcome=Outcome.DELIVERED)
        .values("client", "service_type", "date")
        .annotate(sources=Count("funding_source", distinct=True), logs=Count("pk"))
    )
    assert not claims.filter(sources__gt=1).exists()
    assert not claims.filter(logs__gt=1).exists()


def test_deliveries_carry_their_service_denormalised_and_cost_units_at_the_line_price(seeded):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    deliveries = Delivery.objects.filter(GDYNIA).select_related(
        "planned_service__plan", "contract_line__contract"
    )
    outcomes = Counter()
    for delivery in deliveries:
        service = delivery.planned_service
        line = delivery.contract_line
        assert delivery.client_id == service.plan.client_id
        assert (delivery.provider_id, delivery.service_type_id) == (service.provider_id, service.service_type_id)
        assert (delivery.contract_line_id, delivery.funding_source_id) == (service.contract_line_id,
                                                                           line.funding_source_id)
        assert service.start_date <= delivery.date <= min(service.end_date, yesterday)
        assert line.contract.start_date <= delivery.date <= line.contract.end_date
        expected = delivery.units * line.unit_price if delivery.outcome == Outcome.DELIVERED else 0
        assert delivery.cost == expected
        assert delivery.logged_by_id is not None
        outcomes[(delivery.outcome, delivery.status)] += 1
    assert {outcome for outcome, _status in outcomes} == set(Outcome.values)
    assert outcomes[(Outcome.DELIVERED, "confirmed")]
    assert outcomes[(Outcome.DELIVERED, "disputed")]
    assert min(deliveries.values_list("date", flat=True)) <= yesterday - dt.timedelta(days=300)


def test_deliveries_follow_the_planned_frequency(seeded):
    """Over a service's whole period the logs do not exceed what was planned (a little rounding aside)."""
    for service in PlannedService.objects.filter(GDYNIA, deliveries__isnull=False).distinct()[:200]:
        logged = sum(service.deliveries.values_list("units", flat=True))
        planned = planned_units(units=service.units, per=service.per, start=service.start_date,
                                end=service.end_date, window_start=service.start_date, window_end=service.end_date)
        assert logged <= planned + service.units, service


def test_statements_are_approved_for_older_months_and_hold_their_months_logs(seeded):
    statements = MonthlyStatement.objects.filter(GDYNIA)
    approved = statements.filter(status=StatementStatus.APPROVED)
    assert approved.exists()
    assert statements.filter(status__in=[StatementStatus.OPEN, StatementStatus.SUBMITTED]).exists()
    latest_approved = max(approved.values_list("month", flat=True))
    assert not statements.filter(month__lte=latest_approved).exclude(status=StatementStatus.APPROVED).exists()
    for statement in approved:
        logs = Delivery.objects.filter(contract_line__contract=statement.contract, date__year=statement.month.year,
                                       date__month=statement.month.month)
        assert set(logs.values_list("statement", flat=True)) == {statement.pk}
        delivered = logs.filter(outcome=Outcome.DELIVERED)
        assert statement.total_cost == sum(delivered.values_list("cost", flat=True))
        assert statement.deliveries_count == logs.count()
        assert statement.decided_by
        assert statement.submitted_at
        assert statement.decided_at
        assert not logs.filter(status="disputed").exists()
    assert not Delivery.objects.filter(statement__isnull=False).exclude(statement__status=StatementStatus.APPROVED).exists()


def test_each_provider_login_sees_its_own_deliveries_through_the_api_and_none_of_the_other(seeded, api):
    for email, other_email in (("provider@cus.example", "provider2@cus.example"),
                               ("provider2@cus.example", "provider@cus.example")):
        own = Membership.objects.get(user__email=email).provider
        other = Membership.objects.get(user__email=other_email).provider
        assert PlannedService.objects.filter(provider=own, status=PlannedServiceStatus.ASSIGNED).exists()
        response = api(User.objects.get(email=email)).get("/api/v1/deliveries/", {"page_size": 100})
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == Delivery.objects.filter(provider=own).count() > 0
        other_ids = {str(pk) for pk in Delivery.objects.filter(provider=other).values_list("pk", flat=True)}
        assert not {row["id"] for row in body["results"]} & other_ids


def test_the_volunteer_login_sees_only_their_own_hours(seeded, api):
    user = User.objects.get(email="volunteer@cus.example")
    profile = Volunteer.objects.get(user=user)
    assert profile.agreements.exists()
    assert profile.assignments.exists()
    own = VolunteerHours.objects.filter(volunteer=profile)
    assert own.filter(status="verified").exists()
    assert own.filter(status="logged").exists()
    assert VolunteerHours.objects.exclude(volunteer=profile).exists()
    response = api(user).get("/api/v1/volunteer-hours/", {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == own.count()
    assert {row["id"] for row in body["results"]} <= {str(pk) for pk in own.values_list("pk", flat=True)}


def test_volunteer_hours_fall_under_an_agreement_and_count_at_an_hourly_rate(seeded):
    for hours in VolunteerHours.objects.select_related("volunteer", "activity_type", "assignment"):
        assert hours.volunteer.agreements.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=hours.date), start_date__lte=hours.date
        ).exists()
        assert hours.assignment.is_active_on(hours.date)
        assert hours.activity_type.hourly_rate > 0
        assert hours.date < dt.date.today()
        assert (hours.status == "logged") == (hours.verified_by_id is None)


def test_new_demo_records_pass_their_models_validation(seeded):
    from cus.plans.models import Goal, Review
    from cus.volunteers.models import ActivityType, VolunteerAgreement, VolunteerAssignment

    for model in (FundingSource, Contract, ContractLine, Plan, Goal, PlannedService, Review, Volunteer,
                  VolunteerAgreement, ActivityType, VolunteerAssignment, MonthlyStatement):
        for obj in model.objects.all()[:300]:
            obj.full_clean()
    for model in (Delivery, VolunteerHours):
        for obj in model.objects.all()[:300]:
            obj.full_clean()


def test_sopot_gets_a_lighter_year_of_its_own(seeded):
    sopot = Q(centre__code="sop")
    assert Contract.objects.filter(sopot, status=ContractStatus.ACTIVE).exists()
    assert Delivery.objects.filter(sopot).exists()
    assert not Delivery.objects.filter(sopot).exclude(client__centre__code="sop").exists()
    assert not PlannedService.objects.filter(sopot, contract_line__isnull=False).exclude(
        contract_line__centre__code="sop").exists()
