"""Writes on the centre's processing purposes, and what happens when a purpose's processing must stop.

The legal bases are the centre administrator's (``MANAGE_CENTRE``): a new centre starts with its country's
defaults (``defaults.py``), each change is in the history with who, when and why.

``stop_processing`` is how a withdrawn consent reaches the apps that carry out the processing: this app sits below
the client registry, plans and quality (they all ask it for a purpose's legal basis), so those above register what
stopping means for them from their ``AppConfig.ready()`` (``when_processing_stops``) and the registry, which
records the withdrawal, calls ``stop_processing`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cus.core.access import Perm, require
from cus.core.context import Actor
from cus.core.errors import NotFound, ValidationError
from cus.core.history import stamp
from cus.core.models import Centre

from .defaults import defaults_for
from .models import LegalBasis, ProcessingPurpose, Purpose

PURPOSE_FIELDS = ("legal_basis", "legal_reference", "note")


# --- the centre's legal bases ---------------------------------------------------------------------------------


def provide_defaults(centre: Centre) -> list[ProcessingPurpose]:
    """Give ``centre`` a row for every purpose it has none for, with its country's default; returns those made."""
    have = set(ProcessingPurpose.objects.filter(centre=centre).values_list("purpose", flat=True))
    missing = [
        ProcessingPurpose(
            centre=centre,
            purpose=purpose,
            legal_basis=default.legal_basis,
            legal_reference=default.legal_reference[:500],
        )
        for purpose, default in defaults_for(centre.country).items()
        if purpose not in have
    ]
    if missing:
        bulk_create_with_history(missing, ProcessingPurpose, default_change_reason="country default")
    return missing


def centre_created(sender: Any, instance: Centre, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    """post_save of a Centre: a new centre starts with its country's legal bases."""
    if created and not raw:
        provide_defaults(instance)


@transaction.atomic
def update_purpose(
    *, actor: Actor, processing_purpose: ProcessingPurpose, reason: str = "", **fields: Any
) -> ProcessingPurpose:
    """Change the legal basis of one of the centre's purposes (administrators only), with a reason for the history.

    A legal obligation or a public task names the provisions it rests on. Switching a purpose to consent applies to
    what is done from then on: what was shared or started before stays as it is (the client page shows the gap).
    """
    require(actor, Perm.MANAGE_CENTRE)
    unknown = set(fields) - set(PURPOSE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    try:
        record = ProcessingPurpose.objects.select_for_update().get(
            pk=processing_purpose.pk, centre_id=actor.centre_id
        )
    except ProcessingPurpose.DoesNotExist:
        raise NotFound() from None
    changed = {name: value for name, value in fields.items() if getattr(record, name) != value}
    if not changed:
        return record
    for name, value in changed.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.full_clean()
    if record.legal_basis != LegalBasis.CONSENT and not record.legal_reference:
        raise ValidationError(
            {"legal_reference": _("Name the law or the public task this purpose rests on.")}
        )
    stamp(record, user=actor.user, reason=reason.strip() or "legal basis changed")
    record.save()
    return record


# --- stopping a purpose's processing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """From ``on``, the client's data is no longer processed for ``purpose``: the consent it rested on was withdrawn.

    For provider sharing, ``providers`` are the providers no valid consent covers any more (only they lose access).
    ``reason`` goes into the history of every record the stop changes."""

    actor: Actor
    client_id: UUID
    purpose: Purpose
    on: dt.date
    reason: str
    providers: frozenset[UUID] = field(default_factory=frozenset)


type StopHandler = Callable[[Stop], int]

_handlers: dict[Purpose, dict[str, StopHandler]] = {}


def when_processing_stops(purpose: Purpose, name: str, handler: StopHandler) -> None:
    """Register what stopping ``purpose`` means for an app (once per name: ready() may run more than once)."""
    _handlers.setdefault(purpose, {})[name] = handler


def stop_processing(stop: Stop) -> dict[str, int]:
    """Run every registered consequence of ``stop`` (in the caller's transaction); how many records each changed."""
    return {name: handler(stop) for name, handler in _handlers.get(stop.purpose, {}).items()}
