"""Retention tests: a client with one of everything a centre may hold about a person, written through the models
(so every table has history), and helpers to run the worker's jobs in the test's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cus.clients.models import (
    AccessAction,
    Assessment,
    AssessmentArea,
    Client,
    ClientAccessLog,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Referral,
)
from cus.core.history import stamp
from cus.core.models import Centre, Membership, Role, TaskRun, User
from cus.deliveries.models import Delivery
from cus.notifications.models import Notification
from cus.plans.models import Goal, GoalProgress, Plan, PlannedService, Review
from cus.quality.models import SatisfactionSurvey, SurveyInvitation
from cus.volunteers.models import VolunteerAssignment, VolunteerHours

from ..deliveries.factories import DeliveryFactory
from ..factories import (
    ActivityTypeFactory,
    ClientFactory,
    ContractLineFactory,
    PlanFactory,
    PlannedServiceFactory,
    ServiceTypeFactory,
    VolunteerFactory,
)
from ..reports.factories import ParticipationFactory

FIRST, LAST = "Zofia", "Wiśniewska-Kowal"
NATIONAL_ID = "44051401458"
PHONE = "+48 601 234 567"
OLD_PHONE = "+48 602 765 432"
EMAIL = "zofia.wk@example.org"
CARER_PHONE = "+48 603 111 222"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Held:
    """A client with one of everything, and the people around them."""

    centre: Centre
    client: Client
    coordinator: User
    provider_staff: User
    consent: Consent
    plan: Plan
    service: PlannedService
    delivery: Delivery
    other: Client  # another client whose record names this one


def run_job(run: TaskRun) -> object:
    """Run a job the way the worker does (claim, call, finish), here in the test's transaction."""
    from worker import tasks  # noqa: F401  (registers the tasks)
    from worker.app import app

    return app.tasks[run.task_name](str(run.pk))


def build_held(centre: Centre, coordinator: User, provider_staff: User, *, closed_on: dt.date | None = None) -> Held:
    provider = Membership.objects.get(user=provider_staff, centre=centre).provider
    assert provider is not None
    client = ClientFactory(
        centre=centre, first_name=FIRST, last_name=LAST, national_id=NATIONAL_ID, national_id_country="PL",
        birth_date=dt.date(1944, 5, 14), phone=OLD_PHONE, email=EMAIL, street="ul. Morska 12/4", postcode="81-225",
        area="Chylonia", carer_name="Jan Kowal", carer_phone=CARER_PHONE, health_summary="Diabetes, after a stroke",
        mobility="Walker", risks="Falls", access_notes="Key with the neighbour", coordinator=coordinator,
        citizenship="PL",
    )
    stamp(client, user=coordinator, reason="new phone")
    client.phone = PHONE
    client.save()
    if closed_on is not None:
        client.status, client.closed_at, client.closure_reason = "closed", closed_on, "moved_away"
        client.exit_situation = f"{FIRST} moved to her daughter"
        client.save()
    consent = Consent.objects.create(
        centre=centre, client=client, kind="data_processing", given_on=dt.date(2026, 1, 5), recorded_by=coordinator,
        scope=f"Signed by {FIRST} {LAST}", evidence=ContentFile(b"%PDF-1.4 signed consent", name="consent.pdf"),
    )
    ContactPerson.objects.create(
        centre=centre, client=client, name="Maria Kowal", relation="daughter", phone="+48 604 999 888",
        email="maria@example.org", address="ul. Długa 1", note=f"Call before visiting {FIRST}",
    )
    Referral.objects.create(
        centre=centre, client=client, source="hospital", source_name="Dr Adam Lis", date=dt.date(2026, 1, 2),
        reason=f"{FIRST} {LAST} needs help after a stroke", received_by=coordinator,
    )
    assessment = Assessment.objects.create(
        centre=centre, client=client, date=dt.date(2026, 1, 10), assessor=coordinator, summary="Lives alone",
    )
    AssessmentArea.objects.create(centre=centre, assessment=assessment, area="mobility", score=3,
                                  description="Cannot climb stairs")
    service_type = ServiceTypeFactory()
    IdentifiedNeed.objects.create(centre=centre, assessment=assessment, area="self_care", service_type=service_type,
                                  description="Help with bathing")
    participation = ParticipationFactory(client=client, entry_date=dt.date(2026, 1, 15), entry_age=81)
    line = ContractLineFactory(
        contract__provider=provider, contract__centre=centre, service_type=service_type,
        contract__funding_source=participation.funding_source,
    )
    plan = PlanFactory(client=client, coordinator=coordinator, status="active", summary=f"Plan for {FIRST}",
                       activated_at=timezone.now())
    goal = Goal.objects.create(centre=centre, plan=plan, description="Bathe safely", measure="Weekly")
    service = PlannedServiceFactory(plan=plan, contract_line=line, note=f"Ring twice, {FIRST} hears badly")
    review = Review.objects.create(centre=centre, plan=plan, date=dt.date(2026, 3, 1), reviewed_by=coordinator,
                                   decision="continue", note=f"{FIRST} is happy")
    GoalProgress.objects.create(centre=centre, review=review, goal=goal, status="in_progress", note="Better")
    delivery = DeliveryFactory(
        planned_service=service, date=dt.date(2026, 2, 3), duration_minutes=60, units=Decimal("1.00"),
        note=f"{FIRST} was tired", confirmation_signature="data:image/png;base64,AAAA", logged_by=provider_staff,
    )
    survey = SatisfactionSurvey.objects.create(
        centre=centre, planned_service=service, provider=provider, service_type=service_type,
        date=dt.date(2026, 3, 2), source="paper", overall=5, comment=f"Thank you, {FIRST} {LAST}",
        recorded_by=coordinator,
    )
    SurveyInvitation.objects.create(
        centre=centre, planned_service=service, provider=provider, created_by=coordinator,
        token_hash=hashlib.sha256(b"token").hexdigest(), expires_at=timezone.now(), survey=survey,
    )
    volunteer = VolunteerFactory(centre=centre)
    activity = ActivityTypeFactory(centre=centre)
    assignment = VolunteerAssignment.objects.create(
        centre=centre, volunteer=volunteer, activity_type=activity, client=client, start_date=dt.date(2026, 1, 1),
        note=f"Shopping for {FIRST}",
    )
    VolunteerHours.objects.create(
        centre=centre, volunteer=volunteer, assignment=assignment, activity_type=activity, client=client,
        date=dt.date(2026, 2, 1), minutes=90, note=f"Walked with {FIRST} {LAST}", logged_by=coordinator,
    )
    ClientAccessLog.objects.create(centre=centre, client=client, user=coordinator, role=Role.COORDINATOR,
                                   action=AccessAction.VIEW, path=f"/api/v1/clients/{client.pk}/")
    Notification.objects.create(
        centre=centre, recipient=coordinator, kind="review_due", title=f"Plan review due: {client.reference}",
        body=f"{FIRST} {LAST}", subject_type="plan", subject_id=plan.pk, dedup_key=f"review:{plan.pk}",
    )
    other = ClientFactory(centre=centre, first_name="Ewa", last_name="Nowak", coordinator=coordinator,
                          exit_situation="")
    stamp(other, user=coordinator, reason=f"confirmed as a different person from {client.reference}")
    other.risks = f"Neighbour of {FIRST} {LAST} ({PHONE})"
    other.save()
    return Held(centre, client, coordinator, provider_staff, consent, plan, service, delivery, other)


@pytest.fixture
def held(centre, coordinator, provider_staff) -> Held:
    return build_held(centre, coordinator, provider_staff)
