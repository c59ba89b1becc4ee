"""Accessibility scan of a screen in the browser tests: axe-core (Deque's rule engine, the one browser vendors and
the EU's accessibility monitoring use) runs in the page and every violation fails the test, naming the rule, its
impact and the elements. axe-core comes from the frontend's dev dependencies (``npm ci`` installs it), so the scan
runs offline with the version pinned in ``frontend/package-lock.json``.

Rules: WCAG 2.0/2.1/2.2 levels A and AA and axe's best practices, except what a scan of one state of a single-page
application cannot judge fairly (none today; add a rule id to ``SKIPPED`` only with the reason beside it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SKIPPED: dict[str, str] = {}


def axe_violations(page: Any, include: str | None = None) -> list[dict[str, Any]]:
    """The violations axe-core finds on the page as it is now (or inside the ``include`` selector)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy does not
        # govern (a <script> tag would be refused by CUS's strict script-src, rightly).
        page.evaluate("() => { " + AXE.read_text(encoding="utf-8") + "\n; window.axe = axe; }")
    options = {"runOnly": {"type": "tag", "values": TAGS}, "rules": {rule: {"enabled": False} for rule in SKIPPED}}
    context = include or "document"
    script = f"async () => (await axe.run({json.dumps(include) if include else context}, {json.dumps(options)})).violations"
    return list(page.evaluate(script))


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_accessible(page: Any, include: str | None = None) -> None:
    """Fail with a readable list when axe-core finds any violation on the screen as it is now."""
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page, include)
    assert not violations, f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n" + describe(violations)
