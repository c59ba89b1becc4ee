"""seed_demo's community planning, quality, last month's report and waiting reminders."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Q

from cus.core.models import Centre, TaskRunStatus
from cus.demo.builder import build
from cus.demo.centres import SOPOT_CENTRE
from cus.notifications.models import Notification, NotificationKind
from cus.planning.models import (
    CommunityPlan,
    CommunityPlanStatus,
    FollowUp,
    FollowUpStatus,
    Indicator,
    IndicatorKind,
    Meeting,
    MeetingStatus,
    Partner,
    PartnerKind,
    RaisedNeed,
)
from cus.planning.selectors import compute_progress
from cus.plans.selectors import PLAN_STATUSES_SHOWN_TO_PROVIDERS
from cus.quality.models import (
    SURVEY_QUESTION_KEYS,
    Criterion,
    EvaluationStatus,
    ProviderEvaluation,
    SatisfactionSurvey,
    Standard,
    SurveyInvitation,
    SurveySource,
)
from cus.quality.services import SURVEYED_SERVICE_STATUSES
from cus.reports.models import ReportFormat, ReportRun, ReportStatus

from .conftest import seed

GDYNIA = Q(centre__code="gdy")
SEEDED_APPS = ("planning", "quality", "reports", "notifications")


def _progress(plan: CommunityPlan) -> dict[Indicator, Decimal | None]:
    indicators = list(
        Indicator.objects.filter(activity__measure__priority__plan=plan)
        .select_related("activity")
        .prefetch_related("activity__service_types", "values")
    )
    progress = compute_progress(plan, indicators)
    return {indicator: progress[indicator.pk].progress for indicator in indicators}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in SEEDED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def _sopot_content() -> tuple[list, list, list]:
    targets = list(Indicator.objects.filter(centre__code="sop").order_by("name").values_list("name", "target"))
    surveys = list(
        SatisfactionSurvey.objects.filter(centre__code="sop")
        .order_by("date", "planned_service__plan__client__national_id", "overall", "comment")
        .values_list("date", "overall", "punctuality", "respect", "needs_met", "would_recommend", "comment")
    )
    scores = list(
        ProviderEvaluation.objects.filter(centre__code="sop").order_by("period_start").values_list(
            "provider__name", "status", "weighted_score", "period_start", "period_end"
        )
    )
    return targets, surveys, scores


def test_planning_and_quality_come_out_the_same_on_every_run(db):
    # First in the module: it needs an empty database, before the module's shared seed is made.
    day = dt.date(2026, 9, 15)
    with transaction.atomic():
        build(centres=[SOPOT_CENTRE], today=day)
        first = _sopot_content()
        transaction.set_rollback(True)
    assert not Centre.objects.exists()
    build(centres=[SOPOT_CENTRE], today=day)
    assert _sopot_content() == first
    assert first[0]
    assert first[1]
    assert first[2]


def test_gdynia_has_an_adopted_community_plan_whose_indicators_show_real_progress(seeded):
    plan = CommunityPlan.objects.get(GDYNIA)
    assert plan.status == CommunityPlanStatus.ADOPTED
    assert plan.title.startswith("Program usług społecznych Gdyni ")
    assert plan.start_date <= dt.date.today() <= plan.end_date
    assert 3 <= plan.priorities.count() <= 4
    progress = _progress(plan)
    kinds = {indicator.kind for indicator in progress}
    assert {IndicatorKind.DELIVERED_HOURS, IndicatorKind.DELIVERED_UNITS, IndicatorKind.PEOPLE_SERVED,
            IndicatorKind.PLANS_ACTIVE, IndicatorKind.CONTRACTED_CAPACITY, IndicatorKind.MANUAL} <= kinds
    reached = [value for value in progress.values() if value]
    assert len(reached) >= len(progress) - 2  # a type nobody received in a small seed may show 0
    assert all(Decimal("0") < value <= Decimal("1.5") for value in reached)
    assert len(set(reached)) > 3  # not one share for every indicator
    manual = [indicator for indicator in progress if indicator.kind == IndicatorKind.MANUAL]
    assert manual
    assert all(indicator.values.exists() for indicator in manual)
    activities = [i.activity for i in progress]
    assert all(activity.service_types.exists() and activity.responsible_partner for activity in activities)


def test_partners_are_the_providers_and_other_organisations_of_the_town(seeded):
    partners = Partner.objects.filter(GDYNIA)
    kinds = set(partners.values_list("kind", flat=True))
    assert {PartnerKind.PROVIDER, PartnerKind.NGO, PartnerKind.SCHOOL, PartnerKind.HEALTH,
            PartnerKind.PUBLIC_BODY} <= kinds
    assert not partners.filter(kind=PartnerKind.PROVIDER, provider__isnull=True).exists()
    assert not partners.exclude(provider__isnull=True).exclude(provider__centre__code="gdy").exists()


def test_meetings_were_held_with_minutes_and_decisions_and_one_is_planned(seeded):
    meetings = Meeting.objects.filter(GDYNIA)
    now = dt.datetime.now(dt.UTC)
    held = meetings.filter(status=MeetingStatus.HELD)
    assert held.count() >= 3
    assert all(m.minutes and m.agenda and m.starts_at < now and m.decisions.exists() and m.partners.exists()
               for m in held)
    planned = meetings.get(status=MeetingStatus.PLANNED)
    assert planned.starts_at > now
    assert not meetings.exclude(community_plan__centre__code="gdy").exists()


def test_follow_ups_are_done_overdue_and_due_this_week(seeded):
    today = dt.date.today()
    follow_ups = FollowUp.objects.filter(GDYNIA)
    done = follow_ups.filter(status=FollowUpStatus.DONE)
    assert done.exists()
    assert all(f.completed_at and f.completed_by and f.outcome and f.completed_at.date() <= today for f in done)
    still_open = follow_ups.filter(status=FollowUpStatus.OPEN)
    assert still_open.filter(due_date__lt=today).exists()
    assert still_open.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=7)).exists()
    assert follow_ups.filter(owner__isnull=True).exclude(owner_name="").exists()  # a partner's contact


def test_needs_were_raised_about_several_types_and_areas(seeded):
    needs = RaisedNeed.objects.filter(GDYNIA)
    assert needs.count() >= 6
    assert needs.values("service_type").distinct().count() >= 5
    assert needs.exclude(area="").values("area").distinct().count() >= 4
    assert {"partner", "public", "meeting", "staff"} == set(needs.values_list("source", flat=True))
    assert needs.filter(is_open=False).exists()
    assert not needs.filter(raised_on__gt=dt.date.today()).exists()


def test_standards_of_the_main_service_types_have_four_to_six_criteria(seeded):
    standards = Standard.objects.filter(GDYNIA).select_related("service_type")
    assert {"home_care", "meals", "household_help", "transport"} <= {s.service_type.code for s in standards}
    for standard in standards:
        assert 4 <= Criterion.objects.filter(standard=standard, is_active=True).count() <= 6


def test_surveys_are_recorded_by_staff_about_delivered_services_with_varied_answers(seeded):
    surveys = SatisfactionSurvey.objects.filter(GDYNIA).select_related("planned_service__plan")
    assert 20 <= surveys.count() <= 40
    for survey in surveys:
        service = survey.planned_service
        assert survey.source == SurveySource.STAFF
        assert survey.recorded_by == service.plan.coordinator
        assert survey.provider_id == service.provider_id
        assert survey.service_type_id == service.service_type_id
        assert service.status in SURVEYED_SERVICE_STATUSES
        assert service.plan.status in PLAN_STATUSES_SHOWN_TO_PROVIDERS
        assert survey.date <= dt.date.today()
        survey.full_clean()
    overall = Counter(surveys.values_list("overall", flat=True))
    assert len(overall) >= 3
    assert surveys.exclude(comment="").exists()
    assert surveys.values("provider").distinct().count() >= 4
    assert all(any(getattr(s, key) is not None for s in surveys) for key in SURVEY_QUESTION_KEYS)


def test_survey_links_are_open(seeded):
    invitations = SurveyInvitation.objects.filter(GDYNIA)
    assert invitations.count() >= 1
    assert all(i.used_at is None and i.revoked_at is None and i.expires_at > dt.datetime.now(dt.UTC)
               for i in invitations)


def test_providers_were_evaluated_last_quarter_and_one_is_being_evaluated_now(seeded):
    evaluations = ProviderEvaluation.objects.filter(GDYNIA)
    final = evaluations.filter(status=EvaluationStatus.FINAL)
    assert final.count() >= 4
    assert all(e.weighted_score is not None and e.finalised_at and e.period_end < dt.date.today() for e in final)
    assert all(e.scores.count() == e.standard.criteria.filter(is_active=True).count() for e in final)
    assert len(set(final.values_list("weighted_score", flat=True))) > 1
    draft = evaluations.get(status=EvaluationStatus.DRAFT)
    assert draft.period_start > max(e.period_end for e in final)
    assert 0 < draft.scores.count() < draft.standard.criteria.count()


def test_the_manager_finds_last_months_funder_report_done_with_its_files(seeded):
    run = ReportRun.objects.get(GDYNIA)
    today = dt.date.today()
    assert run.month == (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert run.status == ReportStatus.DONE
    assert run.data
    assert run.requested_by.email == "manager@cus.example"
    assert set(run.files.values_list("format", flat=True)) == set(ReportFormat.values)
    assert run.task_run.status == TaskRunStatus.DONE


def test_the_coordinator_has_reminders_waiting_after_seeding(seeded):
    notifications = Notification.objects.filter(GDYNIA, recipient__email="coordinator@cus.example")
    assert notifications.exists()
    assert notifications.filter(kind=NotificationKind.FOLLOW_UP_DUE).count() == 2  # the overdue one and this week's
    assert Notification.objects.filter(centre__code="sop").exists()


def test_sopot_has_lighter_planning_and_quality_data_of_its_own(seeded):
    sopot = Q(centre__code="sop")
    assert CommunityPlan.objects.filter(sopot).count() == 1
    for model in (Partner, Meeting, FollowUp, RaisedNeed, Standard, SatisfactionSurvey, ProviderEvaluation):
        assert model.objects.filter(sopot).exists()
        assert model.objects.filter(sopot).count() < model.objects.filter(GDYNIA).count()
    assert not Meeting.objects.filter(sopot, partners__centre__code="gdy").exists()
    assert not SatisfactionSurvey.objects.filter(sopot).exclude(planned_service__centre__code="sop").exists()


def test_seeding_again_adds_no_planning_quality_report_or_notification(seeded):
    before = _row_counts()
    assert before["planning.Meeting"]
    assert before["quality.SatisfactionSurvey"]
    assert before["notifications.Notification"]
    output = seed("--clients", "60")
    assert _row_counts() == before
    assert "nothing changed" in output


def test_a_report_that_cannot_be_rendered_costs_only_the_report_with_a_warning(seeded, monkeypatch):
    from cus.demo.steps import activity
    from cus.reports import services as reports

    def broken(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(reports, "render", broken)
    runs = ReportRun.objects.count()
    warnings: list[str] = []
    created = activity.bring_up_to_date(Centre.objects.get(code="gdy"), warnings)
    assert ReportRun.objects.count() == runs
    assert "libpango" in warnings[0]
    assert created["notifications"] == 0  # the day's reminders were raised already, once


def test_the_partner_login_belongs_to_a_partner_taking_part_in_meetings_with_an_open_follow_up(seeded):
    from cus.core.models import Membership, Role

    membership = Membership.objects.get(user__email="partner@cus.example")
    assert (membership.centre.code, membership.role) == ("gdy", Role.PARTNER)
    partner = membership.partner
    assert partner is not None
    assert partner.kind != PartnerKind.PROVIDER
    meetings = Meeting.objects.filter(partners=partner)
    assert meetings.filter(status=MeetingStatus.HELD).exists()
    assert meetings.filter(status=MeetingStatus.PLANNED).exists()
    assert FollowUp.objects.filter(partner=partner, status=FollowUpStatus.OPEN).exists()
    assert RaisedNeed.objects.filter(partner=partner).exists()
