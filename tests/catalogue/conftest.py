"""Catalogue fixtures: providers of the centre, of another centre, and shipped service types."""

from __future__ import annotations

import pytest

from cus.catalogue.models import Provider, ServiceType
from cus.core.models import Role

from ..conftest import membership_of
from ..factories import ProviderFactory

ALL_ROLES = [Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER]
WRITERS = [Role.ADMIN, Role.MANAGER]
READERS_ONLY = [Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test here creates a user per role; the real hasher's deliberate slowness only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def shipped(code: str) -> ServiceType:
    return ServiceType.objects.get(code=code, centre__isnull=True)


@pytest.fixture
def home_care(db) -> ServiceType:
    return shipped("home_care")


@pytest.fixture
def provider(centre) -> Provider:
    return ProviderFactory(centre=centre, name="Fundacja Złota Jesień")


@pytest.fixture
def foreign_provider(other_centre) -> Provider:
    """A provider of another centre: invisible to everyone in ``centre``."""
    return ProviderFactory(centre=other_centre, name="Stowarzyszenie Sopot")


@pytest.fixture
def own_provider(provider_staff) -> Provider:
    """The provider the ``provider_staff`` user works for."""
    return membership_of(provider_staff).provider


@pytest.fixture
def user_of(member, centre, admin_user, manager, coordinator, provider_staff, volunteer):
    """user_of(role) -> the centre's user with that role (provider staff work for ``own_provider``)."""
    users = {
        Role.ADMIN: admin_user,
        Role.MANAGER: manager,
        Role.COORDINATOR: coordinator,
        Role.PROVIDER: provider_staff,
        Role.VOLUNTEER: volunteer,
    }
    return users.__getitem__
