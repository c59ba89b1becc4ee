"""Reads on funding sources, contracts and their lines, scoped to the actor; contract usage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from cus.deliveries.models import Delivery, Outcome
from cus.plans.models import PlannedService
from cus.plans.schedule import planned_units

from .models import ContractLine

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


def line_usage(lines: Iterable[ContractLine]) -> dict[UUID, LineUsage]:
    """Usage of each line, in two queries whatever the number of lines.

    Delivered units and the amount spent count every log with the outcome "delivered" (logged, confirmed
    or disputed: a disputed log still holds its budget until it is corrected); confirmed units count the
    confirmed ones. Planned units are what the assigned planned services plan within the contract's period.
    """
    lines = list(lines)  # each with its contract loaded (select_related("contract"))
    by_id = {line.pk: line for line in lines}
    ids = list(by_id)
    money = DecimalField(max_digits=14, decimal_places=2)
    delivered = {
        row["contract_line"]: row
        for row in Delivery.objects.filter(contract_line__in=ids, outcome=Outcome.DELIVERED)
        .values("contract_line")
        .annotate(
            units=Coalesce(Sum("units"), Value(ZERO), output_field=money),
            confirmed=Coalesce(Sum("units", filter=Q(status="confirmed")), Value(ZERO), output_field=money),
            cost=Coalesce(Sum("cost"), Value(ZERO), output_field=money),
        )
    }
    planned: dict[UUID, Decimal] = {}
    for service in PlannedService.objects.filter(contract_line__in=ids).exclude(status="cancelled").only(
        "contract_line_id", "units", "per", "start_date", "end_date"
    ):
        line = by_id[service.contract_line_id]  # type: ignore[index]
        contract = line.contract
        planned[line.pk] = planned.get(line.pk, ZERO) + planned_units(
            units=service.units,
            per=service.per,
            start=service.start_date,
            end=service.end_date,
            window_start=contract.start_date,
            window_end=contract.end_date,
        )
    usage = {}
    for line in lines:
        row: dict[str, Any] = dict(delivered.get(line.pk, {}))
        units = Decimal(row.get("units", ZERO))
        spent = Decimal(row.get("cost", ZERO))
        usage[line.pk] = LineUsage(
            units_planned=planned.get(line.pk, ZERO),
            units_delivered=units,
            units_confirmed=Decimal(row.get("confirmed", ZERO)),
            amount_spent=spent,
            units_remaining=None if line.max_units is None else line.max_units - units,
            amount_remaining=None if line.budget is None else line.budget - spent,
        )
    return usage
