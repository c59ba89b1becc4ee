"""The demo centres: who works there, which providers they commission and what those offer.

Gdynia is the main demo (every role has a login); Sopot is a second, smaller centre that shows, and lets
the tests check, that one centre never sees another's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cus.catalogue.models import LegalForm, TargetGroup
from cus.core.models import Role

from .places import GDYNIA, SOPOT, District

DEMO_PASSWORD = "cus-demo-harbour"  # noqa: S105 - the documented password of the public demo logins


@dataclass(frozen=True)
class StaffSpec:
    email: str
    first_name: str
    last_name: str
    role: str
    provider: str = ""  # ProviderSpec.key, for provider staff
    partner: str = ""  # the key of a partner of the centre's planning (steps/planning.py), for a partner's staff


@dataclass(frozen=True)
class OfferingSpec:
    service_type: str  # a shipped service-type code; description and schedule come from texts.OFFERINGS
    capacity: int | None
    cost: Decimal | None = None
    cost_note: str = ""
    is_public: bool = True


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    name: str
    legal_form: str
    district: str  # where its office is
    phone: str
    email: str
    website: str
    description_pl: str
    description_en: str
    target_groups: tuple[str, ...]
    offerings: tuple[OfferingSpec, ...]
    languages: tuple[str, ...] = ("pl",)
    areas: tuple[str, ...] = ()  # districts served; empty: the whole municipality
    wheelchair_accessible: bool = True
    is_public: bool = True
    second_location: str = ""  # a district with a second site (a day centre, a club)


@dataclass(frozen=True)
class CentreSpec:
    code: str
    name: str
    municipality: str
    address: str
    email: str
    phone: str
    website: str
    districts: tuple[District, ...]
    tax_office_prefixes: tuple[str, ...]  # the first three digits of local NIPs
    staff: tuple[StaffSpec, ...]
    providers: tuple[ProviderSpec, ...]
    clients: int
    country: str = "PL"
    language: str = "pl"
    timezone: str = "Europe/Warsaw"
    currency: str = "PLN"


BY_INCOME = "Odpłatność zależna od dochodu, wg uchwały Rady Miasta."
FREE = "Bezpłatnie."
# Short names for the target groups, so that each provider's list fits on a line.
S, D, F, H, U, C, M, Y = (TargetGroup.SENIORS, TargetGroup.DISABILITIES, TargetGroup.FAMILIES, TargetGroup.HOMELESS,
                          TargetGroup.UNEMPLOYED, TargetGroup.CARERS, TargetGroup.MIGRANTS, TargetGroup.YOUTH)

GDYNIA_CENTRE = CentreSpec(
    code="gdy",
    name="Centrum Usług Społecznych w Gdyni",
    municipality="Gdynia",
    address="ul. Władysława IV 43, 81-395 Gdynia",
    email="sekretariat@cus.gdynia.example",
    phone="+48 58 625 00 00",
    website="https://cus.gdynia.example",
    districts=GDYNIA,
    tax_office_prefixes=("586", "958"),
    clients=300,
    staff=(
        # The centre's administrator works in the web UI; the Django admin is the platform operator's, an account
        # made with `createsuperuser`, never a demo login.
        StaffSpec("admin@cus.example", "Tomasz", "Kreft", Role.ADMIN),
        StaffSpec("manager@cus.example", "Katarzyna", "Formela", Role.MANAGER),
        StaffSpec("coordinator@cus.example", "Anna", "Nowicka", Role.COORDINATOR),
        StaffSpec("coordinator2@cus.example", "Piotr", "Zieliński", Role.COORDINATOR),
        StaffSpec("coordinator3@cus.example", "Magdalena", "Konkol", Role.COORDINATOR),
        StaffSpec("coordinator4@cus.example", "Joanna", "Szreder", Role.COORDINATOR),
        StaffSpec("coordinator5@cus.example", "Michał", "Labuda", Role.COORDINATOR),
        StaffSpec("provider@cus.example", "Ewa", "Kwiatkowska", Role.PROVIDER, provider="zlota_jesien"),
        StaffSpec("provider2@cus.example", "Marek", "Potrykus", Role.PROVIDER, provider="smaczny_kasek"),
        StaffSpec("volunteer@cus.example", "Julia", "Dettlaff", Role.VOLUNTEER),
        StaffSpec("auditor@cus.example", "Alicja", "Wrzosek", Role.AUDITOR),  # the data-protection officer
        # Staff of a partner organisation (the city's Senior Citizens' Council): community planning, no client data.
        StaffSpec("partner@cus.example", "Halina", "Drywa", Role.PARTNER, partner="rada_seniorow"),
    ),
    providers=(
        ProviderSpec(
            key="cus_gdynia", name="Centrum Usług Społecznych w Gdyni — Dział Usług Środowiskowych",
            legal_form=LegalForm.CENTRE, district="Śródmieście", phone="+48 58 625 00 10",
            email="uslugi@cus.gdynia.example", website="https://cus.gdynia.example/uslugi",
            description_pl="Usługi świadczone przez pracowników Centrum: opieka, poradnictwo, interwencja.",
            description_en="Services delivered by the centre's own staff: care, counselling, crisis help.",
            target_groups=(S, D, F, H, C), languages=("pl", "en", "uk"),
            offerings=(
                OfferingSpec("social_counselling", 40, cost_note=FREE),
                OfferingSpec("crisis_intervention", 15, cost_note=FREE),
                OfferingSpec("specialist_home_care", 25, cost_note=BY_INCOME),
            ),
            second_location="Chylonia",
        ),
        ProviderSpec(
            key="zlota_jesien", name="Fundacja „Złota Jesień”", legal_form=LegalForm.FOUNDATION,
            district="Działki Leśne", phone="+48 58 661 20 30", email="biuro@zlotajesien.example",
            website="https://zlotajesien.example",
            description_pl="Fundacja od 2009 r. wspiera seniorów w Gdyni w ich własnych domach.",
            description_en="Since 2009 the foundation has supported older people in Gdynia in their own homes.",
            target_groups=(S, D, C),
            offerings=(
                OfferingSpec("home_care", 120, cost_note=BY_INCOME),
                OfferingSpec("household_help", 60, cost=Decimal("32.00")),
                OfferingSpec("respite_care", 12, cost_note=FREE),
            ),
        ),
        ProviderSpec(
            key="smaczny_kasek", name="Spółdzielnia Socjalna „Smaczny Kąsek”",
            legal_form=LegalForm.SOCIAL_COOPERATIVE, district="Chylonia", phone="+48 58 663 44 10",
            email="zamowienia@smacznykasek.example", website="https://smacznykasek.example",
            description_pl="Spółdzielnia socjalna zatrudniająca osoby wychodzące z bezrobocia; własna kuchnia.",
            description_en="A social cooperative employing people returning from unemployment; its own kitchen.",
            target_groups=(S, D, U),
            offerings=(
                OfferingSpec("meals", 180, cost=Decimal("18.50"), cost_note="Dopłata zależna od dochodu."),
                OfferingSpec("household_help", 40, cost=Decimal("30.00")),
            ),
        ),
        ProviderSpec(
            key="razem", name="Stowarzyszenie Na Rzecz Osób z Niepełnosprawnościami „Razem”",
            legal_form=LegalForm.ASSOCIATION, district="Witomino", phone="+48 58 624 18 80",
            email="razem@razem-gdynia.example", website="https://razem-gdynia.example",
            description_pl="Asystencja osobista, transport i tłumacz PJM dla osób z niepełnosprawnościami.",
            description_en="Personal assistance, transport and a PJM interpreter for people with disabilities.",
            target_groups=(D, C), languages=("pl", "pso"),
            offerings=(
                OfferingSpec("personal_assistance", 35, cost_note=FREE),
                OfferingSpec("transport", 50, cost=Decimal("10.00")),
                OfferingSpec("interpretation", 20, cost_note=FREE),
                OfferingSpec("respite_care", 10, cost_note=FREE),
            ),
        ),
        ProviderSpec(
            key="opieka_baltycka", name="Opieka Bałtycka sp. z o.o.", legal_form=LegalForm.COMPANY,
            district="Redłowo", phone="+48 58 710 22 33", email="kontakt@opiekabaltycka.example",
            website="https://opiekabaltycka.example",
            description_pl="Opiekunki, pielęgniarki i fizjoterapeuci z wieloletnim doświadczeniem.",
            description_en="Carers, nurses and physiotherapists with many years of experience.",
            target_groups=(S, D), languages=("pl", "en"),
            offerings=(
                OfferingSpec("home_care", 90, cost_note=BY_INCOME),
                OfferingSpec("nursing", 60, cost_note="Refundacja NFZ lub 45 zł za wizytę."),
                OfferingSpec("rehabilitation", 30, cost=Decimal("60.00")),
            ),
            areas=("Redłowo", "Orłowo", "Wielki Kack", "Karwiny", "Witomino", "Działki Leśne", "Śródmieście"),
        ),
        ProviderSpec(
            key="pod_kasztanami", name="Dzienny Dom Pomocy Społecznej „Pod Kasztanami”",
            legal_form=LegalForm.PUBLIC_UNIT, district="Chylonia", phone="+48 58 663 70 70",
            email="ddps@podkasztanami.example", website="https://podkasztanami.example",
            description_pl="Miejska placówka dziennego pobytu dla seniorów, z dowozem i rehabilitacją.",
            description_en="A municipal day centre for older people, with transport and physiotherapy.",
            target_groups=(S, D),
            offerings=(
                OfferingSpec("day_centre", 45, cost_note=BY_INCOME),
                OfferingSpec("senior_activation", 60, cost_note=FREE),
                OfferingSpec("rehabilitation", 20, cost_note=FREE),
            ),
            second_location="Obłuże",
        ),
        ProviderSpec(
            key="przystan", name="Fundacja Wsparcia Rodziny „Przystań”", legal_form=LegalForm.FOUNDATION,
            district="Grabówek", phone="+48 58 620 91 11", email="fundacja@przystan.example",
            website="https://przystan.example",
            description_pl="Psycholodzy, terapeuci i asystenci rodziny; wczesne wspomaganie rozwoju dzieci.",
            description_en="Psychologists, therapists and family assistants; early intervention for children.",
            target_groups=(F, Y, C), languages=("pl", "en", "uk"),
            offerings=(
                OfferingSpec("family_support", 30, cost_note=FREE),
                OfferingSpec("psychological_support", 40, cost_note=FREE),
                OfferingSpec("early_intervention", 25, cost_note=FREE),
            ),
        ),
        ProviderSpec(
            key="telemedica", name="Telemedica Pomorze sp. z o.o.", legal_form=LegalForm.COMPANY,
            district="Śródmieście", phone="+48 58 500 11 22", email="teleopieka@telemedica.example",
            website="https://telemedica.example",
            description_pl="Teleopieka: opaski SOS z czujnikiem upadku i całodobowe centrum alarmowe.",
            description_en="Telecare: SOS bands with a fall sensor and a 24/7 alarm centre.",
            target_groups=(S, D), languages=("pl", "en", "de"), wheelchair_accessible=False,
            offerings=(OfferingSpec("telecare", 400, cost=Decimal("35.00"), cost_note="Abonament miesięczny."),),
        ),
        ProviderSpec(
            key="dom_sasiedzki", name="Stowarzyszenie „Dom Sąsiedzki Oksywie”", legal_form=LegalForm.ASSOCIATION,
            district="Oksywie", phone="+48 58 665 13 13", email="dom@oksywie-sasiedzi.example",
            website="https://oksywie-sasiedzi.example",
            description_pl="Dom sąsiedzki: klub seniora, zajęcia ruchowe, wycieczki i wolontariat.",
            description_en="A neighbourhood house: senior club, exercise, outings and volunteering.",
            target_groups=(S, F), areas=("Oksywie", "Obłuże", "Pogórze"),
            offerings=(
                OfferingSpec("senior_activation", 50, cost_note=FREE),
                OfferingSpec("leisure_activity", 40, cost=Decimal("10.00")),
            ),
        ),
        ProviderSpec(
            key="nowy_start", name="Centrum Integracji Społecznej „Nowy Start”",
            legal_form=LegalForm.SOCIAL_ECONOMY, district="Cisowa", phone="+48 58 663 50 50",
            email="cis@nowystart.example", website="https://nowystart.example",
            description_pl="Reintegracja społeczna i zawodowa: warsztaty, trener pracy, staże.",
            description_en="Social and vocational reintegration: workshops, a job coach, internships.",
            target_groups=(U, H, M), languages=("pl", "uk", "ru"),
            offerings=(
                OfferingSpec("social_rehabilitation", 40, cost_note=FREE),
                OfferingSpec("employment_support", 60, cost_note=FREE),
            ),
        ),
        ProviderSpec(
            key="prawo_i_pomoc", name="Fundacja „Prawo i Pomoc”", legal_form=LegalForm.FOUNDATION,
            district="Śródmieście", phone="+48 58 621 77 40", email="porady@prawoipomoc.example",
            website="https://prawoipomoc.example",
            description_pl="Nieodpłatna pomoc prawna, poradnictwo obywatelskie i wyjście z zadłużenia.",
            description_en="Free legal aid, civic counselling and getting out of debt.",
            target_groups=(S, U, M, F), languages=("pl", "en", "uk"),
            offerings=(
                OfferingSpec("legal_advice", 50, cost_note=FREE),
                OfferingSpec("social_counselling", 30, cost_note=FREE),
            ),
        ),
        ProviderSpec(
            key="samarytanin", name="Wspólnota Charytatywna „Samarytanin”", legal_form=LegalForm.CHURCH,
            district="Chylonia", phone="+48 58 663 90 90", email="pomoc@samarytanin.example",
            website="https://samarytanin.example",
            description_pl="Noclegownia, streetworking i jadłodajnia dla osób w kryzysie bezdomności.",
            description_en="A night shelter, street work and a soup kitchen for people experiencing homelessness.",
            target_groups=(H, TargetGroup.ADDICTED),
            offerings=(
                OfferingSpec("shelter", 45, cost_note=FREE),
                OfferingSpec("street_work", None, cost_note=FREE),
                OfferingSpec("meals", 80, cost_note=FREE, is_public=False),
            ),
        ),
        ProviderSpec(
            key="mieszkania", name="Gdyński Ośrodek Mieszkalnictwa Wspomaganego", legal_form=LegalForm.PUBLIC_UNIT,
            district="Wielki Kack", phone="+48 58 629 40 40", email="gomw@gdynia-mieszkania.example",
            website="https://gdynia-mieszkania.example",
            description_pl="Mieszkania wspomagane i treningowe oraz miejsca w domu pomocy społecznej.",
            description_en="Supported and training flats, and places in a residential care home.",
            target_groups=(D, H, S), is_public=False,
            offerings=(
                OfferingSpec("sheltered_housing", 24, cost_note=BY_INCOME),
                OfferingSpec("residential_care", 60, cost_note="70% dochodu mieszkańca, resztę dopłaca gmina."),
            ),
        ),
    ),
)

SOPOT_CENTRE = CentreSpec(
    code="sop",
    name="Centrum Usług Społecznych w Sopocie",
    municipality="Sopot",
    address="ul. Kolberga 20, 81-881 Sopot",
    email="sekretariat@cus.sopot.example",
    phone="+48 58 551 00 00",
    website="https://cus.sopot.example",
    districts=SOPOT,
    tax_office_prefixes=("585",),
    clients=30,
    staff=(
        StaffSpec("manager@sopot.cus.example", "Barbara", "Lipińska", Role.MANAGER),
        StaffSpec("coordinator@sopot.cus.example", "Paweł", "Gajewski", Role.COORDINATOR),
    ),
    providers=(
        ProviderSpec(
            key="sopockie_centrum_opieki", name="Sopockie Centrum Opieki sp. z o.o.", legal_form=LegalForm.COMPANY,
            district="Dolny Sopot", phone="+48 58 550 12 12", email="biuro@sco-sopot.example",
            website="https://sco-sopot.example",
            description_pl="Usługi opiekuńcze i pielęgniarskie w domu.",
            description_en="Care and nursing at home.",
            target_groups=(S, D),
            offerings=(OfferingSpec("home_care", 40, cost_note=BY_INCOME), OfferingSpec("nursing", 20)),
        ),
        ProviderSpec(
            key="molo", name="Stowarzyszenie Seniorów „Sopockie Molo”", legal_form=LegalForm.ASSOCIATION,
            district="Górny Sopot", phone="+48 58 551 33 44", email="klub@sopockiemolo.example",
            website="https://sopockiemolo.example",
            description_pl="Klub seniora i zajęcia rekreacyjne nad morzem.",
            description_en="A senior club and leisure activities by the sea.",
            target_groups=(S,),
            offerings=(OfferingSpec("senior_activation", 30, cost_note=FREE),
                       OfferingSpec("leisure_activity", 25, cost=Decimal("8.00"))),
        ),
    ),
)

CENTRES: tuple[CentreSpec, ...] = (GDYNIA_CENTRE, SOPOT_CENTRE)
