"""Settings from the environment: secure with only SECRET_KEY and ALLOWED_HOSTS, runnable with nothing set.

Each case runs Django in a subprocess with a clean environment, because settings are read once at import.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"], "name": str(s.DATABASES["default"]["NAME"]),
    "secret_key": s.SECRET_KEY, "debug": s.DEBUG, "broker": s.CELERY_BROKER_URL,
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False), "static_root": str(s.STATIC_ROOT),
    "session_cookie": [s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
                       s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH],
}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python args`` in the project with only ``env`` (plus PATH and the settings module) set."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "cus.settings", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "cus.example.org", "CUS_DATA_DIR": str(tmp_path)}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def test_check_deploy_reports_nothing_with_only_secret_key_and_allowed_hosts(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_opt_out_is_what_check_deploy_warns_about(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 **production_env(tmp_path), CUS_HTTPS="off")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W008" in output  # no redirect to HTTPS
    assert "security.W012" in output  # session cookie not secure-only


@pytest.fixture
def bare_settings(tmp_path) -> tuple[Path, dict[str, object]]:
    result = run(["-c", PRINT_SETTINGS], CUS_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    return tmp_path, json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_runs_on_sqlite_in_the_data_folder(bare_settings):
    data_dir, found = bare_settings
    assert found["engine"] == "django.db.backends.sqlite3"
    assert Path(found["name"]) == data_dir.resolve() / "cus.sqlite3"
    assert found["broker"] == "filesystem://"
    assert (data_dir / "broker" / "queue").is_dir()
    assert Path(found["static_root"]).is_relative_to(data_dir.resolve())


def test_with_nothing_set_debug_is_off_and_https_is_on(bare_settings):
    _data_dir, found = bare_settings
    assert found["debug"] is False
    assert found["ssl_redirect"] is True
    # The session cookie goes only over HTTPS, to this host alone, unreadable by scripts (the __Host- prefix makes
    # the browser refuse it otherwise, so a sibling subdomain cannot plant one).
    assert found["session_cookie"] == ["__Host-cus_session", True, True, None, "/"]


def test_with_nothing_set_a_secret_is_generated_once_and_kept_private_in_the_data_folder(bare_settings):
    data_dir, found = bare_settings
    key_file = data_dir / "secret_key"
    assert key_file.read_text().strip() == found["secret_key"]
    assert len(found["secret_key"]) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = run(["-c", PRINT_SETTINGS], CUS_DATA_DIR=str(data_dir))
    assert json.loads(again.stdout.strip().splitlines()[-1])["secret_key"] == found["secret_key"]
