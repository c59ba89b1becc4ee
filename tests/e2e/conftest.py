"""End-to-end fixtures: a live CUS (gunicorn + a real Celery worker) on a fresh demo database, and Chromium.

One server per test session: a new data folder, a new database (SQLite in that folder, or ``<name>_e2e`` on
the PostgreSQL server of ``DATABASE_URL`` — never that database itself; ``CUS_E2E_DATABASE_URL`` overrides),
``migrate``, ``seed_demo`` with a small centre, ``collectstatic``, then gunicorn on a free port with
``CUS_HTTPS=off`` and ``celery -A worker worker --pool=solo`` on the embedded file-system broker of that
data folder. Debian's Chromium (``/usr/bin/chromium``, installed by ``bin/install-sysdeps``) drives the UI
headless. Screenshots and the servers' logs go to ``$CUS_E2E_ARTIFACTS`` (default ``var/e2e-artifacts``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CUS_E2E_CHROMIUM", "/usr/bin/chromium"))
FRONTEND_INDEX = ROOT / "frontend" / "dist" / "index.html"
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "cus-demo-harbour"
# The demo logins whose role must sign in with a second factor share this authenticator key (cus/demo/steps/mfa.py).
DEMO_TOTP_SECRET = "CUSDEMOTWOFACTORSECRETFORTHEDEMO"
TWO_FACTOR_LOGINS = {"admin@cus.example", "manager@cus.example", "manager@sopot.cus.example"}
SEED_CLIENTS = int(os.environ.get("CUS_E2E_CLIENTS", "30"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: run bin/install-sysdeps (Debian's chromium package)"
    elif not FRONTEND_INDEX.exists():
        reason = "frontend/dist is not built: run `make frontend` (npm ci && npm run build in frontend/)"
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("CUS_E2E_ARTIFACTS") or ROOT / "var" / "e2e-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _e2e_database_url() -> str | None:
    """The PostgreSQL database the live server uses, derived from DATABASE_URL; None means SQLite."""
    explicit = os.environ.get("CUS_E2E_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(base)
    # One per process: two runs on one machine (two checkouts) must not drop each other's database.
    name = f"{parts.path.lstrip('/') or 'cus'}_e2e_{os.getpid()}"
    return urlunsplit(parts._replace(path="/" + name))


@contextlib.contextmanager
def _postgres_database(url: str) -> Iterator[None]:
    """Creates the database named in ``url`` afresh on its server and drops it afterwards."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(statement)

    run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield
    finally:
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@dataclass
class LiveCus:
    url: str
    data_dir: Path
    env: dict[str, str]
    timings: dict[str, float]


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(url + "/healthz/", timeout=2) as response,  # noqa: S310 (our own server)
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def live_cus(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[LiveCus]:
    # CUS_E2E_DATA_DIR keeps a seeded SQLite data folder between runs (for working on the journeys).
    kept = os.environ.get("CUS_E2E_DATA_DIR")
    data_dir = Path(kept) if kept else tmp_path_factory.mktemp("cus-e2e-data")
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = None if kept else _e2e_database_url()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "STATIC_ROOT",
                       "MEDIA_ROOT", "DEBUG"}
    }
    env.update(
        CUS_DATA_DIR=str(data_dir),
        CUS_HTTPS="off",
        SECRET_KEY="e2e-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="dummy://",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="cus.settings",
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    timings: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        if database_url:
            stack.enter_context(_postgres_database(database_url))
        started = time.monotonic()
        seeded = data_dir / ".seeded"
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "--clients", str(SEED_CLIENTS)],
                        # the demo centre speaks Polish; the journeys start in English and switch on purpose
                        ["shell", "-v", "0", "-c", "from cus.core.models import User; User.objects.update(language='en')"],
                        ["collectstatic", "--noinput", "-v", "0"]):
            if seeded.exists() and command[0] in {"seed_demo", "shell"}:
                continue
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                           stdout=subprocess.DEVNULL)
        if kept:
            seeded.touch()
        timings["setup"] = time.monotonic() - started

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        web_log = artifacts / "web.log"
        worker_log = artifacts / "worker.log"
        web = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [str(BIN / "gunicorn"), "cus.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--threads", "4", "--timeout", "120", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=web_log.open("wb"), stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, web)
        worker = subprocess.Popen(  # noqa: S603
            [str(BIN / "celery"), "-A", "worker", "worker", "--pool=solo", "--loglevel=INFO",
             "--hostname", f"e2e-{port}@%h"],
            cwd=ROOT, env=env, stdout=worker_log.open("wb"), stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, worker)
        started = time.monotonic()
        _wait_until_up(url, web, web_log)
        timings["server_start"] = time.monotonic() - started
        yield LiveCus(url=url, data_dir=data_dir, env=env, timings=timings)
        (artifacts / "timings.txt").write_text(
            "".join(f"{name}: {seconds:.1f} s\n" for name, seconds in timings.items())
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do (15 s, ``new_page``): `make test` runs this suite beside the unit tests'
    # two processes, so a busy machine is the normal case, not 5 s of Playwright's default.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_cus: LiveCus, artifacts: Path) -> Iterator[Callable[..., object]]:
    """new_page(viewport=DESKTOP, locale="en-GB") -> a page in a fresh browser context on the live server."""
    contexts = []

    def make(viewport: dict[str, int] | None = None, locale: str = "en-GB"):
        context = browser.new_context(  # type: ignore[attr-defined]
            base_url=live_cus.url, viewport=viewport or DESKTOP, locale=locale,
            is_mobile=viewport == PHONE, has_touch=viewport == PHONE,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


_USED_STEPS: dict[str, int] = {}


def totp_code(secret: str = DEMO_TOTP_SECRET, *, account: str = "demo") -> str:
    """A code of the authenticator with this base32 ``secret`` that this run has not used yet for ``account``.

    A code signs in once, and the server accepts the current 30-second step's code or the next one's: a second
    sign-in within the same step takes the next step's code, a third waits for the clock."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    step = max(int(time.time()) // 30, _USED_STEPS.get(account, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(0.5)
    _USED_STEPS[account] = step
    totp = TOTP(b32decode(secret), step=30)
    totp.time = step * 30
    return f"{totp.token():06d}"


def login_with_form(page, email: str, password: str = DEMO_PASSWORD, *, code: str | None = None) -> None:
    """Signs in through the UI's login form; the demo logins with two-factor sign-in pass its second step with
    a code of the demo authenticator (or ``code``)."""
    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if code is not None or email in TWO_FACTOR_LOGINS:
        page.get_by_label("Code").fill(code or totp_code(account=email))
        page.get_by_role("button", name="Verify").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def login_via_api(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Signs the page's browser context in through the API (session + CSRF), as the UI's login form does,
    with the second step for the demo logins that have two-factor sign-in."""
    request = page.context.request
    request.get("/api/v1/auth/csrf/")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = request.post(
        "/api/v1/auth/login/", data={"email": email, "password": password}, headers={"X-CSRFToken": token}
    )
    assert response.ok, response.text()
    if response.status == 202:
        response = request.post(
            "/api/v1/auth/mfa/verify/", data={"code": totp_code(account=email)}, headers={"X-CSRFToken": token}
        )
        assert response.ok, response.text()


def api_patch(page, path: str, data: dict) -> dict:
    """A PATCH on the API with the page's session and CSRF token."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.context.request.patch(path, data=data, headers={"X-CSRFToken": token})
    assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
    return response.json()


def api_get(page, path: str) -> dict:
    """A GET on the API with the page's session (for looking up ids the journey needs)."""
    response = page.context.request.get(path)
    assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
    return response.json()


def shot(page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


PROVIDER_LOGINS = ("provider@cus.example", "provider2@cus.example")


@pytest.fixture(scope="session")
def provider_logins(browser, live_cus: LiveCus) -> list[str]:
    """The demo provider logins, those whose organisation has assigned services first."""
    context = browser.new_context(base_url=live_cus.url)
    try:
        counts = {}
        for email in PROVIDER_LOGINS:
            page = context.new_page()
            login_via_api(page, email)
            counts[email] = api_get(page, "/api/v1/planned-services/?status=assigned&page_size=1")["count"]
            context.clear_cookies()
    finally:
        context.close()
    ranked = sorted(PROVIDER_LOGINS, key=lambda email: -counts[email])
    assert counts[ranked[0]], f"no demo provider has an assigned planned service: {counts}"
    return ranked


@pytest.fixture(scope="session", autouse=True)
def _clean_old_screenshots(artifacts: Path) -> None:
    for old in artifacts.glob("*.png"):
        old.unlink()
    shutil.rmtree(artifacts / "downloads", ignore_errors=True)
