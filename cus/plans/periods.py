"""A planned service's assignment across contract periods (issue 13).

Contracts with providers are usually annual; a client's care is not. A planned service from December to May is
assigned to a provider through the line of the contract in force when it starts, and continues, from the day after
that contract ends, on the same provider's line of the renewed (or next) contract: its ``AssignmentPeriod`` rows,
one per contract line, contiguous from the service's start. Where the provider has no contract yet for the rest of
the service's period the periods stop at the contract's end: ``assigned_until`` is that day, the coordinator is
reminded before it (``cus.notifications`` rule ``assignment_ending``), and the nightly ``extend_assignments`` adds the
next period as soon as the renewal is active (and moves ``PlannedService.contract_line`` to the period in force).

Writes here run inside the calling service's transaction (``assign_provider``) or their own (the nightly run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F, Max, Q

from cus.contracts.models import ContractLine
from cus.contracts.selectors import continuation_line
from cus.core.history import stamp

from .models import AssignmentPeriod, PlannedService, PlannedServiceStatus, PlanStatus

DAY = dt.timedelta(days=1)
MAX_PERIODS = 24  # a chain of contracts longer than this is a data error, not a plan


def _period_end(service: PlannedService, line: ContractLine) -> dt.date:
    end = line.contract.end_date
    return end if service.end_date is None else min(end, service.end_date)


def _chain(service: PlannedService, line: ContractLine, start: dt.date,
           found: dict[tuple[Any, ...], ContractLine | None] | None = None) -> list[AssignmentPeriod]:
    """Periods from ``start`` on ``line`` and then on each continuation line, as far as contracts reach."""
    periods: list[AssignmentPeriod] = []
    while len(periods) < MAX_PERIODS:
        end = _period_end(service, line)
        periods.append(AssignmentPeriod(
            centre_id=service.centre_id, planned_service=service, contract_line=line, start_date=start, end_date=end,
        ))
        if service.end_date is not None and end >= service.end_date:
            break
        following = _continuation(service, line, end + DAY, found)
        if following is None:
            break
        start, line = end + DAY, following
    return periods


def _continuation(service: PlannedService, line: ContractLine, on: dt.date,
                  found: dict[tuple[Any, ...], ContractLine | None] | None) -> ContractLine | None:
    key = (line.contract.provider_id, service.service_type_id, on, line.contract_id)
    if found is not None and key in found:
        return found[key]
    following = continuation_line(
        centre_id=service.centre_id, provider_id=line.contract.provider_id, service_type_id=service.service_type_id,
        on=on, exclude_contract_id=line.contract_id,
    )
    if found is not None:
        found[key] = following
    return following


def _save_periods(periods: Iterable[AssignmentPeriod], *, user: Any, reason: str) -> None:
    for period in periods:
        stamp(period, user=user, reason=reason)
        period.save()


def assign_periods(service: PlannedService, line: ContractLine, *, user: Any, reason: str) -> list[AssignmentPeriod]:
    """(Re)assign ``service`` from its start on ``line`` and its continuations: the periods it had are replaced."""
    clear_periods(service, user=user, reason=reason)
    periods = _chain(service, line, service.start_date)
    _save_periods(periods, user=user, reason=reason)
    return periods


def clear_periods(service: PlannedService, *, user: Any, reason: str) -> None:
    """The service has no provider any more (unassigned, access ended): no periods."""
    for old in service.periods.all():
        stamp(old, user=user, reason=reason)
        old.delete()


def assigned_until(service: PlannedService, periods: list[AssignmentPeriod] | None = None) -> dt.date | None:
    """The last day the service's assignment reaches when that is before the service's end (or the service is
    open-ended): the gap the coordinator must close. None when the periods cover the whole service."""
    if service.status != PlannedServiceStatus.ASSIGNED:
        return None
    found = periods if periods is not None else list(service.periods.all())
    if not found:
        return None
    last = max(period.end_date for period in found)
    if service.end_date is not None and last >= service.end_date:
        return None
    return last


def _extendable(centre_id: UUID | str) -> Any:
    """Assigned services of ongoing plans whose periods end before the service does (or it is open-ended)."""
    return (
        PlannedService.objects.filter(
            centre_id=centre_id, status=PlannedServiceStatus.ASSIGNED,
            plan__status__in=(PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.SUSPENDED),
        )
        .annotate(reach=Max("periods__end_date"))
        .filter(reach__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(reach__lt=F("end_date")))
    )


@transaction.atomic
def extend_assignments(*, centre_id: UUID | str, today: dt.date) -> dict[str, int]:
    """The nightly run for one centre: each assignment that stops before its service continues on the provider's
    renewed or next contract once there is one (new periods, in the history with that reason), and each assigned
    service's ``contract_line`` is the line of the period in force today. Returns what it did."""
    extended = moved = 0
    found: dict[tuple[Any, ...], ContractLine | None] = {}
    ids = list(_extendable(centre_id).values_list("pk", flat=True))
    for service in PlannedService.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        last = service.periods.select_related("contract_line__contract").order_by("-end_date").first()
        if last is None:
            continue
        following = _continuation(service, last.contract_line, last.end_date + DAY, found)
        if following is None:
            continue
        periods = _chain(service, following, last.end_date + DAY, found)
        _save_periods(periods, user=None, reason=f"continues on contract {following.contract.number}")
        extended += 1
    current = (
        AssignmentPeriod.objects.filter(
            centre_id=centre_id, start_date__lte=today, end_date__gte=today,
            planned_service__status=PlannedServiceStatus.ASSIGNED,
        )
        .exclude(planned_service__contract_line_id=F("contract_line_id"))
        .select_related("planned_service", "contract_line__contract")
    )
    for period in current:
        service = period.planned_service
        service.contract_line = period.contract_line
        service.provider_id = period.contract_line.contract.provider_id
        stamp(service, user=None, reason=f"in force from {period.start_date}: contract {period.contract_line.contract.number}")
        service.save(update_fields=["contract_line", "provider", "updated_at"])
        moved += 1
    return {"extended": extended, "moved": moved}
