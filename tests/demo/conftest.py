from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo built once per test module, in a transaction rolled back after the module's last test."""
    fast = override_settings(PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), transaction.atomic():
        with fast:
            output = seed("--clients", "60")
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once: str, db) -> str:
    """The demo centres with a small main centre (the default size is tested once, on its own). Each test runs
    in a savepoint inside the module's seeded transaction, so tests using it must not need an empty database."""
    return _seeded_once
