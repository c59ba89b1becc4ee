"""What every benchmark measures with: the best of several runs, the connection's query log emptied before a
capture, the printed ``scenario | value | floor | ratio`` line, and the seeded city (the largest demo centre)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (seconds) and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def fresh_log() -> None:
    """Empty the connection's query log: a request resets it when it starts (``reset_queries``), which would
    leave a capture that began with a longer log empty."""
    from django.db import connection

    connection.queries_log.clear()


def line(scenario: str, value: str, floor: str, ratio: float) -> str:
    text = f"{scenario} | {value} | {floor} | {ratio:.1f}x"
    print(text)
    return text


def biggest_centre() -> Any:
    """The demo centre with the most clients (the city; the other demo centre shows isolation)."""
    from cus.clients.models import Client
    from cus.core.models import Centre

    return max(Centre.objects.all(), key=lambda centre: Client.objects.filter(centre=centre).count())
