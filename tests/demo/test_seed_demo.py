"""manage.py seed_demo: a realistic, deterministic, idempotent demo with a second centre to show isolation."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.db.models import F
from rest_framework.test import APIClient

from cus.catalogue.models import LegalForm, Location, Offering, Provider, ServiceType
from cus.catalogue.tax_id import validate_tax_id
from cus.clients.models import (
    Assessment,
    AssessmentArea,
    CaseReferenceCounter,
    Client,
    ClientStatus,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Referral,
)
from cus.clients.national_id import validate_national_id
from cus.clients.selectors import clients_for
from cus.contracts.models import Contract, ContractLine, FundingSource
from cus.core.context import actor_for
from cus.core.models import Centre, Membership, Role, User
from cus.deliveries.models import Delivery, MonthlyStatement
from cus.demo.centres import DEMO_PASSWORD, GDYNIA_CENTRE
from cus.plans.models import Plan, PlannedService, Review
from cus.volunteers.models import Volunteer, VolunteerAgreement, VolunteerAssignment, VolunteerHours

from .conftest import seed

DEMO_LOGINS = {
    "admin@cus.example": Role.ADMIN,
    "manager@cus.example": Role.MANAGER,
    "coordinator@cus.example": Role.COORDINATOR,
    "coordinator2@cus.example": Role.COORDINATOR,
    "provider@cus.example": Role.PROVIDER,
    "provider2@cus.example": Role.PROVIDER,
    "volunteer@cus.example": Role.VOLUNTEER,
    "auditor@cus.example": Role.AUDITOR,
    "partner@cus.example": Role.PARTNER,
}
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
COUNTED = (User, Centre, Membership, Provider, Location, Offering, Client, CaseReferenceCounter, Referral, Consent,
           ContactPerson, Assessment, IdentifiedNeed, FundingSource, Contract, ContractLine, Plan, PlannedService,
           Review, Delivery, MonthlyStatement, Volunteer, VolunteerAgreement, VolunteerAssignment, VolunteerHours)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def people(code: str) -> list[tuple]:
    return list(
        Client.objects.filter(centre__code=code)
        .order_by("national_id")
        .values_list("first_name", "last_name", "birth_date", "sex", "national_id", "street", "area")
    )


def test_every_demo_login_has_its_role_and_the_demo_password(seeded):
    for email, role in DEMO_LOGINS.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        membership = Membership.objects.get(user=user)
        assert (membership.centre.code, membership.role) == ("gdy", role), email
    response = APIClient().post("/api/v1/auth/token/", {"email": "coordinator@cus.example", "password": DEMO_PASSWORD})
    assert response.status_code == 200


def test_the_two_provider_logins_work_for_two_different_providers_of_gdynia(seeded):
    first = Membership.objects.get(user__email="provider@cus.example").provider
    second = Membership.objects.get(user__email="provider2@cus.example").provider
    assert first != second
    assert first.centre.code == second.centre.code == "gdy"
    assert all(m.provider_id is None for m in Membership.objects.exclude(role=Role.PROVIDER))


def test_no_demo_login_enters_the_django_admin(seeded):
    """The centre's administrator works in the web UI; the admin site is the platform operator's (createsuperuser)."""
    admin = User.objects.get(email="admin@cus.example")
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()


def test_there_are_more_coordinators_than_the_two_demo_logins(seeded):
    assert Membership.objects.filter(centre__code="gdy", role=Role.COORDINATOR).count() >= 4


def test_every_pesel_is_valid_unique_and_matches_birth_date_and_sex(seeded):
    clients = list(Client.objects.all())
    for client in clients:
        assert client.national_id_country == "PL"
        validate_national_id("PL", client.national_id, birth_date=client.birth_date, sex=client.sex)
    per_centre = Counter((c.centre_id, c.national_id) for c in clients)
    assert max(per_centre.values()) == 1


def test_clients_look_like_a_polish_centres_caseload(seeded):
    clients = list(Client.objects.filter(centre__code="gdy"))
    today = dt.date.today()
    ages = [(today - c.birth_date).days // 365 for c in clients]
    assert min(ages) >= 18
    assert max(ages) <= 100
    assert sum(age >= 60 for age in ages) > len(ages) / 2  # mostly seniors
    assert {c.status for c in clients} == set(ClientStatus.values) - {ClientStatus.MERGED}  # merging is a manager's
    assert {c.area for c in clients} <= {d.name for d in GDYNIA_CENTRE.districts}
    assert len({c.area for c in clients}) >= 6
    assert all(re.fullmatch(r"\d\d-\d\d\d", c.postcode) for c in clients if c.street)
    assert any(c.has_disability for c in clients)
    assert all(c.labour_market_status and c.education_level for c in clients)
    closed = [c for c in clients if c.status == ClientStatus.CLOSED]
    assert all(c.closure_reason and c.closed_at and c.closed_at <= today for c in closed)
    assert all(c.coordinator is not None for c in clients if c.status != ClientStatus.REFERRED)


def test_case_references_run_per_year_and_the_counter_continues_from_them(seeded):
    for centre in Centre.objects.all():
        references = list(Client.objects.filter(centre=centre).values_list("reference", flat=True))
        assert len(set(references)) == len(references)
        by_year: Counter[int] = Counter()
        for reference in references:
            match = re.fullmatch(rf"{centre.code.upper()}/(\d{{4}})/(\d{{5}})", reference)
            assert match, reference
            by_year[int(match[1])] = max(by_year[int(match[1])], int(match[2]))
        counters = dict(CaseReferenceCounter.objects.filter(centre=centre).values_list("year", "last_number"))
        assert counters == dict(by_year)
        assert sum(by_year.values()) == len(references)  # numbers without gaps


def test_every_client_has_a_referral_and_consents_and_some_have_assessments_and_contacts(seeded):
    clients = Client.objects.filter(centre__code="gdy")
    assert Referral.objects.filter(client__in=clients).count() == clients.count()
    assert not clients.exclude(consents__kind="data_processing").exists()
    assert ContactPerson.objects.filter(client__in=clients).exists()
    assessed = Assessment.objects.filter(client__in=clients)
    assert assessed.exists()
    assert all(a.areas.exists() for a in assessed)
    assert IdentifiedNeed.objects.filter(assessment__in=assessed).exists()
    for model in (Referral, Consent, ContactPerson, Assessment):  # each record stays in its client's centre
        assert not model.objects.exclude(centre=F("client__centre")).exists()


def test_case_data_has_history_naming_the_coordinator(seeded):
    client = Client.objects.filter(centre__code="gdy", coordinator__isnull=False).first()
    record = client.history.get()
    assert record.history_user == client.coordinator
    assert record.history_change_reason == "demo data"
    assert Membership.objects.first().history.exists()


def test_providers_have_valid_nips_and_all_the_legal_forms(seeded):
    providers = Provider.objects.filter(centre__code="gdy")
    for provider in providers:
        digits = provider.tax_id
        assert re.fullmatch(r"\d{10}", digits)
        assert sum(int(d) * w for d, w in zip(digits, NIP_WEIGHTS, strict=False)) % 11 == int(digits[9])
        assert provider.street
        assert provider.locations.exists()
    forms = set(providers.values_list("legal_form", flat=True))
    assert {LegalForm.FOUNDATION, LegalForm.ASSOCIATION, LegalForm.SOCIAL_COOPERATIVE, LegalForm.COMPANY,
            LegalForm.PUBLIC_UNIT, LegalForm.CENTRE} <= forms
    assert providers.filter(is_public=True).exists()
    assert providers.filter(is_public=False).exists()


def test_offerings_are_of_shipped_service_types_described_in_polish_and_english(seeded):
    offerings = Offering.objects.filter(centre__code="gdy").select_related("service_type")
    assert offerings.count() >= 20
    for offering in offerings:
        assert offering.service_type.centre_id is None
        assert offering.description["pl"]
        assert offering.description["en"]
        assert offering.schedule
        assert offering.locations.exists()
    assert len({o.service_type.code for o in offerings}) >= 20
    assert ServiceType.objects.filter(centre__isnull=True, code="home_care").exists()


def test_every_demo_record_passes_its_models_validation(seeded):
    """Bulk inserts skip full_clean: the demo must still be data the services would have accepted."""
    for model in (Provider, Location, Offering, Membership, Client, Referral, Consent, ContactPerson, Assessment,
                  AssessmentArea, IdentifiedNeed):
        for obj in model.objects.all():
            obj.full_clean()
    for user in User.objects.all():
        user.full_clean(exclude=["password"])
    for provider in Provider.objects.all():
        assert validate_tax_id("PL", provider.tax_id) == provider.tax_id


def test_sopot_is_a_smaller_centre_of_its_own(seeded):
    sopot = Centre.objects.get(code="sop")
    assert sopot.name == "Centrum Usług Społecznych w Sopocie"
    assert Membership.objects.get(user__email="manager@sopot.cus.example").centre == sopot
    assert Membership.objects.get(user__email="coordinator@sopot.cus.example").role == Role.COORDINATOR
    assert Provider.objects.filter(centre=sopot).count() == 2
    assert 25 <= Client.objects.filter(centre=sopot).count() <= 35
    sopot_clients = Client.objects.filter(centre=sopot)
    assert not sopot_clients.exclude(coordinator__memberships__centre=sopot).filter(coordinator__isnull=False).exists()
    assert not Offering.objects.filter(centre=sopot).exclude(provider__centre=sopot).exists()


def test_a_second_run_creates_nothing_and_says_so(seeded):
    before = row_counts()
    output = seed("--clients", "60")
    assert row_counts() == before
    assert "nothing changed" in output


def test_a_sopot_coordinator_cannot_see_a_gdynia_client(seeded):
    sopot_coordinator = User.objects.get(email="coordinator@sopot.cus.example")
    gdynia_client = Client.objects.filter(centre__code="gdy").first()
    visible = clients_for(actor_for(sopot_coordinator))
    assert not visible.filter(pk=gdynia_client.pk).exists()
    assert visible.filter(centre__code="sop").exists()
    client = APIClient()
    client.force_authenticate(sopot_coordinator)
    assert client.get(f"/api/v1/clients/{gdynia_client.pk}/").status_code == 404
    listed = client.get("/api/v1/clients/", {"page_size": 200}).json()
    assert listed["count"] == Client.objects.filter(centre__code="sop").count()
    assert all(row["reference"].startswith("SOP/") for row in listed["results"])
