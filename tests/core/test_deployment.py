"""docker-compose.yml and the Dockerfile describe the production-like stack (Docker itself is not run here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (BASE_DIR / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()


@pytest.mark.parametrize("name", ["web", "worker", "beat", "db", "redis"])
def test_each_long_running_service_exists_with_a_healthcheck(name):
    healthcheck = SERVICES[name]["healthcheck"]
    assert healthcheck["test"]
    assert not healthcheck.get("disable")
    assert {"interval", "timeout", "retries"} <= set(healthcheck)


def test_the_engines_are_postgres_16_and_redis_7_checked_by_their_own_tools():
    assert SERVICES["db"]["image"] == "postgres:16"
    assert "pg_isready" in " ".join(SERVICES["db"]["healthcheck"]["test"])
    assert SERVICES["redis"]["image"] == "redis:7"
    assert "redis-cli ping" in " ".join(SERVICES["redis"]["healthcheck"]["test"])


def test_web_is_gunicorn_checked_on_healthz():
    assert SERVICES["web"]["command"][0] == "gunicorn"
    assert "cus.wsgi:application" in SERVICES["web"]["command"]
    assert "/healthz/" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def test_worker_and_beat_are_celery_with_the_database_scheduler():
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "worker", "worker"]
    beat = SERVICES["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "worker", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_migrations_run_once_before_the_application_starts():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_data_lives_in_named_volumes():
    named = set(COMPOSE["volumes"])
    mounted = {
        mount.split(":")[0] for service in SERVICES.values() for mount in service.get("volumes", [])
    }
    assert mounted <= named
    assert {"pgdata", "redisdata"} <= mounted


def test_the_application_services_share_one_configuration_from_the_environment():
    for name in ("web", "worker", "beat", "migrate"):
        env = SERVICES[name]["environment"]
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CUS_HTTPS"} <= set(env)
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in env["DATABASE_URL"]
    # no default secret: compose refuses to start without one
    assert ":?" in SERVICES["web"]["environment"]["SECRET_KEY"]


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL",
                                      "CUS_HTTPS"])
def test_every_variable_is_explained_in_the_comments(variable):
    comments = "\n".join(line for line in COMPOSE_TEXT.splitlines() if line.lstrip().startswith("#"))
    assert re.search(rf"#\s+{variable}\s+\S", comments), variable


def test_the_image_is_python_312_slim_with_the_pdf_libraries_and_translations():
    assert re.search(r"^FROM python:3\.12-slim\s*$", DOCKERFILE, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core", "gettext"):
        assert package in DOCKERFILE
    for step in ("pip install .", "compilemessages", "collectstatic --noinput"):
        assert step in DOCKERFILE
    assert re.search(r"^USER (?!root)", DOCKERFILE, re.MULTILINE)  # not run as root


def test_the_build_context_leaves_out_local_state():
    ignored = (BASE_DIR / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", "var", ".env", "frontend/node_modules"):
        assert entry in ignored
