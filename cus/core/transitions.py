"""State machines as data: each model keeps its allowed moves as ``{action: {from_status: to_status}}`` beside
it, and every service moves a record through ``move``, which answers an illegal move with a 409 naming the
record's current status (and carrying it as ``status`` for clients)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import Conflict

Transitions = Mapping[str, Mapping[str, str]]

DEFAULT_MESSAGE = _("This cannot be done while the status is %(status)s.")


def status_label(instance: Model, field: str = "status") -> str:
    """The record's status as its user reads it, e.g. "approved" (lower case, for the middle of a sentence)."""
    display = getattr(instance, f"get_{field}_display", None)
    label = display() if display is not None else getattr(instance, field)
    return str(label).lower()


def target_status(
    table: Transitions,
    action: str,
    instance: Model,
    *,
    field: str = "status",
    messages: Mapping[str, str | Promise] | None = None,
) -> str:
    """The status ``action`` leads to from ``instance``'s current one; a ``Conflict`` (409, code
    ``illegal_transition``) naming the current status when the move is not allowed. ``messages`` gives each
    action its own text (with ``%(status)s``)."""
    current: Any = getattr(instance, field)
    target = table[action].get(current)
    if target is None:
        message = (messages or {}).get(action, DEFAULT_MESSAGE)
        raise Conflict(str(message) % {"status": status_label(instance, field)}, code="illegal_transition",
                       status=current)
    return target


def move(
    instance: Model,
    table: Transitions,
    action: str,
    *,
    field: str = "status",
    messages: Mapping[str, str | Promise] | None = None,
) -> str:
    """Set ``instance``'s status to where ``action`` leads (see ``target_status``); the caller saves it with its
    history reason. Returns the new status."""
    target = target_status(table, action, instance, field=field, messages=messages)
    setattr(instance, field, target)
    return target
