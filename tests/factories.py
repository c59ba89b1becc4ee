"""factory_boy factories for every model; each test builds the data it needs."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from cus.catalogue.models import Location, Offering, Provider, ServiceType
from cus.clients.models import Client
from cus.core.models import Centre, Membership, Role, User

PASSWORD = "correct horse battery staple"


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centrum Usług Społecznych {n}")
    code = factory.Sequence(lambda n: f"cus{n}")
    municipality = "Gdynia"
    country = "PL"
    language = "pl"
    timezone = "Europe/Warsaw"
    currency = "PLN"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ServiceTypeFactory(DjangoModelFactory):
    class Meta:
        model = ServiceType
        django_get_or_create = ("code", "centre")

    centre = None
    code = factory.Sequence(lambda n: f"test_type_{n}")
    name_en = factory.Sequence(lambda n: f"Test service {n}")
    name_pl = factory.Sequence(lambda n: f"Usługa testowa {n}")
    category = "care"
    unit = "hour"
    delivery_form = "home"


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Fundacja Pomocna Dłoń {n}")
    legal_form = "foundation"
    municipality = "Gdynia"
    is_public = True


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    provider = factory.SubFactory(ProviderFactory)
    centre = factory.SelfAttribute("provider.centre")
    name = factory.Sequence(lambda n: f"Punkt {n}")
    street = "ul. Świętojańska 1"
    postcode = "81-368"
    municipality = "Gdynia"


class OfferingFactory(DjangoModelFactory):
    class Meta:
        model = Offering

    provider = factory.SubFactory(ProviderFactory)
    centre = factory.SelfAttribute("provider.centre")
    service_type = factory.SubFactory(ServiceTypeFactory)
    description = factory.LazyFunction(lambda: {"en": "Help at home", "pl": "Pomoc w domu"})
    capacity = 20
    is_public = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.COORDINATOR
    provider = None


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    centre = factory.SubFactory(CentreFactory)
    reference = factory.Sequence(lambda n: f"T/2026/{n:05d}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    birth_date = factory.Sequence(lambda n: dt.date(1940, 1, 1) + dt.timedelta(days=97 * n))
    sex = "female"
    municipality = "Gdynia"
    status = "active"
    coordinator = None
