"""The web UI's own unit tests (Vitest) pass."""

from __future__ import annotations

import os
import subprocess

from .conftest import FRONTEND


def test_web_ui_unit_tests_pass(npm: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv, npm found on PATH
        [npm, "test", "--", "--run", "--reporter=dot"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CI": "1", "FORCE_COLOR": "0"},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
