"""Audit helpers: every change to case data is saved with the acting user and a reason."""

from __future__ import annotations

from typing import Any

from django.db.models import Model


def stamp(instance: Model, *, user: Any, reason: str = "") -> Model:
    """Mark ``instance`` so that its next save writes history with ``user`` and ``reason``.

    simple_history reads ``_history_user`` and ``_change_reason`` from the instance; setting them
    explicitly makes history correct outside a request too (worker, management commands).
    """
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    return instance
