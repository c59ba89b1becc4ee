"""Community planning: partners (the centre's providers and a few other organisations), an adopted community
plan (priorities, measures, activities over the demo's service types, indicators), partnership meetings with
minutes, decisions and follow-ups, and needs raised outside the case files.

Everything goes through ``cus.planning.services`` (they validate and stamp the history), as the centre's
manager and coordinators. Indicator targets are set from the live figures of the seeded deliveries and plans,
so that each shows a plausible share of its target reached for the time the plan has run.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model

from cus.catalogue.models import LegalForm, TargetGroup
from cus.core.context import Actor
from cus.core.models import Membership, Role
from cus.planning import services
from cus.planning.models import (
    Activity,
    CommunityPlan,
    Decision,
    FollowUp,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    IndicatorValue,
    Measure,
    Meeting,
    NeedSource,
    Partner,
    PartnerKind,
    Priority,
    RaisedNeed,
)
from cus.planning.selectors import compute_progress

from ..context import DemoContext

K = IndicatorKind
S, D, F, H, U, C, Y, A = (TargetGroup.SENIORS, TargetGroup.DISABILITIES, TargetGroup.FAMILIES, TargetGroup.HOMELESS,
                          TargetGroup.UNEMPLOYED, TargetGroup.CARERS, TargetGroup.YOUTH, TargetGroup.ADDICTED)


# --- what each centre's planning looks like ---------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    kind: str
    unit: str
    yearly: bool = False  # counts the current calendar year (else the plan's whole period)
    target: int = 0  # manual indicators (and the fallback of a computed one with nothing to count yet)
    values: tuple[tuple[int, int], ...] = ()  # manual: (days ago, value)


@dataclass(frozen=True)
class ActivitySpec:
    title: str
    description: str
    partner: str  # a provider key or an OtherPartner key; "" for the centre itself
    groups: tuple[str, ...]
    types: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    activities: tuple[ActivitySpec, ...]


@dataclass(frozen=True)
class PrioritySpec:
    title: str
    description: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class OtherPartner:
    key: str
    name: str
    kind: str
    contact: str
    email: str
    phone: str
    note: str = ""


@dataclass(frozen=True)
class FollowUpSpec:
    description: str
    due: int  # days from today (negative: in the past)
    owner: str = ""  # a staff e-mail; else the partner's contact
    partner: str = ""
    outcome: str | None = None  # done, with this outcome


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    follow_ups: tuple[FollowUpSpec, ...] = ()


@dataclass(frozen=True)
class MeetingSpec:
    title: str
    days: int  # from today (negative: held)
    hour: int
    location: str
    organiser: str  # a staff e-mail
    staff: tuple[str, ...]
    partners: tuple[str, ...]
    agenda: str
    minutes: str = ""  # empty: still planned
    other_participants: str = ""
    decisions: tuple[DecisionSpec, ...] = ()


@dataclass(frozen=True)
class NeedSpec:
    source: str
    description: str
    days_ago: int
    recorded_by: str  # a staff e-mail
    service_type: str = ""
    area: str = ""
    people: int | None = None
    partner: str = ""
    meeting: int | None = None  # index into the centre's meetings
    is_open: bool = True


@dataclass(frozen=True)
class PlanningSpec:
    title: str  # with {start} and {end} years
    description: str
    adopted_by: str  # the adoption's reason, with {year}
    priorities: tuple[PrioritySpec, ...]
    partners: tuple[OtherPartner, ...]
    meetings: tuple[MeetingSpec, ...]
    needs: tuple[NeedSpec, ...]


MANAGER, COORD, COORD2, COORD3 = (
    "manager@cus.example", "coordinator@cus.example", "coordinator2@cus.example", "coordinator3@cus.example"
)

GDYNIA_PLANNING = PlanningSpec(
    title="Program usług społecznych Gdyni {start}–{end}",
    description=(
        "Program określa, jakie usługi społeczne Gdynia zapewnia mieszkańcom w latach {start}–{end}, kto je "
        "realizuje i po czym poznamy, że cele zostały osiągnięte. Opracowany przez Zespół ds. Planowania Usług "
        "Społecznych na podstawie diagnozy potrzeb i potencjału wspólnoty samorządowej."
    ),
    adopted_by="Uchwała nr XVIII/512/{year} Rady Miasta Gdyni w sprawie przyjęcia Programu usług społecznych.",
    priorities=(
        PrioritySpec(
            "Samodzielne życie seniorów i osób z niepełnosprawnościami w miejscu zamieszkania",
            "Wsparcie w domu zamiast opieki instytucjonalnej: usługi opiekuńcze, posiłki, teleopieka, transport.",
            (
                MeasureSpec("Usługi opiekuńcze i wsparcie w codziennym funkcjonowaniu", (
                    ActivitySpec(
                        "Usługi opiekuńcze w miejscu zamieszkania",
                        "Zwykłe i specjalistyczne usługi opiekuńcze zlecane organizacjom i świadczone przez CUS.",
                        "zlota_jesien", (S, D), ("home_care", "specialist_home_care"),
                        (
                            IndicatorSpec("Godziny usług opiekuńczych", K.DELIVERED_HOURS, "godz."),
                            IndicatorSpec("Osoby objęte usługami opiekuńczymi w roku", K.PEOPLE_SERVED, "osoby",
                                          yearly=True),
                            IndicatorSpec("Godziny usług opiekuńczych w umowach na miesiąc", K.CONTRACTED_CAPACITY,
                                          "godz./mies."),
                        ),
                    ),
                    ActivitySpec(
                        "Posiłki i pomoc w prowadzeniu gospodarstwa domowego",
                        "Dowóz gorących posiłków i pomoc w sprzątaniu, zakupach i drobnych naprawach.",
                        "smaczny_kasek", (S, D), ("meals", "household_help"),
                        (
                            IndicatorSpec("Wydane posiłki i wykonane usługi pomocy domowej", K.DELIVERED_UNITS,
                                          "szt."),
                            IndicatorSpec("Osoby korzystające z posiłków i pomocy domowej", K.PEOPLE_SERVED, "osoby"),
                        ),
                    ),
                )),
                MeasureSpec("Bezpieczeństwo i mobilność", (
                    ActivitySpec(
                        "Teleopieka dla osób samotnych",
                        "Opaski bezpieczeństwa z przyciskiem SOS i czujnikiem upadku, całodobowe centrum alarmowe.",
                        "telemedica", (S, D), ("telecare",),
                        (IndicatorSpec("Abonenci teleopieki", K.PEOPLE_SERVED, "osoby"),),
                    ),
                    ActivitySpec(
                        "Transport i asystencja osobista",
                        "Dowóz do lekarza, urzędu i na zajęcia; asystent osobisty w domu i poza nim.",
                        "razem", (D,), ("transport", "personal_assistance"),
                        (IndicatorSpec("Przejazdy i godziny asystencji", K.DELIVERED_UNITS, "szt."),),
                    ),
                )),
            ),
        ),
        PrioritySpec(
            "Wsparcie opiekunów rodzinnych i rodzin z dziećmi",
            "Odciążenie opiekunów, wczesne wsparcie rodzin i dzieci, pomoc psychologiczna.",
            (
                MeasureSpec("Opieka wytchnieniowa", (
                    ActivitySpec(
                        "Opieka wytchnieniowa dzienna i całodobowa",
                        "Zastępstwo opiekuna rodzinnego w domu lub w ośrodku, na kilka godzin lub dni.",
                        "razem", (C, D), ("respite_care",),
                        (IndicatorSpec("Dni opieki wytchnieniowej", K.DELIVERED_UNITS, "dni"),),
                    ),
                )),
                MeasureSpec("Wsparcie rodzin", (
                    ActivitySpec(
                        "Asystentura rodziny i wsparcie psychologiczne",
                        "Asystent rodziny, konsultacje psychologiczne i wczesne wspomaganie rozwoju dzieci.",
                        "przystan", (F, Y), ("family_support", "psychological_support", "early_intervention"),
                        (
                            IndicatorSpec("Rodziny i osoby objęte wsparciem", K.PEOPLE_SERVED, "osoby"),
                            IndicatorSpec("Indywidualne plany usług w realizacji", K.PLANS_ACTIVE, "plany"),
                        ),
                    ),
                )),
            ),
        ),
        PrioritySpec(
            "Aktywność i włączenie społeczne",
            "Aktywność seniorów, reintegracja społeczna i zawodowa, poradnictwo.",
            (
                MeasureSpec("Aktywizacja seniorów", (
                    ActivitySpec(
                        "Kluby seniora i dzienny dom pomocy",
                        "Zajęcia ruchowe, edukacyjne i kulturalne w dziennym domu pomocy i domach sąsiedzkich.",
                        "pod_kasztanami", (S,), ("senior_activation", "day_centre", "leisure_activity"),
                        (IndicatorSpec("Uczestnicy zajęć aktywizujących", K.PEOPLE_SERVED, "osoby"),),
                    ),
                )),
                MeasureSpec("Reintegracja społeczna i zawodowa", (
                    ActivitySpec(
                        "Reintegracja w Centrum Integracji Społecznej",
                        "Warsztaty, trener pracy i staże we współpracy z Powiatowym Urzędem Pracy.",
                        "nowy_start", (U, H), ("social_rehabilitation", "employment_support"),
                        (
                            IndicatorSpec("Uczestnicy reintegracji", K.PEOPLE_SERVED, "osoby"),
                            IndicatorSpec("Uczestnicy, którzy podjęli zatrudnienie", K.MANUAL, "osoby", target=40,
                                          values=((120, 9), (30, 16))),
                        ),
                    ),
                )),
            ),
        ),
        PrioritySpec(
            "Przeciwdziałanie bezdomności i wykluczeniu mieszkaniowemu",
            "Od interwencji na ulicy do mieszkania: streetworking, schronienie, mieszkania wspomagane.",
            (
                MeasureSpec("Wyjście z bezdomności", (
                    ActivitySpec(
                        "Streetworking i noclegownia",
                        "Praca na ulicy, miejsca noclegowe i jadłodajnia dla osób w kryzysie bezdomności.",
                        "samarytanin", (H, A), ("shelter", "street_work"),
                        (IndicatorSpec("Osoby objęte pomocą w kryzysie bezdomności", K.PEOPLE_SERVED, "osoby"),),
                    ),
                    ActivitySpec(
                        "Mieszkania wspomagane i treningowe",
                        "Nowe mieszkania wspomagane w zasobie gminy, z trenerem samodzielności.",
                        "mieszkania", (H, D), ("sheltered_housing",),
                        (IndicatorSpec("Miejsca w mieszkaniach wspomaganych", K.MANUAL, "miejsca", target=36,
                                       values=((200, 18), (45, 24))),),
                    ),
                )),
            ),
        ),
    ),
    partners=(
        OtherPartner("bank_zywnosci", "Bank Żywności w Trójmieście", PartnerKind.NGO, "Grażyna Wilk",
                     "biuro@bankzywnosci-tm.example", "+48 58 661 00 11", "Paczki żywnościowe i FEPZ."),
        OtherPartner("gcop", "Gdyńskie Centrum Organizacji Pozarządowych", PartnerKind.NGO, "Adam Mrozek",
                     "gcop@gdynia-ngo.example", "+48 58 620 33 00"),
        OtherPartner("sp12", "Szkoła Podstawowa nr 12 w Gdyni", PartnerKind.SCHOOL, "Beata Rompa",
                     "sekretariat@sp12.gdynia.example", "+48 58 625 12 12", "Pedagog szkolny, świetlica."),
        OtherPartner("czp", "Centrum Zdrowia Psychicznego w Gdyni", PartnerKind.HEALTH, "dr Ewelina Sztark",
                     "rejestracja@czp-gdynia.example", "+48 58 726 40 00"),
        OtherPartner("pup", "Powiatowy Urząd Pracy w Gdyni", PartnerKind.PUBLIC_BODY, "Krzysztof Bławat",
                     "kancelaria@pup.gdynia.example", "+48 58 620 49 24"),
        OtherPartner("rada_seniorow", "Rada Seniorów Miasta Gdyni", PartnerKind.OTHER, "Halina Drywa",
                     "rada.seniorow@gdynia.example", "+48 58 668 80 00"),
    ),
    meetings=(
        MeetingSpec(
            "Posiedzenie Zespołu ds. Planowania Usług Społecznych", -150, 10, "CUS, ul. Władysława IV 43, sala 12",
            MANAGER, (MANAGER, COORD, COORD2),
            ("zlota_jesien", "smaczny_kasek", "razem", "pup", "rada_seniorow", "gcop"),
            "1. Przyjęcie porządku.\n2. Diagnoza potrzeb — wyniki ankiet i rejestru potrzeb.\n"
            "3. Harmonogram realizacji Programu na bieżący rok.\n4. Wolne wnioski.",
            "Zespół omówił wyniki diagnozy: najwięcej zgłoszeń dotyczy usług opiekuńczych w Chyloni i na "
            "Obłużu oraz opieki wytchnieniowej. Rada Seniorów zgłosiła potrzebę dowozu na zajęcia. Przyjęto "
            "harmonogram realizacji Programu.",
            decisions=(
                DecisionSpec("Przyjęto harmonogram realizacji Programu na bieżący rok.", (
                    FollowUpSpec("Opublikować harmonogram na stronie CUS i przesłać partnerom.", -135, COORD,
                                 outcome="Opublikowano, wysłano do 14 partnerów."),
                )),
                DecisionSpec("Powołano grupę roboczą ds. opieki wytchnieniowej.", (
                    FollowUpSpec("Zebrać zgłoszenia do grupy roboczej od organizacji.", -120, owner="",
                                 partner="gcop", outcome="Zgłosiło się 6 organizacji."),
                )),
            ),
        ),
        MeetingSpec(
            "Grupa robocza ds. opieki wytchnieniowej", -60, 12, "Stowarzyszenie „Razem”, ul. Witomińska 20",
            COORD, (COORD, COORD3), ("razem", "zlota_jesien", "czp", "rada_seniorow"),
            "1. Zapotrzebowanie na opiekę wytchnieniową.\n2. Miejsca całodobowe.\n3. Informowanie opiekunów.",
            "Zapotrzebowanie przekracza liczbę miejsc o ok. 30%. Uzgodniono przygotowanie ulotki dla opiekunów "
            "oraz rozeznanie możliwości 4 miejsc całodobowych w Dziennym Domu „Pod Kasztanami”.",
            decisions=(
                DecisionSpec("Przygotować ulotkę o opiece wytchnieniowej dla opiekunów rodzinnych.", (
                    FollowUpSpec("Projekt ulotki do konsultacji z Radą Seniorów.", -30, COORD,
                                 outcome="Ulotka uzgodniona, druk 2000 egz."),
                    FollowUpSpec("Rozpowszechnić ulotkę w klubach seniora i radach dzielnic.", 10, owner="",
                                 partner="rada_seniorow"),
                )),
                DecisionSpec("Rozeznać możliwość 4 miejsc całodobowej opieki wytchnieniowej.", (
                    FollowUpSpec("Przedstawić kosztorys miejsc całodobowych.", -6, COORD),
                )),
            ),
        ),
        MeetingSpec(
            "Forum partnerów: bezdomność i mieszkalnictwo", -20, 11, "Wspólnota „Samarytanin”, ul. Chylońska 5",
            MANAGER, (MANAGER, COORD, COORD2), ("samarytanin", "mieszkania", "nowy_start", "pup", "bank_zywnosci"),
            "1. Sytuacja przed zimą.\n2. Mieszkania wspomagane — nabór.\n3. Współpraca z PUP.",
            "Noclegownia ma obłożenie 90%. Przed zimą potrzebne dodatkowe miejsca interwencyjne. Gdyński Ośrodek "
            "Mieszkalnictwa Wspomaganego ogłosi nabór do 6 nowych mieszkań treningowych.",
            decisions=(
                DecisionSpec("Uruchomić na zimę 10 dodatkowych miejsc interwencyjnych.", (
                    FollowUpSpec("Uzgodnić z „Samarytaninem” lokal i obsadę miejsc zimowych.", 4, COORD),
                )),
                DecisionSpec("Ogłosić nabór do mieszkań treningowych.", (
                    FollowUpSpec("Przygotować ogłoszenie o naborze i kryteria.", 25, owner="", partner="mieszkania"),
                )),
            ),
        ),
        MeetingSpec(
            "Przegląd realizacji Programu — podsumowanie roku", 16, 10, "CUS, ul. Władysława IV 43, sala 12",
            MANAGER, (MANAGER, COORD, COORD2, COORD3),
            ("zlota_jesien", "smaczny_kasek", "razem", "przystan", "samarytanin", "pup", "rada_seniorow"),
            "1. Stopień realizacji wskaźników.\n2. Wyniki badań satysfakcji i oceny usługodawców.\n"
            "3. Rejestr potrzeb — nowe zgłoszenia.\n4. Zmiany w Programie na kolejny rok.",
            other_participants="Przedstawiciel Wydziału Polityki Społecznej Urzędu Miasta",
        ),
    ),
    needs=(
        NeedSpec(NeedSource.PARTNER, "Brak usług opiekuńczych w weekendy dla osób leżących na Obłużu.", 140, COORD,
                 "home_care", "Obłuże", 12, partner="rada_seniorow"),
        NeedSpec(NeedSource.MEETING, "Za mało miejsc opieki wytchnieniowej, zwłaszcza całodobowej.", 60, COORD,
                 "respite_care", "", 25, meeting=1),
        NeedSpec(NeedSource.PUBLIC, "Mieszkańcy Pogórza zgłaszają brak transportu do przychodni specjalistycznych.",
                 45, COORD2, "transport", "Pogórze", 8),
        NeedSpec(NeedSource.MEETING, "Potrzebne dodatkowe miejsca noclegowe w okresie zimowym.", 20, MANAGER,
                 "shelter", "Chylonia", 10, meeting=2),
        NeedSpec(NeedSource.PARTNER, "Dzieci z rodzin w kryzysie czekają długo na konsultację psychologiczną.", 90,
                 COORD3, "psychological_support", "Karwiny", 15, partner="sp12"),
        NeedSpec(NeedSource.PARTNER, "Osoby po hospitalizacji psychiatrycznej potrzebują wsparcia w domu.", 75,
                 COORD, "specialist_home_care", "Śródmieście", 9, partner="czp"),
        NeedSpec(NeedSource.STAFF, "Seniorzy z Witomina rezygnują z posiłków z powodu diety — brak posiłków "
                 "dietetycznych.", 200, COORD2, "meals", "Witomino", 14, is_open=False),
        NeedSpec(NeedSource.PUBLIC, "Samotni seniorzy z Chyloni proszą o klub seniora bliżej domu.", 12, COORD,
                 "senior_activation", "Chylonia", 20),
    ),
)

S_MANAGER, S_COORD = "manager@sopot.cus.example", "coordinator@sopot.cus.example"

SOPOT_PLANNING = PlanningSpec(
    title="Sopocki program usług społecznych {start}–{end}",
    description="Program usług społecznych Sopotu na lata {start}–{end}: opieka w domu i aktywność seniorów.",
    adopted_by="Uchwała nr XXI/288/{year} Rady Miasta Sopotu.",
    priorities=(
        PrioritySpec("Opieka w domu", "Usługi opiekuńcze i pielęgniarskie w miejscu zamieszkania.", (
            MeasureSpec("Usługi opiekuńcze", (
                ActivitySpec("Usługi opiekuńcze i pielęgniarskie", "Zlecane Sopockiemu Centrum Opieki.",
                             "sopockie_centrum_opieki", (S, D), ("home_care", "nursing"),
                             (IndicatorSpec("Godziny usług opiekuńczych", K.DELIVERED_HOURS, "godz."),
                              IndicatorSpec("Osoby objęte usługami w roku", K.PEOPLE_SERVED, "osoby",
                                            yearly=True))),
            )),
        )),
        PrioritySpec("Aktywni seniorzy", "Zajęcia dla seniorów nad morzem.", (
            MeasureSpec("Klub seniora", (
                ActivitySpec("Zajęcia klubu „Sopockie Molo”", "Zajęcia ruchowe, wycieczki, spotkania.", "molo", (S,),
                             ("senior_activation", "leisure_activity"),
                             (IndicatorSpec("Uczestnicy zajęć", K.PEOPLE_SERVED, "osoby"),)),
            )),
        )),
    ),
    partners=(
        OtherPartner("ops_sopot", "Przychodnia Rodzinna „Kamienny Potok”", PartnerKind.HEALTH, "Iwona Czapp",
                     "rejestracja@kamiennypotok.example", "+48 58 551 20 20"),
    ),
    meetings=(
        MeetingSpec(
            "Zespół ds. usług opiekuńczych", -40, 10, "CUS Sopot, ul. Kolberga 20", S_MANAGER, (S_MANAGER, S_COORD),
            ("sopockie_centrum_opieki", "ops_sopot"), "1. Kolejka do usług opiekuńczych.\n2. Dyżury weekendowe.",
            "Uzgodniono dyżury weekendowe opiekunek w Dolnym Sopocie.",
            decisions=(DecisionSpec("Wprowadzić dyżury weekendowe.", (
                FollowUpSpec("Grafik dyżurów weekendowych.", -3, S_COORD),
            )),),
        ),
        MeetingSpec("Przegląd programu", 21, 10, "CUS Sopot, ul. Kolberga 20", S_MANAGER, (S_MANAGER, S_COORD),
                    ("sopockie_centrum_opieki", "molo"), "1. Realizacja wskaźników.\n2. Potrzeby na kolejny rok."),
    ),
    needs=(
        NeedSpec(NeedSource.MEETING, "Brak opiekunek w weekendy.", 40, S_COORD, "home_care", "Dolny Sopot", 6,
                 meeting=0),
        NeedSpec(NeedSource.PUBLIC, "Seniorzy z Brodwina proszą o zajęcia ruchowe na miejscu.", 15, S_COORD,
                 "senior_activation", "Brodwino", 10),
    ),
)

PLANNING: dict[str, PlanningSpec] = {"gdy": GDYNIA_PLANNING, "sop": SOPOT_PLANNING}


# --- building it ---------------------------------------------------------------------------------------------


def staff_actors(ctx: DemoContext) -> dict[str, Actor]:
    """The centre's staff (managers, coordinators, admins) as actors, by e-mail."""
    memberships = Membership.objects.filter(
        centre=ctx.centre, is_active=True, role__in=(Role.ADMIN, Role.MANAGER, Role.COORDINATOR)
    ).select_related("centre", "provider", "user")
    return {m.user.email: Actor(user=m.user, membership=m) for m in memberships}


def manager_actor(actors: dict[str, Actor]) -> Actor | None:
    managers = sorted((a for a in actors.values() if a.role == Role.MANAGER), key=lambda a: a.user.email)
    return managers[0] if managers else None


def _count(ctx: DemoContext, model: type[Model], n: int = 1) -> None:
    ctx.created[str(model._meta.verbose_name_plural)] += n


def nice_target(value: Decimal) -> Decimal:
    """Round up to two significant digits, as a planning group would write a target (1 234 -> 1 300)."""
    if value <= 0:
        return Decimal(0)
    magnitude = 10 ** max(0, len(str(int(value))) - 2)
    return Decimal(math.ceil(value / magnitude) * magnitude)


def _share(rng: random.Random, elapsed: float) -> float:
    """The share of a target reached so far: about the share of the period elapsed, some ahead, some behind."""
    return max(0.08, min(1.1, elapsed * rng.uniform(0.8, 1.2)))


def _partners(ctx: DemoContext, spec: PlanningSpec, actor: Actor) -> dict[str, Partner]:
    found: dict[str, Partner] = {}
    for provider_spec in ctx.spec.providers:
        if provider_spec.legal_form == LegalForm.CENTRE:
            continue
        found[provider_spec.key] = services.create_partner(
            actor=actor, name=provider_spec.name, kind=PartnerKind.PROVIDER,
            provider=ctx.providers[provider_spec.key], email=provider_spec.email, phone=provider_spec.phone,
        )
    for other in spec.partners:
        found[other.key] = services.create_partner(
            actor=actor, name=other.name, kind=other.kind, contact_name=other.contact, email=other.email,
            phone=other.phone, note=other.note,
        )
    _count(ctx, Partner, len(found))
    return found


def _plan(ctx: DemoContext, spec: PlanningSpec, actor: Actor, partners: dict[str, Partner]) -> CommunityPlan:
    rng = ctx.rng("planning")
    today = ctx.today
    start = dt.date((today - dt.timedelta(days=120)).year, 1, 1)
    end = dt.date(start.year + 2, 12, 31)
    years = {"start": start.year, "end": end.year}
    plan = services.create_community_plan(
        actor=actor, title=spec.title.format(**years), start_date=start, end_date=end,
        description=spec.description.format(**years),
    )
    plan = services.adopt_community_plan(actor=actor, plan=plan, reason=spec.adopted_by.format(year=start.year - 1))
    plan_elapsed = (today - start).days / ((end - start).days + 1)
    year_start = dt.date(today.year, 1, 1)
    year_elapsed = (today - year_start).days / 365
    counts: dict[type[Model], int] = {Priority: 0, Measure: 0, Activity: 0, Indicator: 0, IndicatorValue: 0}
    for p_number, priority_spec in enumerate(spec.priorities, start=1):
        priority = services.create_priority(
            actor=actor, plan=plan, title=priority_spec.title, code=str(p_number),
            description=priority_spec.description, sort_order=p_number,
        )
        counts[Priority] += 1
        for m_number, measure_spec in enumerate(priority_spec.measures, start=1):
            measure = services.create_measure(
                actor=actor, priority=priority, title=measure_spec.title, code=f"{p_number}.{m_number}",
                sort_order=m_number,
            )
            counts[Measure] += 1
            for a_number, activity_spec in enumerate(measure_spec.activities, start=1):
                types = [ctx.service_types[code] for code in activity_spec.types if code in ctx.service_types]
                activity = services.create_activity(
                    actor=actor, measure=measure, title=activity_spec.title,
                    code=f"{p_number}.{m_number}.{a_number}", description=activity_spec.description,
                    responsible_partner=partners.get(activity_spec.partner), target_groups=list(activity_spec.groups),
                    service_types=types, sort_order=a_number,
                )
                counts[Activity] += 1
                _indicators(ctx, rng, actor, plan, activity, activity_spec, plan_elapsed, year_elapsed, counts)
    for model, n in counts.items():
        _count(ctx, model, n)
    return plan


def _indicators(
    ctx: DemoContext, rng: random.Random, actor: Actor, plan: CommunityPlan, activity: Activity,
    spec: ActivitySpec, plan_elapsed: float, year_elapsed: float, counts: dict[type[Model], int],
) -> None:
    # The live figures of the computed indicators, before they exist: their targets follow from them.
    drafts = [
        Indicator(centre=ctx.centre, activity=activity, name=i.name, kind=i.kind, target=Decimal(1),
                  period=IndicatorPeriod.YEAR if i.yearly else IndicatorPeriod.PLAN,
                  year=ctx.today.year if i.yearly else None)
        for i in spec.indicators if i.kind != K.MANUAL
    ]
    live = compute_progress(plan, drafts)
    computed = iter(drafts)
    for order, indicator_spec in enumerate(spec.indicators, start=1):
        extra: dict[str, object] = {}
        if indicator_spec.kind == K.MANUAL:
            target = Decimal(indicator_spec.target)
        else:
            draft = next(computed)
            actual = live[draft.pk].actual
            snapshot = indicator_spec.kind in (K.PLANS_ACTIVE, K.CONTRACTED_CAPACITY)
            elapsed = 1.0 if snapshot else year_elapsed if indicator_spec.yearly else plan_elapsed
            share = Decimal(str(round(_share(rng, elapsed), 3)))
            target = nice_target(actual / share) or Decimal(indicator_spec.target or 10)
            if indicator_spec.yearly:
                extra = {"period": IndicatorPeriod.YEAR, "year": ctx.today.year}
            if not snapshot and rng.random() < 0.5:
                extra["baseline"] = nice_target(target * Decimal("0.3"))
        indicator = services.create_indicator(
            actor=actor, activity=activity, name=indicator_spec.name, kind=indicator_spec.kind, target=target,
            unit_label=indicator_spec.unit, sort_order=order, **extra,
        )
        counts[Indicator] += 1
        for days_ago, value in indicator_spec.values:
            day = max(plan.start_date, ctx.today - dt.timedelta(days=days_ago))
            services.record_indicator_value(
                actor=actor, indicator=indicator, date=day, value=Decimal(value),
                note="Dane z systemu partnera, stan na koniec miesiąca.",
            )
            counts[IndicatorValue] += 1


def _meetings(
    ctx: DemoContext, spec: PlanningSpec, actors: dict[str, Actor], plan: CommunityPlan, partners: dict[str, Partner]
) -> list[Meeting]:
    rng = ctx.rng("planning-meetings")
    meetings = []
    follow_up_count = decision_count = 0
    for meeting_spec in spec.meetings:
        organiser = actors.get(meeting_spec.organiser) or manager_actor(actors)
        if organiser is None:
            continue
        day = ctx.today + dt.timedelta(days=meeting_spec.days)
        meeting = services.create_meeting(
            actor=organiser, title=meeting_spec.title,
            starts_at=dt.datetime.combine(day, dt.time(meeting_spec.hour, 0), tzinfo=ctx.tz),
            location=meeting_spec.location, community_plan=plan, agenda=meeting_spec.agenda,
            other_participants=meeting_spec.other_participants,
            partners=[partners[key] for key in meeting_spec.partners if key in partners],
            staff=[actors[email].user for email in meeting_spec.staff if email in actors],
        )
        meetings.append(meeting)
        if not meeting_spec.minutes:
            continue
        meeting = services.close_meeting(actor=organiser, meeting=meeting, minutes=meeting_spec.minutes)
        for order, decision_spec in enumerate(meeting_spec.decisions, start=1):
            decision = services.record_decision(
                actor=organiser, meeting=meeting, text=decision_spec.text, sort_order=order
            )
            decision_count += 1
            for follow_spec in decision_spec.follow_ups:
                owner = actors.get(follow_spec.owner)
                partner = partners.get(follow_spec.partner)
                due = ctx.today + dt.timedelta(days=follow_spec.due)
                follow_up = services.create_follow_up(
                    actor=organiser, meeting=meeting, decision=decision, description=follow_spec.description,
                    due_date=due, owner=owner.user if owner else None, partner=partner,
                    owner_name="" if owner else (partner.contact_name if partner and partner.contact_name
                                                 else "przedstawiciel partnera"),
                )
                follow_up_count += 1
                if follow_spec.outcome is not None:
                    services.complete_follow_up(actor=organiser, follow_up=follow_up, outcome=follow_spec.outcome)
                    # Done some days before it was due, not at seeding time.
                    FollowUp.objects.filter(pk=follow_up.pk).update(
                        completed_at=ctx.at(due - dt.timedelta(days=rng.randint(0, 5)), rng)
                    )
    _count(ctx, Meeting, len(meetings))
    _count(ctx, Decision, decision_count)
    _count(ctx, FollowUp, follow_up_count)
    return meetings


def _needs(
    ctx: DemoContext, spec: PlanningSpec, actors: dict[str, Actor], partners: dict[str, Partner],
    meetings: list[Meeting],
) -> None:
    raised = 0
    for need in spec.needs:
        actor = actors.get(need.recorded_by) or manager_actor(actors)
        meeting = meetings[need.meeting] if need.meeting is not None and need.meeting < len(meetings) else None
        if actor is None or (need.source == NeedSource.MEETING and meeting is None):
            continue
        services.raise_need(
            actor=actor, source=need.source, description=need.description,
            raised_on=meeting.starts_at.astimezone(ctx.tz).date() if meeting else ctx.today - dt.timedelta(
                days=need.days_ago
            ),
            partner=partners.get(need.partner), meeting=meeting,
            service_type=ctx.service_types.get(need.service_type), area=need.area, people_estimate=need.people,
            is_open=need.is_open,
        )
        raised += 1
    _count(ctx, RaisedNeed, raised)


def create_planning(ctx: DemoContext) -> None:
    spec = PLANNING.get(ctx.spec.code)
    if spec is None:
        return
    actors = staff_actors(ctx)
    manager = manager_actor(actors)
    if manager is None:
        return
    partners = _partners(ctx, spec, manager)
    plan = _plan(ctx, spec, manager, partners)
    meetings = _meetings(ctx, spec, actors, plan, partners)
    _needs(ctx, spec, actors, partners, meetings)
    _partner_staff(ctx, partners)


def _partner_staff(ctx: DemoContext, partners: dict[str, Partner]) -> None:
    """The memberships of the partner organisations' staff logins, now that their partners exist."""
    ctx.insert(
        Membership,
        [
            Membership(user=ctx.users[staff.email], centre=ctx.centre, role=staff.role, partner=partners[staff.partner])
            for staff in ctx.spec.staff
            if staff.partner and staff.partner in partners
        ],
    )
