"""The volunteer centre: activity types with their in-kind hourly values, volunteers (the demo volunteer login
among them) with written agreements, their assignments and a year of hours, most verified."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cus.clients.models import ClientStatus
from cus.core.models import Role
from cus.volunteers.models import (
    ActivityType,
    HoursStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)

from .. import names, texts
from ..context import DemoContext, stamp_history
from ..places import pick_district

DAY = dt.timedelta(days=1)
CLIENTS_PER_VOLUNTEER = 20
UNVERIFIED_DAYS = 14  # hours of the last two weeks still wait for a coordinator's check


def create_volunteers(ctx: DemoContext) -> None:
    rng = ctx.rng("volunteers")
    today = ctx.today
    staff = ctx.coordinators + ctx.staff_with_role(Role.MANAGER)
    if not staff:
        return
    checker = staff[0]
    types = [
        ActivityType(centre=ctx.centre, name=name, hourly_rate=Decimal(rate)) for name, rate in texts.ACTIVITY_TYPES
    ]
    for activity in types:
        stamp_history(activity, user=ctx.head, when=ctx.at(today - dt.timedelta(days=400), rng))
    ctx.insert(ActivityType, types)

    logins = ctx.staff_with_role(Role.VOLUNTEER)
    count = max(3, ctx.client_count // CLIENTS_PER_VOLUNTEER, len(logins))
    seniors_at_home = [c for c in ctx.clients if c.status == ClientStatus.ACTIVE and c.lives_alone]
    volunteers: list[Volunteer] = []
    agreements: list[VolunteerAgreement] = []
    assignments: list[VolunteerAssignment] = []
    hours: list[VolunteerHours] = []
    for number in range(count):
        login = logins[number] if number < len(logins) else None
        sex = "female" if rng.random() < 0.7 else "male"
        birth_year = rng.choice((rng.randint(1950, 1962), rng.randint(1985, 2006), rng.randint(1985, 2006)))
        first_name = login.first_name if login else names.first_name(rng, sex, birth_year)
        last_name = login.last_name if login else names.last_name(rng, sex)
        since = today - dt.timedelta(days=rng.randint(60, 700) if login is None else 420)
        volunteer = Volunteer(
            centre=ctx.centre, user=login, first_name=first_name, last_name=last_name,
            email=login.email if login else "", phone=names.mobile_phone(rng),
            birth_date=dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
            skills=rng.sample(texts.VOLUNTEER_SKILLS, rng.randint(1, 3)),
            languages=["pl"] + (["uk"] if rng.random() < 0.15 else []) + (["en"] if rng.random() < 0.4 else []),
            availability=rng.choice(texts.AVAILABILITY), area=pick_district(rng, ctx.spec.districts).name,
            is_active=login is not None or rng.random() < 0.9,
        )
        stamp_history(volunteer, user=checker, when=ctx.at(since, rng))
        volunteers.append(volunteer)

        # One written agreement for a year, renewed; a newcomer may first have helped at a short, insured event.
        agreement_start = since
        while agreement_start <= today:
            end = agreement_start + dt.timedelta(days=364)
            agreement = VolunteerAgreement(
                centre=ctx.centre, volunteer=volunteer,
                number=f"{ctx.spec.code.upper()}/WOL/{agreement_start.year}/{len(agreements) + 1:03d}",
                start_date=agreement_start, end_date=end, scope=rng.choice(texts.AGREEMENT_SCOPES[:3]),
                insured=True, signed_on=agreement_start,
            )
            stamp_history(agreement, user=checker, when=ctx.at(agreement_start, rng))
            agreements.append(agreement)
            agreement_start = end + DAY
        if not volunteer.is_active:
            continue

        activity = rng.choice(types[:2] if seniors_at_home else types[2:])
        client = rng.choice(seniors_at_home) if seniors_at_home and activity in types[:2] else None
        start = since + dt.timedelta(days=rng.randint(0, 20))
        assignment = VolunteerAssignment(
            centre=ctx.centre, volunteer=volunteer, activity_type=activity, client=client,
            community_activity="" if client else rng.choice(texts.COMMUNITY_ACTIVITIES), start_date=start,
            note="Wizyty raz lub dwa razy w tygodniu." if client else "",
        )
        stamp_history(assignment, user=checker, when=ctx.at(start, rng))
        assignments.append(assignment)
        weekday = rng.randrange(5)
        day = max(start, today - dt.timedelta(days=365))
        while day < today:
            if day.weekday() == weekday and rng.random() < 0.85:
                recent = (today - day).days <= UNVERIFIED_DAYS
                entry = VolunteerHours(
                    centre=ctx.centre, volunteer=volunteer, assignment=assignment, activity_type=activity,
                    client=client, date=day, minutes=rng.choice((60, 90, 90, 120, 150, 180)),
                    note=rng.choice(texts.HOURS_NOTES), logged_by=login or checker,
                    status=HoursStatus.LOGGED if recent else HoursStatus.VERIFIED,
                )
                if not recent:
                    if rng.random() < 0.02:
                        entry.status = HoursStatus.REJECTED
                        entry.status_reason = "Zgłoszone podwójnie."
                    entry.verified_by = checker
                    entry.verified_at = ctx.at(day + dt.timedelta(days=rng.randint(2, 10)), rng)
                stamp_history(entry, user=entry.logged_by, when=ctx.at(day, rng))
                hours.append(entry)
            day += DAY
    ctx.insert(Volunteer, volunteers)
    ctx.insert(VolunteerAgreement, agreements)
    ctx.insert(VolunteerAssignment, assignments)
    ctx.insert(VolunteerHours, hours)
