"""Factories for the volunteer centre's records beyond the shared Volunteer and ActivityType ones."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from cus.volunteers.models import VolunteerAgreement, VolunteerAssignment, VolunteerHours

from ..factories import ActivityTypeFactory, UserFactory, VolunteerFactory


class AgreementFactory(DjangoModelFactory):
    """An open-ended, signed and insured agreement from 2025-01-01: valid in any country."""

    class Meta:
        model = VolunteerAgreement

    volunteer = factory.SubFactory(VolunteerFactory)
    centre = factory.SelfAttribute("volunteer.centre")
    number = factory.Sequence(lambda n: f"POR/{n:04d}/2025")
    start_date = dt.date(2025, 1, 1)
    end_date = None
    scope = "Befriending and help with shopping"
    insured = True
    signed_on = dt.date(2024, 12, 20)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerAssignment

    volunteer = factory.SubFactory(VolunteerFactory)
    centre = factory.SelfAttribute("volunteer.centre")
    activity_type = factory.SubFactory(ActivityTypeFactory, centre=factory.SelfAttribute("..centre"))
    client = None
    community_activity = "Neighbourhood café"
    start_date = dt.date(2025, 1, 1)


class HoursFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerHours

    volunteer = factory.SubFactory(VolunteerFactory)
    centre = factory.SelfAttribute("volunteer.centre")
    activity_type = factory.SubFactory(ActivityTypeFactory, centre=factory.SelfAttribute("..centre"))
    date = dt.date(2025, 3, 10)
    minutes = 90
    logged_by = factory.SubFactory(UserFactory)
