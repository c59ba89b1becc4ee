"""The Content-Security-Policy in a real browser: every HTML page works under it with no violation reported.

The web UI (login page and signed-in pages with charts), the Django admin, the public catalogue page and the API
docs (Swagger UI from drf-spectacular-sidecar's static files) are loaded from the live server (gunicorn, collected
static files, as in production) and each must render its content while the browser reports no CSP violation,
neither in the console nor as a ``securitypolicyviolation`` event. The headers themselves: tests/core/test_headers.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, api_get, login_via_api, shot

pytestmark = pytest.mark.e2e

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


class CspWatch:
    """Records what the browser says about the page's CSP: console messages and violation events."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def open(self, path: str) -> dict[str, str]:
        """Opens ``path``; returns the document's response headers."""
        response = self.page.goto(path)
        assert response is not None, path
        assert response.ok, f"{path}: {response.status}"
        return response.headers

    def violations(self) -> list[str]:
        self.page.wait_for_load_state("networkidle")
        return [*self.console, *self.page.evaluate("window.__cspViolations")]


def assert_enforced(headers: dict[str, str]) -> None:
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_the_web_ui_login_page_works_under_the_policy(new_page, artifacts) -> None:
    page = new_page(viewport=PHONE)
    watch = CspWatch(page)
    assert_enforced(watch.open("/login"))
    expect(page.get_by_label("E-mail")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    shot(page, artifacts, "csp-ui-login")
    assert watch.violations() == []


def test_the_web_ui_signed_in_with_its_charts_works_under_the_policy(new_page) -> None:
    page = new_page()
    watch = CspWatch(page)
    login_via_api(page, "coordinator@cus.example")
    for path in ("/today", "/clients"):
        assert_enforced(watch.open(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    plans = api_get(page, "/api/v1/community-plans/?page_size=1")["results"]
    if plans:  # its glance draws a chart (recharts: SVG with inline style properties set from script)
        watch.open(f"/community-plans/{plans[0]['id']}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert watch.violations() == []


def test_the_admin_login_page_works_under_the_policy(new_page, artifacts) -> None:
    page = new_page()
    watch = CspWatch(page)
    assert_enforced(watch.open("/admin/login/"))
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("#header")).to_have_css("background-color", re.compile(r"rgb"))  # the admin's CSS loaded
    shot(page, artifacts, "csp-admin-login")
    assert watch.violations() == []


def test_the_public_catalogue_page_works_under_the_policy(new_page, artifacts) -> None:
    page = new_page(viewport=PHONE)
    watch = CspWatch(page)
    headers = watch.open("/catalogue/")
    assert_enforced(headers)
    assert headers.get("cache-control") == "public, max-age=300"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # the style sheet (a file now, no inline style) is applied: the search button is the centre's blue
    expect(page.get_by_role("button", name="Search")).to_have_css("background-color", "rgb(11, 79, 156)")
    expect(page.locator("#accessible")).not_to_have_css("width", re.compile(r"^3\d\dpx$"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, artifacts, "csp-catalogue-phone")
    assert watch.violations() == []


def test_the_api_docs_work_under_the_policy_from_our_own_static_files(new_page, artifacts) -> None:
    page = new_page()
    watch = CspWatch(page)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:")) else None)
    headers = watch.open("/api/v1/docs/")
    assert_enforced(headers)
    assert "no-store" in headers.get("cache-control", "")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CUS API", timeout=60_000)
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    shot(page, artifacts, "csp-api-docs")
    assert watch.violations() == []
    assert outside == []


def test_the_watch_sees_a_violation_when_there_is_one(new_page) -> None:
    """The checks above are not vacuous: inline code added to a page is refused, and reported."""
    page = new_page()
    watch = CspWatch(page)
    watch.open("/catalogue/")
    page.evaluate("""() => {
        const style = document.createElement("style");
        style.textContent = "body { color: red }";
        document.head.appendChild(style);
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.head.appendChild(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    found = watch.violations()
    assert any(v.startswith("style-src") for v in found), found
    assert any(v.startswith("script-src") for v in found), found
