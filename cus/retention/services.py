"""Writes on subject rights and retention: subject-access copies, erasure requests and their decision, legal holds,
the centre's retention rules, and the daily retention job (anonymise what passed its retention, log it).

Every function takes the acting ``actor`` (the worker's functions take ids), runs in a transaction and raises the
domain errors of ``cus.core.errors``. Nothing here deletes a row about a person: disposal is anonymisation
(``anonymiser``), so the figures reported from the same rows stay the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cus.clients import services as client_services
from cus.clients.models import AccessAction, Client, ClientStatus
from cus.core import jobs
from cus.core.access import Perm, can, require
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import Conflict, NotAllowed, NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre, TaskRun, TaskRunStatus
from cus.core.transitions import move
from cus.reports import list_exports

from . import anonymiser, exports, selectors
from .defaults import default_rule
from .models import (
    ERASURE_TRANSITIONS,
    FIXED_DATE_CATEGORIES,
    DisposalCategory,
    DisposalLog,
    ErasureRequest,
    ErasureStatus,
    LegalHold,
    RecordCategory,
    RetentionRule,
    SubjectAccessExport,
)

EXPORT_JOB_KIND = "subject_export"
RETENTION_JOB_KIND = "retention"
ANONYMISE_BATCH = 50  # clients anonymised per transaction by the daily job
ERASURE_BASIS = "GDPR Art. 17"


def _client_in_reach(actor: Actor, client: Client) -> Client:
    found = selectors.subjects_for(actor).filter(pk=client.pk).first()
    if found is None:
        raise NotFound()
    return found


def _not_anonymised(client: Client) -> None:
    if selectors.is_anonymised(client):
        raise Conflict(_("This client's record was anonymised: nothing about the person is held any more."),
                       code="anonymised")


# --- subject-access copies --------------------------------------------------------------------------------------


@transaction.atomic
def request_export(
    *, actor: Actor, client: Client, path: str = "", ip_address: str | None = None, user_agent: str = ""
) -> SubjectAccessExport:
    """Start a copy of everything held about the client (the worker builds it); the request is written to the
    client's access log as an export."""
    require(actor, Perm.REQUEST_SUBJECT_EXPORT)
    client = _client_in_reach(actor, client)
    _not_anonymised(client)
    busy = SubjectAccessExport.objects.filter(
        client=client, task_run__status__in=(TaskRunStatus.QUEUED, TaskRunStatus.RUNNING)
    )
    if busy.exists():
        raise Conflict(_("A copy of this client's data is already being prepared."), code="export_running")
    export = SubjectAccessExport(
        centre=actor.centre, client=client, requested_by=actor.user, language=client.language or actor.centre.language
    )
    export.task_run = jobs.start_job(
        kind=EXPORT_JOB_KIND,
        task_name=jobs.TaskName.GENERATE_SUBJECT_EXPORT,
        params={"export": str(export.pk)},
        centre=actor.centre,
        user=actor.user,
    )
    export.save()
    client_services.record_client_access(
        actor=actor, client=client, action=AccessAction.EXPORT, path=path, ip_address=ip_address, user_agent=user_agent
    )
    return export


def generate_export(export_id: str) -> dict[str, Any]:
    """Build and store a subject-access copy (the worker's job; a copy already built is left as it is). Progress
    is saved as it goes, so the screen can show it."""
    export = (
        SubjectAccessExport.objects.select_related("client__centre", "requested_by").defer("content")
        .filter(pk=export_id).first()
    )
    if export is None or export.size is not None:
        return {"export": export_id, "skipped": True}

    def progress(percent: int) -> None:
        SubjectAccessExport.objects.filter(pk=export.pk).update(progress=percent)

    progress(5)
    package = exports.build_package(
        export.client, language=export.language, requested_by=str(export.requested_by), progress=progress
    )
    with transaction.atomic():
        SubjectAccessExport.objects.filter(pk=export.pk).update(
            content=package.content,
            filename=f"subject-access-{str(export.pk)[:8]}.zip",
            size=len(package.content),
            sha256=package.sha256,
            expires_at=timezone.now() + dt.timedelta(days=settings.CUS_SUBJECT_EXPORT_DAYS),
            progress=100,
        )
    return {"export": export_id, "size": len(package.content), "files": package.files}


@transaction.atomic
def download_export(
    *, actor: Actor, export: SubjectAccessExport, path: str = "", ip_address: str | None = None, user_agent: str = ""
) -> tuple[SubjectAccessExport, bytes]:
    """The copy's ZIP, for who requested it or the data-protection officer; each download is in the client's
    access log as an export."""
    require(actor, Perm.VIEW_SUBJECT_RIGHTS)
    if export.requested_by_id != actor.user.pk and not can(actor, Perm.DELIVER_SUBJECT_EXPORTS):
        raise NotAllowed(_("Only who requested this copy, or the data-protection officer, may download it."))
    if export.status != TaskRunStatus.DONE:
        raise Conflict(_("The copy is not ready yet."), code="export_not_ready")
    content = selectors.export_content(export)
    if content is None or (export.expires_at is not None and export.expires_at <= timezone.now()):
        raise Conflict(_("This copy is no longer available: request a new one."), code="export_expired")
    SubjectAccessExport.objects.filter(pk=export.pk).update(
        downloaded_at=timezone.now(), download_count=F("download_count") + 1
    )
    client_services.record_client_access(
        actor=actor, client=export.client, action=AccessAction.EXPORT, path=path, ip_address=ip_address,
        user_agent=user_agent,
    )
    return export, content


# --- erasure requests -------------------------------------------------------------------------------------------


@transaction.atomic
def record_erasure_request(
    *, actor: Actor, client: Client, received_on: dt.date, channel: str, note: str = ""
) -> ErasureRequest:
    """Record that a client asked for their data to be erased (it waits for a decision)."""
    require(actor, Perm.RECORD_ERASURE_REQUESTS)
    client = _client_in_reach(actor, client)
    _not_anonymised(client)
    if received_on > centre_today(actor.centre):
        raise ValidationError({"received_on": _("The request cannot have been received in the future.")})
    if received_on < timezone.localdate(client.created_at) - dt.timedelta(days=366):
        raise ValidationError({"received_on": _("The request is dated long before the client was registered.")})
    if ErasureRequest.objects.filter(client=client, status=ErasureStatus.PENDING).exists():
        raise Conflict(_("An erasure request of this client is already waiting for a decision."),
                       code="erasure_pending")
    request = ErasureRequest(
        centre=actor.centre, client=client, received_on=received_on, channel=channel, note=note,
        recorded_by=actor.user,
    )
    request.full_clean(exclude=["centre", "client", "recorded_by"])
    stamp(request, user=actor.user, reason="received")
    request.save()
    return request


@transaction.atomic
def decide_erasure(
    *, actor: Actor, request: ErasureRequest, decision: str, refusal_reason: str = "", explanation: str = ""
) -> ErasureRequest:
    """Decide an erasure request: ``carry_out`` anonymises the client now (refused while the case is open or a
    legal hold is in force); ``refuse`` records the legal reason. Who decided and when are kept."""
    require(actor, Perm.DECIDE_ERASURE)
    request = ErasureRequest.objects.select_for_update().select_related("client").get(pk=request.pk)
    if decision not in ERASURE_TRANSITIONS:
        raise ValidationError({"decision": _("Choose carry_out or refuse.")})
    move(request, ERASURE_TRANSITIONS, decision)
    client = request.client
    if decision == "refuse":
        if not refusal_reason:
            raise ValidationError({"refusal_reason": _("Give the legal reason for refusing the erasure.")})
    else:
        refusal_reason = ""
        if client.status != ClientStatus.CLOSED:
            raise Conflict(_("Close the client's case before the erasure is carried out."), code="case_open")
        if selectors.has_active_hold(client):
            raise Conflict(_("The client's records are under a legal hold: they cannot be erased now."),
                           code="legal_hold")
    request.refusal_reason = refusal_reason
    request.explanation = explanation
    request.decided_by = actor.user
    request.decided_at = timezone.now()
    request.full_clean(exclude=["centre", "client", "recorded_by", "decided_by"])
    stamp(request, user=actor.user, reason=decision)
    request.save()
    if decision == "carry_out":
        anonymiser.anonymise_clients([client], category=DisposalCategory.ERASURE, reason="erasure request")
        DisposalLog.objects.create(
            centre=actor.centre, category=DisposalCategory.ERASURE, count=1, legal_basis=ERASURE_BASIS
        )
    return request


# --- legal holds ------------------------------------------------------------------------------------------------


@transaction.atomic
def place_hold(*, actor: Actor, client: Client, reason: str) -> LegalHold:
    """Put a client's records under a legal hold: nothing of them is disposed of until it is released."""
    require(actor, Perm.MANAGE_LEGAL_HOLDS)
    client = _client_in_reach(actor, client)
    _not_anonymised(client)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the records are held (the proceedings, the inspection...).")})
    hold = LegalHold(centre=actor.centre, client=client, reason=reason.strip(), placed_by=actor.user)
    stamp(hold, user=actor.user, reason="placed")
    hold.save()
    return hold


@transaction.atomic
def release_hold(*, actor: Actor, hold: LegalHold, reason: str) -> LegalHold:
    require(actor, Perm.MANAGE_LEGAL_HOLDS)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise Conflict(_("The hold was already released."), code="illegal_transition")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hold is released.")})
    hold.released_at = timezone.now()
    hold.released_by = actor.user
    hold.release_reason = reason.strip()
    stamp(hold, user=actor.user, reason="released")
    hold.save()
    return hold


# --- retention rules --------------------------------------------------------------------------------------------


@transaction.atomic
def ensure_rules(*, centre: Centre) -> list[RetentionRule]:
    """The centre's rules, the country's defaults saved for the categories it has none for yet."""
    existing = {rule.category for rule in RetentionRule.objects.filter(centre=centre)}
    for category in RecordCategory.values:
        if category not in existing:
            rule = selectors.default_for(centre, category)
            stamp(rule, user=None, reason="country default")
            rule.save()
    return list(RetentionRule.objects.filter(centre=centre))


MIN_YEARS, MAX_YEARS = 1, 100
EARLIEST_KEEP_UNTIL, LATEST_KEEP_UNTIL = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@transaction.atomic
def update_rule(
    *,
    actor: Actor,
    rule: RetentionRule,
    years: int | None = None,
    keep_until: dt.date | None = None,
    legal_basis: str | None = None,
    change_reason: str = "",
) -> RetentionRule:
    """Change how long the centre keeps a category (years, or a date for EU project documentation)."""
    require(actor, Perm.MANAGE_RETENTION)
    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk, centre=actor.centre)
    if rule.category in FIXED_DATE_CATEGORIES:
        if years is not None:
            raise ValidationError({"years": _("This category is kept until a date: set keep_until.")})
        if keep_until is not None:
            if not EARLIEST_KEEP_UNTIL <= keep_until <= LATEST_KEEP_UNTIL:
                raise ValidationError({"keep_until": _("Give a date between 2000 and 2100.")})
            rule.keep_until = keep_until
    else:
        if keep_until is not None:
            raise ValidationError({"keep_until": _("This category is kept for a number of years: set years.")})
        if years is not None:
            if not MIN_YEARS <= years <= MAX_YEARS:
                raise ValidationError({"years": _("Give between 1 and 100 years.")})
            rule.years = years
    if legal_basis is not None:
        rule.legal_basis = legal_basis.strip()
    rule.is_customised = True
    rule.full_clean(exclude=["centre"], validate_unique=False)
    stamp(rule, user=actor.user, reason=change_reason or "changed")
    rule.save()
    return rule


@transaction.atomic
def reset_rule(*, actor: Actor, rule: RetentionRule) -> RetentionRule:
    """Put a rule back to the country's default."""
    require(actor, Perm.MANAGE_RETENTION)
    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk, centre=actor.centre)
    default = default_rule(actor.centre.country, rule.category)
    rule.years, rule.keep_until, rule.legal_basis = default.years, default.keep_until, default.legal_basis
    rule.is_customised = False
    stamp(rule, user=actor.user, reason="country default")
    rule.save()
    return rule


# --- the daily retention job ------------------------------------------------------------------------------------


def start_retention_jobs(*, centres: Sequence[Centre] | None = None) -> list[TaskRun]:
    """Beat, daily: one retention job per centre and day (a centre already done or running today is skipped, a
    failed one is started again)."""
    started = []
    for centre in centres if centres is not None else Centre.objects.order_by("pk"):
        with transaction.atomic():
            Centre.objects.select_for_update().filter(pk=centre.pk).first()
            today = centre_today(centre).isoformat()
            already = TaskRun.objects.filter(centre=centre, kind=RETENTION_JOB_KIND, params__today=today).exclude(
                status=TaskRunStatus.FAILED
            )
            if already.exists():
                continue
            started.append(
                jobs.start_job(
                    kind=RETENTION_JOB_KIND, task_name=jobs.TaskName.APPLY_RETENTION, params={"today": today},
                    centre=centre,
                )
            )
    return started


def run_retention_job(run: TaskRun) -> dict[str, int]:
    """The body of a retention job: ``apply_retention`` for the run's centre and day."""
    if run.centre is None:
        raise ValueError("a retention job needs a centre")
    today = dt.date.fromisoformat(run.params["today"]) if run.params.get("today") else centre_today(run.centre)
    return apply_retention(centre=run.centre, today=today, task_run=run)


def _log(centre: Centre, category: str, count: int, rule: RetentionRule | None, task_run: TaskRun | None,
         **snapshot: Any) -> None:
    if count <= 0:
        return
    DisposalLog.objects.create(
        centre=centre, category=category, count=count, rule=rule if rule is not None and rule.pk else None,
        rule_years=rule.years if rule is not None else None,
        rule_keep_until=rule.keep_until if rule is not None else None,
        legal_basis=rule.legal_basis if rule is not None else "", task_run=task_run, **snapshot,
    )


@transaction.atomic
def _anonymise_batch(client_ids: list[UUID], category: str) -> int:
    """Anonymise the clients still due at this moment (a hold placed or a case re-opened since is respected)."""
    locked = list(Client.objects.select_for_update().filter(pk__in=client_ids).order_by("pk"))
    held = selectors.active_hold_ids(client_ids)
    due = [c for c in locked if c.pk not in held and c.status == ClientStatus.CLOSED and c.closed_at is not None]
    return anonymiser.anonymise_clients(due, category=category, reason=f"retention: {category}")


def apply_retention(*, centre: Centre, today: dt.date, task_run: TaskRun | None = None) -> dict[str, int]:
    """Anonymise what has passed its retention in the centre on ``today`` and write the disposal log (one entry
    per category); safe to run again the same day (what is done is not found again)."""
    ensure_rules(centre=centre)
    plan = selectors.disposal_plan(centre, today)
    rules = selectors.effective_rules(centre)
    done: dict[str, int] = {}
    for category in (DisposalCategory.CASE_FILE, DisposalCategory.UNSUCCESSFUL_REFERRAL):
        ids = plan.clients(category)
        count = sum(_anonymise_batch(ids[i : i + ANONYMISE_BATCH], category) for i in range(0, len(ids), ANONYMISE_BATCH))
        _log(centre, category, count, rules[category], task_run)
        done[category] = count
    held = LegalHold.objects.filter(centre=centre, released_at__isnull=True).values("client_id")
    logs = list(selectors.delivery_logs_due(centre, today, rules).exclude(client_id__in=held).values_list("pk", flat=True))
    cleared = 0
    for start in range(0, len(logs), 500):
        cleared += anonymiser.clear_delivery_texts(logs[start : start + 500])
    _log(centre, DisposalCategory.DELIVERY_LOGS, cleared, rules[RecordCategory.DELIVERY_LOGS], task_run)
    done[DisposalCategory.DELIVERY_LOGS] = cleared
    done[DisposalCategory.SUBJECT_ACCESS_COPIES] = purge_expired_copies(centre=centre, task_run=task_run)
    done[DisposalCategory.LIST_EXPORTS] = purge_expired_list_exports(centre=centre, task_run=task_run)
    return done


@transaction.atomic
def purge_expired_list_exports(*, centre: Centre, task_run: TaskRun | None = None) -> int:
    """Remove the files of exports of lists past their days (the record of who exported what stays)."""
    count = list_exports.purge_expired(centre=centre)
    if count:
        DisposalLog.objects.create(
            centre=centre, category=DisposalCategory.LIST_EXPORTS, count=count, rule_days=settings.CUS_EXPORT_DAYS,
            task_run=task_run, legal_basis="GDPR Art. 5(1)(e): working copies kept only for the days they are used",
        )
    return count


@transaction.atomic
def purge_expired_copies(*, centre: Centre, task_run: TaskRun | None = None, now: dt.datetime | None = None) -> int:
    """Remove the content of subject-access copies past their download period (the record of the request stays)."""
    now = now or timezone.now()
    count = selectors.expired_copies(centre, now).update(content=None, purged_at=now)
    if count:
        DisposalLog.objects.create(
            centre=centre, category=DisposalCategory.SUBJECT_ACCESS_COPIES, count=count,
            rule_days=settings.CUS_SUBJECT_EXPORT_DAYS, task_run=task_run,
            legal_basis="GDPR Art. 5(1)(e): copies kept only until they are handed over",
        )
    return count
