"""Reads on report runs, their files and closed months, scoped to the actor.

Who sees what: roles with ``VIEW_REPORTS`` (managers, admins) every run and closed month of their centre;
everyone else nothing (a run outside one's reach is not found).
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from cus.contracts.selectors import contracts_for
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.deliveries import selectors as deliveries_selectors

from .models import MonthClose, MonthCloseStatus, ReportFile, ReportRun, ReportStatus
from .overview import ContractBurn, Overview, contract_burn, overview


def files_without_content() -> QuerySet[ReportFile]:
    """A run's files as listed: everything but the bytes."""
    return ReportFile.objects.defer("content").order_by("format")


def runs_for(actor: Actor) -> QuerySet[ReportRun]:
    """Report runs the actor may read, with their job (their status), files (not their content) and requester
    loaded."""
    if not can(actor, Perm.VIEW_REPORTS):
        return ReportRun.objects.none()
    return scope(
        ReportRun.objects.select_related("requested_by", "task_run").prefetch_related(
            Prefetch("files", queryset=files_without_content())
        ),
        actor,
    )


def run_file(actor: Actor, run_id: UUID, file_format: str) -> ReportFile | None:
    """The file of one format of a run the actor may read (content included), or None."""
    if not can(actor, Perm.VIEW_REPORTS):
        return None
    return scope(ReportFile.objects.filter(run_id=run_id, format=file_format), actor).first()


def closes_for(actor: Actor) -> QuerySet[MonthClose]:
    """Closed (and re-opened) months the actor may read."""
    if not can(actor, Perm.VIEW_REPORTS):
        return MonthClose.objects.none()
    return scope(MonthClose.objects.select_related("closed_by", "reopened_by", "closing_report"), actor)


def blockers_for(actor: Actor, month: dt.date) -> list[deliveries_selectors.MonthBlocker] | None:
    """What keeps the actor's centre's month from being closed (statements not approved, logs without a
    statement), or None for a role that does not see closed months."""
    if not can(actor, Perm.VIEW_REPORTS):
        return None
    return deliveries_selectors.month_blockers(actor.centre_id, month)


def month_is_closed(centre_id: UUID | str, month: dt.date) -> bool:
    """Whether the centre's month (any day of it) is closed: it takes no new or changed records until re-opened.

    Deliveries keep their own copy of the lock (``cus.deliveries.selectors.is_month_closed``), which closing and
    re-opening a month update."""
    return MonthClose.objects.filter(
        centre_id=centre_id, month=month.replace(day=1), status=MonthCloseStatus.CLOSED
    ).exists()


def latest_closing_run(centre_id: UUID | str, month: dt.date, *, before_version: int | None = None) -> ReportRun | None:
    """The newest finished closing report of a month (older than ``before_version`` when given)."""
    runs = ReportRun.objects.filter(
        centre_id=centre_id, month=month, is_closing=True, task_run__status=ReportStatus.DONE
    )
    if before_version is not None:
        runs = runs.filter(version__lt=before_version)
    return runs.order_by("-version").first()


def overview_for(actor: Actor) -> Overview:
    """The manager's overview of the actor's centre (``cus/reports/overview.py``): counts and sums only."""
    return overview(actor.centre)


def contract_burn_for(actor: Actor, contract_id: UUID) -> ContractBurn | None:
    """One contract's spending month by month, if the actor may read it (None: not theirs or not found)."""
    contract = contracts_for(actor).filter(pk=contract_id).first()
    return None if contract is None else contract_burn(contract)
