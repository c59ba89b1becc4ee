"""Task entry points: thin doorways that take ids and call one service in cus/."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cus.ping", acks_late=True)
def ping() -> str:
    """A liveness probe for the worker (used by health checks and tests)."""
    return "pong"
