"""Exports of the API's lists (CSV/XLSX): their records, state and files. The rows themselves come from the list's
endpoint (``cus.api.exports`` renders them with the list's own filters and serializer); this module keeps the
``ListExport`` records: who asked for which list, its progress, the file, and its removal when it expires.

Part of the reports app's services layer: writes take the actor (or are the worker's), reads are scoped to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cus.core import jobs
from cus.core.context import Actor, actor_for
from cus.core.errors import Conflict, ValidationError
from cus.core.models import Centre
from cus.core.reads import Origin
from cus.core.task_names import TaskName

from .models import ListExport

KIND = "list_export"  # the TaskRun kind of an export made by the worker
XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header


def exports_of(actor: Actor) -> QuerySet[ListExport]:
    """The actor's own exports in their centre, newest first (their content is not loaded)."""
    return (
        ListExport.objects.filter(centre_id=actor.centre_id, requested_by=actor.user)
        .select_related("task_run").defer("content")
    )


def written_at_once(rows: int) -> bool:
    """Whether an export of ``rows`` rows is written while the user waits (else by the worker); more rows than an
    export may hold are refused, naming the filters to narrow."""
    most = min(settings.CUS_EXPORT_MAX_ROWS, XLSX_MAX_ROWS)
    if rows > most:
        raise ValidationError({"filters": _(
            "The list has %(rows)s rows, more than an export may hold (%(max)s): narrow the filters."
        ) % {"rows": rows, "max": most}})
    return rows <= settings.CUS_EXPORT_INLINE_ROWS


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.CUS_EXPORT_DAYS)


@transaction.atomic
def record_export(
    *, actor: Actor, list_name: str, format: str, filters: dict[str, Any], content: bytes, filename: str, rows: int
) -> ListExport:
    """An export made while the user waited: recorded with its file, done."""
    purge_expired(centre=actor.centre)
    export = ListExport(
        centre_id=actor.centre_id, requested_by=actor.user, list_name=list_name, format=format, filters=filters,
        rows_total=rows, rows_done=rows, content=content, filename=filename, size=len(content), expires_at=_expiry(),
    )
    export.full_clean(exclude=["content"])
    export.save()
    return export


@transaction.atomic
def start_export(
    *, actor: Actor, list_name: str, format: str, filters: dict[str, Any], rows: int, params: dict[str, Any]
) -> ListExport:
    """A large export, queued for the worker (``TaskName.EXPORT_LIST``); ``params`` are what it needs to build the
    same list again (the language, where the request came from)."""
    purge_expired(centre=actor.centre)
    export = ListExport(
        centre_id=actor.centre_id, requested_by=actor.user, list_name=list_name, format=format, filters=filters,
        rows_total=rows,
    )
    export.full_clean(exclude=["content"])
    export.save()
    export.task_run = jobs.start_job(
        kind=KIND, task_name=TaskName.EXPORT_LIST, params={"list_export": str(export.pk), **params},
        centre=actor.centre, user=actor.user,
    )
    export.save(update_fields=["task_run"])
    return export


def claim(export_id: str) -> ListExport | None:
    """The export the worker is to build; None when it is unknown or already built (a redelivered message)."""
    export = ListExport.objects.select_related("requested_by", "centre").defer("content").filter(pk=export_id).first()
    if export is None or export.size is not None:
        return None
    return export


def record_progress(export: ListExport, rows_done: int, rows_total: int | None = None) -> None:
    """How far the worker got (saved at once, outside any transaction, so the screen can show it)."""
    fields: dict[str, Any] = {"rows_done": rows_done}
    if rows_total is not None:
        fields["rows_total"] = rows_total
    ListExport.objects.filter(pk=export.pk).update(**fields)


@transaction.atomic
def store(export: ListExport, *, content: bytes, filename: str, rows: int) -> None:
    """The worker's file, kept until it expires."""
    ListExport.objects.filter(pk=export.pk).update(
        content=content, filename=filename, size=len(content), rows_total=rows, rows_done=rows, expires_at=_expiry()
    )


def content_of(export: ListExport) -> bytes:
    """The export's file, for the user who asked for it (the selector already kept it to them)."""
    if export.status != "done":
        raise Conflict(_("The export is not ready yet."), code="export_not_ready")
    if export.purged_at is not None or (export.expires_at is not None and export.expires_at <= timezone.now()):
        raise Conflict(_("This export is no longer available: export the list again."), code="export_expired")
    content = ListExport.objects.filter(pk=export.pk).values_list("content", flat=True).first()
    if content is None:
        raise Conflict(_("This export is no longer available: export the list again."), code="export_expired")
    return bytes(content)


def purge_expired(*, centre: Centre, now: dt.datetime | None = None) -> int:
    """Remove the files of the centre's exports past their time (the records stay)."""
    now = now or timezone.now()
    return ListExport.objects.filter(
        centre=centre, expires_at__lte=now, purged_at__isnull=True
    ).update(content=None, purged_at=now)


class Made(Protocol):
    @property
    def content(self) -> bytes: ...
    @property
    def rows(self) -> int: ...
    @property
    def filename(self) -> str: ...


class Maker(Protocol):
    """Writes a list as a file (``cus.api.exports.make``: the list endpoint's rows; the worker passes it in)."""

    def __call__(
        self, *, list_name: str, actor: Actor, filters: dict[str, list[str]], format: str, origin: Origin,
        progress: Callable[[int], None] | None = None,
    ) -> Made: ...


def generate(export_id: str, *, params: dict[str, Any], make: Maker) -> dict[str, Any]:
    """Build a queued export (the worker's job; one already built is left as it is): the list again, as its
    requester may see it now (their role today, not when they asked), in the language they asked in."""
    export = claim(export_id)
    if export is None:
        return {"list_export": export_id, "skipped": True}
    actor = actor_for(export.requested_by, export.centre_id)
    origin = Origin(
        path=str(params.get("path", "")), ip_address=params.get("ip_address"),
        user_agent=str(params.get("user_agent", "")), purpose=str(params.get("purpose", "")),
    )
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        made = make(
            list_name=export.list_name, actor=actor, filters=export.filters, format=export.format, origin=origin,
            progress=lambda done: record_progress(export, done),
        )
    store(export, content=made.content, filename=made.filename, rows=made.rows)
    return {"list_export": str(export.pk), "rows": made.rows, "size": len(made.content)}
