"""Reads on funding sources, contracts and their lines, scoped to the actor; contract usage.

Who sees what: the centre's staff (admins, managers, coordinators) every contract and funding source of
the centre; provider staff their own provider's contracts and the funding sources paying them; volunteers
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.models import Role
from cus.core.schedule import planned_units

from .models import Contract, ContractLine, ContractStatus, FundingSource

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LineUsage:
    """Where a contract line stands. ``*_remaining`` is None when the line sets no such limit."""

    units_planned: Decimal
    units_delivered: Decimal
    units_confirmed: Decimal
    amount_spent: Decimal
    units_remaining: Decimal | None
    amount_remaining: Decimal | None


def line_remaining(line: ContractLine) -> tuple[Decimal | None, Decimal | None]:
    """The units and the money a line has left (None where it sets no such limit), from its running totals: what
    a new log is checked against, without summing the line's history."""
    units = None if line.max_units is None else line.max_units - line.units_delivered
    amount = None if line.budget is None else line.budget - line.amount_spent
    return units, amount


def line_usage(lines: Iterable[ContractLine]) -> dict[UUID, LineUsage]:
    """Usage of each line, in one query whatever the number of lines.

    Delivered units and the amount spent are the line's running totals of every log in force with the outcome
    "delivered" (logged, confirmed or disputed: a disputed log still holds its budget until it is corrected);
    confirmed units count the confirmed ones. The deliveries app keeps them with each log, so reading them does
    not sum the line's history. Planned units are what the assigned planned services (not cancelled) plan
    within the contract's period.
    """
    lines = list(lines)  # each with its contract loaded (select_related("contract"))
    prefetch_related_objects(lines, "planned_services")  # the planned services app's rows, by their relation
    planned = {
        line.pk: sum(
            (
                planned_units(units=service.units, per=service.per, start=service.start_date, end=service.end_date,
                              window_start=line.contract.start_date, window_end=line.contract.end_date)
                for service in line.planned_services.all()
                if service.status != "cancelled"
            ),
            ZERO,
        )
        for line in lines
    }
    usage = {}
    for line in lines:
        units_remaining, amount_remaining = line_remaining(line)
        usage[line.pk] = LineUsage(
            units_planned=planned.get(line.pk, ZERO),
            units_delivered=line.units_delivered,
            units_confirmed=line.units_confirmed,
            amount_spent=line.amount_spent,
            units_remaining=units_remaining,
            amount_remaining=amount_remaining,
        )
    return usage


def funding_sources_for(actor: Actor) -> QuerySet[FundingSource]:
    """Funding sources the actor may read: all of the centre for its staff, those paying a provider's contracts
    (as the default source or a line's) for that provider's staff, none for volunteers."""
    queryset = scope(FundingSource.objects.all(), actor)
    if can(actor, Perm.VIEW_CONTRACTS):
        return queryset
    if actor.role == Role.PROVIDER:
        own = Contract.objects.filter(provider=actor.membership.provider)
        return queryset.filter(
            Exists(own.filter(funding_source=OuterRef("pk")))
            | Exists(ContractLine.objects.filter(contract__in=own, funding_source=OuterRef("pk")))
        )
    return queryset.none()


def contracts_for(actor: Actor) -> QuerySet[Contract]:
    """Contracts the actor may read, with their provider, funding source and lines loaded (constant queries)."""
    lines = ContractLine.objects.select_related("service_type", "funding_source").order_by(
        "service_type__sort_order", "created_at"
    )
    queryset = scope(
        Contract.objects.select_related("provider", "funding_source").prefetch_related(Prefetch("lines", lines)),
        actor,
    )
    if can(actor, Perm.VIEW_CONTRACTS):
        return queryset
    if actor.role == Role.PROVIDER:
        return queryset.filter(provider=actor.membership.provider)
    return queryset.none()


def contracts_active_on(queryset: QuerySet[Contract], day: dt.date) -> QuerySet[Contract]:
    """Contracts whose period covers ``day`` (whatever their status)."""
    return queryset.filter(start_date__lte=day, end_date__gte=day)


def contracts_with_line_of(queryset: QuerySet[Contract], service_type_id: UUID) -> QuerySet[Contract]:
    return queryset.filter(
        Exists(ContractLine.objects.filter(contract=OuterRef("pk"), service_type_id=service_type_id))
    )


def contracts_paid_by(queryset: QuerySet[Contract], funding_source_id: UUID) -> QuerySet[Contract]:
    """Contracts with ``funding_source`` as their default source or as the source of one of their lines."""
    return queryset.filter(
        Q(funding_source_id=funding_source_id)
        | Exists(ContractLine.objects.filter(contract=OuterRef("pk"), funding_source_id=funding_source_id))
    )


# --- usage ----------------------------------------------------------------------------------------

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


def _share(used: Decimal, limit: Decimal) -> Decimal | None:
    if limit <= 0:
        return None
    return (used * HUNDRED / limit).quantize(TENTH, rounding=ROUND_HALF_UP)


def line_value(line: ContractLine) -> Decimal | None:
    """The most a line can cost: its budget, or its maximum units at its price, whichever is lower."""
    limits = [limit for limit in (line.budget, None if line.max_units is None else line.max_units * line.unit_price)
              if limit is not None]
    return min(limits).quantize(Decimal("0.01")) if limits else None


def _sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values that are set; None when none is (no line sets that limit)."""
    present = [value for value in values if value is not None]
    return sum(present, ZERO) if present else None


@dataclass(frozen=True)
class LineFigures:
    """A line with its usage and how much of it is used (the larger of its units and budget shares, in %)."""

    line: ContractLine
    usage: LineUsage
    value: Decimal | None
    percent_used: Decimal | None


@dataclass(frozen=True)
class UsageTotals:
    """The sums over a contract's lines. A limit (and what remains of it) is None when no line sets it;
    ``percent_used`` is the amount spent against the contract's value (the sum of its lines' values)."""

    units_planned: Decimal
    units_delivered: Decimal
    units_confirmed: Decimal
    amount_spent: Decimal
    units_remaining: Decimal | None
    amount_remaining: Decimal | None
    max_units: Decimal | None
    budget: Decimal | None
    value: Decimal | None
    percent_used: Decimal | None


@dataclass(frozen=True)
class ContractUsage:
    contract: Contract
    lines: list[LineFigures]
    total: UsageTotals


def _line_figures(line: ContractLine, usage: LineUsage) -> LineFigures:
    shares = [
        share
        for share in (
            None if line.max_units is None else _share(usage.units_delivered, line.max_units),
            None if line.budget is None else _share(usage.amount_spent, line.budget),
        )
        if share is not None
    ]
    return LineFigures(line=line, usage=usage, value=line_value(line), percent_used=max(shares) if shares else None)


def contract_usage(contract: Contract) -> ContractUsage:
    """Usage of each line of ``contract`` and of the whole contract, built on :func:`line_usage`.

    Two queries beyond the contract itself when its lines are prefetched (as :func:`contracts_for` does).
    """
    lines = list(contract.lines.all())
    for line in lines:
        line.contract = contract  # line_usage reads the contract's period
    usage = line_usage(lines)
    figures = [_line_figures(line, usage[line.pk]) for line in lines]
    value = _sum_or_none(figure.value for figure in figures)
    spent = sum((figure.usage.amount_spent for figure in figures), ZERO)
    total = UsageTotals(
        units_planned=sum((figure.usage.units_planned for figure in figures), ZERO),
        units_delivered=sum((figure.usage.units_delivered for figure in figures), ZERO),
        units_confirmed=sum((figure.usage.units_confirmed for figure in figures), ZERO),
        amount_spent=spent,
        units_remaining=_sum_or_none(figure.usage.units_remaining for figure in figures),
        amount_remaining=_sum_or_none(figure.usage.amount_remaining for figure in figures),
        max_units=_sum_or_none(figure.line.max_units for figure in figures),
        budget=_sum_or_none(figure.line.budget for figure in figures),
        value=value,
        percent_used=None if value is None else _share(spent, value),
    )
    return ContractUsage(contract=contract, lines=figures, total=total)


# --- assignment -----------------------------------------------------------------------------------

INFINITE = Decimal("Infinity")


def remaining_capacity(line: ContractLine, usage: LineUsage) -> Decimal:
    """Units the line can still pay for: the tighter of its remaining units and its remaining budget at its
    price (infinite when neither limits it, e.g. a budget-only line with a price of zero)."""
    limits = []
    if usage.units_remaining is not None:
        limits.append(usage.units_remaining)
    if usage.amount_remaining is not None and line.unit_price > 0:
        limits.append(usage.amount_remaining / line.unit_price)
    return min(limits) if limits else INFINITE


def _has_room(usage: LineUsage) -> bool:
    units, amount = usage.units_remaining, usage.amount_remaining
    return (units is None or units > 0) and (amount is None or amount > 0)


def lines_for_assignment(
    *,
    actor_or_centre_id: Actor | UUID | str,
    service_type_id: UUID,
    start_date: dt.date,
    end_date: dt.date | None,
) -> list[tuple[ContractLine, LineUsage]]:
    """The contract lines a planned service of ``service_type_id`` from ``start_date`` to ``end_date`` can go to.

    Used by the plans app to assign a planned service (and to offer the choice). A line qualifies when:

    - its contract belongs to the centre (an ``Actor``'s centre, or the centre id given) and is ACTIVE;
    - its contract runs on ``start_date`` (a service running past the contract's end continues on the same
      provider's next contract: ``continuation_line``, the plans app's assignment periods);
    - it is a line of that service type, priced in the type's unit, its provider and its funding source are
      active;
    - it has something left: remaining units > 0 when it sets a maximum, remaining budget > 0 when it sets
      a budget (usage as :func:`line_usage` counts it: what was delivered, not what is planned).

    The lines whose contract covers the whole period (``end_date``; open-ended: to ``start_date``) come first, then
    most remaining capacity first (:func:`remaining_capacity`, in units), then by contract number. Each comes with its :class:`LineUsage`; the lines have their contract, provider, service type
    and funding source loaded. Monthly capacity is not checked here. Three queries in all.
    """
    centre_id = actor_or_centre_id.centre_id if isinstance(actor_or_centre_id, Actor) else actor_or_centre_id
    lines = ContractLine.objects.filter(
        contract__centre_id=centre_id,
        contract__status=ContractStatus.ACTIVE,
        contract__start_date__lte=start_date,
        contract__end_date__gte=start_date,
        contract__provider__is_active=True,
        service_type_id=service_type_id,
        unit=F("service_type__unit"),  # an hourly service is never paid per visit, nor the other way round
        funding_source__is_active=True,
    ).select_related("contract", "contract__provider", "service_type", "funding_source")
    found = list(lines)
    usage = line_usage(found)
    open_lines = [(line, usage[line.pk]) for line in found if _has_room(usage[line.pk])]
    open_lines.sort(key=lambda pair: pair[0].contract.number)
    open_lines.sort(key=lambda pair: remaining_capacity(*pair), reverse=True)
    open_lines.sort(key=lambda pair: pair[0].contract.end_date < (end_date or start_date))
    return open_lines


def continuation_line(
    *, centre_id: UUID | str, provider_id: UUID, service_type_id: UUID, on: dt.date, exclude_contract_id: UUID | None
) -> ContractLine | None:
    """The line a planned service of ``service_type_id`` assigned to ``provider_id`` continues on from ``on`` (the day
    after its current contract ends): the same provider's line of that type, in the type's unit, of an active
    contract running on ``on`` (the renewal, or the next contract), with units and budget left; the one whose
    contract started first (then by number). None when the provider has no such contract yet. Three queries."""
    candidates = ContractLine.objects.filter(
        contract__centre_id=centre_id,
        contract__provider_id=provider_id,
        contract__status=ContractStatus.ACTIVE,
        contract__start_date__lte=on,
        contract__end_date__gte=on,
        contract__provider__is_active=True,
        service_type_id=service_type_id,
        unit=F("service_type__unit"),
        funding_source__is_active=True,
    )
    if exclude_contract_id is not None:
        candidates = candidates.exclude(contract_id=exclude_contract_id)
    lines = list(
        candidates.select_related("contract", "contract__provider", "service_type", "funding_source")
        .order_by("contract__start_date", "contract__number", "pk")
    )
    usage = line_usage(lines)
    return next((line for line in lines if _has_room(usage[line.pk])), None)
