"""Loaded first (``-p tests.parallel``), before Django reads its settings: under pytest-xdist each worker process
(gw0, gw1, ...) gets a Redis database of its own (REDIS_URL's database + 1 + worker number), so the Celery broker
queues, the cache and the rate limits of two workers never mix. Its test database is its own already
(pytest-django's _gw suffix, see tests/conftest.py). The worker processes tests start inherit the environment."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def _own_redis_database(url: str, worker: int) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + worker}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _own_redis_database(os.environ["REDIS_URL"], int(_worker[2:]))
