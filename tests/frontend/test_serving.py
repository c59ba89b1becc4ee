"""Django serves the web UI: its page for every client-side route, never for the API or the admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client


@pytest.fixture
def built_ui(tmp_path: Path, settings: object) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>", encoding="utf-8")
    settings.FRONTEND_DIST = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/clients/", "/clients/7b0c/edit", "/plans/abc", "/today"])
def test_client_side_routes_get_the_ui_page(built_ui: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert b'<div id=root>' in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/public/no-such-thing/", "/static/nothing.js"])
def test_api_and_static_paths_are_not_answered_with_the_ui(built_ui: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert b"id=root" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin", "/healthz"])
def test_paths_of_django_without_their_slash_still_redirect(built_ui: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 301
    assert response["Location"] == f"{path}/"


@pytest.mark.django_db
def test_without_a_build_only_the_home_page_shows_the_placeholder(tmp_path: Path, settings: object) -> None:
    settings.FRONTEND_DIST = tmp_path / "missing"  # type: ignore[attr-defined]
    assert Client().get("/").status_code == 200
    assert Client().get("/clients/").status_code == 404


@pytest.mark.django_db
def test_the_page_is_never_cached(built_ui: Path) -> None:
    assert Client().get("/clients/").headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    ("url", "immutable"),
    [
        ("/static/assets/index-C7yEZ3_k.js", True),
        ("/static/assets/AccessLogPage-DfE43V7D.css", True),
        ("/static/core/favicon.svg", False),  # no hash in its name: it may change under the same name
        ("/static/admin/css/base.css", False),
    ],
)
def test_the_uis_hashed_assets_are_cached_for_a_year_as_immutable(url: str, immutable: bool) -> None:
    from whitenoise.middleware import WhiteNoiseMiddleware

    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    assert middleware.immutable_file_test("", url) is immutable


@pytest.mark.django_db
def test_the_favicon_is_an_icon(built_ui: Path) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO signature


@pytest.fixture
def built_pwa(built_ui: Path) -> Path:
    (built_ui / "sw.js").write_text("self.addEventListener('fetch', () => {});", encoding="utf-8")
    (built_ui / "manifest.webmanifest").write_text('{"name": "CUS", "start_url": "/"}', encoding="utf-8")
    return built_ui


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_for_the_whole_app_and_never_cached(built_pwa: Path) -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    # a browser checks the worker for a new build at each page load; its scope is the whole app, not /static/
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert b"".join(response.streaming_content).startswith(b"self.addEventListener")  # type: ignore[attr-defined]
    # the policy lets the page start a worker of its own origin and no other
    assert "worker-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_web_manifest_is_served_from_the_root(built_pwa: Path) -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert b'"start_url": "/"' in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_without_a_build_there_is_no_service_worker_rather_than_the_page(built_ui: Path, path: str) -> None:
    # (a worker script answered with the UI's HTML would fail to install: a 404 says plainly there is none)
    assert Client().get(path).status_code == 404


def test_the_built_manifest_makes_the_app_installable() -> None:
    """The manifest of the real build (when built): what a browser needs to offer installing the app."""
    import json

    from django.conf import settings

    manifest_file = settings.FRONTEND_DIST / "manifest.webmanifest"
    if not manifest_file.exists():
        pytest.skip("frontend/dist is not built")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b57d0"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    static = Path(settings.BASE_DIR) / "cus" / "core"
    for icon in manifest["icons"]:
        assert (static / icon["src"].removeprefix("/")).exists(), icon["src"]
