import pytest


@pytest.fixture(autouse=True)
def _no_public_rate_limit(settings):
    """The public survey page is throttled per address; tests of it call it many times from one address."""
    settings.CUS_PUBLIC_API_RATE = "off"
