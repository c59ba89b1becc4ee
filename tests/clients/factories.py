"""Factories for the client registry's records (clients themselves: tests.factories.ClientFactory)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from cus.clients.models import Assessment, AssessmentArea, Consent, ContactPerson, IdentifiedNeed, Referral

from ..factories import ClientFactory, ServiceTypeFactory, UserFactory


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    kind = "data_processing"
    given_on = dt.date(2026, 1, 5)
    recorded_by = factory.SubFactory(UserFactory)


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    name = factory.Faker("name", locale="pl_PL")
    relation = "daughter"
    phone = "+48 600 100 200"


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    source = "family"
    date = dt.date(2026, 1, 2)
    reason = "Needs help at home after a hospital stay."
    received_by = factory.SubFactory(UserFactory)


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    date = dt.date(2026, 1, 10)
    assessor = factory.SubFactory(UserFactory)
    summary = "Lives alone, limited mobility."


class AssessmentAreaFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentArea

    assessment = factory.SubFactory(AssessmentFactory)
    centre = factory.SelfAttribute("assessment.centre")
    area = "mobility"
    score = 3


class IdentifiedNeedFactory(DjangoModelFactory):
    class Meta:
        model = IdentifiedNeed

    assessment = factory.SubFactory(AssessmentFactory)
    centre = factory.SelfAttribute("assessment.centre")
    area = "self_care"
    service_type = factory.SubFactory(ServiceTypeFactory)
    priority = "high"
