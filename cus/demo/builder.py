"""Builds the demo centres: deterministic (fixed random seeds), idempotent (a centre that exists, by its code,
is left alone) and fast (bulk inserts with one history row per record).

``seed_demo`` calls ``build``; the steps that make each centre are listed in ``cus.demo.steps.STEPS``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from cus.core.models import Centre

from .centres import CENTRES, DEMO_PASSWORD, CentreSpec
from .context import DemoContext, Step
from .steps import STEPS


@dataclass
class CentreResult:
    code: str
    name: str
    created: Counter[str] | None  # None: the centre was there already and nothing was done
    warnings: list[str] = field(default_factory=list)


def build(
    *,
    centres: Sequence[CentreSpec] = CENTRES,
    clients: int | None = None,
    today: dt.date | None = None,
    steps: Sequence[Step] = STEPS,
) -> list[CentreResult]:
    """Create each demo centre that does not exist yet, each in one transaction.

    ``clients`` overrides the number of clients of the first (main) centre; the others keep theirs.
    """
    today = today or dt.date.today()
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares the password
    results = []
    for position, spec in enumerate(centres):
        if Centre.objects.filter(code=spec.code).exists():
            results.append(CentreResult(spec.code, spec.name, created=None))
            continue
        count = clients if clients is not None and position == 0 else spec.clients
        ctx = DemoContext(spec=spec, today=today, client_count=count, password_hash=password_hash)
        with transaction.atomic():
            for step in steps:
                step(ctx)
        results.append(CentreResult(spec.code, spec.name, created=ctx.created, warnings=ctx.warnings))
    if any(result.created is not None for result in results):
        refresh_statistics()
    return results


def refresh_statistics() -> None:
    """Refresh PostgreSQL's planner statistics of the tables just filled (``ANALYZE``). Until autovacuum gets to
    them (minutes later; never, where it is off) the planner takes a table of two million logs for an empty one
    and plans the first report and reminder scan (run right after the build) and every benchmark accordingly."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
