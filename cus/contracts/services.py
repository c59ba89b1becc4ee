"""Writes on funding sources and contracts with their lines; the contract's status transitions.

Managers and administrators write (``Perm.MANAGE_CONTRACTS``). A draft contract can be edited freely; an
active one only changes its end date and note and gains new lines; an ended or terminated one is closed.
Lines already in use keep what the planned services and deliveries under them rely on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NotRequired, TypedDict
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cus.catalogue.models import Provider, ServiceType
from cus.core.access import Perm, require, scope
from cus.core.context import Actor
from cus.core.errors import Conflict, ValidationError
from cus.core.history import stamp
from cus.core.transitions import move

from .models import CONTRACT_TRANSITIONS, Contract, ContractLine, ContractStatus, FundingSource

Errors = dict[str, list[str]]
ZERO = Decimal("0.00")


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _clean(instance: Any, errors: Errors, *, prefix: str = "", exclude: Sequence[str] = ()) -> None:
    """Django's field validation (choices, digits, lengths), its messages keyed as the API names the fields."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                _add(errors, f"{prefix}{field}", message)


# --- funding sources ------------------------------------------------------------------------------

FUNDING_SOURCE_FIELDS = ("name", "kind", "project_code", "funder", "start_date", "end_date", "is_active")


def _covers(source: FundingSource, start: dt.date, end: dt.date) -> bool:
    return (source.start_date is None or source.start_date <= start) and (
        source.end_date is None or source.end_date >= end
    )


def _funding_period_errors(source: FundingSource) -> Errors:
    errors: Errors = {}
    if source.start_date and source.end_date and source.end_date < source.start_date:
        _add(errors, "end_date", _("The end date cannot be before the start date."))
    return errors


@transaction.atomic
def create_funding_source(
    *,
    actor: Actor,
    name: str,
    kind: str,
    project_code: str = "",
    funder: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    is_active: bool = True,
) -> FundingSource:
    """Add a funding source (an ESF+ project, the municipal budget, ...) to the actor's centre."""
    require(actor, Perm.MANAGE_CONTRACTS)
    source = FundingSource(
        centre_id=actor.centre_id, name=name, kind=kind, project_code=project_code, funder=funder,
        start_date=start_date, end_date=end_date, is_active=is_active,
    )
    errors = _funding_period_errors(source)
    _clean(source, errors)
    _raise_if(errors)
    stamp(source, user=actor.user, reason="created")
    source.save()
    return source


@transaction.atomic
def update_funding_source(
    *, actor: Actor, funding_source: FundingSource, reason: str = "", **fields: Any
) -> FundingSource:
    """Change a funding source. Its period cannot shrink so that it no longer covers a contract it pays (409)."""
    require(actor, Perm.MANAGE_CONTRACTS)
    source = scope(FundingSource.objects.select_for_update(), actor).get(pk=funding_source.pk)
    for name, value in fields.items():
        if name not in FUNDING_SOURCE_FIELDS:
            raise TypeError(f"update_funding_source() got an unexpected field {name!r}")
        setattr(source, name, value)
    errors = _funding_period_errors(source)
    _clean(source, errors)
    _raise_if(errors)
    if "start_date" in fields or "end_date" in fields:
        paid = Contract.objects.filter(centre_id=actor.centre_id).filter(
            Exists(ContractLine.objects.filter(contract=OuterRef("pk"), funding_source=source))
            | Exists(Contract.objects.filter(pk=OuterRef("pk"), funding_source=source))
        )
        for contract in paid.order_by("start_date"):
            if not _covers(source, contract.start_date, contract.end_date):
                raise Conflict(
                    _("Contract %(number)s runs from %(start)s to %(end)s, outside the funding source's new period.")
                    % {"number": contract.number, "start": contract.start_date, "end": contract.end_date},
                    code="funding_period_excludes_contract",
                    contract=str(contract.pk),
                )
    stamp(source, user=actor.user, reason=reason or "changed")
    source.save()
    return source


# --- contracts ------------------------------------------------------------------------------------


class LineData(TypedDict):
    """One line as a caller gives it. ``id`` names an existing line to change; without it the line is new.

    A new line needs ``service_type`` and ``unit_price``; ``unit`` defaults to the service type's unit and
    ``funding_source`` to the contract's. An existing line keeps whatever is not given.
    """

    id: NotRequired[UUID]
    service_type: NotRequired[ServiceType]
    unit: NotRequired[str]
    unit_price: NotRequired[Decimal]
    max_units: NotRequired[Decimal | None]
    budget: NotRequired[Decimal | None]
    monthly_capacity: NotRequired[Decimal | None]
    funding_source: NotRequired[FundingSource | None]


CONTRACT_FIELDS = ("provider", "number", "title", "start_date", "end_date", "funding_source", "note")
# What an active contract may still change besides gaining lines.
ACTIVE_CONTRACT_FIELDS = ("end_date", "note")
LINE_FIELDS = ("service_type", "unit", "unit_price", "max_units", "budget", "monthly_capacity", "funding_source")
# A line with deliveries keeps what the logs were priced and paid by; one with planned services keeps its type.
FROZEN_BY_DELIVERIES = ("service_type", "unit", "unit_price", "funding_source")
FROZEN_BY_PLANNED_SERVICES = ("service_type",)


def _check_contract(actor: Actor, contract: Contract, changed: set[str], errors: Errors) -> None:
    """The contract's own fields (400s). ``changed`` names the fields newly set (all of them on creation)."""
    if contract.start_date and contract.end_date and contract.end_date < contract.start_date:
        _add(errors, "end_date", _("The end date cannot be before the start date."))
    if "provider" in changed:
        provider: Provider | None = contract.provider if contract.provider_id else None
        if provider is None or provider.centre_id != actor.centre_id:
            _add(errors, "provider", _("Unknown provider."))
        elif not provider.is_active:
            _add(errors, "provider", _("This provider is not active."))
    source = contract.funding_source
    if source is not None:
        _check_funding_source(actor, contract, source, "funding_source", is_new="funding_source" in changed,
                              errors=errors)
    _clean(contract, errors, exclude=["centre"])


def _check_funding_source(
    actor: Actor, contract: Contract, source: FundingSource, field: str, *, is_new: bool, errors: Errors
) -> None:
    if source.centre_id != actor.centre_id:
        _add(errors, field, _("Unknown funding source."))
        return
    if is_new and not source.is_active:
        _add(errors, field, _("This funding source is not active."))
    if contract.start_date and contract.end_date and not _covers(source, contract.start_date, contract.end_date):
        _add(
            errors,
            field,
            _("The funding source %(name)s runs from %(start)s to %(end)s and does not cover the contract's period.")
            % {"name": source.name, "start": source.start_date or "…", "end": source.end_date or "…"},
        )


def _check_line(
    actor: Actor, contract: Contract, line: ContractLine, changed: set[str], prefix: str, errors: Errors
) -> None:
    """One line's rules (400s). ``changed`` names the fields newly set (all given fields of a new line)."""
    service_type: ServiceType | None = line.service_type if line.service_type_id else None
    if service_type is None:
        _add(errors, f"{prefix}service_type", _("This field is required."))
    elif service_type.centre_id not in (None, actor.centre_id):
        _add(errors, f"{prefix}service_type", _("Unknown service type."))
    elif "service_type" in changed and not service_type.active:
        _add(errors, f"{prefix}service_type", _("This service type is no longer offered."))
    if line.unit_price is None:
        _add(errors, f"{prefix}unit_price", _("This field is required."))
    elif line.unit_price < 0:
        _add(errors, f"{prefix}unit_price", _("The unit price cannot be negative."))
    for field in ("max_units", "budget", "monthly_capacity"):
        value = getattr(line, field)
        if value is not None and value <= 0:
            _add(errors, f"{prefix}{field}", _("This must be greater than zero."))
    if line.max_units is None and line.budget is None:
        _add(errors, f"{prefix}max_units", _("A line needs a maximum number of units, a budget, or both."))
    source: FundingSource | None = line.funding_source if line.funding_source_id else None
    if source is None:
        _add(errors, f"{prefix}funding_source",
             _("Name the funding source, or give the contract a default funding source."))
    else:
        _check_funding_source(actor, contract, source, f"{prefix}funding_source",
                              is_new="funding_source" in changed, errors=errors)
    if not any(key.startswith(prefix) for key in errors):
        _clean(line, errors, prefix=prefix, exclude=["centre", "contract"])


def _differs(instance: Any, field: str, value: Any) -> bool:
    current = getattr(instance, f"{field}_id") if field in ("provider", "funding_source", "service_type") else (
        getattr(instance, field)
    )
    new = value.pk if hasattr(value, "pk") else value
    return bool(current != new)


def _lines_in_use(contract: Contract) -> dict[UUID, ContractLine]:
    """The contract's lines, each annotated with whether deliveries or planned services use it."""
    if contract._state.adding:
        return {}
    lines = ContractLine.objects.filter(contract=contract).select_related("service_type", "funding_source").annotate(
        # The logs and planned services of the apps above, reached by their relations to the line.
        has_deliveries=Exists(ContractLine.objects.filter(pk=OuterRef("pk"), deliveries__isnull=False)),
        has_planned_services=Exists(ContractLine.objects.filter(pk=OuterRef("pk"), planned_services__isnull=False)),
    )
    return {line.pk: line for line in lines}


def _label(model: type[Contract] | type[ContractLine], field: str) -> str:
    found = model._meta.get_field(field)
    return str(getattr(found, "verbose_name", field))


def _line_label(line: ContractLine) -> str:
    return f"{line.service_type.name} ({line.funding_source.name})"


def _plan_lines(
    actor: Actor, contract: Contract, lines: Iterable[Mapping[str, Any]], errors: Errors
) -> tuple[list[tuple[ContractLine, set[str]]], list[ContractLine]]:
    """The lines to save (each with the fields it changes) and the lines to remove; 400s go to ``errors``,
    409s (changes that the contract's status or the line's use forbid) are raised."""
    existing = _lines_in_use(contract)
    active = contract.status == ContractStatus.ACTIVE
    to_save: list[tuple[ContractLine, set[str]]] = []
    kept: set[UUID] = set()
    for index, data in enumerate(lines):
        prefix = f"lines[{index}]."
        unknown = set(data) - {"id", *LINE_FIELDS}
        if unknown:
            raise TypeError(f"unexpected line fields {sorted(unknown)}")
        if data.get("id") is not None:
            found = existing.get(data["id"])
            if found is None or found.pk in kept:
                _add(errors, f"{prefix}id", _("This contract has no such line."))
                continue
            line = found
            kept.add(line.pk)
            changed = {field for field in LINE_FIELDS if field in data and _differs(line, field, data[field])}
            if active and changed:
                raise Conflict(
                    _("The lines of an active contract cannot change (%(field)s); add a new line instead.")
                    % {"field": _label(ContractLine, sorted(changed)[0])},
                    code="active_contract_line_locked", field=f"{prefix}{sorted(changed)[0]}",
                )
            _check_use(line, changed, prefix)
        else:
            line = ContractLine(contract=contract, centre_id=actor.centre_id)
            changed = {field for field in LINE_FIELDS if field in data}
            if "funding_source" not in data or data["funding_source"] is None:
                data = {**data, "funding_source": contract.funding_source}
        for field in LINE_FIELDS:
            if field in data:
                setattr(line, field, data[field])
        if "service_type" in changed and "unit" not in data and line.service_type_id:
            line.unit = line.service_type.unit
        _check_line(actor, contract, line, changed, prefix, errors)
        to_save.append((line, changed))
    seen: dict[tuple[Any, Any], int] = {}
    for index, (line, _changed) in enumerate(to_save):
        key = (line.service_type_id, line.funding_source_id)
        if None not in key and key in seen:
            _add(errors, f"lines[{index}].service_type",
                 _("This service type already has a line paid by this funding source."))
        seen.setdefault(key, index)
    removed = [line for pk, line in existing.items() if pk not in kept]
    return to_save, removed


def _check_use(line: ContractLine, changed: set[str], prefix: str) -> None:
    frozen: tuple[str, ...] = ()
    if line.has_deliveries:  # type: ignore[attr-defined]
        frozen = FROZEN_BY_DELIVERIES
        reason = _("deliveries have been logged under it")
    elif line.has_planned_services:  # type: ignore[attr-defined]
        frozen = FROZEN_BY_PLANNED_SERVICES
        reason = _("planned services are assigned to it")
    for field in frozen:
        if field in changed:
            raise Conflict(
                _("The %(field)s of the line %(line)s cannot change: %(reason)s.")
                % {"field": _label(ContractLine, field), "line": _line_label(line), "reason": reason},
                code="line_in_use", field=f"{prefix}{field}",
            )


def _check_removals(contract: Contract, removed: list[ContractLine]) -> None:
    for line in removed:
        if contract.status == ContractStatus.ACTIVE:
            raise Conflict(
                _("Lines cannot be removed from an active contract (%(line)s).") % {"line": _line_label(line)},
                code="active_contract_line_locked", line=str(line.pk),
            )
        if line.has_deliveries or line.has_planned_services:  # type: ignore[attr-defined]
            raise Conflict(
                _("The line %(line)s cannot be removed: planned services or deliveries use it.")
                % {"line": _line_label(line)},
                code="line_in_use", line=str(line.pk),
            )


def _check_number_free(actor: Actor, contract: Contract) -> None:
    taken = scope(Contract.objects.filter(number=contract.number), actor).exclude(pk=contract.pk).first()
    if taken is not None:
        raise Conflict(
            _("The centre already has a contract numbered %(number)s (%(provider)s, %(start)s to %(end)s).")
            % {"number": taken.number, "provider": taken.provider.name, "start": taken.start_date,
               "end": taken.end_date},
            code="duplicate_contract_number", contract=str(taken.pk),
        )


def _save(
    actor: Actor,
    contract: Contract,
    to_save: list[tuple[ContractLine, set[str]]],
    removed: list[ContractLine],
    reason: str,
) -> Contract:
    stamp(contract, user=actor.user, reason=reason)
    contract.save()
    for line in removed:
        stamp(line, user=actor.user, reason=reason)
        line.delete()
    for line, changed in to_save:
        if line._state.adding or changed:
            line.contract = contract
            stamp(line, user=actor.user, reason=reason)
            line.save()
    return contract


@transaction.atomic
def create_contract(
    *,
    actor: Actor,
    provider: Provider,
    number: str,
    start_date: dt.date,
    end_date: dt.date,
    title: str = "",
    funding_source: FundingSource | None = None,
    note: str = "",
    lines: Iterable[LineData] = (),
    reason: str = "",
) -> Contract:
    """Create a draft contract with its lines, all or nothing.

    Rules: the number is unique in the centre (409 naming the existing contract); the period ends on or after
    it starts; the provider is the centre's and active; each line's service type is shipped or the centre's,
    its price is not negative, its limits are positive, it has a maximum of units or a budget (or both), and
    its funding source (default: the contract's) is the centre's, active and covers the contract's period.
    """
    require(actor, Perm.MANAGE_CONTRACTS)
    contract = Contract(
        centre_id=actor.centre_id, provider=provider, number=number, title=title, start_date=start_date,
        end_date=end_date, funding_source=funding_source, note=note, status=ContractStatus.DRAFT,
    )
    errors: Errors = {}
    _check_contract(actor, contract, set(CONTRACT_FIELDS), errors)
    to_save, removed = _plan_lines(actor, contract, list(lines), errors)
    _raise_if(errors)
    _check_number_free(actor, contract)
    return _save(actor, contract, to_save, removed, reason or "created")


@transaction.atomic
def update_contract(
    *,
    actor: Actor,
    contract: Contract,
    lines: Iterable[LineData] | None = None,
    reason: str = "",
    **fields: Any,
) -> Contract:
    """Change a contract and, when ``lines`` is given, its set of lines (all or nothing).

    ``lines`` is the whole new set: a line with an ``id`` updates that line, one without is added, and the
    contract's lines left out are removed. A line used by deliveries or planned services cannot be removed,
    nor change its service type; a line with deliveries keeps its price, unit and funding source (409).
    A draft contract can change anything; an active one only its end date and note, and gain lines (409
    otherwise); an ended or terminated one nothing (409). The creation rules apply to the result (400).
    """
    require(actor, Perm.MANAGE_CONTRACTS)
    # Lock the contract row only: PostgreSQL cannot lock the nullable side of the funding source's outer join.
    locked = Contract.objects.select_for_update(of=("self",)).select_related("provider", "funding_source")
    contract = scope(locked, actor).get(pk=contract.pk)
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"update_contract() got unexpected fields {sorted(unknown)}")
    if contract.status not in (ContractStatus.DRAFT, ContractStatus.ACTIVE):
        raise Conflict(
            _("The contract is %(status)s and can no longer be changed.") % {"status": contract.get_status_display()},
            code="contract_closed", status=contract.status,
        )
    changed = {field for field, value in fields.items() if _differs(contract, field, value)}
    if contract.status == ContractStatus.ACTIVE:
        frozen = sorted(changed - set(ACTIVE_CONTRACT_FIELDS))
        if frozen:
            raise Conflict(
                _("An active contract can only change its end date and note, and gain lines (not %(field)s).")
                % {"field": _label(Contract, frozen[0])},
                code="active_contract_locked", field=frozen[0],
            )
    for field, value in fields.items():
        setattr(contract, field, value)
    errors: Errors = {}
    _check_contract(actor, contract, changed, errors)
    if lines is not None:
        to_save, removed = _plan_lines(actor, contract, list(lines), errors)
    else:
        to_save, removed = [], []
        # The period may have moved: every line's funding source must still cover it.
        period_fields = sorted(changed & {"start_date", "end_date"})
        if period_fields:
            sources = {line.funding_source for line in contract.lines.select_related("funding_source")}
            for source in sorted(sources, key=lambda source: source.name):
                _check_funding_source(actor, contract, source, period_fields[0], is_new=False, errors=errors)
    _raise_if(errors)
    if "number" in changed:
        _check_number_free(actor, contract)
    if "provider" in changed and _in_use(contract):
        raise Conflict(
            _("The provider cannot change: planned services or deliveries already use this contract."),
            code="contract_in_use", field="provider",
        )
    if changed & {"start_date", "end_date"}:
        _check_period_keeps_deliveries(contract)
    _check_removals(contract, removed)
    return _save(actor, contract, to_save, removed, reason or "changed")


def _in_use(contract: Contract) -> bool:
    lines = ContractLine.objects.filter(contract=contract)
    return lines.filter(deliveries__isnull=False).exists() or lines.filter(planned_services__isnull=False).exists()


def _check_period_keeps_deliveries(contract: Contract) -> None:
    outside = (
        ContractLine.objects.filter(contract=contract)
        .filter(Q(deliveries__date__lt=contract.start_date) | Q(deliveries__date__gt=contract.end_date))
        .order_by("deliveries__date")
        .values_list("deliveries__date", flat=True)
        .first()
    )
    if outside is not None:
        raise Conflict(
            _("A delivery was logged on %(date)s, outside the new period of the contract.") % {"date": outside},
            code="deliveries_outside_period", field="end_date" if outside > contract.end_date else "start_date",
        )


# --- status transitions ---------------------------------------------------------------------------


# One text for every illegal move, naming the contract's current status.
_TRANSITION_MESSAGES = {
    action: _lazy("The contract is %(status)s: this action is not possible.") for action in CONTRACT_TRANSITIONS
}


def _transition(
    actor: Actor, contract: Contract, action: str, reason: str, check: Callable[[Contract], None] | None = None
) -> Contract:
    require(actor, Perm.MANAGE_CONTRACTS)
    contract = scope(Contract.objects.select_for_update(), actor).get(pk=contract.pk)
    move(contract, CONTRACT_TRANSITIONS, action, messages=_TRANSITION_MESSAGES)  # or 409 naming the status
    if check is not None:
        check(contract)
    contract.status_reason = reason
    stamp(contract, user=actor.user, reason=reason or action)
    contract.save(update_fields=["status", "status_reason", "updated_at"])
    return contract


@transaction.atomic
def activate_contract(*, actor: Actor, contract: Contract, reason: str = "") -> Contract:
    """Draft -> active: the contract's lines become available for assigning planned services. Needs a line."""

    def has_lines(contract: Contract) -> None:
        if not contract.lines.exists():
            raise Conflict(_("A contract needs at least one line to be activated."), code="contract_without_lines")

    return _transition(actor, contract, "activate", reason, has_lines)


@transaction.atomic
def end_contract(*, actor: Actor, contract: Contract, reason: str = "") -> Contract:
    """Active -> ended: the contract ran its course; its lines take no new assignments."""
    return _transition(actor, contract, "end", reason)


@transaction.atomic
def terminate_contract(*, actor: Actor, contract: Contract, reason: str) -> Contract:
    """Active -> terminated, early; the reason is required (400 naming ``reason``)."""
    if not reason.strip():
        require(actor, Perm.MANAGE_CONTRACTS)
        raise ValidationError({"reason": [_("Give the reason for terminating the contract.")]})
    return _transition(actor, contract, "terminate", reason.strip())


# --- running totals of the logs -------------------------------------------------------------------------


def add_to_line_usage(
    *, line_id: UUID, units_delivered: Decimal = ZERO, units_confirmed: Decimal = ZERO, amount_spent: Decimal = ZERO
) -> None:
    """Add to a line's running totals (negative amounts take away). The deliveries app calls this in the
    transaction of every log that changes what the line has delivered, confirmed or spent; the UPDATE holds the
    line's row until the transaction ends, so concurrent logs add up. The totals are bookkeeping, not history:
    they are not in the line's history."""
    if not (units_delivered or units_confirmed or amount_spent):
        return
    ContractLine.objects.filter(pk=line_id).update(
        units_delivered=F("units_delivered") + units_delivered,
        units_confirmed=F("units_confirmed") + units_confirmed,
        amount_spent=F("amount_spent") + amount_spent,
    )
