"""Checks every write on the registry makes (clients' records and participations alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from cus.core.access import scope
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.errors import NotFound, ValidationError


def check_known(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def locked[M: Model](queryset: QuerySet[M], actor: Actor, pk: Any) -> M:
    """The row, locked for this transaction, if it belongs to the actor's centre."""
    try:
        return scope(queryset.select_for_update(), actor).get(pk=pk)
    except ObjectDoesNotExist:
        raise NotFound() from None


def not_in_future(actor: Actor, field: str, value: dt.date | None, message: str) -> None:
    if value is not None and value > centre_today(actor.centre):
        raise ValidationError({field: message})
