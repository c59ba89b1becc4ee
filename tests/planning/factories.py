"""Factories of the planning app's models (the shared ones are in tests/factories.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cus.planning.models import (
    Activity,
    CommunityPlan,
    Decision,
    FollowUp,
    Indicator,
    IndicatorValue,
    Measure,
    Meeting,
    Partner,
    Priority,
    RaisedNeed,
)

from ..factories import CentreFactory, UserFactory


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Stowarzyszenie Razem {n}")
    kind = "ngo"
    contact_name = "Ewa Kowalska"


class CommunityPlanFactory(DjangoModelFactory):
    class Meta:
        model = CommunityPlan

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Program usług społecznych {n}")
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2028, 12, 31)
    status = "draft"


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(CommunityPlanFactory)
    centre = factory.SelfAttribute("plan.centre")
    code = factory.Sequence(lambda n: f"{n}")
    title = "Seniors live at home as long as they wish"


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    priority = factory.SubFactory(PriorityFactory)
    centre = factory.SelfAttribute("priority.centre")
    code = factory.Sequence(lambda n: f"1.{n}")
    title = "Develop care at home"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    measure = factory.SubFactory(MeasureFactory)
    centre = factory.SelfAttribute("measure.centre")
    code = factory.Sequence(lambda n: f"1.1.{n}")
    title = "Home care for seniors living alone"
    target_groups = factory.LazyFunction(lambda: ["seniors"])

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_types.set(extracted)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    centre = factory.SelfAttribute("activity.centre")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    kind = "delivered_units"
    period = "plan"
    year = None
    target = factory.LazyFunction(lambda: Decimal("100"))


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory, kind="manual")
    centre = factory.SelfAttribute("indicator.centre")
    date = dt.date(2026, 6, 30)
    value = factory.LazyFunction(lambda: Decimal("5"))
    recorded_by = factory.SubFactory(UserFactory)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Planning group meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    organiser = factory.SubFactory(UserFactory)
    agenda = "1. Waiting list for home care\n2. New day centre"


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    centre = factory.SelfAttribute("meeting.centre")
    text = "Open a second day centre in Oksywie."


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    centre = factory.SelfAttribute("meeting.centre")
    description = "Ask the school for rooms."
    owner = None
    owner_name = "Jan Nowak (school)"
    due_date = dt.date(2026, 12, 1)


class RaisedNeedFactory(DjangoModelFactory):
    class Meta:
        model = RaisedNeed

    centre = factory.SubFactory(CentreFactory)
    source = "public"
    area = "Oksywie"
    description = "Residents ask for a day centre for people with dementia."
    people_estimate = 12
    raised_on = dt.date(2026, 3, 1)
    recorded_by = factory.SubFactory(UserFactory)
