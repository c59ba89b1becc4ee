"""Clients with plausible lives: who they are, where they live, how they came, what they agreed to and need.

People are made from a fixed anchor date, not from today, so the same people come out on every run; only
the dates of their cases (referred so many days ago) move with today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from cus.clients.models import (
    Assessment,
    AssessmentArea,
    AssessmentStatus,
    CaseReferenceCounter,
    Client,
    ClientStatus,
    ClosureReason,
    Consent,
    ConsentKind,
    ContactPerson,
    EducationLevel,
    IdentifiedNeed,
    LabourMarketStatus,
    NationalIdCountry,
    NeedPriority,
    Referral,
    ReferralSource,
    Sex,
)
from cus.clients.national_id import generate_pesel
from cus.core.models import User

from .. import names, texts
from ..context import DemoContext, stamp_history
from ..places import pick_district

PEOPLE_ANCHOR = dt.date(2026, 1, 1)  # ages are counted to this day, whatever today is
SENIOR_AGE = 60
YEAR = 365.2425

STATUS_WEIGHTS = {ClientStatus.REFERRED: 10, ClientStatus.ACTIVE: 62, ClientStatus.INACTIVE: 10,
                  ClientStatus.CLOSED: 18}
CLOSURE_WEIGHTS_SENIOR = {ClosureReason.GOALS_ACHIEVED: 20, ClosureReason.DIED: 30, ClosureReason.MOVED_AWAY: 10,
                          ClosureReason.REFUSED: 10, ClosureReason.TRANSFERRED: 25, ClosureReason.OTHER: 5}
CLOSURE_WEIGHTS_ADULT = {ClosureReason.GOALS_ACHIEVED: 35, ClosureReason.MOVED_AWAY: 15, ClosureReason.REFUSED: 15,
                         ClosureReason.TRANSFERRED: 10, ClosureReason.PROJECT_ENDED: 20, ClosureReason.OTHER: 5}
LABOUR_WEIGHTS_ADULT = {LabourMarketStatus.UNEMPLOYED: 25, LabourMarketStatus.LONG_TERM_UNEMPLOYED: 20,
                        LabourMarketStatus.EMPLOYED: 25, LabourMarketStatus.SELF_EMPLOYED: 3,
                        LabourMarketStatus.INACTIVE: 22, LabourMarketStatus.IN_EDUCATION: 5}
EDUCATION_WEIGHTS_SENIOR = {EducationLevel.ISCED_0_2: 35, EducationLevel.ISCED_3_4: 50, EducationLevel.ISCED_5_8: 15}
EDUCATION_WEIGHTS_ADULT = {EducationLevel.ISCED_0_2: 25, EducationLevel.ISCED_3_4: 55, EducationLevel.ISCED_5_8: 20}
SOURCE_WEIGHTS_SENIOR = {ReferralSource.SELF: 25, ReferralSource.FAMILY: 35, ReferralSource.HOSPITAL: 25,
                         ReferralSource.SOCIAL_WORKER: 10, ReferralSource.OTHER: 5}
SOURCE_WEIGHTS_ADULT = {ReferralSource.SELF: 35, ReferralSource.SOCIAL_WORKER: 20, ReferralSource.NGO: 12,
                        ReferralSource.HOSPITAL: 10, ReferralSource.SCHOOL: 8, ReferralSource.POLICE: 6,
                        ReferralSource.COURT: 4, ReferralSource.FAMILY: 5}


def weighted[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _is_senior(client: Client, ctx: DemoContext) -> bool:
    return age_on(client.birth_date, ctx.intake[client.pk]) >= SENIOR_AGE


def _case_worker(ctx: DemoContext, client: Client) -> User:
    """Who handled the client's paperwork: their coordinator, else the centre's first coordinator."""
    return client.coordinator or ctx.coordinators[0]


def _intake_offset(rng: random.Random, status: str) -> int:
    """How many days ago the client was referred: recently if still waiting, up to two years ago otherwise."""
    if status == ClientStatus.REFERRED:
        return rng.randint(1, 45)
    return int(rng.triangular(40, 730, 200))


def create_clients(ctx: DemoContext) -> None:
    rng = ctx.rng("clients")
    coordinators = ctx.coordinators
    # The demo coordinator's dashboard should be busy: they carry twice a colleague's caseload.
    coordinator_weights = [2] + [1] * (len(coordinators) - 1)
    pesels: set[str] = set()
    drafted: list[tuple[dt.date, int, Client]] = []
    for index in range(ctx.client_count):
        senior = rng.random() < 0.68
        age = int(rng.triangular(SENIOR_AGE, 96, 81)) if senior else int(rng.triangular(18, SENIOR_AGE, 42))
        birth_date = PEOPLE_ANCHOR - dt.timedelta(days=int(age * YEAR) + rng.randint(1, 364))
        ukrainian = not senior and rng.random() < 0.08
        sex = Sex.FEMALE if rng.random() < (0.64 if senior else 0.52) else Sex.MALE
        if not senior and rng.random() < 0.01:
            sex = Sex.OTHER
        # PESEL records female or male; the name's grammatical form follows the registered sex too.
        registered_sex = sex if sex != Sex.OTHER else rng.choice((Sex.FEMALE, Sex.MALE))
        pesel = generate_pesel(birth_date, registered_sex, rng.randrange(1000))
        while pesel in pesels:
            pesel = generate_pesel(birth_date, registered_sex, rng.randrange(1000))
        pesels.add(pesel)
        homeless = rng.random() < (0.015 if senior else 0.07)
        disability = rng.random() < (0.40 if senior else 0.30)
        district = pick_district(rng, ctx.spec.districts)
        street, postcode = ("", "") if homeless else district.address(rng)
        lives_alone = rng.random() < (0.45 if senior else 0.25) or homeless
        household_size = 1 if lives_alone else rng.choice((2, 2, 2, 3, 3, 4, 5) if not senior else (2, 2, 2, 3))
        dependants = 0 if senior or lives_alone else rng.choice((0, 0, 1, 1, 2, 3))
        status = weighted(rng, STATUS_WEIGHTS)
        intake = ctx.today - dt.timedelta(days=_intake_offset(rng, status))
        coordinator: User | None = rng.choices(coordinators, weights=coordinator_weights)[0]
        if status == ClientStatus.REFERRED and rng.random() < 0.4:
            coordinator = None  # waiting to be picked up
        last_name = names.last_name(rng, registered_sex, ukrainian=ukrainian)
        has_carer = senior and (disability or age > 80) and rng.random() < 0.45
        client = Client(
            centre=ctx.centre,
            first_name=names.first_name(rng, registered_sex, birth_date.year, ukrainian=ukrainian),
            last_name=last_name,
            birth_date=birth_date,
            sex=sex,
            national_id=pesel,
            national_id_country=NationalIdCountry.POLAND,
            citizenship="UA" if ukrainian else "PL",
            street=street,
            postcode=postcode,
            municipality=ctx.spec.municipality,
            area=district.name,
            phone=names.mobile_phone(rng) if rng.random() < 0.85 else "",
            email=_email(rng, last_name) if rng.random() < (0.04 if senior else 0.3) else "",
            language="en" if ukrainian and rng.random() < 0.3 else ctx.spec.language,
            lives_alone=lives_alone,
            household_size=household_size,
            dependants=dependants,
            carer_name=f"{names.first_name(rng, 'female', 1970)} {names.surname_for(last_name, 'female')}"
            if has_carer else "",
            carer_phone=names.mobile_phone(rng) if has_carer else "",
            labour_market_status=(LabourMarketStatus.INACTIVE if rng.random() < 0.95 else LabourMarketStatus.EMPLOYED)
            if senior else weighted(rng, LABOUR_WEIGHTS_ADULT),
            education_level=weighted(rng, EDUCATION_WEIGHTS_SENIOR if senior else EDUCATION_WEIGHTS_ADULT),
            has_disability=disability,
            third_country_national=ukrainian,
            foreign_background=ukrainian or rng.random() < 0.015,
            minority=rng.random() < 0.01,
            homeless_or_housing_exclusion=homeless,
            rural_area=False,  # both demo municipalities are cities
            health_summary=rng.choice(texts.HEALTH_SENIOR if senior else texts.HEALTH_ADULT)
            if disability or (senior and rng.random() < 0.6) else "",
            mobility=rng.choice(texts.MOBILITY) if senior or disability else "",
            risks=rng.choice(texts.RISKS) if rng.random() < 0.3 else "",
            access_notes=rng.choice(texts.ACCESS_NOTES_HOMELESS if homeless else texts.ACCESS_NOTES)
            if homeless or rng.random() < 0.4 else "",
            status=status,
            coordinator=coordinator,
        )
        if status == ClientStatus.CLOSED:
            reason = weighted(rng, CLOSURE_WEIGHTS_SENIOR if senior else CLOSURE_WEIGHTS_ADULT)
            client.closure_reason = reason
            client.exit_situation = texts.EXIT_SITUATIONS[reason]
            client.closed_at = min(intake + dt.timedelta(days=rng.randint(60, 540)), ctx.today)
        stamp_history(client, user=coordinator or ctx.head, when=ctx.at(intake, rng))
        drafted.append((intake, index, client))

    # Case numbers run through each year in the order people came.
    drafted.sort(key=lambda row: (row[0], row[1]))
    last_numbers: Counter[int] = Counter()
    for intake, _index, client in drafted:
        last_numbers[intake.year] += 1
        client.reference = f"{ctx.spec.code.upper()}/{intake.year}/{last_numbers[intake.year]:05d}"
        ctx.intake[client.pk] = intake
    ctx.clients = ctx.insert(Client, [client for _intake, _index, client in drafted])
    ctx.insert(
        CaseReferenceCounter,
        [CaseReferenceCounter(centre=ctx.centre, year=year, last_number=n) for year, n in sorted(last_numbers.items())],
        history=False,
    )


def _email(rng: random.Random, last_name: str) -> str:
    plain = last_name.lower().translate(str.maketrans("ąćęłńóśźż", "acelnoszz"))
    return f"{plain}{rng.randint(1, 99)}@{rng.choice(('wp.example', 'onet.example', 'gmail.example'))}"


def create_referrals(ctx: DemoContext) -> None:
    """How each client came: one referral, on the day of intake."""
    rng = ctx.rng("referrals")
    referrals = []
    for client in ctx.clients:
        senior = _is_senior(client, ctx)
        source = weighted(rng, SOURCE_WEIGHTS_SENIOR if senior else SOURCE_WEIGHTS_ADULT)
        reason = rng.choice(texts.REFERRAL_REASONS_SENIOR if senior else texts.REFERRAL_REASONS_ADULT)
        if client.third_country_national:
            reason = texts.REFERRAL_REASON_MIGRANT
        referral = Referral(
            centre=ctx.centre, client=client, source=source, source_name=rng.choice(texts.REFERRERS[source]),
            date=ctx.intake[client.pk], reason=reason, received_by=_case_worker(ctx, client),
        )
        stamp_history(referral, user=referral.received_by, when=ctx.at(referral.date, rng))
        referrals.append(referral)
    ctx.insert(Referral, referrals)


def create_consents(ctx: DemoContext) -> None:
    """Consents given at intake: data processing always; the rest once the case is taken up."""
    rng = ctx.rng("consents")
    consents = []
    for client in ctx.clients:
        given_on = min(ctx.intake[client.pk] + dt.timedelta(days=rng.randint(0, 7)), ctx.today)
        kinds = [ConsentKind.DATA_PROCESSING]
        if client.status != ClientStatus.REFERRED:
            if client.has_disability or client.health_summary:
                kinds.append(ConsentKind.SPECIAL_CATEGORY)
            if rng.random() < 0.85:
                kinds.append(ConsentKind.EU_PROJECT)
            if rng.random() < 0.75:
                kinds.append(ConsentKind.SHARING_WITH_PROVIDERS)
            if client.carer_name:
                kinds.append(ConsentKind.CONTACT_PERSONS)
            # satisfaction surveys rest on consent (cus/privacy/legal_bases.toml): every taken-up client agreed
            kinds.append(ConsentKind.SURVEYS)
        for kind in kinds:
            consent = Consent(
                centre=ctx.centre, client=client, kind=kind, scope=texts.CONSENT_SCOPES[kind], given_on=given_on,
                recorded_by=_case_worker(ctx, client),
            )
            withdrawable = kind in (ConsentKind.EU_PROJECT, ConsentKind.SHARING_WITH_PROVIDERS)
            if withdrawable and rng.random() < 0.03:
                consent.withdrawn_on = min(given_on + dt.timedelta(days=rng.randint(20, 200)), ctx.today)
                consent.withdrawal_reason = rng.choice(texts.CONSENT_WITHDRAWAL_REASONS)
            stamp_history(consent, user=consent.recorded_by, when=ctx.at(given_on, rng))
            consents.append(consent)
    ctx.insert(Consent, consents)


def create_contacts(ctx: DemoContext) -> None:
    """Family and neighbours to call: most seniors have someone, fewer younger clients do."""
    rng = ctx.rng("contacts")
    contacts = []
    for client in ctx.clients:
        senior = _is_senior(client, ctx)
        if not (client.carer_name or rng.random() < (0.55 if senior else 0.3)):
            continue
        relation, sex = rng.choice(texts.RELATIONS_OF_SENIOR if senior else texts.RELATIONS_OF_ADULT)
        family = relation not in ("sąsiadka", "kurator")
        surname = names.surname_for(client.last_name, sex) if family and rng.random() < 0.7 else names.last_name(
            rng, sex)
        contact = ContactPerson(
            centre=ctx.centre, client=client,
            name=client.carer_name if client.carer_name else f"{names.first_name(rng, sex, 1975)} {surname}",
            relation="córka (opiekun)" if client.carer_name else relation,
            phone=client.carer_phone or names.mobile_phone(rng),
            is_emergency_contact=True,
            is_legal_guardian=relation == "kurator" or rng.random() < 0.02,
        )
        stamp_history(contact, user=_case_worker(ctx, client), when=ctx.at(ctx.intake[client.pk], rng))
        contacts.append(contact)
    ctx.insert(ContactPerson, contacts)


def create_assessments(ctx: DemoContext) -> None:
    """Needs assessments: most taken-up cases have one; high scores become needs mapped to service types."""
    rng = ctx.rng("assessments")
    assessments: list[Assessment] = []
    areas: list[AssessmentArea] = []
    needs: list[IdentifiedNeed] = []
    for client in ctx.clients:
        referred = client.status == ClientStatus.REFERRED
        if rng.random() >= (0.15 if referred else 0.7):
            continue
        senior = _is_senior(client, ctx)
        assessor = _case_worker(ctx, client)
        day = min(ctx.intake[client.pk] + dt.timedelta(days=rng.randint(5, 35)), ctx.today)
        assessment = Assessment(
            centre=ctx.centre, client=client, date=day, assessor=assessor,
            status=AssessmentStatus.DRAFT if referred or rng.random() < 0.08 else AssessmentStatus.COMPLETED,
            summary=rng.choice(texts.ASSESSMENT_SUMMARIES),
        )
        moment = ctx.at(day, rng)
        stamp_history(assessment, user=assessor, when=moment)
        assessments.append(assessment)
        for area in rng.sample(list(texts.AREAS), rng.randint(5, len(texts.AREAS))):
            score = _score(rng, area, senior, client)
            description, service_codes = texts.AREAS[area]
            row = AssessmentArea(centre=ctx.centre, assessment=assessment, area=area, score=score,
                                 description=description if score >= 2 else "Bez istotnych trudności.")
            stamp_history(row, user=assessor, when=moment)
            areas.append(row)
            service_type = ctx.service_types.get(_fitting_code(rng, service_codes, senior))
            if score >= 2 and service_type is not None:
                need = IdentifiedNeed(
                    centre=ctx.centre, assessment=assessment, area=area, service_type=service_type,
                    description=description, priority=_PRIORITY_BY_SCORE[score],
                )
                stamp_history(need, user=assessor, when=moment)
                needs.append(need)
    ctx.insert(Assessment, assessments)
    ctx.insert(AssessmentArea, areas)
    ctx.insert(IdentifiedNeed, needs)


_PRIORITY_BY_SCORE = {2: NeedPriority.MEDIUM, 3: NeedPriority.HIGH, 4: NeedPriority.URGENT}
_SENIOR_AREAS = ("self_care", "mobility", "health", "safety")
_ADULT_AREAS = ("finances", "employment_education", "housing", "relations")
_NOT_FOR_SENIORS = ("employment_support", "social_rehabilitation", "family_support", "shelter")


def _score(rng: random.Random, area: str, senior: bool, client: Client) -> int:
    """0 (no difficulty) to 4 (cannot manage without help), heavier where people of this profile struggle."""
    heavy = area in (_SENIOR_AREAS if senior else _ADULT_AREAS) or (
        area == "housing" and bool(client.homeless_or_housing_exclusion)
    )
    return min(4, int(rng.triangular(0, 5, 3 if heavy else 0.5)))


def _fitting_code(rng: random.Random, codes: tuple[str, ...], senior: bool) -> str:
    fitting = [code for code in codes if not (senior and code in _NOT_FOR_SENIORS)] or list(codes)
    return rng.choice(fitting)
