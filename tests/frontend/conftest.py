"""The web UI's checks run from pytest so that `make test` covers them; they need Node and npm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@pytest.fixture
def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        pytest.skip("npm is not installed: the web UI's checks need Node.js 20 and npm")
    if not (FRONTEND / "node_modules").is_dir():
        pytest.fail("frontend/node_modules is missing: run `make setup` (or `cd frontend && npm ci`)")
    return found
