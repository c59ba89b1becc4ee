import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher is slow by design; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
