from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    """The demo centres with a small main centre (the default size is tested once, on its own)."""
    return seed("--clients", "60")
