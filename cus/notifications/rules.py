"""Reminder rules: one function per rule, and ``scan_reminders`` that runs them all for one centre.

A rule is a function called as ``rule(centre=centre, today=today)`` that raises notifications through
``services.notify_all`` and returns how many it created. ``RULES`` is the list the scan runs, in order; a rule
reads its subjects from the app that owns them (its models or selectors), as the meeting follow-ups come from
``cus.planning.selectors``.

Every rule is safe to run again: each notification has a dedup key of rule + subject + period, so a second
scan on the same day, or a scan started again after a crash, raises nothing twice. A rule works in sets: one
query streams its candidates (``iterator(chunk_size=SCAN_CHUNK_SIZE)``, aggregating in SQL), its notices go
to ``services.notify_all`` as a generator, which per chunk finds what was already raised in one query and
inserts the rest in one ``INSERT ... ON CONFLICT DO NOTHING``; so a scan's queries and memory do not grow with
the centre's data, and a scan that finds nothing new writes nothing. The people who may receive reminders are
looked up once per rule (``selectors.Audience``).

Lead times come from the centre's ``ReminderSetting`` per kind (``DEFAULT_LEAD_DAYS`` when it has none; a
disabled setting switches the rule off). For the month-end rules (under-delivery, statement not submitted)
the lead time is the grace period after a month's end before the month is checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db.models import DecimalField, Exists, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cus.catalogue.models import ServiceType
from cus.clients.models import ClientStatus, Consent, ConsentKind
from cus.contracts.models import Contract, ContractLine, ContractStatus
from cus.contracts.selectors import line_usage
from cus.core.access import Perm
from cus.core.models import Centre
from cus.core.schedule import month_bounds, planned_units
from cus.deliveries.models import Delivery, MonthlyStatement, Outcome, StatementStatus
from cus.planning.selectors import follow_ups_due
from cus.plans.models import (
    ONGOING_PLAN_STATUSES,
    ApprovalState,
    Plan,
    PlannedService,
    PlannedServiceStatus,
    PlanStatus,
)
from cus.volunteers.models import VolunteerAgreement

from . import services
from .models import DEFAULT_LEAD_DAYS, NotificationKind
from .selectors import Audience

type Rule = Callable[..., int]

SCAN_CHUNK_SIZE = 500
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
# Under-delivery: a month in which less than this share of the planned units was delivered.
UNDER_DELIVERY_SHARE = Decimal("0.5")
# Contract-line limits: the highest threshold reached is announced (a line jumping past 100 % gets only that).
BUDGET_THRESHOLDS = ((Decimal("1.00"), NotificationKind.BUDGET_100), (Decimal("0.80"), NotificationKind.BUDGET_80))



def lead_days(centre: Centre, kind: str) -> int | None:
    """The centre's lead time for ``kind``; None when the centre switched that reminder off."""
    return services.reminder_lead_days(centre=centre, kind=kind, default=DEFAULT_LEAD_DAYS[kind])


def last_closed_month(today: dt.date, grace_days: int) -> dt.date:
    """The first day of the latest month that ended more than ``grace_days`` days before ``today``."""
    last_checkable_day = today - dt.timedelta(days=grace_days + 1)
    first_of_next = (last_checkable_day + dt.timedelta(days=1)).replace(day=1)
    return (first_of_next - dt.timedelta(days=1)).replace(day=1)


def _batches[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _name_of(service_type: ServiceType) -> str:
    return str(service_type.name)


# Made lazy once: ``lazy()`` builds a proxy class on every call, which cost 0.6 ms a notice (8 s of a city's scan).
_lazy_name = lazy(_name_of, str)


def _service_name(service_type: ServiceType) -> Any:
    """The service type's name in the language active when the text is rendered (each recipient's own)."""
    return _lazy_name(service_type)


def _month(month: dt.date) -> str:
    """A month as a dedup period: ``2026-12``."""
    return f"{month:%Y-%m}"


# Dates and months in a notification's text, in the recipient's language and format ("14 grudnia 2026",
# "December 2026"): formatted when the text is rendered, under ``translation.override(recipient.language)``.
_day = lazy(lambda day: formats.date_format(day, "DATE_FORMAT"), str)
# Polish, Czech and Slovenian write month names in lower case inside a sentence ("za luty 2026").
_LOWER_CASE_MONTHS = {"pl", "cs", "sl"}


def _format_month(month: dt.date) -> str:
    text = formats.date_format(month, "YEAR_MONTH_FORMAT")
    return text[:1].lower() + text[1:] if translation.get_language() in _LOWER_CASE_MONTHS else text


_month_name = lazy(_format_month, str)


# --- plans and planned services: the plan's coordinator (and the provider for delivery gaps) ----------


def scan_reviews_due(*, centre: Centre, today: dt.date) -> int:
    """Remind each active plan's coordinator of a review due within the lead time (or already overdue).

    The period is the review date, so each review is announced once; a new review date is a new period.
    """
    days = lead_days(centre, NotificationKind.REVIEW_DUE)
    if days is None:
        return 0
    audience = Audience(centre)
    plans = (
        Plan.objects.filter(
            centre=centre,
            status=PlanStatus.ACTIVE,
            next_review_date__isnull=False,
            next_review_date__lte=today + dt.timedelta(days=days),
        )
        .select_related("client")
        .order_by("next_review_date", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for plan in plans.iterator(chunk_size=SCAN_CHUNK_SIZE):
            review_date = plan.next_review_date
            assert review_date is not None  # filtered above; narrows the type
            yield services.Notice(
                recipients=audience.member(plan.coordinator_id),
                kind=NotificationKind.REVIEW_DUE,
                subject_type="plan",
                subject_id=plan.pk,
                period=review_date.isoformat(),
                title=format_lazy(_("Plan review due: {reference}"), reference=plan.client.reference),
                body=format_lazy(
                    _("The plan of client {reference} is due for review on {date}."),
                    reference=plan.client.reference,
                    date=_day(review_date),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_plans_ending(*, centre: Centre, today: dt.date) -> int:
    """Remind the coordinator of an ongoing (active or suspended) plan that ends within the lead time.

    A plan past its end that is still open is reminded too. The period is the end date: moving the end is a
    new period.
    """
    days = lead_days(centre, NotificationKind.PLAN_ENDING)
    if days is None:
        return 0
    audience = Audience(centre)
    plans = (
        Plan.objects.filter(
            centre=centre,
            status__in=ONGOING_PLAN_STATUSES,
            end_date__isnull=False,
            end_date__lte=today + dt.timedelta(days=days),
        )
        .select_related("client")
        .order_by("end_date", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for plan in plans.iterator(chunk_size=SCAN_CHUNK_SIZE):
            end_date = plan.end_date
            assert end_date is not None
            yield services.Notice(
                recipients=audience.member(plan.coordinator_id),
                kind=NotificationKind.PLAN_ENDING,
                subject_type="plan",
                subject_id=plan.pk,
                period=end_date.isoformat(),
                title=format_lazy(_("Plan ending: {reference}"), reference=plan.client.reference),
                body=format_lazy(
                    _("The plan of client {reference} ends on {date}: review it, then close or extend it."),
                    reference=plan.client.reference,
                    date=_day(end_date),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_unassigned_too_long(*, centre: Centre, today: dt.date) -> int:
    """Remind the plan's coordinator of a planned service waiting for a provider for the lead time or longer.

    Only services of active plans. The period is the day the wait began: a service unassigned again later
    starts a new wait, and is reminded again.
    """
    days = lead_days(centre, NotificationKind.UNASSIGNED_TOO_LONG)
    if days is None:
        return 0
    audience = Audience(centre)
    waiting = (
        PlannedService.objects.filter(
            centre=centre,
            status=PlannedServiceStatus.WAITING,
            plan__status=PlanStatus.ACTIVE,
            waiting_since__isnull=False,
            waiting_since__lte=today - dt.timedelta(days=days),
        )
        .select_related("plan__client", "service_type")
        .order_by("waiting_since", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for service in waiting.iterator(chunk_size=SCAN_CHUNK_SIZE):
            since = service.waiting_since
            assert since is not None
            reference = service.plan.client.reference
            yield services.Notice(
                recipients=audience.member(service.plan.coordinator_id),
                kind=NotificationKind.UNASSIGNED_TOO_LONG,
                subject_type="planned_service",
                subject_id=service.pk,
                period=since.isoformat(),
                title=format_lazy(
                    _("No provider yet: {service} for {reference}"),
                    service=_service_name(service.service_type),
                    reference=reference,
                ),
                body=format_lazy(
                    _("The service {service} planned for client {reference} has been waiting for a provider since {date}."),
                    service=_service_name(service.service_type),
                    reference=reference,
                    date=_day(since),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_assignments_ending(*, centre: Centre, today: dt.date) -> int:
    """Remind the plan's coordinator of an assigned service whose provider's contracts stop before the service does
    (the renewal is not signed yet: ``cus.plans.periods``), within the lead time of that last day.

    The period is that day: once the renewal continues the assignment, a later gap is a new reminder.
    """
    days = lead_days(centre, NotificationKind.ASSIGNMENT_ENDING)
    if days is None:
        return 0
    audience = Audience(centre)
    ending = (
        PlannedService.objects.filter(
            centre=centre, status=PlannedServiceStatus.ASSIGNED, plan__status__in=ONGOING_PLAN_STATUSES,
        )
        .annotate(reach=Max("periods__end_date"))
        .filter(reach__isnull=False, reach__lte=today + dt.timedelta(days=days))
        .filter(Q(end_date__isnull=True) | Q(reach__lt=F("end_date")))
        .select_related("plan__client", "service_type", "provider")
        .order_by("reach", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for service in ending.iterator(chunk_size=SCAN_CHUNK_SIZE):
            reference = service.plan.client.reference
            provider = service.provider.name if service.provider is not None else ""
            yield services.Notice(
                recipients=audience.member(service.plan.coordinator_id),
                kind=NotificationKind.ASSIGNMENT_ENDING,
                subject_type="planned_service",
                subject_id=service.pk,
                period=service.reach.isoformat(),
                title=format_lazy(
                    _("Assignment ending: {service} for {reference}"),
                    service=_service_name(service.service_type), reference=reference,
                ),
                body=format_lazy(
                    _("{provider} delivers {service} to client {reference} until {date}, before the service ends: no "
                      "contract of theirs covers the days after. Renew the contract or assign another provider."),
                    provider=provider, service=_service_name(service.service_type), reference=reference,
                    date=_day(service.reach),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_under_delivery(*, centre: Centre, today: dt.date) -> int:
    """Remind the coordinator and the provider's staff of a month in which a service was delivered well below plan.

    The month checked is the latest one that ended more than the lead time (grace days for late logs) ago.
    Well below: less than ``UNDER_DELIVERY_SHARE`` of the units planned for the days the service was assigned
    in that month. Delivered units are summed in SQL (in-force logs with the outcome "delivered").
    The period is the month.
    """
    days = lead_days(centre, NotificationKind.UNDER_DELIVERY)
    if days is None:
        return 0
    audience = Audience(centre)
    month = last_closed_month(today, days)
    month_end = month_bounds(month)[1]
    delivered = (
        Delivery.objects.in_force()
        .filter(planned_service=OuterRef("pk"), outcome=Outcome.DELIVERED, date__gte=month, date__lte=month_end)
        .order_by()
        .values("planned_service")
        .annotate(total=Sum("units"))
        .values("total")
    )
    candidates = (
        PlannedService.objects.filter(
            centre=centre,
            plan__status=PlanStatus.ACTIVE,
            status__in=(PlannedServiceStatus.ASSIGNED, PlannedServiceStatus.ENDED),
            provider__isnull=False,
            start_date__lte=month_end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .annotate(delivered_units=Coalesce(Subquery(delivered, output_field=MONEY), Value(ZERO), output_field=MONEY))
        .select_related("plan__client", "service_type")
        .order_by("pk")
    )

    def notices() -> Iterator[services.Notice]:
        for service in candidates.iterator(chunk_size=SCAN_CHUNK_SIZE):
            assigned_on = service.assigned_at.date() if service.assigned_at else service.start_date
            planned = planned_units(
                units=service.units,
                per=service.per,
                start=service.start_date,
                end=service.end_date,
                window_start=max(month, assigned_on),
                window_end=month_end,
            )
            got: Decimal = service.delivered_units
            if planned <= 0 or got >= planned * UNDER_DELIVERY_SHARE:
                continue
            reference = service.plan.client.reference
            yield services.Notice(
                recipients=audience.member(service.plan.coordinator_id) + audience.provider_staff(service.provider_id),
                kind=NotificationKind.UNDER_DELIVERY,
                subject_type="planned_service",
                subject_id=service.pk,
                period=_month(month),
                title=format_lazy(
                    _("Under-delivered in {month}: {service} for {reference}"),
                    month=_month_name(month),
                    service=_service_name(service.service_type),
                    reference=reference,
                ),
                body=format_lazy(
                    _("In {month}, {delivered} of {planned} planned units of {service} were delivered to client {reference}."),
                    month=_month_name(month),
                    delivered=got,
                    planned=planned,
                    service=_service_name(service.service_type),
                    reference=reference,
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_no_delivery(*, centre: Centre, today: dt.date) -> int:
    """Remind the coordinator and the provider's staff of an assigned, running service with no log for too long.

    Any log counts (also an absence or a cancellation: the provider is in touch). The gap is counted from
    the last log, or from the assignment or the service's start when nothing was logged yet. The period is
    that day, so a new gap after a new log is reminded again.
    """
    days = lead_days(centre, NotificationKind.NO_DELIVERY)
    if days is None:
        return 0
    audience = Audience(centre)
    cutoff = today - dt.timedelta(days=days)
    logs = Delivery.objects.filter(planned_service=OuterRef("pk"))
    candidates = (
        PlannedService.objects.filter(
            centre=centre,
            status=PlannedServiceStatus.ASSIGNED,
            plan__status=PlanStatus.ACTIVE,
            provider__isnull=False,
            start_date__lte=cutoff,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(Exists(logs.filter(date__gt=cutoff)))
        .annotate(last_logged=Subquery(logs.order_by("-date").values("date")[:1]))
        .select_related("plan__client", "service_type")
        .order_by("pk")
    )

    def notices() -> Iterator[services.Notice]:
        for service in candidates.iterator(chunk_size=SCAN_CHUNK_SIZE):
            days_of_contact = [service.start_date, service.last_logged]
            if service.assigned_at is not None:
                days_of_contact.append(service.assigned_at.date())
            since = max(day for day in days_of_contact if day is not None)
            if since > cutoff:
                continue
            reference = service.plan.client.reference
            yield services.Notice(
                recipients=audience.member(service.plan.coordinator_id) + audience.provider_staff(service.provider_id),
                kind=NotificationKind.NO_DELIVERY,
                subject_type="planned_service",
                subject_id=service.pk,
                period=since.isoformat(),
                title=format_lazy(
                    _("No delivery logged: {service} for {reference}"),
                    service=_service_name(service.service_type),
                    reference=reference,
                ),
                body=format_lazy(
                    _("Nothing has been logged for {service} for client {reference} since {date}."),
                    service=_service_name(service.service_type),
                    reference=reference,
                    date=_day(since),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- contracts: the centre's managers -----------------------------------------------------------------


def _share_used(line: ContractLine, units: Decimal, spent: Decimal) -> Decimal:
    shares = [Decimal(0)]
    if line.max_units:
        shares.append(units / line.max_units)
    if line.budget:
        shares.append(spent / line.budget)
    return max(shares)


def scan_budgets(*, centre: Centre, today: dt.date) -> int:
    """Tell the managers when a line of an active contract has used 80 % or 100 % of its units or budget.

    Usage comes from ``contracts.selectors.line_usage`` (two queries per chunk of lines). Only the highest
    threshold reached is announced. The period is the line's limits: raising a limit starts again.
    Each of the two kinds can be switched off in the centre's reminder settings.
    """
    enabled = {kind for _threshold, kind in BUDGET_THRESHOLDS if lead_days(centre, kind) is not None}
    if not enabled:
        return 0
    managers = Audience(centre).managers()
    lines = (
        ContractLine.objects.filter(centre=centre, contract__status=ContractStatus.ACTIVE)
        .filter(Q(max_units__isnull=False) | Q(budget__isnull=False))
        .select_related("contract__provider", "service_type")
        .order_by("pk")
    )

    def notices() -> Iterator[services.Notice]:
        for batch in _batches(lines.iterator(chunk_size=SCAN_CHUNK_SIZE), SCAN_CHUNK_SIZE):
            usage = line_usage(batch)
            for line in batch:
                used = usage[line.pk]
                share = _share_used(line, used.units_delivered, used.amount_spent)
                reached = next((kind for threshold, kind in BUDGET_THRESHOLDS if share >= threshold), None)
                if reached is None or reached not in enabled:
                    continue
                number = line.contract.number
                title = (
                    _("Contract {number}: the limit of {service} is used up")
                    if reached == NotificationKind.BUDGET_100
                    else _("Contract {number}: 80% of the limit of {service} used")
                )
                yield services.Notice(
                    recipients=managers,
                    kind=reached,
                    subject_type="contract_line",
                    subject_id=line.pk,
                    period=f"{line.max_units or ''}/{line.budget or ''}",
                    title=format_lazy(title, number=number, service=_service_name(line.service_type)),
                    body=format_lazy(
                        _("{provider} has used {percent}% of the limit of {service} under contract {number}."),
                        provider=line.contract.provider.name,
                        percent=int(share * 100),
                        service=_service_name(line.service_type),
                        number=number,
                    ),
                )

    return services.notify_all(centre=centre, notices=notices())


def scan_contracts_ending(*, centre: Centre, today: dt.date) -> int:
    """Tell the managers of an active contract ending within the lead time (or past its end and still active).

    The period is the end date.
    """
    days = lead_days(centre, NotificationKind.CONTRACT_ENDING)
    if days is None:
        return 0
    managers = Audience(centre).managers()
    contracts = (
        Contract.objects.filter(
            centre=centre, status=ContractStatus.ACTIVE, end_date__lte=today + dt.timedelta(days=days)
        )
        .select_related("provider")
        .order_by("end_date", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for contract in contracts.iterator(chunk_size=SCAN_CHUNK_SIZE):
            yield services.Notice(
                recipients=managers,
                kind=NotificationKind.CONTRACT_ENDING,
                subject_type="contract",
                subject_id=contract.pk,
                period=contract.end_date.isoformat(),
                title=format_lazy(_("Contract ending: {number}"), number=contract.number),
                body=format_lazy(
                    _("Contract {number} with {provider} ends on {date}."),
                    number=contract.number,
                    provider=contract.provider.name,
                    date=_day(contract.end_date),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- consents and volunteer agreements -----------------------------------------------------------------


def scan_consents_expiring(*, centre: Centre, today: dt.date) -> int:
    """Remind the client's coordinator of a consent whose validity ends within the lead time.

    Skipped: withdrawn consents, clients whose case is closed, and consents already renewed (a later consent
    of the same kind for the client, valid longer). A client without a coordinator: the managers are told.
    The period is the end of validity.
    """
    days = lead_days(centre, NotificationKind.CONSENT_EXPIRING)
    if days is None:
        return 0
    audience = Audience(centre)
    renewed = Consent.objects.filter(
        client=OuterRef("client"), kind=OuterRef("kind"), withdrawn_on__isnull=True
    ).exclude(pk=OuterRef("pk")).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    consents = (
        Consent.objects.filter(
            centre=centre,
            withdrawn_on__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=days),
        )
        .exclude(client__status=ClientStatus.CLOSED)
        .exclude(Exists(renewed))
        .select_related("client")
        .order_by("valid_until", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for consent in consents.iterator(chunk_size=SCAN_CHUNK_SIZE):
            valid_until = consent.valid_until
            assert valid_until is not None
            reference = consent.client.reference
            recipients = audience.member(consent.client.coordinator_id) or audience.managers()
            yield services.Notice(
                recipients=recipients,
                kind=NotificationKind.CONSENT_EXPIRING,
                subject_type="consent",
                subject_id=consent.pk,
                period=valid_until.isoformat(),
                title=format_lazy(_("Consent expiring: {reference}"), reference=reference),
                body=format_lazy(
                    _('The consent "{kind}" of client {reference} is valid until {date}.'),
                    kind=ConsentKind(consent.kind).label,
                    reference=reference,
                    date=_day(valid_until),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_agreements_expiring(*, centre: Centre, today: dt.date) -> int:
    """Tell the volunteer-centre staff (members who may manage volunteers: coordinators and managers) of a
    volunteer agreement ending within the lead time.

    Skipped: inactive volunteers and agreements already followed by a later one. The period is the end date.
    """
    days = lead_days(centre, NotificationKind.AGREEMENT_EXPIRING)
    if days is None:
        return 0
    staff = Audience(centre).with_perm(Perm.MANAGE_VOLUNTEERS)
    renewed = VolunteerAgreement.objects.filter(volunteer=OuterRef("volunteer")).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("end_date"))
    )
    agreements = (
        VolunteerAgreement.objects.filter(
            centre=centre,
            volunteer__is_active=True,
            end_date__gte=today,
            end_date__lte=today + dt.timedelta(days=days),
        )
        .exclude(Exists(renewed))
        .select_related("volunteer")
        .order_by("end_date", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for agreement in agreements.iterator(chunk_size=SCAN_CHUNK_SIZE):
            end_date = agreement.end_date
            assert end_date is not None
            yield services.Notice(
                recipients=staff,
                kind=NotificationKind.AGREEMENT_EXPIRING,
                subject_type="volunteer_agreement",
                subject_id=agreement.pk,
                period=end_date.isoformat(),
                title=format_lazy(_("Volunteer agreement expiring: {number}"), number=agreement.number),
                body=format_lazy(
                    _("The agreement {number} with volunteer {name} is valid until {date}."),
                    number=agreement.number,
                    name=agreement.volunteer.full_name,
                    date=_day(end_date),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- monthly statements ----------------------------------------------------------------------------------


def scan_statements_not_submitted(*, centre: Centre, today: dt.date) -> int:
    """Remind the provider's staff to submit the statement of a month under a contract that ran in it.

    The month is the latest one that ended more than the lead time (grace days) ago; a contract (active, or
    ended since) whose period overlaps it and whose statement for it is missing, open or returned is
    reminded. The period is the month.
    """
    days = lead_days(centre, NotificationKind.STATEMENT_NOT_SUBMITTED)
    if days is None:
        return 0
    audience = Audience(centre)
    month = last_closed_month(today, days)
    month_end = month_bounds(month)[1]
    submitted = MonthlyStatement.objects.filter(
        contract=OuterRef("pk"),
        month=month,
        status__in=(StatementStatus.SUBMITTED, StatementStatus.APPROVED),
    )
    contracts = (
        Contract.objects.filter(
            centre=centre,
            status__in=(ContractStatus.ACTIVE, ContractStatus.ENDED),
            start_date__lte=month_end,
            end_date__gte=month,
        )
        .exclude(Exists(submitted))
        .order_by("pk")
    )

    def notices() -> Iterator[services.Notice]:
        for contract in contracts.iterator(chunk_size=SCAN_CHUNK_SIZE):
            yield services.Notice(
                recipients=audience.provider_staff(contract.provider_id),
                kind=NotificationKind.STATEMENT_NOT_SUBMITTED,
                subject_type="contract",
                subject_id=contract.pk,
                period=_month(month),
                title=format_lazy(
                    _("Statement for {month} not submitted: {number}"), month=_month_name(month), number=contract.number
                ),
                body=format_lazy(
                    _("The monthly statement for {month} under contract {number} has not been submitted yet."),
                    month=_month_name(month),
                    number=contract.number,
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_statements_not_approved(*, centre: Centre, today: dt.date) -> int:
    """Tell the managers of a statement submitted at least the lead time ago and still not approved or returned.

    The period is the day of submission: a statement returned and submitted again is a new period.
    """
    days = lead_days(centre, NotificationKind.STATEMENT_NOT_APPROVED)
    if days is None:
        return 0
    managers = Audience(centre).managers()
    statements = (
        MonthlyStatement.objects.filter(
            centre=centre,
            status=StatementStatus.SUBMITTED,
            submitted_at__isnull=False,
            submitted_at__date__lte=today - dt.timedelta(days=days),
        )
        .select_related("contract", "provider")
        .order_by(F("submitted_at").asc(), "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for statement in statements.iterator(chunk_size=SCAN_CHUNK_SIZE):
            submitted_at = statement.submitted_at
            assert submitted_at is not None
            submitted_on = submitted_at.date().isoformat()
            yield services.Notice(
                recipients=managers,
                kind=NotificationKind.STATEMENT_NOT_APPROVED,
                subject_type="monthly_statement",
                subject_id=statement.pk,
                period=submitted_on,
                title=format_lazy(
                    _("Statement awaiting approval: {number}, {month}"),
                    number=statement.contract.number,
                    month=_month_name(statement.month),
                ),
                body=format_lazy(
                    _("{provider} submitted the statement for {month} under contract {number} on {date}; it is not approved yet."),
                    provider=statement.provider.name,
                    month=_month_name(statement.month),
                    number=statement.contract.number,
                    date=_day(submitted_at.date()),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- the manager's approval of plans: the managers, and the coordinator of a returned plan ------------------


def scan_plans_awaiting_approval(*, centre: Centre, today: dt.date) -> int:
    """Tell the managers (who approve plans) of each draft plan submitted for approval at least the lead time ago
    and still waiting. The period is the moment of submission: a plan returned and submitted again is announced
    again."""
    days = lead_days(centre, NotificationKind.PLAN_AWAITING_APPROVAL)
    if days is None:
        return 0
    approvers = Audience(centre).with_perm(Perm.APPROVE_PLANS)
    if not approvers:
        return 0
    plans = (
        Plan.objects.filter(
            centre=centre,
            status=PlanStatus.DRAFT,
            approval=ApprovalState.SUBMITTED,
            submitted_at__isnull=False,
            submitted_at__date__lte=today - dt.timedelta(days=days),
        )
        .select_related("client", "coordinator")
        .order_by("submitted_at", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for plan in plans.iterator(chunk_size=SCAN_CHUNK_SIZE):
            submitted_at = plan.submitted_at
            assert submitted_at is not None  # filtered above; narrows the type
            yield services.Notice(
                recipients=[user for user in approvers if user.pk != plan.coordinator_id],
                kind=NotificationKind.PLAN_AWAITING_APPROVAL,
                subject_type="plan",
                subject_id=plan.pk,
                period=submitted_at.isoformat(),
                title=format_lazy(_("Plan waiting for your approval: {reference}"), reference=plan.client.reference),
                body=format_lazy(
                    _("{coordinator} submitted the plan of client {reference} for approval on {date}."),
                    coordinator=str(plan.coordinator),
                    reference=plan.client.reference,
                    date=_day(submitted_at.date()),
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


def scan_plans_returned(*, centre: Centre, today: dt.date) -> int:
    """Tell the coordinator of a draft plan a manager returned, with the manager's reason. The period is the moment
    it was returned: each return is announced once."""
    if lead_days(centre, NotificationKind.PLAN_RETURNED) is None:
        return 0
    audience = Audience(centre)
    plans = (
        Plan.objects.filter(
            centre=centre, status=PlanStatus.DRAFT, approval=ApprovalState.RETURNED, returned_at__isnull=False
        )
        .select_related("client")
        .order_by("returned_at", "pk")
    )

    def notices() -> Iterator[services.Notice]:
        for plan in plans.iterator(chunk_size=SCAN_CHUNK_SIZE):
            returned_at = plan.returned_at
            assert returned_at is not None  # filtered above; narrows the type
            yield services.Notice(
                recipients=audience.member(plan.coordinator_id),
                kind=NotificationKind.PLAN_RETURNED,
                subject_type="plan",
                subject_id=plan.pk,
                period=returned_at.isoformat(),
                title=format_lazy(_("Plan returned for changes: {reference}"), reference=plan.client.reference),
                body=format_lazy(
                    _("The plan of client {reference} was returned: {reason}"),
                    reference=plan.client.reference,
                    reason=plan.returned_reason[:500],
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- partnership meetings: the owners of follow-up actions ------------------------------------------------


def scan_follow_ups_due(*, centre: Centre, today: dt.date) -> int:
    """Remind the owner of each open follow-up due within the lead time (or overdue); a follow-up owned by a
    partner's contact, or by someone no longer an active member of the centre, reminds the meeting's organiser,
    and the staff of the partner it is given to (who use CUS with the partner role).

    The period is the due date, so each due date is announced once (a new due date is announced again).
    Follow-ups of cancelled meetings are not reminded (``cus.planning.selectors.follow_ups_due``).
    """
    days = lead_days(centre, NotificationKind.FOLLOW_UP_DUE)
    if days is None:
        return 0
    audience = Audience(centre)

    def notices() -> Iterator[services.Notice]:
        for follow_up in follow_ups_due(centre=centre, by=today + dt.timedelta(days=days)).iterator(
            chunk_size=SCAN_CHUNK_SIZE
        ):
            meeting = follow_up.meeting
            due_date = follow_up.due_date.isoformat()
            yield services.Notice(
                recipients=audience.member(follow_up.owner_id)
                or audience.partner_staff(follow_up.partner_id) + audience.member(meeting.organiser_id),
                kind=NotificationKind.FOLLOW_UP_DUE,
                subject_type="follow_up",
                subject_id=follow_up.pk,
                period=due_date,
                title=format_lazy(
                    _("Follow-up due on {date}: {meeting}"), date=_day(follow_up.due_date), meeting=meeting.title
                ),
                body=format_lazy(
                    _('Agreed at the meeting "{meeting}": {description}'),
                    meeting=meeting.title,
                    description=follow_up.description[:500],
                ),
            )

    return services.notify_all(centre=centre, notices=notices())


# --- the scan ----------------------------------------------------------------------------------------------

RULES: list[Rule] = [
    scan_reviews_due,
    scan_plans_ending,
    scan_unassigned_too_long,
    scan_assignments_ending,  # a provider's contracts stop before the planned service does (cus.plans.periods)
    scan_under_delivery,
    scan_no_delivery,
    scan_budgets,
    scan_contracts_ending,
    scan_consents_expiring,
    scan_agreements_expiring,
    scan_statements_not_submitted,
    scan_statements_not_approved,
    scan_plans_awaiting_approval,  # plans submitted for a manager's approval (cus.plans)
    scan_plans_returned,
    scan_follow_ups_due,  # follow-up actions agreed at partnership meetings (cus.planning)
]


def scan_reminders(*, centre: Centre, today: dt.date) -> dict[str, int]:
    """Run every rule in ``RULES`` for one centre; returns how many notifications each rule created.

    Not one transaction: each chunk of notifications commits as it is raised, so a scan cut short (a worker
    killed) keeps what it did, and the scan started again raises only what is still missing.
    """
    return {getattr(rule, "__name__", repr(rule)): rule(centre=centre, today=today) for rule in RULES}
