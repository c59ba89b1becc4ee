"""Reads on volunteers, agreements, activity types, assignments and hours, scoped to the actor; hours totals.

Volunteer-centre staff (and administrators, read-only) see the whole centre; a volunteer sees only their
own profile and what hangs from it; provider staff see nothing of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Count, IntegerField, Model, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.dates import month_range
from cus.core.models import User

from .models import (
    ActivityType,
    HoursStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)

CENT = Decimal("0.01")
MINUTES_PER_HOUR = Decimal(60)


def _own_or_all[M: Model](queryset: QuerySet[M], actor: Actor, volunteer_path: str) -> QuerySet[M]:
    """Staff see the centre's rows; a volunteer those of their own profile; anyone else none."""
    queryset = scope(queryset, actor)
    if can(actor, Perm.VIEW_VOLUNTEERS):
        return queryset
    if can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS):
        return queryset.filter(**{f"{volunteer_path}user": actor.user})
    return queryset.none()


def volunteers_for(actor: Actor) -> QuerySet[Volunteer]:
    return _own_or_all(Volunteer.objects.all(), actor, "")


def own_profile(actor: Actor) -> Volunteer | None:
    """The actor's own volunteer profile in this centre, if they have one."""
    return scope(Volunteer.objects.filter(user=actor.user), actor).first()


def logins_in_centre(actor: Actor) -> QuerySet[User]:
    """The logins of the actor's centre (any role): what a volunteer profile may be tied to (the service then
    checks that the login is a volunteer's)."""
    return scope(User.objects.all(), actor, centre_field="memberships__centre")


def agreements_for(actor: Actor) -> QuerySet[VolunteerAgreement]:
    return _own_or_all(VolunteerAgreement.objects.select_related("volunteer"), actor, "volunteer__")


def activity_types_for(actor: Actor) -> QuerySet[ActivityType]:
    """Staff and volunteers (who pick one when logging hours) see the centre's activity types."""
    queryset = scope(ActivityType.objects.all(), actor)
    if can(actor, Perm.VIEW_VOLUNTEERS) or can(actor, Perm.LOG_OWN_VOLUNTEER_HOURS):
        return queryset
    return queryset.none()


def assignments_for(actor: Actor) -> QuerySet[VolunteerAssignment]:
    return _own_or_all(
        VolunteerAssignment.objects.select_related("volunteer", "activity_type", "client"), actor, "volunteer__"
    )


def hours_for(actor: Actor) -> QuerySet[VolunteerHours]:
    return _own_or_all(
        VolunteerHours.objects.select_related("volunteer", "activity_type", "client", "verified_by"),
        actor,
        "volunteer__",
    )


def agreements_covering(volunteer: Volunteer, day: dt.date) -> QuerySet[VolunteerAgreement]:
    """The volunteer's agreements in force on ``day``."""
    return VolunteerAgreement.objects.filter(volunteer=volunteer, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class HoursTotal:
    """Hours of one volunteer in one month in one activity type.

    ``minutes`` counts logged and verified hours (rejected ones never count); the in-kind ``value``
    counts verified hours only, at the activity type's hourly rate, rounded to cents.
    """

    volunteer_id: UUID
    volunteer_name: str
    month: dt.date
    activity_type_id: UUID
    activity_type_name: str
    hourly_rate: Decimal
    entries: int
    minutes: int
    verified_minutes: int
    logged_minutes: int

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)

    @property
    def verified_hours(self) -> Decimal:
        return _hours(self.verified_minutes)

    @property
    def logged_hours(self) -> Decimal:
        return _hours(self.logged_minutes)

    @property
    def value(self) -> Decimal:
        return (Decimal(self.verified_minutes) * self.hourly_rate / MINUTES_PER_HOUR).quantize(
            CENT, rounding=ROUND_HALF_UP
        )


def hours_totals(
    actor: Actor,
    *,
    month: dt.date | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    volunteer: UUID | None = None,
) -> list[HoursTotal]:
    """Totals of the hours the actor may see, per volunteer, month and activity type, in one GROUP BY query.

    ``month`` is any day of the month wanted; ``date_from``/``date_to`` bound the dates (inclusive).
    """
    queryset = _own_or_all(VolunteerHours.objects.all(), actor, "volunteer__").exclude(status=HoursStatus.REJECTED)
    if month is not None:
        start, end = month_range(month)
        queryset = queryset.filter(date__gte=start, date__lt=end)
    if date_from is not None:
        queryset = queryset.filter(date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(date__lte=date_to)
    if volunteer is not None:
        queryset = queryset.filter(volunteer_id=volunteer)
    zero = Value(0, output_field=IntegerField())
    rows = (
        queryset.annotate(month=TruncMonth("date"))
        .values(
            "volunteer_id", "volunteer__first_name", "volunteer__last_name", "month",
            "activity_type_id", "activity_type__name", "activity_type__hourly_rate",
        )
        .annotate(
            entries=Count("id"),
            total_minutes=Coalesce(Sum("minutes"), zero),
            verified_minutes=Coalesce(Sum("minutes", filter=Q(status=HoursStatus.VERIFIED)), zero),
            logged_minutes=Coalesce(Sum("minutes", filter=Q(status=HoursStatus.LOGGED)), zero),
        )
        .order_by("month", "volunteer__last_name", "volunteer__first_name", "volunteer_id", "activity_type__name")
    )
    return [
        HoursTotal(
            volunteer_id=row["volunteer_id"],
            volunteer_name=f"{row['volunteer__first_name']} {row['volunteer__last_name']}",
            month=row["month"],
            activity_type_id=row["activity_type_id"],
            activity_type_name=row["activity_type__name"],
            hourly_rate=Decimal(row["activity_type__hourly_rate"]),
            entries=row["entries"],
            minutes=row["total_minutes"],
            verified_minutes=row["verified_minutes"],
            logged_minutes=row["logged_minutes"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class HoursSum:
    """The grand total of some ``HoursTotal`` rows; its value is the sum of the rows' rounded values."""

    minutes: int
    verified_minutes: int
    logged_minutes: int
    value: Decimal

    @classmethod
    def of(cls, rows: list[HoursTotal]) -> HoursSum:
        return cls(
            minutes=sum(row.minutes for row in rows),
            verified_minutes=sum(row.verified_minutes for row in rows),
            logged_minutes=sum(row.logged_minutes for row in rows),
            value=sum((row.value for row in rows), Decimal("0.00")),
        )

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)

    @property
    def verified_hours(self) -> Decimal:
        return _hours(self.verified_minutes)

    @property
    def logged_hours(self) -> Decimal:
        return _hours(self.logged_minutes)
