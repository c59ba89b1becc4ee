"""Writes on delivery logs and monthly statements.

Rules for a log (each refused with an error naming the field; nothing is capped silently):

- only provider staff log, and only against planned services assigned to their provider (others: not found);
  the planned service is assigned, its plan active and its contract in force;
- the date is not in the future (in the centre's time zone) and lies inside the plan, the planned service
  and the contract periods; the duration is 1 to 1440 minutes; units are positive (for hour units they
  default to duration / 60, otherwise to 1); cost is units x the line's unit price for a delivered service;
- conflicts (409): the same worker in two places at once, more units or money than the contract line has
  left, the month closed by a submitted or approved statement, and the same client, service type and date
  already claimed under another funding source.

Retries: a log sent again with the same ``Idempotency-Key`` (``cus.core.idempotency``) or ``client_uuid``
returns the first result and creates nothing; the same key with different content is a conflict.

A month closed for reporting (``ClosedMonth``: the reports app closes and re-opens months through
``close_month_to_logs`` / ``reopen_month_to_logs``) takes no new, changed or correcting logs either.

Corrections: while a log's month is open, provider staff edit it (a disputed log returns to "logged").
Once the month is approved, a correcting entry is logged instead (by the provider's staff or the client's
coordinator): dated in an open month (by default the
day it is made), carrying the corrected values, with ``corrects`` pointing to the original, which stays
unchanged in its approved statement. Statements count the correcting entry as its difference from the
original (see ``selectors``). An entry is corrected once; to correct again, correct the correcting entry.
Date and time checks (overlaps, double funding) look at original entries only: a correcting entry is dated
when it is made, not when the visit happened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, connection, transaction
from django.db.models import DateField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cus.catalogue.models import ServiceType, ServiceTypeLimit, Unit
from cus.contracts import services as contracts_services
from cus.contracts.models import Contract, ContractLine, ContractStatus
from cus.contracts.selectors import line_remaining
from cus.core import idempotency
from cus.core.access import Perm, can, require, scope
from cus.core.context import Actor
from cus.core.dates import centre_today, first_of_month, last_of_month, local_midnight
from cus.core.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre
from cus.core.transitions import move
from cus.plans.models import PlannedService, PlannedServiceStatus, PlanStatus
from cus.plans.selectors import line_on

from . import flags, selectors
from .models import (
    DELIVERY_TRANSITIONS,
    STATEMENT_TRANSITIONS,
    ClosedMonth,
    ConfirmationKind,
    Delivery,
    DeliveryMonthTotal,
    DeliveryStatus,
    MonthlyStatement,
    Outcome,
    StatementStatus,
)

CENT = Decimal("0.01")
MAX_DURATION_MINUTES = 1440
MAX_BULK_ROWS = 500
BATCH_SIZE = 250  # rows per INSERT of a bulk log (a statement's parameters stay well below the databases' limits)
MAX_SIGNATURE_BYTES = 200 * 1024
# The values of a log its provider may change: while its month is open by editing it (``update_delivery``, which
# may also add the client's confirmation), once the month is approved by a correcting entry that carries them
# (``correct_delivery``, which copies those not given from the original). The API's change serializers follow it.
EDITABLE_FIELDS = ("date", "start_time", "duration_minutes", "units", "worker_name", "outcome", "note")
# The Idempotency-Key endpoints (``cus.core.idempotency``): keys are per user and endpoint.
LOG_DELIVERY_ENDPOINT = "deliveries.log_delivery"
LOG_DELIVERIES_ENDPOINT = "deliveries.log_deliveries"
_DATA_URL = re.compile(r"^data:image/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$")
_SVG_PATH = re.compile(r"^[Mm][MmZzLlHhVvCcSsQqTtAa0-9eE.,+\-\s]*$")
# Copied from loaded objects, not from input: full_clean need not look each of them up again.
_TRUSTED_RELATIONS = [
    "centre", "planned_service", "client", "provider", "service_type", "contract_line", "funding_source",
    "corrects", "logged_by", "statement",
]


class RowErrors(DomainError):
    """A bulk request refused as a whole; ``rows`` lists ``{"index", "errors": {field: [messages]}}``."""

    default_code = "invalid_rows"


@dataclass(frozen=True)
class DeliveryInput:
    """One log as sent by provider staff."""

    planned_service: UUID
    date: dt.date
    start_time: dt.time | None = None
    duration_minutes: int | None = None
    units: Decimal | None = None
    worker_name: str = ""
    outcome: str = Outcome.DELIVERED
    note: str = ""
    client_uuid: UUID | None = None
    confirmation: Mapping[str, str] | None = field(default=None)

    def fingerprint(self) -> str:
        """A hash of the content: a retry carries the same one, a reused key for other content does not."""
        values = asdict(self)
        values["units"] = None if self.units is None else f"{self.units:.2f}"
        values["worker_name"] = self.worker_name.strip()
        values["confirmation"] = dict(self.confirmation) if self.confirmation else None
        return idempotency.fingerprint(values)


# --- helpers --------------------------------------------------------------------------------------


def _decimal(value: Decimal) -> str:
    return number_format(value, decimal_pos=2)


def _field_errors(error: Exception) -> dict[str, list[str]]:
    """The ``{field: [messages]}`` of a domain error, for a bulk row."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return {("non_field_errors" if k == NON_FIELD_ERRORS else k): list(v) for k, v in error.message_dict.items()}
        return {"non_field_errors": list(error.messages)}
    assert isinstance(error, DomainError)
    return {error.extra.get("field", "non_field_errors"): [str(error.detail)]}


def _earlier_logs(actor: Actor, rows: Sequence[DeliveryInput]) -> dict[UUID, Delivery]:
    """The logs created earlier with the client_uuids of ``rows`` (retries), by client_uuid: one query."""
    uuids = {row.client_uuid for row in rows if row.client_uuid is not None}
    if not uuids:
        return {}
    return {
        found.client_uuid: found
        for found in Delivery.objects.filter(centre_id=actor.centre_id, client_uuid__in=uuids)
        if found.client_uuid is not None
    }


def _check_retry(actor: Actor, data: DeliveryInput, earlier: Delivery) -> None:
    """A log sent again under its client_uuid must be the same log, by the same provider."""
    if earlier.provider_id != actor.provider_id or earlier.request_fingerprint != data.fingerprint():
        raise Conflict(
            _("This client_uuid was already used for a different delivery."),
            code="client_uuid_reused", field="client_uuid",
        )


def _planned_services(actor: Actor, ids: set[UUID]) -> dict[UUID, PlannedService]:
    """The planned services among ``ids`` the actor may log against, with their plan, line and contract: one
    query."""
    if not ids:
        return {}
    return {found.pk: found for found in selectors.loggable_planned_services(actor).filter(pk__in=ids)}


def _planned_service(actor: Actor, planned_service_id: UUID) -> PlannedService:
    found = selectors.loggable_planned_services(actor).filter(pk=planned_service_id).first()
    if found is None:
        raise NotFound(_("Planned service not found."), field="planned_service")
    return found


def _default_units(line: ContractLine, duration_minutes: int | None) -> Decimal:
    if line.unit == Unit.HOUR and duration_minutes is not None:
        return (Decimal(duration_minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(1)


def _cost(units: Decimal, outcome: str, line: ContractLine) -> Decimal:
    if outcome != Outcome.DELIVERED:
        return Decimal("0.00")
    return (units * line.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_confirmation(
    confirmation: Mapping[str, str], planned_service: PlannedService, errors: dict[str, list[str]]
) -> None:
    kind = confirmation.get("kind")
    if kind == ConfirmationKind.SIGNATURE:
        signature = (confirmation.get("signature") or "").strip()
        if not signature:
            errors["confirmation"] = [_("Add the client's signature.")]
        elif len(signature.encode()) > MAX_SIGNATURE_BYTES:
            errors["confirmation"] = [_("The signature is larger than 200 kB.")]
        elif not (_DATA_URL.match(signature) or _SVG_PATH.match(signature)):
            errors["confirmation"] = [_("The signature must be an SVG path or an image data URL.")]
    elif kind == ConfirmationKind.CODE:
        expected = planned_service.confirmation_code.strip().upper()
        given = (confirmation.get("code") or "").strip().upper()
        if not expected:
            errors["confirmation"] = [_("This planned service has no confirmation code: ask for a signature.")]
        elif not hmac.compare_digest(given.encode(), expected.encode()):
            errors["confirmation"] = [_("The confirmation code is wrong.")]
    else:
        errors["confirmation"] = [_("Choose a signature or a code.")]


def _state_error(planned_service: PlannedService) -> str | None:
    """Why nothing may be logged against the planned service now (not assigned, plan not active, draft contract)."""
    plan = planned_service.plan
    line = planned_service.contract_line
    if planned_service.status != PlannedServiceStatus.ASSIGNED or line is None:
        return _("This planned service is %(status)s: deliveries are logged only against assigned services.") % {
            "status": planned_service.get_status_display()}
    if plan.status != PlanStatus.ACTIVE:
        return _("The client's plan is %(status)s: deliveries are logged only under an active plan.") % {
            "status": plan.get_status_display()}
    if line.contract.status == ContractStatus.DRAFT:
        return _("The contract of this planned service is not in force yet.")
    return None


def _date_error(actor: Actor, day: dt.date, line: ContractLine, planned_service: PlannedService | None) -> str | None:
    """Not in the future, inside the contract's period, and (for a log against its planned service) inside the
    plan's and the planned service's periods."""
    if day > centre_today(actor.centre):
        return _("The date is in the future.")
    if planned_service is not None:
        plan = planned_service.plan
        if day < plan.start_date or (plan.end_date and day > plan.end_date):
            return _("The date is outside the plan's period.")
        if day < planned_service.start_date or (planned_service.end_date and day > planned_service.end_date):
            return _("The date is outside the planned service's period.")
    contract = line.contract
    if not contract.start_date <= day <= contract.end_date:
        return _("The date is outside the contract's period (%(start)s to %(end)s).") % {
            "start": contract.start_date.isoformat(), "end": contract.end_date.isoformat()}
    return None


def _check_values(
    actor: Actor, data: DeliveryInput, *, planned_service: PlannedService | None = None,
    line: ContractLine | None = None,
) -> None:
    """The rules on a log's values (400, every field's errors at once), for a new log, an edit and a correcting
    entry alike.

    A log against its ``planned_service`` (a new log, or an edit of one) is checked against the service's state
    and the plan's periods, needs the duration or the units of an hourly service, and may carry the client's
    confirmation. A correcting entry (``line``: the contract line of the log it corrects) is dated when it is
    made, inside the contract's period, and carries no confirmation.
    """
    errors: dict[str, list[str]] = {}
    if planned_service is not None:
        line = line_on(planned_service, data.date)  # a service across contract years: the period's line
        if state_error := _state_error(planned_service):
            errors["planned_service"] = [state_error]
    date_error = None if "planned_service" in errors or line is None else _date_error(
        actor, data.date, line, planned_service
    )
    if date_error:
        errors["date"] = [date_error]
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [
            _("The duration must be between 1 and %(max)d minutes.") % {"max": MAX_DURATION_MINUTES}
        ]
    if data.units is not None and data.units <= 0:
        errors["units"] = [_("Units must be more than zero.")]
    hourly = planned_service is not None and line is not None and line.unit == Unit.HOUR
    if hourly and data.units is None and data.duration_minutes is None:
        errors["duration_minutes"] = [_("Give the duration or the units of an hourly service.")]
    if data.outcome not in Outcome.values:
        errors["outcome"] = [_("Unknown outcome.")]
    if (
        planned_service is not None and line is not None and "planned_service" not in errors
        and line.unit != planned_service.service_type.unit
    ):
        errors["planned_service"] = [
            _("This service is counted per %(unit)s, but its contract line is priced per %(line_unit)s: the "
              "centre must assign it to a line in the same unit.") % {
                "unit": Unit(planned_service.service_type.unit).label, "line_unit": Unit(line.unit).label}
        ]
    units_error = None if line is None or {"units", "duration_minutes"} & set(errors) else _units_error(line.unit, data)
    if units_error:
        errors["units"] = [units_error]
    if data.confirmation and planned_service is None:
        errors["confirmation"] = [_("A correcting entry carries no client confirmation.")]
    elif data.confirmation:
        assert planned_service is not None
        _check_confirmation(data.confirmation, planned_service, errors)
    if errors:
        raise ValidationError(errors)


# An hourly log's units may round its duration up or down by this much (billing in quarter hours).
HOURLY_ROUNDING_MINUTES = 15
# A timed log of visits, sessions or contacts counts at most one per this many minutes.
MINUTES_PER_COUNTED_UNIT = 15
COUNTED_UNITS = (Unit.VISIT, Unit.SESSION, Unit.CONTACT)
DAY_MINUTES = Decimal(24 * 60)


def _units_error(unit: str, data: DeliveryInput) -> str | None:
    """Why the units cannot be true for the line's unit and the visit's duration (None: they can)."""
    if data.units is None or data.units <= 0:
        return None
    if unit == Unit.HOUR:
        if data.units > 24:
            return _("%(units)s hours in one log: no one gets more than 24 hours of a service in a day.") % {
                "units": _decimal(data.units)}
        if data.duration_minutes is not None and abs(data.units * 60 - data.duration_minutes) > HOURLY_ROUNDING_MINUTES:
            return _("%(units)s hours do not match a visit of %(minutes)s minutes.") % {
                "units": _decimal(data.units), "minutes": data.duration_minutes}
    elif (
        unit in COUNTED_UNITS and data.duration_minutes is not None and data.units > 1
        and data.units * MINUTES_PER_COUNTED_UNIT > data.duration_minutes
    ):
        return _("%(units)s %(unit)s units do not fit in %(minutes)s minutes.") % {
            "units": _decimal(data.units), "unit": Unit(unit).label, "minutes": data.duration_minutes}
    return None


def _month_closed(day: dt.date) -> Conflict:
    return Conflict(
        _("%(month)s is closed for reporting: it takes no new or changed logs until it is re-opened.")
        % {"month": f"{day:%Y-%m}"},
        code="month_closed", field="date",
    )


def _statement_closed(day: dt.date, statement: MonthlyStatement) -> Conflict:
    return Conflict(
        _("The statement for %(month)s is %(status)s: that month takes no new or changed logs.")
        % {"month": f"{day:%Y-%m}", "status": statement.get_status_display().lower()},
        code="month_closed", field="date",
    )


def _check_month_open(delivery: Delivery) -> None:
    """The log's month takes logs: not closed for reporting, and its statement neither submitted nor approved."""
    day = delivery.date
    if selectors.is_month_closed(delivery.centre_id, day):
        raise _month_closed(day)
    statement = selectors.closing_statement(delivery.contract_line.contract_id, first_of_month(day), lock=True)
    if statement is not None:
        raise _statement_closed(day, statement)


def _counted(delivery: Delivery | None) -> tuple[Decimal, Decimal]:
    """The units and money a log takes from its contract line."""
    if delivery is None or delivery.outcome != Outcome.DELIVERED:
        return Decimal(0), Decimal(0)
    return delivery.units, delivery.cost


NOTHING = (Decimal(0), Decimal(0))
ONE_DAY = dt.timedelta(days=1)


def _timed(delivery: Delivery) -> bool:
    """Whether a log books its worker's time: an original entry (not a correcting one), not cancelled by the
    provider, with a worker, a start and a duration."""
    return bool(
        delivery.worker_name.strip() and delivery.start_time is not None and delivery.duration_minutes
        and delivery.outcome != Outcome.CANCELLED_BY_PROVIDER and delivery.corrects_id is None
    )


def _has_worker(delivery: Delivery) -> bool:
    return bool(delivery.worker_name.strip()) and delivery.outcome != Outcome.CANCELLED_BY_PROVIDER


def _minutes(delivery: Delivery) -> Decimal:
    """The time a log takes of its day: its duration, or the units of an hourly service; 0 when neither says."""
    if delivery.duration_minutes:
        return Decimal(delivery.duration_minutes)
    if delivery.contract_line.unit == Unit.HOUR:
        return delivery.units * 60
    return Decimal(0)


def _overlap(one: Delivery, other: Delivery) -> bool:
    """Whether two logs of a day are the same time: their spans overlap, or (a duration missing) they start
    together."""
    if not one.duration_minutes or not other.duration_minutes:
        return one.start_time == other.start_time
    start, end = _span(one)
    other_start, other_end = _span(other)
    return other_start < end and start < other_end


def _window(delivery: Delivery) -> tuple[dt.date, dt.date]:
    """The period a log counts in against its planned service's frequency: the week (Monday to Sunday), the month,
    or (per "total") the service's whole period."""
    planned_service = delivery.planned_service
    if planned_service.per == "week":
        monday = delivery.date - dt.timedelta(days=delivery.date.weekday())
        return monday, monday + dt.timedelta(days=6)
    if planned_service.per == "month":
        return first_of_month(delivery.date), last_of_month(delivery.date)
    return planned_service.start_date, planned_service.end_date or dt.date.max


def _claims(delivery: Delivery) -> bool:
    """Whether a log claims its client's service type on its day from its funding source."""
    return delivery.outcome == Outcome.DELIVERED and delivery.corrects_id is None


def _span(delivery: Delivery) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(delivery.date, delivery.start_time)  # type: ignore[arg-type]
    return start, start + dt.timedelta(minutes=delivery.duration_minutes)  # type: ignore[arg-type]


def _latest_first(delivery: Delivery) -> tuple[int, int]:
    """The logs' default order (latest date and start first), for the one a conflict names."""
    start = delivery.start_time
    return (-delivery.date.toordinal(), -(start.hour * 3600 + start.minute * 60 + start.second) if start else 1)


class _Checks:
    """The conflicts (409) of logs about to be saved, checked in sets: whatever the number of logs, one query each
    for the closed months, the months' statements (locked), the workers' other visits, the claims on the same
    clients and days, and the contract lines (locked) they take from; then each log in turn, also against the
    logs admitted before it (a bulk request's earlier rows).

    A log is refused when its month is closed (for reporting, or by a submitted or approved statement), when its
    worker is elsewhere at that time (visits may run past midnight), when its client's service type is already
    claimed that day under another funding source, or when its contract line is short of what it takes
    (``before``: what the log took before an edit, or what the entry it corrects took). Date and time checks look
    at original entries only: a correcting entry is dated when it is made, not when the visit happened.

    Locks are taken statements first, then lines, each in id order: the order of every writer of logs.
    """

    def __init__(self, deliveries: Sequence[tuple[Delivery, tuple[Decimal, Decimal]]], *, tolerance: int) -> None:
        self.before = {id(delivery): before for delivery, before in deliveries}
        logs = [delivery for delivery, _before in deliveries]
        saved = [delivery.pk for delivery in logs if not delivery._state.adding]
        self.closed_months: set[dt.date] = set()
        self.statements: dict[tuple[Any, dt.date], MonthlyStatement] = {}
        self.visits: list[Delivery] = []
        self.claimed: list[Delivery] = []
        self.worker_logs: list[Delivery] = []
        self.client_logs: list[Delivery] = []
        self.daily_limits: dict[Any, Decimal | None] = {}
        self.window_units: list[tuple[Any, dt.date, Decimal]] = []
        self.tolerance = tolerance
        self.remaining: dict[Any, list[Decimal | None]] = {}
        if not logs:
            return
        centre_id = logs[0].centre_id
        months = {first_of_month(delivery.date) for delivery in logs}
        self.closed_months = set(
            ClosedMonth.objects.filter(centre_id=centre_id, month__in=months).values_list("month", flat=True)
        )
        keys = {(delivery.contract_line.contract_id, first_of_month(delivery.date)) for delivery in logs}
        statements = MonthlyStatement.objects.filter(
            reduce(operator.or_, (Q(contract_id=contract, month=month) for contract, month in sorted(keys)))
        )
        self.statements = {
            (statement.contract_id, statement.month): statement
            for statement in statements.select_for_update().order_by("pk")
        }
        originals = [delivery for delivery in logs if delivery.corrects_id is None]
        workers = [delivery for delivery in originals if _has_worker(delivery)]
        if workers:
            names = {delivery.worker_name.strip().casefold(): delivery.worker_name.strip() for delivery in workers}
            self.worker_logs = list(
                Delivery.objects.filter(
                    centre_id=centre_id,
                    provider_id__in={delivery.provider_id for delivery in workers},
                    date__in={delivery.date + shift for delivery in workers for shift in (-ONE_DAY, ONE_DAY * 0, ONE_DAY)},
                    corrects__isnull=True,
                )
                .filter(reduce(operator.or_, (Q(worker_name__iexact=name) for name in names.values())))
                .exclude(outcome=Outcome.CANCELLED_BY_PROVIDER)
                .exclude(pk__in=saved)
                .select_related("contract_line")
                .only("provider_id", "worker_name", "date", "start_time", "duration_minutes", "units", "outcome",
                      "corrects_id", "contract_line__unit")
                .order_by()
            )
        self.visits = [delivery for delivery in self.worker_logs if _timed(delivery)]
        # The same clients' logs on the same days: the day's hours and units, the day's claim, the same visit.
        if originals:
            self.client_logs = list(
                Delivery.objects.filter(
                    centre_id=centre_id,
                    client_id__in={delivery.client_id for delivery in originals},
                    date__in={delivery.date for delivery in originals},
                    corrects__isnull=True,
                )
                .exclude(outcome=Outcome.CANCELLED_BY_PROVIDER)
                .exclude(pk__in=saved)
                .select_related("funding_source", "contract_line")
                .only("client_id", "service_type_id", "planned_service_id", "date", "start_time", "duration_minutes",
                      "units", "outcome", "corrects_id", "funding_source__name", "contract_line__unit")
                .order_by()
            )
        self.claimed = [delivery for delivery in self.client_logs if _claims(delivery)]
        if originals:
            types = ServiceType.objects.filter(pk__in={delivery.service_type_id for delivery in originals})
            self.daily_limits = {
                row["pk"]: row["own_limit"] if row["has_own"] else row["daily_limit"]
                for row in selectors.with_centre_limit(types, centre_id).values(
                    "pk", "daily_limit", "has_own", "own_limit")
            }
        # The units already logged in each planned service's week, month or (per "total") whole period.
        planned = [delivery for delivery in originals if _claims(delivery) and delivery.planned_service_id]
        if planned:
            windows = [_window(delivery) for delivery in planned]
            self.window_units = list(
                Delivery.objects.filter(
                    planned_service_id__in={delivery.planned_service_id for delivery in planned},
                    date__gte=min(start for start, _end in windows),
                    date__lte=max(end for _start, end in windows),
                    outcome=Outcome.DELIVERED,
                    corrects__isnull=True,
                )
                .exclude(pk__in=saved)
                .values("planned_service_id", "date")
                .annotate(total=Sum("units"))
                .values_list("planned_service_id", "date", "total")
                .order_by()
            )
        taking = {delivery.contract_line_id for delivery in logs if self._needs(delivery) != NOTHING}
        if taking:
            locked = ContractLine.objects.select_for_update(of=("self",)).filter(pk__in=taking).order_by("pk")
            self.remaining = {line.pk: list(line_remaining(line)) for line in locked}

    def _needs(self, delivery: Delivery) -> tuple[Decimal, Decimal]:
        """What the log takes from its line beyond what it took before (nothing when it takes less)."""
        units, cost = _counted(delivery)
        before = self.before.get(id(delivery), NOTHING)
        units_needed, cost_needed = units - before[0], cost - before[1]
        if units_needed <= 0 and cost_needed <= 0:
            return NOTHING
        return units_needed, cost_needed

    def check(self, delivery: Delivery) -> None:
        """Raise the log's first conflict, if any (the month, the same visit logged before, the worker's time, the
        day's claim, the line), or its first implausible value (400: more than a day's hours for the client or the
        worker, above the service's daily limit); then set its flags (what is possible but unusual)."""
        day = delivery.date
        if first_of_month(day) in self.closed_months:
            raise _month_closed(day)
        statement = self.statements.get((delivery.contract_line.contract_id, first_of_month(day)))
        if statement is not None and statement.status in selectors.FROZEN_STATEMENT_STATUSES:
            raise _statement_closed(day, statement)
        if delivery.corrects_id is None:
            self._check_same_visit(delivery)
        self._check_overlap(delivery)
        self._check_double_funding(delivery)
        if delivery.corrects_id is None:
            self._check_day(delivery)
        self._check_line_has_room(delivery)
        self._flag(delivery)

    def admit(self, delivery: Delivery) -> None:
        """Count a checked log in what the logs after it are checked against."""
        if delivery.corrects_id is None and delivery.outcome != Outcome.CANCELLED_BY_PROVIDER:
            if _has_worker(delivery):
                self.worker_logs.append(delivery)
            self.client_logs.append(delivery)
            if _claims(delivery) and delivery.planned_service_id:
                self.window_units.append((delivery.planned_service_id, delivery.date, delivery.units))
        if _timed(delivery):
            self.visits.append(delivery)
        if _claims(delivery):
            self.claimed.append(delivery)
        units_needed, cost_needed = self._needs(delivery)
        remaining = self.remaining.get(delivery.contract_line_id)
        if remaining is not None:
            if remaining[0] is not None:
                remaining[0] -= units_needed
            if remaining[1] is not None:
                remaining[1] -= cost_needed

    def _check_overlap(self, delivery: Delivery) -> None:
        """The same worker of the provider cannot be at two visits at once."""
        if not _timed(delivery):
            return
        name = delivery.worker_name.strip()
        start, end = _span(delivery)
        same_worker = (
            other for other in self.visits
            if other.provider_id == delivery.provider_id and other.worker_name.strip().casefold() == name.casefold()
            and abs(other.date - delivery.date) <= ONE_DAY and other is not delivery
        )
        for other in sorted(same_worker, key=_latest_first):
            other_start, other_end = _span(other)
            if other_start < end and start < other_end:
                raise Conflict(
                    _("%(worker)s already has a visit from %(start)s to %(end)s on %(date)s.") % {
                        "worker": name, "start": f"{other_start:%H:%M}", "end": f"{other_end:%H:%M}",
                        "date": other.date.isoformat()},
                    code="worker_overlap", field="start_time",
                )

    def _check_same_visit(self, delivery: Delivery) -> None:
        """The same visit is logged once, whoever is named as its worker: a log of the same planned service on the
        same day at an overlapping time (or at the same start, when a duration is missing) is a 409 naming the log
        already there."""
        if delivery.start_time is None or delivery.outcome == Outcome.CANCELLED_BY_PROVIDER:
            return
        for other in sorted(self._same_service_same_day(delivery), key=_latest_first):
            if other.start_time is None:
                continue
            if _overlap(delivery, other):
                raise Conflict(
                    _("This visit is already logged (%(date)s at %(start)s).") % {
                        "date": other.date.isoformat(), "start": f"{other.start_time:%H:%M}"},
                    code="duplicate_visit", field="start_time", existing=str(other.pk) if other.pk else "",
                )

    def _same_service_same_day(self, delivery: Delivery) -> list[Delivery]:
        return [
            other for other in self.client_logs
            if other is not delivery and other.planned_service_id == delivery.planned_service_id
            and other.date == delivery.date and other.corrects_id is None
        ]

    def _check_day(self, delivery: Delivery) -> None:
        """No one is served more than 24 hours a day, no worker works more than 24 hours a day, and no client gets
        more of a service in a day than its daily limit (the centre's, or the service type's)."""
        if delivery.outcome != Outcome.DELIVERED:
            return
        field = "duration_minutes" if delivery.duration_minutes else "units"
        same_day = [other for other in self.client_logs
                    if other.client_id == delivery.client_id and other.date == delivery.date and other is not delivery
                    and _claims(other)]
        minutes = _minutes(delivery)
        if minutes and sum((_minutes(other) for other in same_day), minutes) > DAY_MINUTES:
            raise ValidationError({field: [
                _("With this log the client would get more than 24 hours of services on %(date)s.")
                % {"date": delivery.date.isoformat()}
            ]})
        if minutes and _has_worker(delivery):
            name = delivery.worker_name.strip().casefold()
            worked = sum(
                (_minutes(other) for other in self.worker_logs
                 if other is not delivery and other.provider_id == delivery.provider_id
                 and other.date == delivery.date and other.worker_name.strip().casefold() == name),
                minutes,
            )
            if worked > DAY_MINUTES:
                raise ValidationError({field: [
                    _("With this log %(worker)s would work more than 24 hours on %(date)s.")
                    % {"worker": delivery.worker_name.strip(), "date": delivery.date.isoformat()}
                ]})
        limit = self.daily_limits.get(delivery.service_type_id)
        if limit is not None:
            units = sum(
                (other.units for other in same_day if other.service_type_id == delivery.service_type_id),
                delivery.units,
            )
            if units > limit:
                raise ValidationError({"units": [
                    _("With this log the client would get %(units)s units of this service on %(date)s; the most in "
                      "a day is %(limit)s.") % {
                        "units": _decimal(units), "date": delivery.date.isoformat(), "limit": _decimal(limit)}
                ]})

    def _flag(self, delivery: Delivery) -> None:
        """Set the log's flags (above the plan's frequency, on a day the plan does not cover, a second visit the
        same day). A log whose flags change is flagged anew; a correcting entry carries none."""
        found: list[dict[str, Any]] = []
        planned_service = delivery.planned_service if delivery.planned_service_id else None
        if delivery.corrects_id is None and planned_service is not None and _claims(delivery):
            if above := self._above_frequency(delivery, planned_service):
                found.append(above)
            weekdays = [int(day) for day in planned_service.weekdays or []]
            if weekdays and delivery.date.isoweekday() not in weekdays:
                found.append(flags.off_schedule(weekday=delivery.date.isoweekday(), weekdays=weekdays))
            others = [other for other in self._same_service_same_day(delivery) if _claims(other)]
            if others:
                found.append(flags.second_visit(other=str(others[0].pk or "")))
        if found == delivery.flags:
            return
        delivery.flags = found
        delivery.flagged = bool(found)
        delivery.flags_resolved_at = None
        delivery.flags_resolved_by = None
        delivery.flags_resolution = ""

    def _above_frequency(self, delivery: Delivery, planned_service: PlannedService) -> dict[str, Any] | None:
        start, end = _window(delivery)
        logged = sum(
            (units for service_id, day, units in self.window_units
             if service_id == delivery.planned_service_id and start <= day <= end),
            delivery.units,
        )
        allowed = planned_service.units * (100 + self.tolerance) / 100
        if logged <= allowed:
            return None
        return flags.above_frequency(
            per=planned_service.per, planned=_decimal(planned_service.units), logged=_decimal(logged),
            tolerance=self.tolerance,
        )

    def _check_double_funding(self, delivery: Delivery) -> None:
        """One client, service type and day is paid by one funding source only."""
        if not _claims(delivery):
            return
        claims = sorted(
            (
                other for other in self.claimed
                if other.client_id == delivery.client_id and other.service_type_id == delivery.service_type_id
                and other.date == delivery.date and other.funding_source_id != delivery.funding_source_id
                and other is not delivery
            ),
            key=_latest_first,
        )
        if claims:
            raise Conflict(
                _("This service was already claimed for the client on %(date)s under another funding source "
                  "(%(source)s).") % {"date": delivery.date.isoformat(), "source": claims[0].funding_source.name},
                code="double_funding", field="date",
            )

    def _check_line_has_room(self, delivery: Delivery) -> None:
        """The line has the units and money the log takes (less what it took before), after the logs admitted
        before it."""
        units_needed, cost_needed = self._needs(delivery)
        if (units_needed, cost_needed) == NOTHING:
            return
        units_remaining, amount_remaining = self.remaining[delivery.contract_line_id]
        if units_needed > 0 and units_remaining is not None and units_needed > units_remaining:
            remaining = max(units_remaining, Decimal(0))
            raise Conflict(
                _("Only %(remaining)s units remain on the contract line; this log needs %(needed)s.")
                % {"remaining": _decimal(remaining), "needed": _decimal(units_needed)},
                code="units_exceeded", field="units", remaining=str(remaining),
            )
        if cost_needed > 0 and amount_remaining is not None and cost_needed > amount_remaining:
            remaining = max(amount_remaining, Decimal(0))
            raise Conflict(
                _("Only %(remaining)s remain in the contract line's budget; this log costs %(needed)s.")
                % {"remaining": _decimal(remaining), "needed": _decimal(cost_needed)},
                code="budget_exceeded", field="units", remaining=str(remaining),
            )


def _check_conflicts(actor: Actor, delivery: Delivery, *, before: tuple[Decimal, Decimal] = NOTHING) -> None:
    """The conflicts (409) of one log about to be saved (an edit, a correcting entry), and its flags: see
    ``_Checks``."""
    _Checks([(delivery, before)], tolerance=actor.centre.log_frequency_tolerance).check(delivery)


# --- building a log -----------------------------------------------------------------------------------


def _input_of(delivery: Delivery, **changes: Any) -> DeliveryInput:
    """A log's values as input, with ``changes`` made."""
    current = DeliveryInput(
        planned_service=delivery.planned_service_id, client_uuid=delivery.client_uuid,
        **{name: getattr(delivery, name) for name in EDITABLE_FIELDS},
    )
    return replace(current, **changes)


def _changes(changes: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """The changes asked for, if each is allowed; a new duration without new units recomputes the units."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    if "duration_minutes" in changes and "units" not in changes:
        changes = {**changes, "units": None}
    return changes


def _apply(delivery: Delivery, data: DeliveryInput) -> None:
    """Set a log's values (``EDITABLE_FIELDS``) from ``data``, and what follows from them: the units by default,
    the cost at the line's price, the client's confirmation when given."""
    for name in EDITABLE_FIELDS:
        setattr(delivery, name, getattr(data, name))
    line = delivery.contract_line
    delivery.worker_name = data.worker_name.strip()
    if data.units is None:
        delivery.units = _default_units(line, data.duration_minutes)
    delivery.cost = _cost(delivery.units, delivery.outcome, line)
    if data.confirmation:
        delivery.confirmation_kind = data.confirmation["kind"]
        delivery.confirmation_signature = (
            data.confirmation.get("signature", "").strip()
            if data.confirmation["kind"] == ConfirmationKind.SIGNATURE else ""
        )
        delivery.confirmed_by_client_at = timezone.now()


def _build(
    actor: Actor, data: DeliveryInput, *, planned_service: PlannedService | None = None,
    corrects: Delivery | None = None,
) -> Delivery:
    """The one builder of a ``Delivery`` row: a new log against its ``planned_service``, or a correcting entry of
    the log it ``corrects`` (which keeps that log's planned service, contract line, provider and funding source).
    The denormalised fields (centre, client, provider, service type, contract line, funding source) are set here,
    the values and the cost by ``_apply``."""
    if corrects is not None:
        delivery = Delivery(
            planned_service_id=corrects.planned_service_id,
            client_id=corrects.client_id,
            provider_id=corrects.provider_id,
            service_type_id=corrects.service_type_id,
            contract_line=corrects.contract_line,
            funding_source_id=corrects.funding_source_id,
            corrects=corrects,
        )
    else:
        assert planned_service is not None
        line = line_on(planned_service, data.date)
        assert line is not None
        delivery = Delivery(
            planned_service=planned_service,
            client_id=planned_service.plan.client_id,
            provider_id=line.contract.provider_id,
            service_type_id=planned_service.service_type_id,
            contract_line=line,
            funding_source_id=line.funding_source_id,
            client_uuid=data.client_uuid,
            request_fingerprint=data.fingerprint(),
        )
    delivery.centre_id = actor.centre_id
    delivery.logged_by = actor.user
    _apply(delivery, data)
    return delivery


@dataclass(frozen=True)
class LineShare:
    """What a log adds to its contract line's running totals: its units, confirmed units and cost when it is in
    force with the outcome "delivered", nothing otherwise."""

    units: Decimal = Decimal(0)
    confirmed: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)

    @classmethod
    def of(cls, delivery: Delivery) -> LineShare:
        if delivery.outcome != Outcome.DELIVERED:
            return cls()
        confirmed = delivery.units if delivery.status == DeliveryStatus.CONFIRMED else Decimal(0)
        return cls(delivery.units, confirmed, delivery.cost)


NO_SHARE = LineShare()


def _add_to_line(line_id: Any, share: LineShare, *, sign: int = 1) -> None:
    contracts_services.add_to_line_usage(
        line_id=line_id, units_delivered=sign * share.units, units_confirmed=sign * share.confirmed,
        amount_spent=sign * share.cost,
    )


@dataclass(frozen=True)
class MonthShare:
    """What a log adds to its month's rollup (``DeliveryMonthTotal``): nothing unless it is in force with the
    outcome "delivered" (a log that is superseded is taken out by the service that supersedes it)."""

    key: tuple[Any, Any, Any, dt.date]  # centre, contract line, service type, month
    units: Decimal
    cost: Decimal
    minutes: int
    untimed_units: Decimal

    @classmethod
    def of(cls, delivery: Delivery) -> MonthShare | None:
        if delivery.outcome != Outcome.DELIVERED:
            return None
        return cls(
            key=(delivery.centre_id, delivery.contract_line_id, delivery.service_type_id, first_of_month(delivery.date)),
            units=delivery.units, cost=delivery.cost, minutes=delivery.duration_minutes or 0,
            untimed_units=delivery.units if delivery.duration_minutes is None else Decimal(0),
        )


def _add_to_months(moves: Sequence[tuple[MonthShare | None, int]]) -> None:
    """Add (sign 1) or take away (sign -1) logs' shares from their months' rollups: one upsert per contract line,
    service type and month (``INSERT ... ON CONFLICT DO UPDATE``, in key order), in the log's transaction."""
    totals: dict[tuple[Any, Any, Any, dt.date], list[Any]] = {}
    for share, sign in moves:
        if share is None:
            continue
        total = totals.setdefault(share.key, [Decimal(0), Decimal(0), 0, Decimal(0), 0])
        total[0] += sign * share.units
        total[1] += sign * share.cost
        total[2] += sign * share.minutes
        total[3] += sign * share.untimed_units
        total[4] += sign
    rows = [
        (str(centre), str(line), str(service_type), month, *total)
        for (centre, line, service_type, month), total in sorted(totals.items(), key=lambda item: str(item[0]))
        if any(total)
    ]
    if not rows:
        return
    table = connection.ops.quote_name(DeliveryMonthTotal._meta.db_table)
    add = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in ("units", "cost", "minutes",
                                                                             "untimed_units", "logs"))
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (centre_id, contract_line_id, service_type_id, month, units, cost, minutes, "  # noqa: S608
            f"untimed_units, logs) VALUES {values} "
            f"ON CONFLICT (contract_line_id, service_type_id, month) DO UPDATE SET {add}",
            [value for row in rows for value in row],
        )


def _clean(delivery: Delivery) -> None:
    """Django's field validation (lengths, digits, choices): no query. Uniqueness and the check constraints are the
    database's, and the rules above already refuse what they would (a client_uuid sent again is a retry; the
    duration is 1 to 1440 minutes)."""
    delivery.full_clean(exclude=_TRUSTED_RELATIONS, validate_unique=False, validate_constraints=False)


def _save(
    delivery: Delivery, *, actor: Actor, reason: str, share_before: LineShare, month_before: MonthShare | None,
) -> Delivery:
    """Validate and save a log with its history, and move its contract line's running totals by what the log
    adds now less ``share_before`` (what it added before this change; ``NO_SHARE`` for a new log), and its months'
    rollups likewise (``month_before``: its share before the change, None for a new log)."""
    _clean(delivery)
    stamp(delivery, user=actor.user, reason=reason)
    delivery.save()
    month_after = MonthShare.of(delivery)
    if month_after != month_before:
        _add_to_months([(month_before, -1), (month_after, 1)])
    after = LineShare.of(delivery)
    if after != share_before:
        contracts_services.add_to_line_usage(
            line_id=delivery.contract_line_id, units_delivered=after.units - share_before.units,
            units_confirmed=after.confirmed - share_before.confirmed, amount_spent=after.cost - share_before.cost,
        )
    return delivery


def _save_new(actor: Actor, deliveries: list[Delivery]) -> None:
    """Insert new logs with their history rows in batches (a multi-row INSERT each), and move each contract line's
    running totals once by what its logs add."""
    for delivery in deliveries:
        stamp(delivery, user=actor.user, reason="logged")
    bulk_create_with_history(deliveries, Delivery, batch_size=BATCH_SIZE, default_user=actor.user,
                             default_change_reason="logged")
    added: dict[Any, LineShare] = {}
    for delivery in deliveries:
        share, total = LineShare.of(delivery), added.get(delivery.contract_line_id, NO_SHARE)
        added[delivery.contract_line_id] = LineShare(
            total.units + share.units, total.confirmed + share.confirmed, total.cost + share.cost
        )
    for line_id, share in sorted(added.items(), key=lambda item: str(item[0])):
        _add_to_line(line_id, share)
    _add_to_months([(MonthShare.of(delivery), 1) for delivery in deliveries])


type LogOutcome = Delivery | ValidationError | DomainError


def _create_logs(actor: Actor, rows: Sequence[DeliveryInput]) -> tuple[list[LogOutcome], list[bool]]:
    """Check and create new logs, each against the rules, the logs before it and the database; returns each row's
    outcome (its log, or the error that refused it) and whether the log was created now (False: a retry found by
    its client_uuid). Nothing is written unless every row is a log.

    Whatever the number of rows, a constant number of queries: the earlier logs by client_uuid, the planned
    services, then ``_Checks``' reads and locks, then one INSERT of the logs and one of their history per batch
    and one UPDATE per contract line.
    """
    outcomes: list[LogOutcome | None] = [None] * len(rows)
    created = [False] * len(rows)
    earlier = _earlier_logs(actor, rows)
    planned = _planned_services(actor, {row.planned_service for row in rows if row.client_uuid not in earlier})
    built: list[tuple[int, Delivery]] = []
    for index, row in enumerate(rows):
        try:
            if row.client_uuid is not None and row.client_uuid in earlier:
                _check_retry(actor, row, earlier[row.client_uuid])
                outcomes[index] = earlier[row.client_uuid]
                continue
            planned_service = planned.get(row.planned_service)
            if planned_service is None:
                raise NotFound(_("Planned service not found."), field="planned_service")
            _check_values(actor, row, planned_service=planned_service)
            built.append((index, _build(actor, row, planned_service=planned_service)))
        except (ValidationError, DomainError) as error:
            outcomes[index] = error
    checks = _Checks([(delivery, NOTHING) for _index, delivery in built], tolerance=actor.centre.log_frequency_tolerance)
    for index, delivery in built:
        try:
            checks.check(delivery)
            _clean(delivery)
        except (ValidationError, DomainError) as error:
            outcomes[index] = error
            continue
        checks.admit(delivery)
        outcomes[index] = delivery
        created[index] = True
    done = [outcome for outcome in outcomes if outcome is not None]
    assert len(done) == len(rows)
    if all(isinstance(outcome, Delivery) for outcome in done):
        _save_new(actor, [delivery for _index, delivery in built])
    return done, created


# --- logging ----------------------------------------------------------------------------------------


@transaction.atomic
def log_delivery(
    *, actor: Actor, data: DeliveryInput, idempotency_key: str | None = None
) -> tuple[Delivery, bool]:
    """Log one delivery; returns it and whether it was created now (False: a retry of an earlier log)."""
    require(actor, Perm.LOG_DELIVERIES)

    def create() -> tuple[list[Delivery], bool]:
        [outcome], [created] = _create_logs(actor, [data])
        if not isinstance(outcome, Delivery):
            raise outcome
        return [outcome], created

    deliveries, created = idempotency.once(
        actor=actor, endpoint=LOG_DELIVERY_ENDPOINT, key=idempotency_key, fingerprint=data.fingerprint(),
        model=Delivery, create=create,
    )
    return deliveries[0], created


RowInput = DeliveryInput | Mapping[str, Any]


@transaction.atomic
def log_deliveries(
    *, actor: Actor, rows: Sequence[RowInput], idempotency_key: str | None = None
) -> tuple[list[Delivery], bool]:
    """Log many deliveries, all or nothing; returns them (in order) and whether any was created now.

    A row is its parsed input, or the errors that kept it from being parsed. Every parsed row is checked,
    also against the rows before it (overlaps, budget, double funding), so that one answer lists every
    row's errors: ``RowErrors`` with ``rows=[{"index", "errors"}]``, and nothing is written.
    Rows whose client_uuid was logged before are retries and return the earlier log. The rows are checked and
    written in sets (see ``_create_logs``): the cost of a request grows with its rows, not with the history.
    """
    require(actor, Perm.LOG_DELIVERIES)
    if not rows:
        raise ValidationError(_("Send at least one delivery."))
    if len(rows) > MAX_BULK_ROWS:
        raise ValidationError(_("Send at most %(max)d deliveries at once.") % {"max": MAX_BULK_ROWS})
    key = idempotency.clean_key(idempotency_key)
    parsed = [row for row in rows if isinstance(row, DeliveryInput)]
    fingerprint = hashlib.sha256("|".join(row.fingerprint() for row in parsed).encode()).hexdigest()

    def create() -> tuple[list[Delivery], bool]:
        errors: dict[int, dict[str, Any]] = {}
        checked: list[tuple[int, DeliveryInput]] = []
        seen_uuids: set[UUID] = set()
        for index, row in enumerate(rows):
            if not isinstance(row, DeliveryInput):
                errors[index] = dict(row)
            elif row.client_uuid is not None and row.client_uuid in seen_uuids:
                errors[index] = {"client_uuid": [_("This client_uuid is repeated in the batch.")]}
            else:
                if row.client_uuid is not None:
                    seen_uuids.add(row.client_uuid)
                checked.append((index, row))
        outcomes, created = _create_logs(actor, [row for _index, row in checked])
        for (index, _row), outcome in zip(checked, outcomes, strict=True):
            if not isinstance(outcome, Delivery):
                errors[index] = _field_errors(outcome)
        if errors:
            raise RowErrors(
                _("Nothing was saved: %(count)d of %(total)d rows have errors.")
                % {"count": len(errors), "total": len(rows)},
                rows=[{"index": index, "errors": errors[index]} for index in sorted(errors)],
            )
        return [outcome for outcome in outcomes if isinstance(outcome, Delivery)], any(created)

    # A request with rows that could not be parsed is refused whatever its key: it is no retry of anything.
    return idempotency.once(
        actor=actor, endpoint=LOG_DELIVERIES_ENDPOINT, key=key if len(parsed) == len(rows) else None,
        fingerprint=fingerprint, model=Delivery, create=create,
    )


# --- edits and corrections ----------------------------------------------------------------------------


def _locked_delivery(actor: Actor, delivery: Delivery) -> Delivery:
    """The log, re-read under a row lock, within the actor's reach.

    Its month's statement is locked first, in the order approval takes them (statement, then logs).
    """
    reachable = selectors.deliveries_for(actor).select_related(
        "planned_service__plan", "contract_line__contract", "corrects"
    )
    found = reachable.filter(pk=delivery.pk).first()
    if found is None:
        raise NotFound()
    selectors.closing_statement(found.contract_line.contract_id, first_of_month(found.date), lock=True)
    return reachable.select_for_update(of=("self",)).get(pk=found.pk)


def _own_log(actor: Actor, delivery: Delivery) -> Delivery:
    require(actor, Perm.LOG_DELIVERIES)
    return _locked_delivery(actor, delivery)


def _correctable_log(actor: Actor, delivery: Delivery) -> Delivery:
    """The log to correct, under a row lock: provider staff correct their provider's logs (others are not found),
    the client's coordinator their clients' logs (another coordinator's client is not allowed)."""
    if can(actor, Perm.LOG_DELIVERIES):
        return _locked_delivery(actor, delivery)
    require(actor, Perm.CONFIRM_DELIVERIES)
    found = _locked_delivery(actor, delivery)
    if not selectors.is_coordinator_of(actor, found):
        raise NotAllowed(_("Only the client's coordinator or the provider's staff may correct this log."))
    return found


@transaction.atomic
def update_delivery(*, actor: Actor, delivery: Delivery, reason: str = "", **changes: Any) -> Delivery:
    """Edit a log while its month is open, under the same rules as a new one.

    Confirmed logs cannot be edited (the coordinator disputes them first); an edited disputed log goes
    back to "logged" for the coordinator to look at again. Changing the duration of an hourly service
    without giving units recomputes the units.
    """
    delivery = _own_log(actor, delivery)
    if delivery.status == DeliveryStatus.CONFIRMED:
        raise Conflict(
            _("The log is confirmed: it can no longer be edited. Ask the coordinator to dispute it first."),
            code="delivery_confirmed",
        )
    _check_month_open(delivery)
    data = _input_of(delivery, **_changes(changes, (*EDITABLE_FIELDS, "confirmation")))
    if delivery.corrects_id is not None:
        _check_values(actor, data, line=delivery.contract_line)
    else:
        delivery.planned_service = _planned_service(actor, delivery.planned_service_id)
        _check_values(actor, data, planned_service=delivery.planned_service)
    before = _counted(delivery)
    share_before, month_before = LineShare.of(delivery), MonthShare.of(delivery)
    _apply(delivery, data)
    if delivery.status == DeliveryStatus.DISPUTED:
        delivery.status = DeliveryStatus.LOGGED
    _check_conflicts(actor, delivery, before=before)
    return _save(delivery, actor=actor, reason=reason or "edited", share_before=share_before, month_before=month_before)


@transaction.atomic
def correct_delivery(*, actor: Actor, delivery: Delivery, reason: str, **changes: Any) -> Delivery:
    """Correct a log of an approved month with a correcting entry dated in an open month: its provider's staff, or
    the client's coordinator.

    The entry carries the corrected values (those not given are copied from the original) and points to
    the original with ``corrects``; ``date`` defaults to today. See the module's docstring.
    """
    original = _correctable_log(actor, delivery)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the log is corrected.")})
    if original.statement_id is None:
        statement = selectors.closing_statement(original.contract_line.contract_id, first_of_month(original.date))
        if statement is None:
            raise Conflict(
                _("The month of this log is open: edit the log instead of correcting it."), code="month_open"
            )
        raise Conflict(
            _("The statement for this month is submitted: wait for its approval, or for it to be returned."),
            code="month_closed",
        )
    if original.corrections.exists():
        raise Conflict(
            _("This log was already corrected: correct the correcting entry instead."), code="already_corrected"
        )
    changes = _changes(changes, EDITABLE_FIELDS)
    day = changes.pop("date", None) or centre_today(actor.centre)
    data = _input_of(original, client_uuid=None, date=day, **changes)
    _check_values(actor, data, line=original.contract_line)
    correction = _build(actor, data, corrects=original)
    _check_conflicts(actor, correction, before=_counted(original))
    _add_to_line(original.contract_line_id, LineShare.of(original), sign=-1)  # the original is out of force now
    _add_to_months([(MonthShare.of(original), -1)])
    return _save(correction, actor=actor, reason=reason, share_before=NO_SHARE, month_before=None)


# --- confirmation by the coordinator -----------------------------------------------------------------

DELIVERY_MESSAGES = {
    "confirm": gettext_lazy("The log is %(status)s: it cannot be confirmed."),
    "dispute": gettext_lazy("The log is %(status)s: it cannot be disputed."),
}


def _delivery_transition(*, actor: Actor, delivery: Delivery, action: str, reason: str) -> Delivery:
    require(actor, Perm.CONFIRM_DELIVERIES)
    delivery = _locked_delivery(actor, delivery)
    if not selectors.is_coordinator_of(actor, delivery):
        raise NotAllowed(_("Only the client's coordinator may confirm or dispute this log."))
    if delivery.statement_id is not None:
        raise Conflict(_("The month of this log is approved and locked."), code="month_locked")
    share_before, month_before = LineShare.of(delivery), MonthShare.of(delivery)
    move(delivery, DELIVERY_TRANSITIONS, action, messages=DELIVERY_MESSAGES)
    if action == "confirm" and delivery.flagged:
        # Confirming a flagged log resolves its flags: the coordinator says why it is right after all.
        if not reason.strip():
            raise ValidationError({"reason": [_("This log is flagged: say why it is right before confirming it.")]})
        delivery.flagged = False
        delivery.flags_resolved_at = timezone.now()
        delivery.flags_resolved_by = actor.user
        delivery.flags_resolution = reason
    delivery.status_reason = reason
    return _save(delivery, actor=actor, reason=reason or action, share_before=share_before, month_before=month_before)


@transaction.atomic
def confirm_delivery(*, actor: Actor, delivery: Delivery, reason: str = "") -> Delivery:
    """The client's coordinator confirms that the service was delivered as logged."""
    return _delivery_transition(actor=actor, delivery=delivery, action="confirm", reason=reason)


@transaction.atomic
def dispute_delivery(*, actor: Actor, delivery: Delivery, reason: str) -> Delivery:
    """The client's coordinator disputes a log, saying why; the provider then edits or corrects it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the log is disputed.")})
    return _delivery_transition(actor=actor, delivery=delivery, action="dispute", reason=reason)


# --- confirmation by exception: many logs at once, and automatically -------------------------------------------

BULK_CONFIRM_REASON = "confirmed in bulk"
AUTO_CONFIRM_REASON = "confirmed automatically: not disputed within %(days)d days after the statement was submitted"
AUTO_CONFIRM_AT_SUBMISSION_REASON = "confirmed automatically: the centre does not ask for confirmation of logs"
UPDATE_CHUNK = 5000  # ids per UPDATE of logs confirmed at once


@dataclass(frozen=True)
class SelectionConfirmed:
    """What a confirmation at once matched (the selection's logs not confirmed yet that the actor may confirm),
    confirmed (with ``dry_run``: would confirm), and left for the coordinator to check one by one."""

    matched: int
    confirmed: int
    skipped_flagged: int
    skipped_disputed: int


def _unconfirmed(deliveries: Any) -> Any:
    """The logs of ``deliveries`` that a confirmation could still move: logged or disputed, their month not approved
    (a log tied to an approved statement is locked)."""
    return deliveries.filter(
        status__in=(DeliveryStatus.LOGGED, DeliveryStatus.DISPUTED), statement__isnull=True
    ).order_by()


def _confirm_logs(deliveries: Any, *, user: Any, reason: str, status_reason: str) -> int:
    """Confirm the logs of ``deliveries`` that are logged, not flagged and not locked, in sets: one read of them
    under row locks, one UPDATE (per ``UPDATE_CHUNK`` logs), their history rows in batches (``reason``, ``user``),
    and one UPDATE per contract line of the units it has confirmed. Returns how many were confirmed.

    The callers lock the months' statements first, in id order, as a single confirmation does (statement, then
    log)."""
    rows = list(
        _unconfirmed(deliveries).filter(status=DeliveryStatus.LOGGED, flagged=False)
        .select_for_update(of=("self",)).order_by("pk")
    )
    if not rows:
        return 0
    now = timezone.now()
    confirmed: dict[Any, Decimal] = {}
    for delivery in rows:
        delivery.status = DeliveryStatus.CONFIRMED
        delivery.status_reason = status_reason
        delivery.updated_at = now
        share = LineShare.of(delivery)
        confirmed[delivery.contract_line_id] = confirmed.get(delivery.contract_line_id, Decimal(0)) + share.confirmed
    ids = [delivery.pk for delivery in rows]
    for start in range(0, len(ids), UPDATE_CHUNK):
        Delivery.objects.filter(pk__in=ids[start:start + UPDATE_CHUNK]).update(
            status=DeliveryStatus.CONFIRMED, status_reason=status_reason, updated_at=now
        )
    # The rows are written above in one UPDATE (the same values for every log); here their history only.
    bulk_update_with_history(
        rows, Delivery, [], batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason, default_date=now
    )
    for line_id, units in sorted(confirmed.items(), key=lambda item: str(item[0])):
        _add_to_line(line_id, LineShare(confirmed=units))
    return len(rows)


def _lock_statements(deliveries: Any) -> None:
    """Lock the statements of the months ``deliveries`` fall in, in id order (two queries whatever the number of
    logs): an approval of one of them waits for the confirmation, or the confirmation for it."""
    keys = set(
        deliveries.annotate(month=TruncMonth("date", output_field=DateField()))
        .values_list("contract_line__contract_id", "month").distinct()
    )
    if not keys:
        return
    found = MonthlyStatement.objects.filter(
        reduce(operator.or_, (Q(contract_id=contract, month=month) for contract, month in sorted(keys, key=str)))
    )
    list(found.select_for_update().order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def confirm_selection(
    *, actor: Actor, deliveries: Any = None, statement: MonthlyStatement | None = None, dry_run: bool = False,
    reason: str = "",
) -> SelectionConfirmed:
    """The client's coordinator confirms at once every log of a selection (``deliveries``: a queryset of logs,
    e.g. the list's filters; or the logs of ``statement``'s month) that is logged, not flagged and not disputed.

    Only the logs of clients the actor coordinates are matched (``selectors.is_coordinator_of``, as a filter):
    others' logs are left out of the selection, not refused. Logs of approved months are locked and left out too;
    a statement that is approved is refused as a whole (409 ``month_locked``). Flagged logs need their own reason
    (``confirm_delivery``) and disputed ones a look: both are counted and skipped. With ``dry_run`` nothing is
    written: the counts say what a confirmation would do. Whatever the number of logs, a constant number of
    queries (but the history rows' batches)."""
    require(actor, Perm.CONFIRM_DELIVERIES)
    if statement is not None:
        if statement.status == StatementStatus.APPROVED:
            raise Conflict(_("The month of this statement is approved and locked."), code="month_locked")
        deliveries = selectors.month_deliveries(statement.contract_id, statement.month)
    elif deliveries is None:
        raise ValidationError(_("Choose a statement or the logs to confirm."))
    selection = _unconfirmed(selectors.coordinated_by(actor, deliveries))
    counts = selectors.selection_counts(selection)
    confirmed = counts.confirmable
    if not dry_run and confirmed:
        _lock_statements(selection)
        confirmed = _confirm_logs(
            selection, user=actor.user, reason=reason.strip() or BULK_CONFIRM_REASON, status_reason=reason.strip()
        )
    return SelectionConfirmed(
        matched=counts.matched, confirmed=confirmed, skipped_flagged=counts.flagged, skipped_disputed=counts.disputed
    )


def auto_confirm_days(centre: Centre) -> int | None:
    """After how many days from a statement's submission its undisputed, unflagged logs are confirmed at the
    centre: 0 (on the day it is submitted) when the centre does not ask for confirmation; None: never."""
    if not centre.logs_need_confirmation:
        return 0
    return centre.auto_confirm_after_days or None


@transaction.atomic
def auto_confirm_logs(*, today: dt.date | None = None) -> dict[str, int]:
    """Confirm, at every centre that confirms automatically (``auto_confirm_days``), the logs that are logged, not
    flagged and not disputed of the statements submitted at least that many days before ``today`` (by default each
    centre's today) and still waiting for approval. History: no user, a reason naming the rule. Returns the number
    of logs confirmed per centre code (centres with none left out). For the daily worker task; idempotent."""
    done: dict[str, int] = {}
    for centre in Centre.objects.filter(Q(logs_need_confirmation=False) | Q(auto_confirm_after_days__gt=0)).order_by("pk"):
        days = auto_confirm_days(centre)
        if days is None:
            continue
        day = today or centre_today(centre)
        # Submitted on a day D (the centre's): due once D + days <= today, i.e. before the midnight after
        # today - days.
        cutoff = local_midnight(day - dt.timedelta(days=days) + ONE_DAY, centre)
        due = list(
            MonthlyStatement.objects.filter(
                centre=centre, status=StatementStatus.SUBMITTED, submitted_at__lt=cutoff
            ).select_for_update().order_by("pk")
        )
        if not due:
            continue
        logs = Delivery.objects.filter(centre=centre).filter(reduce(operator.or_, (
            Q(contract_line__contract_id=statement.contract_id, date__gte=statement.month,
              date__lte=last_of_month(statement.month))
            for statement in due
        )))
        reason = AUTO_CONFIRM_REASON % {"days": days} if days else AUTO_CONFIRM_AT_SUBMISSION_REASON
        confirmed = _confirm_logs(logs, user=None, reason=reason, status_reason=reason)
        if confirmed:
            done[centre.code] = confirmed
    return done


# --- the centre's rules on logs ----------------------------------------------------------------------

MAX_DAILY_LIMIT = Decimal("9999")


@transaction.atomic
def set_daily_limit(
    *, actor: Actor, service_type: ServiceType, daily_limit: Decimal | None, reason: str = ""
) -> ServiceTypeLimit:
    """The centre's own daily limit of a service type (None: no limit at this centre beyond 24 hours a day), in
    place of the type's default. A log that would take a client above it on one day is refused."""
    require(actor, Perm.MANAGE_LOG_RULES)
    if service_type.centre_id not in (None, actor.centre_id):
        raise NotFound(_("Service type not found."), field="service_type")
    if daily_limit is not None and not Decimal(0) < daily_limit <= MAX_DAILY_LIMIT:
        raise ValidationError({"daily_limit": [
            _("The daily limit must be more than 0 and at most %(max)s.") % {"max": _decimal(MAX_DAILY_LIMIT)}
        ]})
    limit = (
        ServiceTypeLimit.objects.select_for_update().filter(centre_id=actor.centre_id, service_type=service_type).first()
        or ServiceTypeLimit(centre_id=actor.centre_id, service_type=service_type)
    )
    if limit._state.adding or limit.daily_limit != daily_limit:
        limit.daily_limit = daily_limit
        stamp(limit, user=actor.user, reason=reason or "daily limit set")
        limit.save()
    return limit


@transaction.atomic
def reset_daily_limit(*, actor: Actor, service_type: ServiceType, reason: str = "") -> None:
    """Back to the service type's default daily limit."""
    require(actor, Perm.MANAGE_LOG_RULES)
    for limit in ServiceTypeLimit.objects.filter(centre_id=actor.centre_id, service_type=service_type):
        stamp(limit, user=actor.user, reason=reason or "back to the default daily limit")
        limit.delete()


@transaction.atomic
def set_frequency_tolerance(*, actor: Actor, tolerance: int, reason: str = "") -> Centre:
    """How many per cent above a planned service's week, month or total a log may take it before it is flagged."""
    require(actor, Perm.MANAGE_LOG_RULES)
    if not 0 <= tolerance <= 500:
        raise ValidationError({"frequency_tolerance": [_("The tolerance is a percentage from 0 to 500.")]})
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    if centre.log_frequency_tolerance != tolerance:
        centre.log_frequency_tolerance = tolerance
        stamp(centre, user=actor.user, reason=reason or "frequency tolerance set")
        centre.save(update_fields=["log_frequency_tolerance"])
        actor.centre.log_frequency_tolerance = tolerance
    return centre


MAX_AUTO_CONFIRM_DAYS = 365


@transaction.atomic
def set_confirmation_rules(
    *, actor: Actor, logs_need_confirmation: bool | None = None, auto_confirm_after_days: int | None = None,
    reason: str = "",
) -> Centre:
    """Whether the centre's coordinators confirm the providers' logs, and after how many days from a statement's
    submission its undisputed, unflagged logs are confirmed automatically (0: never). None leaves a rule as it is."""
    require(actor, Perm.MANAGE_LOG_RULES)
    if auto_confirm_after_days is not None and not 0 <= auto_confirm_after_days <= MAX_AUTO_CONFIRM_DAYS:
        raise ValidationError({"auto_confirm_after_days": [
            _("Give a number of days from 0 (never) to %(max)d.") % {"max": MAX_AUTO_CONFIRM_DAYS}
        ]})
    centre = Centre.objects.select_for_update().get(pk=actor.centre_id)
    changed = [
        name for name, value in (
            ("logs_need_confirmation", logs_need_confirmation), ("auto_confirm_after_days", auto_confirm_after_days)
        )
        if value is not None and getattr(centre, name) != value
    ]
    if changed:
        for name in changed:
            value = logs_need_confirmation if name == "logs_need_confirmation" else auto_confirm_after_days
            setattr(centre, name, value)
            setattr(actor.centre, name, value)
        stamp(centre, user=actor.user, reason=reason or "confirmation rules set")
        centre.save(update_fields=changed)
    return centre


# --- months closed for reporting -------------------------------------------------------------------


@transaction.atomic
def close_month_to_logs(*, actor: Actor, month: dt.date) -> None:
    """The actor's centre closed ``month`` (any day of it) for reporting: from now on it takes no new, changed or
    correcting logs. Called by the reports app's month close, in its transaction."""
    require(actor, Perm.CLOSE_MONTHS)
    ClosedMonth.objects.get_or_create(centre_id=actor.centre_id, month=first_of_month(month))


@transaction.atomic
def reopen_month_to_logs(*, actor: Actor, month: dt.date) -> None:
    """The actor's centre re-opened ``month`` (any day of it): it takes logs again. Called by the reports app."""
    require(actor, Perm.CLOSE_MONTHS)
    ClosedMonth.objects.filter(centre_id=actor.centre_id, month=first_of_month(month)).delete()


# --- monthly statements -------------------------------------------------------------------------------

STATEMENT_MESSAGES = {
    "submit": gettext_lazy("The statement is %(status)s: it cannot be submitted."),
    "approve": gettext_lazy("The statement is %(status)s: it cannot be approved."),
    "return": gettext_lazy("The statement is %(status)s: it cannot be returned."),
}


@transaction.atomic
def open_statement(*, actor: Actor, contract_id: UUID, month: dt.date) -> tuple[MonthlyStatement, bool]:
    """The provider's statement for a contract and month, created if it does not exist yet."""
    require(actor, Perm.LOG_DELIVERIES)
    contract = scope(Contract.objects.filter(provider=actor.membership.provider), actor).filter(pk=contract_id).first()
    if contract is None:
        raise NotFound(_("Contract not found."), field="contract")
    month = first_of_month(month)
    if month > first_of_month(centre_today(actor.centre)):
        raise ValidationError({"month": _("The month is in the future.")})
    if last_of_month(month) < contract.start_date or month > contract.end_date:
        raise ValidationError({"month": _("The month is outside the contract's period.")})
    found = MonthlyStatement.objects.filter(contract=contract, month=month).first()
    if found is not None:
        return found, False
    statement = MonthlyStatement(centre_id=actor.centre_id, provider_id=contract.provider_id, contract=contract, month=month)
    statement.full_clean(exclude=["centre", "provider", "contract"], validate_unique=False)
    stamp(statement, user=actor.user, reason="opened")
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:  # opened by a colleague at the same moment
        return MonthlyStatement.objects.get(contract=contract, month=month), False
    return statement, True


def _statement_transition(*, actor: Actor, statement: MonthlyStatement, action: str) -> MonthlyStatement:
    found = selectors.statements_for(actor).select_for_update(of=("self",)).filter(pk=statement.pk).first()
    if found is None:
        raise NotFound()
    move(found, STATEMENT_TRANSITIONS, action, messages=STATEMENT_MESSAGES)
    return found


@transaction.atomic
def submit_statement(*, actor: Actor, statement: MonthlyStatement, reason: str = "") -> MonthlyStatement:
    """Provider staff submit a finished month; its totals are frozen and the month takes no more logs."""
    require(actor, Perm.LOG_DELIVERIES)
    statement = _statement_transition(actor=actor, statement=statement, action="submit")
    if centre_today(actor.centre) <= last_of_month(statement.month):
        raise Conflict(
            _("%(month)s is not over yet: submit it after %(last)s.")
            % {"month": f"{statement.month:%Y-%m}", "last": last_of_month(statement.month).isoformat()},
            code="month_not_over",
        )
    totals = selectors.month_totals(statement.contract_id, statement.month)
    statement.total_units = totals.units
    statement.total_cost = totals.cost
    statement.deliveries_count = totals.deliveries_count
    statement.submitted_at = timezone.now()
    statement.submitted_by = actor.user
    statement.status_reason = reason
    statement.full_clean(exclude=["centre", "provider", "contract", "submitted_by", "decided_by"])
    stamp(statement, user=actor.user, reason=reason or "submitted")
    statement.save()
    return statement


@transaction.atomic
def approve_statement(*, actor: Actor, statement: MonthlyStatement, reason: str = "") -> MonthlyStatement:
    """Approve a submitted statement: its month's logs are tied to it and locked for good."""
    require(actor, Perm.APPROVE_STATEMENTS)
    statement = _statement_transition(actor=actor, statement=statement, action="approve")
    counts = selectors.statement_log_counts(statement)
    if counts.need_review and not reason.strip():
        raise ValidationError({"reason": [
            _("Logs of this statement need checking (disputed: %(disputed)d, flagged: %(flagged)d): say why it is "
              "approved all the same.") % {"disputed": counts.disputed, "flagged": counts.flagged}
        ]})
    statement.decided_at = timezone.now()
    statement.decided_by = actor.user
    statement.status_reason = reason
    stamp(statement, user=actor.user, reason=reason or "approved")
    statement.save()
    deliveries = list(selectors.month_deliveries(statement.contract_id, statement.month))
    for delivery in deliveries:
        delivery.statement = statement
    bulk_update_with_history(
        deliveries, Delivery, ["statement"], default_user=actor.user,
        default_change_reason=reason or "month approved",
    )
    return statement


@transaction.atomic
def return_statement(*, actor: Actor, statement: MonthlyStatement, reason: str) -> MonthlyStatement:
    """Send a submitted statement back to the provider, saying why; the month opens again."""
    require(actor, Perm.APPROVE_STATEMENTS)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the statement is returned.")})
    statement = _statement_transition(actor=actor, statement=statement, action="return")
    statement.decided_at = timezone.now()
    statement.decided_by = actor.user
    statement.status_reason = reason
    stamp(statement, user=actor.user, reason=reason)
    statement.save()
    return statement


# --- contract lines' running totals -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMismatch:
    line_id: UUID
    kept: selectors.LineTotals
    from_logs: selectors.LineTotals


@transaction.atomic
def reconcile_line_usage(*, fix: bool = False, line_ids: list[UUID] | None = None) -> list[LineMismatch]:
    """Compare every contract line's running totals with its logs; with ``fix``, set the totals to the logs'
    sums, and rebuild the lines' months' rollups (``reconcile_month_totals``) too. Returns the lines whose totals
    differed. For an operator (``manage.py reconcile_line_usage``) and for rows written in bulk without the
    services (the demo, an import, tests' rows), not for requests."""
    truth = selectors.line_totals_from_logs(line_ids)
    zero = selectors.LineTotals(Decimal(0), Decimal(0), Decimal(0))
    lines = ContractLine.objects.order_by("pk")
    if line_ids is not None:
        lines = lines.filter(pk__in=line_ids)
    mismatches = []
    for line in lines.select_for_update().only("pk", "units_delivered", "units_confirmed", "amount_spent"):
        kept = selectors.LineTotals(line.units_delivered, line.units_confirmed, line.amount_spent)
        expected = truth.get(line.pk, zero)
        if kept != expected:
            mismatches.append(LineMismatch(line.pk, kept, expected))
            if fix:
                ContractLine.objects.filter(pk=line.pk).update(
                    units_delivered=expected.units_delivered, units_confirmed=expected.units_confirmed,
                    amount_spent=expected.amount_spent,
                )
    if fix:
        reconcile_month_totals(fix=True, line_ids=line_ids)
    return mismatches


@dataclass(frozen=True)
class MonthMismatch:
    key: selectors.MonthKey
    kept: tuple[Any, ...] | None
    from_logs: tuple[Any, ...] | None


@transaction.atomic
def reconcile_month_totals(*, fix: bool = False, line_ids: list[UUID] | None = None) -> list[MonthMismatch]:
    """Compare the months' rollups (``DeliveryMonthTotal``) with the logs; with ``fix``, rebuild those of the lines
    (all lines without ``line_ids``) from the logs. Returns the months that differed. For an operator and for logs
    written in bulk without the services (the demo), not for requests."""
    if fix:  # the lines' rows first, so that no log of theirs moves a rollup while it is rebuilt
        list(ContractLine.objects.filter(**({"pk__in": line_ids} if line_ids is not None else {}))
             .select_for_update().order_by("pk").values_list("pk", flat=True))
    truth = selectors.month_totals_from_logs(line_ids)
    kept = selectors.kept_month_totals(line_ids)
    mismatches = [
        MonthMismatch(key, kept.get(key), truth.get(key))
        for key in sorted(set(truth) | set(kept), key=str)
        if kept.get(key) != truth.get(key)
    ]
    if fix and mismatches:
        rows = DeliveryMonthTotal.objects.all()
        if line_ids is not None:
            rows = rows.filter(contract_line__in=line_ids)
        rows.delete()
        DeliveryMonthTotal.objects.bulk_create(
            [
                DeliveryMonthTotal(
                    centre_id=centre, contract_line_id=line, service_type_id=service_type, month=month,
                    **dict(zip(selectors.ROLLUP_FIELDS, values, strict=True)),
                )
                for (centre, line, service_type, month), values in truth.items()
            ],
            batch_size=1000,
        )
    return mismatches
