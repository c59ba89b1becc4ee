"""factory_boy factories for every model; each test builds the data it needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice
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
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.COORDINATOR
    provider = None
    partner = None

    @factory.post_generation
    def mfa_device(obj, create, extracted, **kwargs):
        """As in real use, a member whose role must sign in with a second factor has set one up (a confirmed
        authenticator device), so the API does not hold them to the set-up; ``mfa_device=False`` leaves it out,
        ``mfa_device=True`` adds one whatever the role."""
        if not create or extracted is False:
            return
        wanted = extracted or obj.role in (obj.centre.mfa_required_roles or ())
        if wanted and not TOTPDevice.objects.filter(user=obj.user, confirmed=True).exists():
            TOTPDevice.objects.create(user=obj.user, name="test authenticator", confirmed=True)


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    centre = factory.SubFactory(CentreFactory)
    reference = factory.Sequence(lambda n: f"T/2026/{n:05d}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    birth_date = factory.Sequence(lambda n: dt.date(1935, 1, 1) + dt.timedelta(days=(97 * n) % 25000))
    sex = "female"
    municipality = "Gdynia"
    status = "active"
    coordinator = None


# --- case coordination: contracts, plans, deliveries, volunteers -------------------------------

class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = "contracts.FundingSource"

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"ESF+ project {n}")
    kind = "esf_plus"
    project_code = factory.Sequence(lambda n: f"FEPM.05.{n:02d}-IP.01-001/24")


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = "contracts.Contract"

    provider = factory.SubFactory(ProviderFactory)
    centre = factory.SelfAttribute("provider.centre")
    number = factory.Sequence(lambda n: f"UM/{n:04d}/2026")
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2026, 12, 31)
    status = "active"
    funding_source = factory.SubFactory(FundingSourceFactory, centre=factory.SelfAttribute("..centre"))


class ContractLineFactory(DjangoModelFactory):
    class Meta:
        model = "contracts.ContractLine"

    contract = factory.SubFactory(ContractFactory)
    centre = factory.SelfAttribute("contract.centre")
    service_type = factory.SubFactory(ServiceTypeFactory)
    unit = factory.SelfAttribute("service_type.unit")
    unit_price = factory.LazyFunction(lambda: Decimal("45.00"))
    max_units = factory.LazyFunction(lambda: Decimal("1000"))
    budget = None
    funding_source = factory.SelfAttribute("contract.funding_source")


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Plan"

    client = factory.SubFactory(ClientFactory)
    centre = factory.SelfAttribute("client.centre")
    coordinator = factory.SubFactory(UserFactory)
    status = "draft"
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2026, 12, 31)
    review_interval_days = 90


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Goal"

    plan = factory.SubFactory(PlanFactory)
    centre = factory.SelfAttribute("plan.centre")
    description = "Stay safely at home with help for daily chores"
    measure = "Client manages meals and hygiene with help 3x a week"
    target_date = dt.date(2026, 12, 31)


class PlannedServiceFactory(DjangoModelFactory):
    """A planned service; pass contract_line=... to make it assigned (provider follows the line)."""

    class Meta:
        model = "plans.PlannedService"

    plan = factory.SubFactory(PlanFactory)
    centre = factory.SelfAttribute("plan.centre")
    service_type = factory.LazyAttribute(
        lambda o: o.contract_line.service_type if o.contract_line else ServiceTypeFactory()
    )
    units = factory.LazyFunction(lambda: Decimal("10"))
    per = "month"
    start_date = factory.SelfAttribute("plan.start_date")
    end_date = factory.SelfAttribute("plan.end_date")
    contract_line = None
    provider = factory.LazyAttribute(lambda o: o.contract_line.contract.provider if o.contract_line else None)
    status = factory.LazyAttribute(lambda o: "assigned" if o.contract_line else "waiting")
    waiting_since = factory.LazyAttribute(lambda o: None if o.contract_line else o.start_date)


class VolunteerFactory(DjangoModelFactory):
    class Meta:
        model = "volunteers.Volunteer"

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    skills = factory.LazyFunction(lambda: ["shopping", "conversation"])
    languages = factory.LazyFunction(lambda: ["pl"])


class ActivityTypeFactory(DjangoModelFactory):
    class Meta:
        model = "volunteers.ActivityType"

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Befriending {n}")
    hourly_rate = factory.LazyFunction(lambda: Decimal("35.00"))
