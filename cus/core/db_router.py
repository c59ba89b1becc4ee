"""Reads that may be served by a streaming replica (``DATABASE_REPLICA_URL``, the ``replica`` alias): the reports'
figures and the exports, which read much and write nothing. Everything else, every write and every read of a
request, goes to ``default`` (the primary), so that a user always reads what they have just written.

Code opts in with ``with replica_reads(): ...`` around its reads; the router (``ReplicaRouter``, in
``DATABASE_ROUTERS``) then sends reads to the replica while the block runs, in this thread or task only (a
context variable). Without ``DATABASE_REPLICA_URL`` the block changes nothing.

A replica lags the primary by a little. A report counts the rows recorded up to its cut-off, so
``replica_reads(up_to=cut_off)`` uses the replica only once it has replayed the primary's transactions up to that
moment (``pg_last_xact_replay_timestamp()``), waiting at most ``CUS_REPLICA_WAIT_SECONDS``; otherwise the block
reads from the primary: the figures are the same either way.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

REPLICA = "replica"
DEFAULT = "default"
logger = logging.getLogger(__name__)

_reading_from: ContextVar[str | None] = ContextVar("cus_reading_from", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _caught_up(up_to: dt.datetime) -> bool:
    """Whether the replica has replayed the primary's transactions up to ``up_to`` (a primary, or a replica
    that replays nothing because nothing happened since, counts as caught up)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp(), "
            "pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
        )
        in_recovery, replayed, idle = cursor.fetchone()
    return not in_recovery or bool(idle) or (replayed is not None and replayed >= up_to)


def _replica_usable(up_to: dt.datetime | None) -> bool:
    if not replica_configured():
        return False
    if up_to is None or connections[REPLICA].vendor != "postgresql":
        return True
    deadline = time.monotonic() + settings.CUS_REPLICA_WAIT_SECONDS
    while True:
        try:
            if _caught_up(up_to):
                return True
        except Exception:  # a replica that cannot answer is not used; the primary answers instead
            logger.warning("The database replica did not answer; reading from the primary.", exc_info=True)
            return False
        if time.monotonic() >= deadline:
            logger.warning("The database replica lags behind %s; reading from the primary.", up_to.isoformat())
            return False
        time.sleep(0.2)


@contextmanager
def replica_reads(*, up_to: dt.datetime | None = None) -> Iterator[str]:
    """Within the block, reads go to the replica when one is configured (and, with ``up_to``, has replayed up to
    it); yields the alias the reads go to."""
    alias = REPLICA if _replica_usable(up_to) else DEFAULT
    token = _reading_from.set(alias)
    try:
        yield alias
    finally:
        _reading_from.reset(token)


class ReplicaRouter:
    """Reads inside ``replica_reads()`` to the replica; every other read, every write and every migration to
    the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = _reading_from.get()
        if alias == REPLICA and replica_configured():
            return REPLICA
        return DEFAULT

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: every row exists in both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT
