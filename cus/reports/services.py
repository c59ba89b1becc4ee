"""Writes on reports: start a report run, generate it (the worker), close and re-open a month.

A report run is a snapshot: once done, its parameters, figures (``ReportRun.data``) and files never
change; generating the same month again makes a new run with the next version. The worker fixes a run's
data cut-off when it first starts it (a retried run keeps it), so a run's figures can always be
recomputed from the records (see ``figures``). A run's status is its job's (``ReportRun.task_run``): the
job is done when the figures and files are stored, in the same transaction, and failed when the worker
gives up on it.

Closing a month: once every monthly statement of the month is approved, a manager closes it. The closing
report (a run with ``is_closing``, cut off at the moment of closing) is frozen with it, and deliveries
into the month are refused (the deliveries app is told: ``close_month_to_logs``) until a manager re-opens
it, giving a reason (kept in the history). The next report of the month lists what changed since the closing report
(``changes_since_close``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cus.core import jobs
from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.dates import add_months, centre_today, first_of_month, last_of_month, local_midnight
from cus.core.db_router import replica_reads
from cus.core.errors import Conflict, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre, TaskRunStatus, User
from cus.deliveries import selectors as deliveries_selectors
from cus.deliveries import services as deliveries
from cus.deliveries.models import Delivery

from . import figures, selectors
from .models import MonthClose, MonthCloseStatus, ReportFile, ReportKind, ReportRun, ReportStatus
from .shape import Change, ReportData

if TYPE_CHECKING:
    from .rendering import RenderedFile

JOB_KIND = "report"


def previous_month(centre: Centre) -> dt.date:
    return add_months(first_of_month(centre_today(centre)), -1)


# --- starting a run -------------------------------------------------------------------------------------------


def _next_version(centre: Centre, kind: str, month: dt.date) -> int:
    """The next version of a centre's report; the centre row is locked so two starts never share one."""
    Centre.objects.select_for_update().filter(pk=centre.pk).first()
    latest = ReportRun.objects.filter(centre=centre, kind=kind, month=month).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _start_run(
    *,
    centre: Centre,
    month: dt.date,
    kind: str = ReportKind.FUNDER_MONTHLY,
    user: User | None,
    params: dict[str, Any],
    is_closing: bool = False,
) -> ReportRun:
    run = ReportRun(
        centre=centre,
        kind=kind,
        month=month,
        version=_next_version(centre, kind, month),
        params={"month": f"{month:%Y-%m}", "kind": kind, **params},
        requested_by=user,
        is_closing=is_closing,
    )
    run.full_clean(exclude=["centre", "requested_by", "task_run"])
    run.task_run = jobs.start_job(
        kind=JOB_KIND,
        task_name=jobs.TaskName.GENERATE_REPORT,
        params={"report_run": str(run.pk)},
        centre=centre,
        user=user,
    )
    run.save()
    return run


@transaction.atomic
def request_report(
    *, actor: Actor, month: dt.date, kind: str = ReportKind.FUNDER_MONTHLY, cut_off_at: dt.datetime | None = None
) -> ReportRun:
    """Start a report run for a month (queued; the worker computes it). ``cut_off_at`` (optional, not in the
    future) recomputes the figures as they were recorded at that time."""
    require(actor, Perm.RUN_REPORTS)
    month = first_of_month(month)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    if month > first_of_month(centre_today(actor.centre)):
        raise ValidationError({"month": _("The month has not started yet.")})
    params: dict[str, Any] = {"automatic": False}
    if cut_off_at is not None:
        if cut_off_at > timezone.now():
            raise ValidationError({"cut_off_at": _("The cut-off time is in the future.")})
        if cut_off_at < local_midnight(month, actor.centre):
            raise ValidationError({"cut_off_at": _("The cut-off time is before the month begins.")})
        params["cut_off_at"] = cut_off_at.isoformat()
    return _start_run(centre=actor.centre, month=month, kind=kind, user=actor.user, params=params)


@transaction.atomic
def start_monthly_report(*, centre: Centre, month: dt.date) -> ReportRun | None:
    """The automatic report of a centre's month, started once: None when one was already started."""
    month = first_of_month(month)
    Centre.objects.select_for_update().filter(pk=centre.pk).first()  # one beat at a time per centre
    started = ReportRun.objects.filter(
        centre=centre, kind=ReportKind.FUNDER_MONTHLY, month=month, params__automatic=True
    ).exists()
    if started:
        return None
    return _start_run(centre=centre, month=month, user=None, params={"automatic": True})


def start_monthly_reports() -> list[str]:
    """For each centre, start the previous month's automatic report (the first of the month, by beat)."""
    started = []
    for centre in Centre.objects.order_by("name"):
        run = start_monthly_report(centre=centre, month=previous_month(centre))
        if run is not None:
            started.append(str(run.pk))
    return started


# --- generating a run (the worker) ----------------------------------------------------------------------------


def _logo(centre: Centre) -> bytes | None:
    if not centre.logo:
        return None
    try:
        with centre.logo.open("rb") as logo:
            return bytes(logo.read())
    except OSError:  # a logo file gone missing must not stop the report
        return None


def render(run: ReportRun, data: ReportData) -> list[RenderedFile]:
    """The run's files (PDF, XLSX, CSV and the pseudonymised participants CSV), rendered from its figures."""
    from .rendering import render_all

    return render_all(data, logo=_logo(run.centre))


def _months_changed_after_close(run: ReportRun) -> list[MonthClose]:
    """Earlier closed months whose figures may differ from their closing report: re-opened since, or with a log
    corrected after the close (a correcting entry is dated when it is made, and replaces the original)."""
    assert run.cut_off_at is not None
    closes = list(MonthClose.objects.filter(centre_id=run.centre_id, month__lt=run.month).order_by("month"))
    if not closes:
        return []
    corrections = Delivery.objects.filter(
        centre_id=run.centre_id, corrects__isnull=False, corrects__date__gte=closes[0].month,
        created_at__lte=run.cut_off_at,
    ).values_list("corrects__date", "created_at")
    corrected = [(first_of_month(day), at) for day, at in corrections]
    return [
        close for close in closes
        if close.reopened_at is not None
        or any(month == close.month and at > close.closed_at for month, at in corrected)
    ]


def changes_since_close(run: ReportRun, data: ReportData) -> list[Change]:
    """What differs from the closing reports: of the run's own month (the last closing report before this
    run), and of every earlier closed month changed since its close, recomputed at this run's cut-off."""
    changes: list[Change] = []
    own = selectors.latest_closing_run(run.centre_id, run.month, before_version=run.version)
    if own is not None and own.data:
        changes += cast(list[Change], figures.differences(data["month"], own.data, dict(data)))
    assert run.cut_off_at is not None
    for close in _months_changed_after_close(run):
        closing = selectors.latest_closing_run(run.centre_id, close.month)
        if closing is None or not closing.data:
            continue
        now = figures.compute(centre=run.centre, month=close.month, cut_off_at=run.cut_off_at)
        changes += cast(list[Change], figures.differences(f"{close.month:%Y-%m}", closing.data, dict(now)))
    return changes


def _locked(run_id: str) -> ReportRun | None:
    """The run and its job, locked (not its centre), or None."""
    runs = ReportRun.objects.select_for_update(of=("self", "task_run")).select_related("centre", "task_run")
    return runs.filter(pk=run_id).first()


def _claim(run_id: str) -> ReportRun | None:
    """The run to generate, its cut-off fixed and its job running; None when it is unknown or finished."""
    with transaction.atomic():
        run = _locked(run_id)
        if run is None or run.is_finished:
            return None
        if run.cut_off_at is None:
            fixed = run.params.get("cut_off_at")
            run.cut_off_at = parse_datetime(fixed) if fixed else timezone.now()
            run.save(update_fields=["cut_off_at", "updated_at"])
        if run.task_run.status == TaskRunStatus.QUEUED:  # generated here and now, not by the worker
            jobs.mark_running(run.task_run_id)
            run.task_run.refresh_from_db()
        return run


def generate_report(run_id: str) -> dict[str, Any]:
    """Compute and render a report run and store its figures and files, finishing its job with the result
    (the worker's job; safe to repeat: a finished run is left as it is)."""
    run = _claim(run_id)
    if run is None:
        return {"report_run": run_id, "skipped": True}
    assert run.cut_off_at is not None
    # The figures read much and write nothing: from the replica when there is one (once it has replayed up to
    # the cut-off, so that they are the same as the primary's).
    with replica_reads(up_to=run.cut_off_at):
        data = figures.compute(centre=run.centre, month=run.month, cut_off_at=run.cut_off_at, version=run.version)
        data["changes_since_close"] = changes_since_close(run, data)
    files = render(run, data)
    with transaction.atomic():
        run = _locked(run_id)
        if run is None or run.status != ReportStatus.RUNNING:
            return {"report_run": run_id, "skipped": True}
        ReportFile.objects.filter(run=run).delete()
        ReportFile.objects.bulk_create(
            ReportFile(
                centre_id=run.centre_id,
                run=run,
                format=file.format,
                filename=file.filename,
                content_type=file.content_type,
                content=file.content,
                size=len(file.content),
                sha256=file.sha256,
            )
            for file in files
        )
        run.data = dict(data)
        run.save(update_fields=["data", "updated_at"])
        result = {"report_run": run_id, "version": run.version, "files": sorted(file.format for file in files)}
        jobs.mark_done(run.task_run_id, result)
    return result


# --- closing and re-opening a month ---------------------------------------------------------------------------


def _unapproved(centre: Centre, month: dt.date) -> list[str]:
    """Contract numbers of the month that hold it open: a statement not approved, or deliveries without one."""
    return sorted({blocker.contract_number for blocker in deliveries_selectors.month_blockers(centre.pk, month)})


@transaction.atomic
def close_month(*, actor: Actor, month: dt.date, reason: str = "") -> MonthClose:
    """Close a finished month whose statements are all approved; its closing report is started and frozen."""
    require(actor, Perm.CLOSE_MONTHS)
    month = first_of_month(month)
    centre = actor.centre
    if centre_today(centre) <= last_of_month(month):
        raise ValidationError({"month": _("The month is not over yet.")})
    close = MonthClose.objects.select_for_update().filter(centre=centre, month=month).first()
    if close is not None and close.status == MonthCloseStatus.CLOSED:
        raise Conflict(_("The month %(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="month_closed")
    open_contracts = _unapproved(centre, month)
    if open_contracts:
        raise Conflict(
            _("The month cannot be closed before its statements are approved: %(contracts)s.")
            % {"contracts": ", ".join(open_contracts)},
            code="statements_not_approved",
        )
    now = timezone.now()
    run = _start_run(
        centre=centre,
        month=month,
        user=actor.user,
        params={"automatic": False, "cut_off_at": now.isoformat()},
        is_closing=True,
    )
    if close is None:
        close = MonthClose(centre=centre, month=month)
    close.status = MonthCloseStatus.CLOSED
    close.closed_at = now
    close.closed_by = actor.user
    close.closing_report = run
    close.full_clean(exclude=["centre", "closed_by", "reopened_by", "closing_report"], validate_unique=False)
    stamp(close, user=actor.user, reason=reason or "closed")
    close.save()
    deliveries.close_month_to_logs(actor=actor, month=month)
    return close


@transaction.atomic
def reopen_month(*, actor: Actor, month_close: MonthClose, reason: str) -> MonthClose:
    """Re-open a closed month, saying why: it takes changes again, and its next report lists them."""
    require(actor, Perm.CLOSE_MONTHS)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the month is re-opened.")})
    close = selectors.closes_for(actor).select_for_update(of=("self",)).filter(pk=month_close.pk).first()
    if close is None:
        raise NotFound()
    if close.status != MonthCloseStatus.CLOSED:
        raise Conflict(_("The month is not closed."), code="illegal_transition")
    close.status = MonthCloseStatus.REOPENED
    close.reopened_at = timezone.now()
    close.reopened_by = actor.user
    close.reopen_reason = reason
    stamp(close, user=actor.user, reason=reason)
    close.save()
    deliveries.reopen_month_to_logs(actor=actor, month=close.month)
    return close
