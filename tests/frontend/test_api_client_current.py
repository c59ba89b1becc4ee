"""The web UI's typed API client matches the OpenAPI schema the server publishes today.

The types in frontend/src/api/schema.d.ts are generated from the schema by `cd frontend && npm run api`;
when an endpoint or field changes, this test fails until they are regenerated and committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import FRONTEND


def test_committed_api_types_match_the_schema(npm: str, tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv, npm found on PATH
        [npm, "run", "--silent", "api", "--", "--out", str(tmp_path)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CUS_PYTHON": sys.executable, "FORCE_COLOR": "0"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    generated = (tmp_path / "schema.d.ts").read_text(encoding="utf-8")
    committed = (FRONTEND / "src" / "api" / "schema.d.ts").read_text(encoding="utf-8")
    assert generated == committed, (
        "frontend/src/api/schema.d.ts is out of date with the API schema: run `cd frontend && npm run api` "
        "and commit the result"
    )
