import datetime as dt

import pytest

from cus.catalogue.models import Provider, ServiceType
from cus.contracts.models import FundingSource

from ..factories import FundingSourceFactory, ProviderFactory, ServiceTypeFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher is slow by design; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def provider(centre) -> Provider:
    return ProviderFactory(centre=centre, name="Spółdzielnia Socjalna Razem")


@pytest.fixture
def funding(centre) -> FundingSource:
    return FundingSourceFactory(
        centre=centre, name="ESF+ Pomorze", start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 12, 31)
    )


@pytest.fixture
def municipal(centre) -> FundingSource:
    return FundingSourceFactory(centre=centre, name="Budżet gminy", kind="municipal")


@pytest.fixture
def home_care() -> ServiceType:
    return ServiceTypeFactory(code="home_care_test", name_en="Home care", unit="hour")


@pytest.fixture
def meals() -> ServiceType:
    return ServiceTypeFactory(code="meals_test", name_en="Meals", unit="meal")
