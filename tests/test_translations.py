"""English, Polish, Czech and Slovenian ship complete: no untranslated or fuzzy message in any catalogue."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "cus" / "locale"


@pytest.mark.parametrize("language", ["pl", "cs", "sl"])
def test_backend_catalogue_is_complete(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip()
    assert re.match(r"^\d+ translated messages\.$", stats), f"{language}: {stats}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl", "Koordynator"), ("cs", "Koordinátor"), ("sl", "Koordinator")],
)
def test_role_names_are_translated(language, expected):
    from cus.core.models import Role

    with translation.override(language):
        assert str(Role.COORDINATOR.label) == expected
