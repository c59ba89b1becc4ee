"""Security headers: a Content-Security-Policy on every HTML page (no inline script or style), Swagger UI from our
own static files, ``Cache-Control: no-store`` on the API and its downloads, a short public cache on the catalogue.

The same pages in a real browser, with no CSP violation: tests/e2e/test_headers_csp.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from cus.api.headers import PUBLIC_MAX_AGE, apply_cache_policy
from cus.core.models import Role

from ..clients.factories import ConsentFactory
from ..factories import ClientFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [values]}."""
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


class Page(HTMLParser):
    """What a page holds that a CSP may refuse: inline scripts, style elements and style attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styles: list[dict[str, str | None]] = []
        self.style_attributes: list[str] = []
        self.event_handlers: list[str] = []
        self.stylesheets: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "style":
            self.styles.append(attributes)
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")
        if "style" in attributes:
            self.style_attributes.append(tag)
        self.event_handlers += [name for name in attributes if name.startswith("on")]

    @property
    def inline_scripts(self) -> list[dict[str, str | None]]:
        # <script type="application/json"> holds data, which no browser runs (the admin's constants).
        return [s for s in self.scripts if not s.get("src") and s.get("type") != "application/json"]


@pytest.fixture
def built_ui(settings, tmp_path):
    """A built web UI as Vite writes it (script and style sheet files, nothing inline)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>CUS</title>'
        '<script type="module" crossorigin src="/static/assets/index-x.js"></script>'
        '<link rel="stylesheet" crossorigin href="/static/assets/index-x.css"></head>'
        '<body><div id="root"></div></body></html>'
    )
    settings.FRONTEND_DIST = tmp_path


HTML_PAGES = ["/", "/clients/123/", "/admin/login/", "/catalogue/", "/api/v1/docs/"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_page_has_a_content_security_policy_without_unsafe_inline(client, built_ui, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert csp[directive][0] == "'self'"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "data:"} & set(csp[directive])
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_html_page_has_an_inline_script_and_any_inline_style_carries_the_nonce(client, built_ui, path):
    response = client.get(path)
    page = Page(text(response))
    csp = policy(response)

    assert page.inline_scripts == []
    assert page.event_handlers == []
    assert page.style_attributes == []
    nonces = [value for value in csp["style-src"] if value.startswith("'nonce-")]
    for style in page.styles:
        assert nonces == [f"'nonce-{style['nonce']}'"]
    for script in page.scripts:
        assert not (script.get("src") or "").startswith(("http:", "https:", "//"))
    for href in page.stylesheets:
        assert not href.startswith(("http:", "https:", "//"))


def test_each_request_gets_its_own_nonce(client):
    first, second = (policy(client.get("/api/v1/docs/"))["style-src"] for _ in range(2))
    assert first != second
    assert all(re.fullmatch(r"'nonce-[\w-]{20,}'", values[-1]) for values in (first, second))


def test_a_page_that_uses_no_nonce_names_none(client):
    assert policy(client.get("/catalogue/"))["style-src"] == ["'self'"]


def test_swagger_ui_is_served_from_our_static_files_with_its_script_in_a_file(client):
    html = client.get("/api/v1/docs/").content.decode()
    page = Page(html)

    sources = [script["src"] or "" for script in page.scripts]
    assert sources[:2] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    ]
    assert page.stylesheets == ["/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"]
    assert "cdn.jsdelivr" not in html
    assert '<link rel="icon" href="/static/drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png">' in html

    script = client.get(sources[2])
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    body = script.content.decode()
    assert "SwaggerUIBundle" in body
    assert '"validatorUrl": null' in body  # no badge image from the public validator


def test_the_api_answers_json_under_the_same_restrictive_policy(api, coordinator):
    response = api(coordinator).get("/api/v1/me/")
    assert response.status_code == 200
    assert policy(response)["default-src"] == ["'self'"]


# --- Cache-Control -------------------------------------------------------------------------------------------


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_api_answers_are_never_stored(api, coordinator):
    for response in (
        api(coordinator).get("/api/v1/me/"),
        api(coordinator).get("/api/v1/clients/"),
        api().get("/api/v1/clients/"),  # refused
        api(coordinator).get("/api/v1/clients/?search=%00"),  # refused by middleware before any view
        api(coordinator).post("/api/v1/clients/", {}, format="json"),  # bad input
        api().get("/api/v1/schema/"),
        api().get("/api/v1/docs/"),
    ):
        assert no_store(response), (response.status_code, response.get("Cache-Control"))
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_downloaded_consent_evidence_file_is_never_stored(api, coordinator, centre, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = ClientFactory(centre=centre, coordinator=coordinator)
    consent = ConsentFactory(
        client=client, evidence=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 consent", content_type="application/pdf")
    )

    response = api(coordinator).get(f"/api/v1/consents/{consent.pk}/evidence/")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert no_store(response)


@pytest.mark.parametrize("path", ["/api/public/", "/api/public/services/", "/api/hsds/", "/api/hsds/services",
                                  "/catalogue/"])
def test_the_public_catalogue_may_be_cached_briefly(client, settings, path):
    settings.CUS_PUBLIC_API_RATE = "off"
    response = client.get(path)

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", f"max-age={PUBLIC_MAX_AGE}"}


def test_a_public_error_is_not_cached(client, settings):
    settings.CUS_PUBLIC_API_RATE = "off"
    response = client.get("/api/public/services/?page=999")
    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_a_survey_link_answers_only_one_person_and_is_never_stored(client, settings):
    settings.CUS_PUBLIC_API_RATE = "off"
    response = client.get("/api/public/surveys/no-such-token/")
    assert response.status_code == 404
    assert no_store(response)


def test_the_policy_replaces_what_an_api_view_set_and_keeps_what_a_public_view_set():
    factory = RequestFactory()

    def answered(path: str, cache_control: str) -> str:
        response = HttpResponse("{}")
        response["Cache-Control"] = cache_control
        return apply_cache_policy(factory.get(path), response)["Cache-Control"]

    api_answer = answered("/api/v1/reports/", "public, max-age=3600")
    assert "no-store" in api_answer
    assert "public" not in api_answer
    assert "3600" not in api_answer
    assert answered("/api/hsds/", "no-cache") == "no-cache"


def test_the_web_ui_page_is_revalidated_and_the_admin_is_never_stored(client, built_ui, member, centre):
    assert client.get("/")["Cache-Control"] == "no-cache"
    assert no_store(client.get("/admin/login/"))
    client.force_login(member(Role.ADMIN, centre, is_staff=True, is_superuser=True))
    assert no_store(client.get("/admin/"))
